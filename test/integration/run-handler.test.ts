import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePeriod } from '../../functions/core/periods';
import { loadDemo } from '../support/organisation';
import { type TestStack, scanTable, sesStore, startTestStack } from '../support/test-stack';

describe('the scheduled run Lambda handler', () => {
  let stack: TestStack;
  let handler: (event: unknown) => Promise<unknown>;

  beforeAll(async () => {
    // Prepare: the emulators and the demo organisation; the handler reads its config at load.
    stack = await startTestStack('rb-handler');
    await loadDemo(stack.names.tableName, parsePeriod('2026-09'));
    Object.assign(process.env, {
      TABLE_NAME: stack.names.tableName,
      ARCHIVE_BUCKET: stack.names.archiveBucket,
      // As deployed: the SES permission is bound to the sender the organisation file names.
      MAIL_FROM: '"Werkzaak Rivierenland" <rapportage@werkzaak.example>',
      MAX_SEND_RATE: '20',
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

  it('does nothing when the scheduler delivers the same event again', async () => {
    const again = await handler({ scheduledTime: '2026-11-01T06:00:00Z' });
    expect(again).toMatchObject({ status: 'completed' });
    expect(await sesStore(stack)).toHaveLength(7);
  });
});
