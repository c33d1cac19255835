import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrganisationStore } from '../../functions/adapters/organisation-store';
import { CATALOGUE } from '../../functions/core/catalogue';
import { parsePeriod } from '../../functions/core/periods';
import { loadDemoOrganisation } from '../../functions/local/demo-data';
import { type TestStack, scanTable, sesStore, startTestStack } from '../support/test-stack';

const RETENTION_DAYS = 1827;
const DAY_SECONDS = 86_400;

describe('the scheduled run Lambda handler', () => {
  let stack: TestStack;
  let handler: (event: unknown) => Promise<{ runId: string; status: string }>;

  beforeAll(async () => {
    // Prepare: the emulators and the demo organisation; the handler reads its config at load.
    stack = await startTestStack('rb-handler');
    await loadDemoOrganisation(new OrganisationStore(stack.names.tableName), CATALOGUE, parsePeriod('2026-09'));
    Object.assign(process.env, {
      TABLE_NAME: stack.names.tableName,
      ARCHIVE_BUCKET: stack.names.archiveBucket,
      ORGANISATION_NAME: 'Werkzaak Rivierenland',
      MAIL_FROM: '"Werkzaak Rivierenland" <rapportage@werkzaak.example>',
      MAX_SEND_RATE: '20',
      RETENTION_DAYS: String(RETENTION_DAYS),
    });
    ({ handler } = await import('../../functions/handlers/run-report'));
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('refuses an event without a scheduled time or period, naming the problem', async () => {
    await expect(handler({ kind: 'final' })).rejects.toThrow(/run event is invalid: .*give scheduledTime or period/);
    await expect(handler({ scheduledTime: 'gisteren' })).rejects.toThrow(/run event is invalid: scheduledTime/);
    expect(await sesStore(stack)).toHaveLength(0);
  });

  it('reports on the period that ended before the scheduled time, not on the clock', async () => {
    // Act: the 1 November 2026 schedule, 07:00 Amsterdam time
    const result = await handler({ scheduledTime: '2026-11-01T06:00:00Z' });
    // Assess
    expect(result).toMatchObject({ runId: '2026-09-final', status: 'completed' });
    const mails = await sesStore(stack);
    expect(mails).toHaveLength(7);
    expect(mails.every((m) => m.subject.endsWith('september–oktober 2026'))).toBe(true);
    const run = (await scanTable(stack.names.tableName)).find((i) => i.pk === 'RUN#2026-09-final' && i.sk === 'RUN');
    expect(run?.status).toBe('completed');
  });

  it('marks the run and its deliveries to expire after the retention period', async () => {
    const items = await scanTable(stack.names.tableName);
    const ofRun = items.filter((i) => i.pk === 'RUN#2026-09-final' || String(i.pk).startsWith('SESMSG#'));
    expect(ofRun.length).toBe(1 + 7 + 7); // the run, its deliveries and their SES message lookups
    const inRetention = Date.now() / 1000 + RETENTION_DAYS * DAY_SECONDS;
    for (const item of ofRun) expect(Math.abs(Number(item.expiresAt) - inRetention)).toBeLessThan(DAY_SECONDS);
    // The organisation, its recipients and figures are kept.
    expect(items.filter((i) => i.pk === 'RECIPIENT').every((i) => i.expiresAt === undefined)).toBe(true);
  });

  it('does nothing when the scheduler delivers the same event again', async () => {
    const again = await handler({ scheduledTime: '2026-11-01T06:00:00Z' });
    expect(again.status).toBe('completed');
    expect(await sesStore(stack)).toHaveLength(7);
  });
});
