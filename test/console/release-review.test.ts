import { describe, expect, it } from 'vitest';
import { createInMemoryAdapters } from '../../functions/adapters/memory';
import { ReportRenderer } from '../../functions/adapters/report-renderer';
import { createConsoleApi } from '../../functions/console/api';
import { inProcessJobs } from '../../functions/console/in-process-jobs';
import type { ConsoleDeps } from '../../functions/console/ports';
import { parsePeriod } from '../../functions/core/periods';
import { loadSampleData } from '../../functions/local/demo-data';
import { type ReleaseDeps, runConcept } from '../../functions/usecases/release';
import { testOrganisation } from '../support/organisation';

const beheerder = { username: 'b.beheerder', 'cognito:groups': '[beheerder]' };
const post = (body: unknown) => ({
  rawPath: '/api/vrijgave',
  rawQueryString: '',
  headers: {},
  body: JSON.stringify(body),
  isBase64Encoded: false,
  requestContext: { requestId: 'req-1', http: { method: 'POST', sourceIp: '192.0.2.10' }, authorizer: { jwt: { claims: beheerder, scopes: ['rapportbode/console'] } } },
});

/** The console's release route on the in-memory ports: a concept sent Monday 2 November, asked on Wednesday 4 November. */
async function prepare() {
  const memory = createInMemoryAdapters({ retentionDays: 30, mailer: { quota: { max24HourSend: 1000, maxSendRate: 14 } } });
  const organisation = await memory.store.applyOrganisation(testOrganisation(), null, { at: '2026-10-01T08:00:00Z', by: 'test' });
  await loadSampleData(memory.store, organisation.config, parsePeriod('2026-09'));
  const clock = { now: new Date('2026-11-02T08:00:00Z') };
  const run = { ...memory, renderer: new ReportRenderer(), now: () => clock.now, leaseMs: 45_000 };
  await memory.recipientStore.add({ email: 'gbo@tiel.example', name: 'G. Tielemans', role: 'gbo-lid', municipality: 'Tiel' }, { actor: 'test', at: '2026-11-01T08:00:00Z' });
  const release: ReleaseDeps = { run, log: memory.log, cycles: memory.cycles, audit: memory.recipientStore, answers: memory.answers };
  await runConcept({ period: parsePeriod('2026-09') }, run, memory.log);
  clock.now = new Date('2026-11-04T09:00:00Z');
  const recipients = { store: memory.store, recipientStore: memory.recipientStore, now: () => clock.now };
  const deps = { now: () => clock.now, securityLog: () => {}, release, recipients, jobs: inProcessJobs({ release, resend: undefined as never }) } as unknown as ConsoleDeps;
  return { api: createConsoleApi(deps), memory };
}

const get = (path: string) => ({ ...post(undefined), rawPath: path, body: undefined, requestContext: { ...post(undefined).requestContext, http: { method: 'GET', sourceIp: '192.0.2.10' } } });

describe('the console’s release during the review', () => {
  it('shows in the release dialog the days left and, per municipality, who has not agreed', async () => {
    const { api } = await prepare();
    const answer = await api(get('/api/vrijgave/2026-09-concept-1'));
    expect(answer.statusCode, answer.body).toBe(200);
    const body = JSON.parse(answer.body);
    expect(body.voorEindeReview).toBe('de review loopt nog 4 werkdagen, tot en met maandag 9 november 2026');
    expect(body.nogGeenAkkoord).toContain('Tiel (geen reactie van: G. Tielemans)');
    expect(body.nogGeenAkkoord).toContain('Buren (geen reactie; er is geen gbo-lid)');
  });

  it('refuses a release without the confirmation, naming the days left, and sends nothing', async () => {
    const { api, memory } = await prepare();
    const sent = memory.mailer.sent.length;
    const answer = await api(post({ runId: '2026-09-concept-1' }));
    expect(answer.statusCode).toBe(409);
    expect(JSON.parse(answer.body).fout).toContain('de review loopt nog 4 werkdagen, tot en met maandag 9 november 2026; nog geen akkoord van Buren (geen reactie; er is geen gbo-lid)');
    expect(memory.mailer.sent).toHaveLength(sent);
  });

  it('refuses the confirmation without a reason', async () => {
    const { api } = await prepare();
    const answer = await api(post({ runId: '2026-09-concept-1', voorEindeReview: true, reden: ' ' }));
    expect(answer.statusCode).toBe(422);
    expect(JSON.parse(answer.body).fout).toContain('geef een reden om vóór het einde van de review vrij te geven');
  });

  it('releases with the confirmation and a reason, audited with the operator and the reason', async () => {
    const { api, memory } = await prepare();
    const answer = await api(post({ runId: '2026-09-concept-1', voorEindeReview: true, reden: 'AB vergadert donderdag' }));
    expect(answer.statusCode, answer.body).toBe(200);
    expect([...memory.data.audit.values()].filter((e) => e.action === 'run released before review end')).toEqual([
      expect.objectContaining({ actor: 'b.beheerder', reason: 'AB vergadert donderdag', runId: '2026-09-final' }),
    ]);
  });
});
