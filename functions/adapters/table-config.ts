import type { z } from 'zod';
import { TableConfigSchema, parseEnvironment } from './config';

/** For functions that only touch the table (the SES event handler): TABLE_NAME, validated once. */
export type TableConfig = z.infer<typeof TableConfigSchema>;

export function readTableConfig(env: NodeJS.ProcessEnv = process.env): TableConfig {
  return parseEnvironment(TableConfigSchema, env);
}
