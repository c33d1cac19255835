import { describe, expect, it } from 'vitest';
import { createInMemoryAdapters } from '../../functions/adapters/memory';
import { InMemoryReviewAnswers } from '../../functions/adapters/memory/review-answers';
import { parsePeriod } from '../../functions/core/periods';
import type { HttpApiEvent } from '../../functions/console/http';
import { antwoordPage } from '../../functions/links/antwoord-page';
import { handleLinkPage } from '../../functions/links/link-pages';
import { loadSampleData } from '../../functions/local/demo-data';
import { answerLink } from '../../functions/usecases/answers';
import { testOrganisation } from '../support/organisation';

const key = Buffer.alloc(32, 7);
const concept = '2026-09-concept-1';

/** The answer page behind the dispatcher, on the in-memory ports; the link valid until 12 November. */
async function prepare() {
  const memory = createInMemoryAdapters({ retentionDays: 30, mailer: { quota: { max24HourSend: 1000, maxSendRate: 14 } } });
  const organisation = await memory.store.applyOrganisation(testOrganisation(), null, { at: '2026-10-01T08:00:00Z', by: 'test' });
  await loadSampleData(memory.store, organisation.config, parsePeriod('2026-09'));
  const reviewer = (await memory.store.recipients()).find((r) => r.role === 'reviewer');
  if (!reviewer) throw new Error('the sample data has no reviewer');
  const answers = new InMemoryReviewAnswers();
  const pages = { antwoord: antwoordPage({ store: memory.store, log: memory.log, answers, key: async () => key, now: () => new Date('2026-11-04T09:00:00Z') }) };
  const link = answerLink(key, { email: reviewer.email, conceptRunId: concept, municipality: 'Tiel', expiresAt: new Date('2026-11-12T23:00:00Z') });
  const get = (path: string) => handleLinkPage({ rawPath: path, requestContext: { requestId: 'r', http: { method: 'GET', sourceIp: '127.0.0.1' } } } satisfies HttpApiEvent, pages);
  return { link, get };
}

describe('the answer page’s answers', () => {
  it('answers 403 to a signed link for someone not (or no longer) on the list, and says so', async () => {
    // Prepare
    const { get } = await prepare();
    const stranger = answerLink(key, { email: 'oud-lid@tiel.example', conceptRunId: concept, municipality: 'Tiel', expiresAt: new Date('2026-11-12T23:00:00Z') });
    // Act
    const result = await get(`/antwoord/${stranger}`);
    // Assess
    expect(result.statusCode).toBe(403);
    expect(result.body).toContain('u staat niet (meer) op de lijst van reviewers');
    expect(result.body).not.toContain('<form');
  });

  it('answers 404 for a path below the page, which it does not have', async () => {
    // Prepare
    const { link, get } = await prepare();
    // Act
    const result = await get(`/antwoord/${link}/sjabloon.csv`);
    // Assess
    expect(result.statusCode).toBe(404);
    expect(result.body).toContain('Deze pagina bestaat niet.');
  });
});
