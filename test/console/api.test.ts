import { describe, expect, it } from 'vitest';
import { createConsoleApi } from '../../functions/console/api';
import { groupsOf } from '../../functions/console/http';
import { filterLog, logCsv } from '../../functions/console/logbook';
import type { ConsoleDeps, SecurityLogEntry } from '../../functions/console/ports';
import { ROUTES, maskEmail } from '../../functions/console/routes';
import type { AuditEntry } from '../../functions/usecases/ports';

/** Deps that fail the test when a use case is reached: authorisation must stop the request before. */
function untouchable(log: SecurityLogEntry[]): ConsoleDeps {
  const trap = new Proxy({}, { get: (_, key) => { throw new Error(`a use case was reached (${String(key)})`); } });
  return new Proxy({ now: () => new Date('2026-11-30T10:00:00Z'), securityLog: (e: SecurityLogEntry) => log.push(e) } as unknown as ConsoleDeps, {
    get: (target, key) => (key in target ? target[key as keyof ConsoleDeps] : trap),
  });
}

const event = (method: string, path: string, claims?: Record<string, string>, body?: unknown) => ({
  rawPath: path,
  rawQueryString: '',
  headers: {},
  body: body === undefined ? undefined : JSON.stringify(body),
  isBase64Encoded: false,
  requestContext: { requestId: 'req-1', http: { method, sourceIp: '192.0.2.10' }, ...(claims ? { authorizer: { jwt: { claims, scopes: ['rapportbode/console'] } } } : {}) },
});
const SAMPLES: Record<string, string> = { runId: '2026-09-final', period: '2026-09', id: 'abcd1234' };
/** A path the route's pattern matches: its named parts filled with sample values. */
const pathOf = (source: string) =>
  source
    .replace(/^\^|\$$/g, '')
    .replace(/\\\//g, '/')
    .replace(/\(\?<(\w+)>(?:[^()]|\([^)]*\))*\)/g, (_, name: string) => SAMPLES[name] ?? name);

/**
 * Every request that changes something, written out rather than read from ROUTES: a write route
 * marked `read` by mistake would drop out of a list taken from the table, and a lezer could use it.
 */
const WRITES = [
  '/api/vrijgave',
  '/api/aanhouden',
  '/api/ontvangers',
  '/api/ontvangers/wijzigen',
  '/api/ontvangers/verwijderen',
  '/api/ontvangers/import',
  '/api/ontvangers/blokkade-opheffen',
  '/api/gemeenten/afmelden',
  '/api/cijfers',
  '/api/toelichting',
  '/api/afbeeldingen',
  '/api/afbeeldingen/verwijderen',
  '/api/opnieuw',
] as const;

describe('the console API, before any use case', () => {
  it('answers 401 to every route when the request carries no verified claims', async () => {
    // Prepare
    const log: SecurityLogEntry[] = [];
    const api = createConsoleApi(untouchable(log));
    // Act
    const answers = await Promise.all(ROUTES.map((r) => api(event(r.method, pathOf(r.path.source)))));
    // Assess
    expect(answers.map((a) => a.statusCode)).toEqual(ROUTES.map(() => 401));
    expect(log.every((e) => e.result === 'geweigerd' && e.actor === null)).toBe(true);
  });

  it('answers 403 to a lezer on each of the console\'s writes, as API Gateway hands its groups on ("[lezer]"), and logs who was refused', async () => {
    // Prepare
    const log: SecurityLogEntry[] = [];
    const api = createConsoleApi(untouchable(log));
    // Act
    const answers = await Promise.all(
      WRITES.map(async (w) => [w, (await api(event('POST', w, { username: 'l.lezer', 'cognito:groups': '[lezer]' }, { email: 'a@b.example' }))).statusCode] as const),
    );
    // Assess
    expect(Object.fromEntries(answers)).toEqual(Object.fromEntries(WRITES.map((w) => [w, 403])));
    expect(log).toHaveLength(WRITES.length);
    for (const entry of log) expect(entry).toMatchObject({ actor: 'l.lezer', role: 'lezer', origin: '192.0.2.10', result: 'geweigerd', status: 403, requestId: 'req-1' });
  });

  it('tells a lezer why a write is refused', async () => {
    // Act
    const answer = await createConsoleApi(untouchable([]))(event('POST', '/api/opnieuw', { username: 'l.lezer', 'cognito:groups': '[lezer]' }, {}));
    // Assess
    expect(answer.statusCode).toBe(403);
    expect(JSON.parse(answer.body).fout).toBe('Alleen een beheerder mag dit doen; u bent lezer.');
  });

  it('knows each write route of the routes table by its path: a new write route needs its line in WRITES', () => {
    // Assess: every listed path reaches one route, a write; every write route is reached by a listed path.
    const routesOf = (path: string) => ROUTES.filter((r) => r.method === 'POST' && r.path.test(path));
    for (const w of WRITES) expect(routesOf(w).map((r) => r.access), w).toEqual(['write']);
    const unlisted = ROUTES.filter((r) => r.access === 'write' && !WRITES.some((w) => r.method === 'POST' && r.path.test(w)));
    expect(unlisted.map((r) => `${r.method} ${r.path.source}`)).toEqual([]);
  });

  it('answers 403 to every route for a signed-in user in neither group', async () => {
    // Prepare
    const api = createConsoleApi(untouchable([]));
    // Act
    const answers = await Promise.all(ROUTES.map((r) => api(event(r.method, pathOf(r.path.source), { username: 'iemand', 'cognito:groups': '[]' }))));
    const me = await api(event('GET', '/api/me', { username: 'iemand' }));
    // Assess
    expect(answers.map((a) => a.statusCode)).toEqual(ROUTES.map(() => 403));
    expect(JSON.parse(me.body)).toEqual({ gebruiker: 'iemand', rol: null, groepen: [], magWijzigen: false });
  });

  it('takes the actor from the verified claims only: a "door" in the body is refused as an unknown field', async () => {
    // Prepare
    const api = createConsoleApi(untouchable([]));
    // Act
    const answer = await api(event('POST', '/api/aanhouden', { username: 'b.beheerder', 'cognito:groups': '[beheerder]' }, { periode: '2026-09', aanhouden: true, door: 'iemand anders' }));
    // Assess
    expect(answer.statusCode).toBe(422);
    expect(JSON.parse(answer.body).fout).toMatch(/door/);
  });
});

describe('claims and logs', () => {
  it('reads groups as Cognito writes them and as API Gateway passes them on', () => {
    expect(groupsOf({ 'cognito:groups': ['beheerder', 'lezer'] })).toEqual(['beheerder', 'lezer']);
    expect(groupsOf({ 'cognito:groups': '[beheerder lezer]' })).toEqual(['beheerder', 'lezer']);
    expect(groupsOf({ 'cognito:groups': 'lezer' })).toEqual(['lezer']);
    expect(groupsOf({})).toEqual([]);
  });

  it('masks an address in the security log', () => {
    expect(maskEmail('Jan@Tiel.example')).toMatch(/^tiel\.example#[0-9a-f]{16}$/);
    expect(maskEmail('jan@tiel.example')).toBe(maskEmail('Jan@Tiel.example'));
  });

  it('exports the audit trail with every formula-like cell neutralised, newest first, filtered', () => {
    // Prepare
    const entries: AuditEntry[] = [
      { at: '2026-11-01T10:00:00Z', actor: 'a', action: 'recipient added', email: 'x@tiel.example', municipality: 'Tiel', detail: '=HYPERLINK("http://evil","klik")' },
      { at: '2026-11-02T10:00:00Z', actor: '@b', action: 'run released', runId: '2026-09-final', detail: '+1 vrijgegeven' },
      { at: '2026-10-02T10:00:00Z', actor: 'c', action: 'period held', detail: 'oud' },
    ];
    // Act
    const rows = filterLog(entries, { van: '2026-11-01' });
    const csv = logCsv(rows);
    // Assess
    expect(rows.map((r) => r.actor)).toEqual(['@b', 'a']);
    expect(csv).toContain(`'=HYPERLINK(""http://evil"",""klik"")`);
    expect(csv).toContain("'@b;concept vrijgegeven");
    expect(csv).toContain("'+1 vrijgegeven");
    expect(filterLog(entries, { zoek: 'TIEL' }).map((r) => r.actor)).toEqual(['a']);
  });
});
