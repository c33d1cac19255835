import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleJobs } from '../../functions/console/ports';
import { createConsoleApi } from '../../functions/console/api';
import { consoleDeps } from '../../functions/wiring/console-dependencies';
import { type TestStack, scanTable, startTestStack } from '../support/test-stack';

/** Holding needs no render and no mail: a job reached here is a fault of the test. */
const noJobs: ConsoleJobs = {
  release: () => Promise.reject(new Error('no release expected')),
  resend: () => Promise.reject(new Error('no re-send expected')),
};

const beheerder = { username: 'b.beheerder', 'cognito:groups': '[beheerder]' };
const post = (path: string, body: unknown) => ({
  rawPath: path,
  rawQueryString: '',
  headers: {},
  body: JSON.stringify(body),
  isBase64Encoded: false,
  requestContext: { requestId: 'req-hold', http: { method: 'POST', sourceIp: '192.0.2.10' }, authorizer: { jwt: { claims: beheerder, scopes: ['rapportbode/console'] } } },
});

/** The console's "Periode aanhouden" written through to the DynamoDB emulator. */
describe("the console's Periode aanhouden, on the emulator", () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack('rb-hold');
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('holds a period and frees it again, and records who did', async () => {
    // Prepare
    const api = createConsoleApi({ ...consoleDeps({ TABLE_NAME: stack.names.tableName, ARCHIVE_BUCKET: stack.names.archiveBucket }, noJobs), securityLog: () => undefined });
    const cycleItem = async () => (await scanTable(stack.names.tableName)).find((i) => i.pk === 'PERIOD#2026-09' && i.sk === 'CYCLE');
    // Act
    const held = await api(post('/api/aanhouden', { periode: '2026-09', aanhouden: true }));
    const afterHold = await cycleItem();
    const freed = await api(post('/api/aanhouden', { periode: '2026-09', aanhouden: false }));
    // Assess
    expect(held.statusCode, held.body).toBe(200);
    expect(JSON.parse(held.body)).toEqual({ gewijzigd: true, melding: '2026-09 is aangehouden: er gaat niets uit tot de periode weer wordt vrijgegeven.' });
    expect(afterHold).toMatchObject({ held: true, heldBy: 'b.beheerder' });
    expect(freed.statusCode, freed.body).toBe(200);
    expect(JSON.parse(freed.body).melding).toBe('2026-09 is niet meer aangehouden: het concept kan worden vrijgegeven.');
    expect(await cycleItem()).toMatchObject({ held: false });
  });
});
