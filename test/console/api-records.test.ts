import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrganisationStore } from '../../functions/adapters/organisation-store';
import type { Recipient } from '../../functions/core/organisation';
import { recipientsToCsv } from '../../functions/core/recipient-validation';
import { sampleRecipients } from '../../functions/local/sample-data';
import { coldStart, lambdaContext } from '../support/lambda-context';
import { applyDemoOrganisation, testOrganisation } from '../support/organisation';
import { type TestStack, startTestStack } from '../support/test-stack';

type Answer = { statusCode: number; body: string };
type Handler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<Answer>;

/**
 * A Cognito access token's claims as API Gateway's JWT authorizer hands them on: `sub` is the
 * user's id in the pool (a UUID), `username` the name the operator signs in with.
 */
const BEHEERDER = { sub: '5c1f7a2e-93b4-4d0a-8e6f-2b7d9c4e1a36', username: 'b.beheerder', 'cognito:groups': '[beheerder]', scope: 'rapportbode/console', client_id: 'console' };

const request = (method: string, path: string, body?: unknown) => ({
  rawPath: path,
  rawQueryString: '',
  headers: {},
  body: body === undefined ? undefined : JSON.stringify(body),
  isBase64Encoded: false,
  requestContext: { requestId: `req-${Math.random().toString(16).slice(2)}`, http: { method, sourceIp: '192.0.2.10' }, authorizer: { jwt: { claims: BEHEERDER, scopes: ['rapportbode/console'] } } },
});

/**
 * The console's Lambda handler in-process, as API Gateway invokes it, against the emulators: what
 * the operator's changes leave in the Logboek, and what a recipients file applies.
 */
describe('the console API against the table', () => {
  let stack: TestStack;
  let handler: Handler;
  let store: OrganisationStore;
  const call = async (method: string, path: string, body?: unknown) => {
    const answer = await handler(request(method, path, body), lambdaContext('console'));
    return { status: answer.statusCode, body: JSON.parse(answer.body) as Record<string, unknown> };
  };
  const logbook = async () => (await call('POST', '/api/logboek', {})).body.regels as { actor: string; actionLabel: string; email: string }[];
  const file = (recipients: readonly Recipient[]) => ({ bestand: 'ontvangers.csv', data: Buffer.from(recipientsToCsv(recipients)).toString('base64') });
  const newcomer = (name: string): Recipient => ({ municipality: 'Tiel', role: 'beleidsmedewerker', name, email: `${name.toLowerCase().replace(/\s+/g, '.')}@tiel.example` });

  beforeAll(async () => {
    // Prepare: the emulators, the demo organisation and its recipients; the handler reads its config at load.
    stack = await startTestStack('rb-console-api');
    await applyDemoOrganisation(stack.names.tableName);
    store = new OrganisationStore(stack.names.tableName);
    await store.putRecipients(sampleRecipients(testOrganisation()));
    Object.assign(process.env, {
      TABLE_NAME: stack.names.tableName,
      ARCHIVE_BUCKET: stack.names.archiveBucket,
      RETENTION_DAYS: '1827',
      RUN_FUNCTION_NAME: 'rapportbode-run',
      RESEND_FUNCTION_NAME: 'rapportbode-resend',
    });
    coldStart();
    ({ handler } = (await import('../../functions/handlers/console-api')) as unknown as { handler: Handler });
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('records a change in the Logboek under the name the operator signs in with, not the id of the user pool', async () => {
    // Act
    const added = await call('POST', '/api/ontvangers', { gemeente: 'Tiel', rol: 'beleidsmedewerker', naam: 'Nieuwe Collega', email: 'nieuwe.collega@tiel.example' });
    const me = await call('GET', '/api/me');
    const rows = await logbook();
    // Assess
    expect(added.status).toBe(201);
    expect(rows.find((r) => r.email === 'nieuwe.collega@tiel.example')).toMatchObject({ actor: 'b.beheerder', actionLabel: 'ontvanger toegevoegd' });
    expect(JSON.stringify(rows)).not.toContain(BEHEERDER.sub);
    expect(me.body.gebruiker).toBe('b.beheerder');
  });

  it('refuses to apply a recipients file other than the one previewed, and changes nothing', async () => {
    // Prepare: a preview of one file, then another file sent with the preview's kenmerk.
    const before = await store.recipients();
    const previewed = await call('POST', '/api/ontvangers/import/voorbeeld', file([...before, newcomer('Gezien Voorbeeld')]));
    const logged = (await logbook()).length;
    // Act
    const applied = await call('POST', '/api/ontvangers/import', { ...file([...before, newcomer('Niet Gezien')]), kenmerk: previewed.body.kenmerk });
    // Assess
    expect(previewed.status).toBe(200);
    expect(applied.status).toBe(409);
    expect(applied.body.fout).toBe('De lijst of het bestand is gewijzigd sinds het voorbeeld; er is niets ingelezen. Bekijk het voorbeeld opnieuw.');
    expect(await store.recipients()).toEqual(before);
    expect(await logbook()).toHaveLength(logged);
  });

  it('refuses to apply the previewed file when the list changed since the preview, then applies it after a new preview', async () => {
    // Prepare: the preview, then a colleague's change to the list.
    const before = await store.recipients();
    const wanted = file([...before, newcomer('Na Voorbeeld')]);
    const previewed = await call('POST', '/api/ontvangers/import/voorbeeld', wanted);
    await call('POST', '/api/ontvangers', { gemeente: 'Culemborg', rol: 'beleidsmedewerker', naam: 'Tussendoor Toegevoegd', email: 'tussendoor@culemborg.example' });
    const between = await store.recipients();
    // Act
    const stale = await call('POST', '/api/ontvangers/import', { ...wanted, kenmerk: previewed.body.kenmerk });
    const unchanged = await store.recipients();
    const again = await call('POST', '/api/ontvangers/import/voorbeeld', wanted);
    const applied = await call('POST', '/api/ontvangers/import', { ...wanted, kenmerk: again.body.kenmerk });
    // Assess: the stale preview applied nothing; the new one (which shows the removal) applies what it showed.
    expect(stale.status).toBe(409);
    expect(unchanged).toEqual(between);
    expect(again.body.verwijderd).toEqual([expect.objectContaining({ email: 'tussendoor@culemborg.example' })]);
    expect(applied.status).toBe(200);
    expect((await store.recipients()).map((r) => r.email).sort()).toEqual([...before.map((r) => r.email), 'na.voorbeeld@tiel.example'].sort());
  });
});
