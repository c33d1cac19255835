import { z } from 'zod';
import { InvalidInputError } from '../core/errors';

/**
 * The settings of the import, apart from the run's: the import function needs the table and the
 * ingest bucket, and nothing of the mail or the archive — nor does the run need the ingest bucket.
 */
const TableSchema = z.object({ TABLE_NAME: z.string().min(3) });
const IngestSchema = TableSchema.extend({
  /** Files land in `incoming/`; they move to `processed/` or `rejected/` (with a `.errors.txt`). */
  INGEST_BUCKET: z.string().min(3),
});

export type ImportConfig = z.infer<typeof TableSchema>;
export type IngestConfig = z.infer<typeof IngestSchema>;

/** What `rapportbode import` needs: the table. */
export function readImportConfig(env: NodeJS.ProcessEnv = process.env): ImportConfig {
  return parse(TableSchema, env);
}

/** What the S3-triggered import function needs: the table and the ingest bucket. */
export function readIngestConfig(env: NodeJS.ProcessEnv = process.env): IngestConfig {
  return parse(IngestSchema, env);
}

function parse<T>(schema: z.ZodType<T>, env: NodeJS.ProcessEnv): T {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new InvalidInputError(`configuration is incomplete or wrong (environment variables):\n  ${problems.join('\n  ')}`);
  }
  return result.data;
}
