import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LEASE_SECONDS, readConfig } from '../../functions/adapters/config';
import { ArchiveStore } from '../../functions/adapters/s3-archive';
import { parsePeriod } from '../../functions/core/periods';
import { runReportDeps } from '../../functions/wiring/dependencies';
import { RunInProgressError, runReport } from '../../functions/usecases/run-report';
import { loadDemo } from '../support/organisation';
import { type TestStack, scanTable, sesStore, startTestStack } from '../support/test-stack';

/** AWS Lambda retries a failed asynchronous invocation after about one minute, then after two more. */
const LAMBDA_FIRST_RETRY_MS = 60_000;
const MUNICIPALITIES_MAILED = 7;

/** The archive as the run uses it, except that the worker dies while archiving the n-th raw mail. */
class ArchiveThatDiesAtMail extends ArchiveStore {
  private mails = 0;

  constructor(
    bucket: string,
    private readonly dieAt: number,
  ) {
    super(bucket);
  }

  override async put(key: string, body: Uint8Array | string, contentType: string): Promise<void> {
    // After the message was claimed and before SES was called: the claim is left behind.
    if (key.endsWith('.eml') && ++this.mails === this.dieAt) throw new Error('the worker died');
    await super.put(key, body, contentType);
  }
}

describe("the run's lease and Lambda's retries", () => {
  let stack: TestStack;
  const request = { period: parsePeriod('2026-09'), kind: 'final' as const };

  beforeAll(async () => {
    stack = await startTestStack('rb-lease');
    await loadDemo(stack.names.tableName, request.period);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it("continues a run whose worker died when Lambda's first retry comes, and sends each mail once", async () => {
    // Prepare: the configuration the run function deploys with (no LEASE_SECONDS: the default the
    // stack sets too), and a first attempt that dies with its third message claimed but unsent.
    const config = readConfig({
      TABLE_NAME: stack.names.tableName,
      ARCHIVE_BUCKET: stack.names.archiveBucket,
      MAX_SEND_RATE: '20',
    });
    expect(config.LEASE_SECONDS).toBe(DEFAULT_LEASE_SECONDS);
    const deps = runReportDeps(config);
    await expect(runReport(request, { ...deps, archive: new ArchiveThatDiesAtMail(stack.names.archiveBucket, 3) })).rejects.toThrow('the worker died');
    const diedAt = Date.now();
    const after = (ms: number) => () => new Date(diedAt + ms);
    expect(await sesStore(stack)).toHaveLength(2);

    // Act: an attempt while the dead worker's lease still runs, then Lambda's first retry.
    const early = runReport(request, { ...deps, now: after(10_000) });
    await expect(early).rejects.toThrow(RunInProgressError);
    const retry = await runReport(request, { ...deps, now: after(LAMBDA_FIRST_RETRY_MS) });

    // Assess
    expect(retry.status).toBe('completed');
    expect(retry.deliveries.map((d) => d.status).sort()).toEqual([...Array(2).fill('already sent'), ...Array(5).fill('sent')].sort());
    const subjects = (await sesStore(stack)).map((m) => m.subject);
    expect(subjects).toHaveLength(MUNICIPALITIES_MAILED);
    expect(new Set(subjects).size).toBe(MUNICIPALITIES_MAILED);
    const run = (await scanTable(stack.names.tableName)).find((i) => i.pk === 'RUN#2026-09-final' && i.sk === 'RUN');
    expect(run?.status).toBe('completed');
  });
});
