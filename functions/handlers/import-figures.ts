import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { readIngestConfig } from '../adapters/import-config';
import { logAction, startInvocation } from '../adapters/logger';
import { InvalidInputError } from '../core/errors';
import { type IngestResult, importIngestObject } from '../usecases/import-figures';
import { ingestDeps } from '../wiring/import-dependencies';
import { parseEvent } from './parse-event';

/**
 * Started by the ingest bucket's event notification for objects created under `incoming/`.
 * A rejected file is an outcome, not a failure: its report is in `rejected/`. Anything else
 * throws, so the invocation is retried and the file stays in `incoming/`.
 */
const S3EventSchema = z.object({
  Records: z
    .array(
      z.object({
        // Who uploaded the file (the IAM principal), for the log.
        userIdentity: z.object({ principalId: z.string() }).optional(),
        s3: z.object({ bucket: z.object({ name: z.string().min(1) }), object: z.object({ key: z.string().min(1) }) }),
      }),
    )
    .min(1),
});

const config = readIngestConfig();
const deps = ingestDeps(config);

export async function handler(event: unknown, context: Context): Promise<{ results: IngestResult[] }> {
  const data = parseEvent(S3EventSchema, event, 'S3 event');
  startInvocation(context, { actor: data.Records[0]?.userIdentity?.principalId ?? 'unknown uploader' });
  const results: IngestResult[] = [];
  for (const { s3, userIdentity } of data.Records) {
    if (s3.bucket.name !== config.INGEST_BUCKET) throw new InvalidInputError(`S3 event for bucket ${s3.bucket.name}; this function imports from ${config.INGEST_BUCKET} only`);
    // Keys arrive URL-encoded, with spaces as "+".
    const result = await importIngestObject(decodeURIComponent(s3.object.key.replace(/\+/g, ' ')), deps);
    // Keys, counts and file names only: the values themselves stay out of the logs.
    const { summary } = result.outcome === 'processed' ? result : { summary: undefined };
    logAction({
      action: 'import figures',
      object: { file: result.key },
      result: result.outcome,
      actor: userIdentity?.principalId,
      counts: summary ? { rows: summary.rows, new: summary.new, changed: summary.changed, unchanged: summary.unchanged } : result.outcome === 'rejected' ? { problems: result.problems } : undefined,
      reason: result.outcome === 'ignored' ? result.reason : undefined,
    });
    results.push(result);
  }
  return { results };
}
