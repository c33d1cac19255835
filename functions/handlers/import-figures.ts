import { z } from 'zod';
import { readIngestConfig } from '../adapters/import-config';
import { InvalidInputError } from '../core/errors';
import { type IngestResult, importIngestObject } from '../usecases/import-figures';
import { ingestDeps } from '../usecases/import-dependencies';
import { parseEvent } from './parse-event';

/**
 * Started by the ingest bucket's event notification for objects created under `incoming/`.
 * A rejected file is an outcome, not a failure: its report is in `rejected/`. Anything else
 * throws, so the invocation is retried and the file stays in `incoming/`.
 */
const S3EventSchema = z.object({
  Records: z
    .array(z.object({ s3: z.object({ bucket: z.object({ name: z.string().min(1) }), object: z.object({ key: z.string().min(1) }) }) }))
    .min(1),
});

const config = readIngestConfig();
const deps = ingestDeps(config);

export async function handler(event: unknown): Promise<{ results: IngestResult[] }> {
  const data = parseEvent(S3EventSchema, event, 'S3 event');
  const results: IngestResult[] = [];
  for (const { s3 } of data.Records) {
    if (s3.bucket.name !== config.INGEST_BUCKET) throw new InvalidInputError(`S3 event for bucket ${s3.bucket.name}; this function imports from ${config.INGEST_BUCKET} only`);
    // Keys arrive URL-encoded, with spaces as "+".
    const result = await importIngestObject(decodeURIComponent(s3.object.key.replace(/\+/g, ' ')), deps);
    // Keys, counts and file names only: the values themselves stay out of the logs.
    console.log(JSON.stringify({ message: `import ${result.outcome}`, ...result }));
    results.push(result);
  }
  return { results };
}
