import { z } from 'zod';
import { InvalidInputError } from '../core/errors';
import { describeIssues } from '../core/validation';

/**
 * The settings every entry point needs, read from the environment once and validated: a missing
 * table or bucket name is an error at start, never a silent default.
 */
const ConfigSchema = z.object({
  TABLE_NAME: z.string().min(3),
  ARCHIVE_BUCKET: z.string().min(3),
  /**
   * The sender the deployment's SES permission is bound to (CDK context `mailFrom`); the
   * organisation file's `afzender` must be that address. Not set locally: any sender goes.
   */
  MAIL_FROM: z.string().min(3).optional(),
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  /** Locally only: a folder that keeps a copy of every mail sent (the emulator stops with the command). */
  RAPPORTBODE_OUTBOX: z.string().min(1).optional(),
  /** Sends per second; below the account's MaxSendRate (SES sandbox: 1). */
  MAX_SEND_RATE: z.coerce.number().positive().max(1000).default(1),
  /** Replaces the account's 24-hour quota in the pre-run check (e.g. to keep room for other mail). */
  DAILY_SEND_QUOTA: z.coerce.number().int().nonnegative().optional(),
  /**
   * How long a worker's hold on a run or message lasts without renewal; a claim older than this
   * belongs to a dead worker and is taken over. Longer than one send plus one print.
   */
  LEASE_SECONDS: z.coerce.number().int().min(0).max(3600).default(300),
});

export type Config = z.infer<typeof ConfigSchema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return parseEnvironment(ConfigSchema, env);
}

/** The table alone: for functions that touch nothing else (the SES event handler, the import CLI). */
export const TableConfigSchema = z.object({ TABLE_NAME: z.string().min(3) });

/** Validates environment variables against a schema; the error lists every missing or wrong one. */
export function parseEnvironment<T>(schema: z.ZodType<T>, env: NodeJS.ProcessEnv = process.env): T {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new InvalidInputError(`configuration is incomplete or wrong (environment variables):\n  ${describeIssues(result.error).join('\n  ')}`);
  }
  return result.data;
}
