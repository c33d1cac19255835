import { describe, expect, it } from 'vitest';
import { InMemoryEvaluations } from '../../functions/adapters/memory/evaluations';
import { InMemoryOrganisationStore } from '../../functions/adapters/memory/organisation-store';
import type { HttpApiEvent } from '../../functions/console/http';
import { DEFAULT_EVALUATION_QUESTIONS } from '../../functions/core/evaluation';
import { linkSubject, signLink } from '../../functions/core/personal-link';
import { evaluationPage } from '../../functions/links/evaluatie-page';
import { handleLinkPage } from '../../functions/links/link-pages';

const key = Buffer.alloc(32, 9);
const now = new Date('2026-12-08T09:00:00Z');

async function prepare() {
  const store = new InMemoryOrganisationStore();
  await store.putRecipients([{ email: 'ab@tiel.example', name: 'A. <b>Bestuur</b>', role: 'ab-lid', municipality: 'Tiel' }]);
  const evaluations = new InMemoryEvaluations();
  await evaluations.createEvaluation({ id: 'evaluatie-2026-12-07', questions: DEFAULT_EVALUATION_QUESTIONS, startedAt: '2026-12-07T08:00:00Z', startedBy: 't', closesAt: '2026-12-28T23:00:00.000Z', remindOn: '2026-12-14' });
  const token = signLink(key, { purpose: 'evaluatie', subject: linkSubject('ab@tiel.example'), scope: 'evaluatie-2026-12-07', expiresAt: Date.parse('2026-12-28T23:00:00Z') / 1000 });
  const pages = { evaluatie: evaluationPage(async () => ({ store, evaluations, key, now: () => now })) };
  const call = (method: string, path: string, form?: Record<string, string>): ReturnType<typeof handleLinkPage> => {
    const event: HttpApiEvent = {
      rawPath: path,
      headers: form ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
      requestContext: { requestId: 'r', http: { method, sourceIp: '127.0.0.1' } },
    };
    return handleLinkPage(event, pages);
  };
  return { evaluations, token, call };
}

describe('the evaluation page', () => {
  it('shows each question as a fieldset with its legend, radios for scales and choices, a text area for open questions', async () => {
    const { token, call, evaluations } = await prepare();
    const page = await call('GET', `/evaluatie/${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body.match(/<fieldset /g)).toHaveLength(5);
    expect(page.body.match(/<legend /g)).toHaveLength(5);
    expect(page.body.match(/type="radio" [^>]*name="vraag-nut"/g)).toHaveLength(6);
    expect(page.body).toContain('value="per kwartaal"');
    expect(page.body.match(/<textarea /g)).toHaveLength(2);
    expect(page.body).toContain('A. &#60;b&#62;Bestuur&#60;/b&#62;');
    expect(page.body).not.toContain('<script');
    expect(await evaluations.responses('evaluatie-2026-12-07')).toEqual([]);
  });

  it('records a POST with the form token and shows the answers chosen; refuses one without', async () => {
    const { token, call, evaluations } = await prepare();
    const formToken = /name="formToken" value="([^"]+)"/.exec((await call('GET', `/evaluatie/${token}`)).body)?.[1] ?? '';
    const refused = await call('POST', `/evaluatie/${token}`, { formToken: 'nee', 'vraag-nut': '4' });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('er is niets vastgelegd');
    const empty = await call('POST', `/evaluatie/${token}`, { formToken, 'vraag-nut': '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('role="alert"');
    const posted = await call('POST', `/evaluatie/${token}`, { formToken, 'vraag-nut': '4', 'vraag-mist': 'Trends' });
    expect(posted.statusCode).toBe(200);
    expect(posted.body).toContain('uw antwoorden zijn vastgelegd');
    expect(posted.body).toMatch(/value="4" checked/);
    expect(posted.body).toContain('>Trends</textarea>');
    expect((await evaluations.responses('evaluatie-2026-12-07')).map((r) => r.answers)).toEqual([{ nut: '4', mist: 'Trends' }]);
  });

  it('answers a path below the page with not found, and a changed link with a Dutch refusal', async () => {
    const { token, call } = await prepare();
    expect((await call('GET', `/evaluatie/${token}/iets`)).statusCode).toBe(404);
    const changed = await call('GET', `/evaluatie/${token.slice(0, -3)}abc`);
    expect(changed.statusCode).toBe(403);
    expect(changed.body).toContain('Deze link is niet geldig');
  });
});
