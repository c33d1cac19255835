import { z } from 'zod';
import { InvalidInputError } from '../core/errors';

/** For functions that only touch the table (the SES event handler): TABLE_NAME, validated once. */
const TableConfigSchema = z.object({ TABLE_NAME: z.string().min(3) });

export type TableConfig = z.infer<typeof TableConfigSchema>;

export function readTableConfig(env: NodeJS.ProcessEnv = process.env): TableConfig {
  const result = TableConfigSchema.safeParse(env);
  if (!result.success) {
    throw new InvalidInputError(`configuration is incomplete or wrong (environment variables): ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return result.data;
}
