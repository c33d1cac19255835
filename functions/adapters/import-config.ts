import { z } from 'zod';
import { TableConfigSchema, parseEnvironment } from './config';

/**
 * The settings of the import, apart from the run's: the import function needs the table and the
 * ingest bucket, and nothing of the mail or the archive — nor does the run need the ingest bucket.
 */
const IngestSchema = TableConfigSchema.extend({
  /** Files land in `incoming/`; they move to `processed/` or `rejected/` (with a `.errors.txt`). */
  INGEST_BUCKET: z.string().min(3),
});

export type ImportConfig = z.infer<typeof TableConfigSchema>;
export type IngestConfig = z.infer<typeof IngestSchema>;

/** What `rapportbode import` needs: the table. */
export function readImportConfig(env: NodeJS.ProcessEnv = process.env): ImportConfig {
  return parseEnvironment(TableConfigSchema, env);
}

/** What the S3-triggered import function needs: the table and the ingest bucket. */
export function readIngestConfig(env: NodeJS.ProcessEnv = process.env): IngestConfig {
  return parseEnvironment(IngestSchema, env);
}
