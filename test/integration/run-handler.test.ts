import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePeriod } from '../../functions/core/periods';
import { sampleRecipients } from '../../functions/local/sample-data';
import { coldStart, lambdaContext } from '../support/lambda-context';
import { loadDemo, testOrganisation } from '../support/organisation';
import { type TestStack, addresses as bareAddresses, scanTable, sesStore, startTestStack } from '../support/test-stack';

const RETENTION_DAYS = 1827;
const DAY_SECONDS = 86_400;
const addresses = sampleRecipients(testOrganisation()).map((r) => r.email);

type Handler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<Record<string, unknown>>;

describe('the Lambda handlers, in-process against the emulators', () => {
  let stack: TestStack;
  let runHandler: Handler;
  let resendHandler: Handler;
  // What the handlers print on stdout: Powertools' log lines and embedded metrics.
  const printed: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const lines = () => printed.flatMap((chunk) => chunk.split('\n')).filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);

  beforeAll(async () => {
    // Prepare: the emulators and the demo organisation; the handlers read their config at load.
    stack = await startTestStack('rb-handler');
    await loadDemo(stack.names.tableName, parsePeriod('2026-09'));
    Object.assign(process.env, {
      TABLE_NAME: stack.names.tableName,
      ARCHIVE_BUCKET: stack.names.archiveBucket,
      // As deployed: the SES permission is bound to the sender the organisation file names.
      MAIL_FROM: '"Werkzaak Rivierenland" <rapportage@werkzaak.example>',
      MAX_SEND_RATE: '20',
      RETENTION_DAYS: String(RETENTION_DAYS),
      // Outside Lambda the logger is silent and no metric is written, unless asked.
      POWERTOOLS_LOG_LEVEL: 'INFO',
      POWERTOOLS_METRICS_DISABLED: 'false',
    });
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      printed.push(String(chunk));
      return write(chunk, ...rest);
    }) as typeof process.stdout.write;
    coldStart();
    ({ handler: runHandler } = (await import('../../functions/handlers/run-report')) as unknown as { handler: Handler });
    ({ handler: resendHandler } = (await import('../../functions/handlers/resend')) as unknown as { handler: Handler });
  });

  afterAll(async () => {
    process.stdout.write = write;
    await stack?.close();
  });

  it('refuses an event without a scheduled time or period, naming the problem', async () => {
    await expect(runHandler({ kind: 'final' }, lambdaContext('run'))).rejects.toThrow(/run event is invalid: .*give scheduledTime or period/);
    await expect(runHandler({ scheduledTime: 'gisteren' }, lambdaContext('run'))).rejects.toThrow(/run event is invalid: scheduledTime/);
    expect(await sesStore(stack)).toHaveLength(0);
  });

  it('refuses a final without a reviewed concept, as `run` does, and sends nothing', async () => {
    await expect(runHandler({ scheduledTime: '2026-11-01T06:00:00Z' }, lambdaContext('run'))).rejects.toThrow(/er is nog geen concept van 2026-09 gereviewd; er is niets verzonden/);
    expect(await sesStore(stack)).toHaveLength(0);
    expect((await scanTable(stack.names.tableName)).some((i) => i.pk === 'RUN#2026-09-final')).toBe(false);
  });

  it('reports on the period that ended before the scheduled time, not on the clock', async () => {
    // Act: the 1 November 2026 schedule, 07:00 Amsterdam time; a final without a concept, with its reason.
    const result = await runHandler({ scheduledTime: '2026-11-01T06:00:00Z', withoutConceptReason: 'de eerste rapportage, zo afgesproken in het AB' }, lambdaContext('run', 'req-scheduled-run'));
    // Assess
    expect(result).toMatchObject({ runId: '2026-09-final', status: 'completed' });
    const mails = await sesStore(stack);
    expect(mails).toHaveLength(7);
    expect(mails.every((m) => m.subject.endsWith('september–oktober 2026'))).toBe(true);
    const items = await scanTable(stack.names.tableName);
    expect(items.find((i) => i.pk === 'RUN#2026-09-final' && i.sk === 'RUN')?.status).toBe('completed');
    expect(items.filter((i) => i.pk === 'AUDIT' && i.action === 'final sent without concept')).toEqual([
      expect.objectContaining({ runId: '2026-09-final', reason: 'de eerste rapportage, zo afgesproken in het AB' }),
    ]);
  });

  it('logs each send with action, object, result, actor, origin, time, run and request id, and no address', () => {
    const sends = lines().filter((l) => l.action === 'send report');
    expect(sends).toHaveLength(7);
    for (const line of sends) {
      expect(line).toMatchObject({
        level: 'INFO',
        service: 'rapportbode',
        function_request_id: 'req-scheduled-run',
        runId: '2026-09-final',
        actor: 'scheduler',
        object: { run: '2026-09-final', delivery: expect.any(String) },
        result: 'sent',
        sesMessageId: expect.any(String),
      });
      expect(line.origin).toMatch(/^(cli|lambda):/);
      expect(Date.parse(String(line.timestamp))).not.toBeNaN();
    }
    const everything = printed.join('');
    for (const address of addresses) expect(everything).not.toContain(address);
  });

  it('writes how the run ended as an embedded metric the alarm reads', () => {
    const emf = lines().filter((l) => l._aws !== undefined);
    expect(emf).toHaveLength(1);
    expect(emf[0]).toMatchObject({
      _aws: { CloudWatchMetrics: [{ Namespace: 'Rapportbode', Dimensions: [['service']], Metrics: [{ Name: 'RunsNotCompleted', Unit: 'Count' }] }] },
      service: 'rapportbode',
      RunsNotCompleted: 0,
      runId: '2026-09-final',
      status: 'completed',
    });
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
    const again = await runHandler({ scheduledTime: '2026-11-01T06:00:00Z' }, lambdaContext('run'));
    expect(again).toMatchObject({ status: 'completed' });
    expect(await sesStore(stack)).toHaveLength(7);
  });

  it('sends a re-send once when the same request is invoked twice, and again only with a new requestId', async () => {
    // Prepare
    const request = { runId: '2026-09-final', municipality: 'Tiel', requestedBy: 'j.jansen' };
    const before = (await sesStore(stack)).length;
    // Act: the same payload twice (as the AWS CLI retries after its read timeout), then on purpose
    const first = await resendHandler(request, lambdaContext('resend'));
    const retried = await resendHandler({ ...request, municipality: 'tiel' }, lambdaContext('resend'));
    const deliberate = await resendHandler({ ...request, requestId: '2026-12-03-nogmaals' }, lambdaContext('resend'));
    // Assess
    expect(first).toMatchObject({ sent: 1, alreadySent: 0, notSent: 0 });
    expect(retried).toMatchObject({ requestId: first.requestId, sent: 0, alreadySent: 1, notSent: 0, note: expect.stringContaining('nieuwe requestId') });
    expect(deliberate).toMatchObject({ requestId: '2026-12-03-nogmaals', sent: 1 });
    expect(await sesStore(stack)).toHaveLength(before + 2);
    const items = await scanTable(stack.names.tableName);
    const recorded = items.filter((i) => String(i.sk).startsWith('RESEND#') || (i.pk === 'AUDIT' && i.action === 'report resent'));
    expect(recorded).toHaveLength(4); // two re-sends, each with its audit entry
    expect(recorded.every((i) => typeof i.expiresAt === 'number')).toBe(true);
    const logged = lines().filter((l) => l.action === 'resend report' || l.action === 'report resent');
    expect(logged.map((l) => [l.action, l.actor, l.result])).toEqual([
      ['report resent', 'j.jansen', 'recorded'],
      ['resend report', 'j.jansen', 'sent'],
      ['report resent', 'j.jansen', 'recorded'],
      ['resend report', 'j.jansen', 'sent'],
    ]);
  });

  it('sends a re-send to one address and then to another address of the same run, each once', async () => {
    // Prepare: two addresses Tiel's report went to; one requester, no requestId (the key is derived).
    const [first, second] = sampleRecipients(testOrganisation()).filter((r) => r.municipality === 'Tiel').map((r) => r.email);
    const request = { runId: '2026-09-final', requestedBy: 'j.jansen' };
    const before = (await sesStore(stack)).length;
    // Act
    const toFirst = await resendHandler({ ...request, to: first }, lambdaContext('resend'));
    const toSecond = await resendHandler({ ...request, to: second }, lambdaContext('resend'));
    const toSecondAgain = await resendHandler({ ...request, to: second }, lambdaContext('resend'));
    // Assess: the second address is another request, not "already done"; its retry is.
    expect(toFirst).toMatchObject({ sent: 1, alreadySent: 0, notSent: 0 });
    expect(toSecond).toMatchObject({ sent: 1, alreadySent: 0, notSent: 0, note: undefined });
    expect(toSecondAgain).toMatchObject({ requestId: toSecond.requestId, sent: 0, alreadySent: 1 });
    const mailed = (await sesStore(stack)).slice(before).map((m) => bareAddresses(m.destination.to));
    expect(mailed).toEqual([[first], [second]]);
  });
});
