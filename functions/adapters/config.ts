import { z } from 'zod';
import { InvalidInputError } from '../core/errors';
import { describeIssues } from '../core/validation';

/**
 * Days that records of deliveries, re-sends, SES events and changes are kept before DynamoDB
 * deletes them (TTL). Set by the stack from its `bewaartermijn`; unset, nothing expires (the
 * local stack).
 */
const RETENTION_DAYS = z.coerce.number().int().min(1).max(36_600).optional();

/**
 * The run's lease, renewed after every PDF and every mail. Two bounds:
 * - longer than the longest gap between renewals of a live worker: the browser's start and the
 *   first PDF (3.9 s from a cold process, README Performance), one print (~0.2–0.4 s), or one
 *   mail: a send slot (1 s at 1/s), the S3 put of the .eml and SES with its throttling retries
 *   (at most 22.6 s of back-off, each retry waiting for a slot of its own) — about 30 s at worst.
 *   A print that hangs is cut off at 60 s and fails the run; until then the lease may lapse, which
 *   matters only if a second worker exists (the run function allows one execution at a time);
 * - shorter than Lambda's first retry of a failed asynchronous invocation (about 1 minute after
 *   a crash or a timeout), so that retry continues the run instead of finding it held.
 * The deployed run function gets this value too (infra/report-run.ts).
 */
export const DEFAULT_LEASE_SECONDS = 45;

/**
 * The settings every entry point needs, read from the environment once and validated: a missing
 * table or bucket name is an error at start, never a silent default.
 */
/** The console's local server, where the link pages are served when no other address is set. */
export const DEFAULT_LINK_PAGES_PORT = 4380;
export const DEFAULT_LINK_PAGES_URL = `http://127.0.0.1:${DEFAULT_LINK_PAGES_PORT}`;

const ConfigSchema = z.object({
  TABLE_NAME: z.string().min(3),
  RETENTION_DAYS,
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
   * belongs to a dead worker and is taken over. See DEFAULT_LEASE_SECONDS.
   */
  LEASE_SECONDS: z.coerce.number().int().min(0).max(3600).default(DEFAULT_LEASE_SECONDS),
  /**
   * Where the pages a personal link opens live (answer, evaluation, upload, web edition): the
   * address mails put before `/antwoord/<token>` etc. Locally the console's server
   * (`npm run console`, default port 4380); in AWS the stack sets its public address.
   */
  LINK_PAGES_URL: z.string().url().default(DEFAULT_LINK_PAGES_URL),
  /** In AWS: the Secrets Manager secret that holds the key signing personal links. */
  LINK_KEY_SECRET_ARN: z.string().min(20).optional(),
  /** Locally: the map (`--map`) whose `link-key` file signs personal links (set by the local session). */
  RAPPORTBODE_LINK_KEY_DIR: z.string().min(1).optional(),
  /** In AWS: the bucket of the web edition's pages (behind CloudFront). Unset: no web edition. */
  WEB_BUCKET: z.string().min(3).optional(),
  /** Locally: the folder of the web edition, `<map>/web` (set by the local session); the console serves it under `/editie/`. */
  RAPPORTBODE_WEB_DIR: z.string().min(1).optional(),
  /**
   * Where the web editions are read, without a trailing slash: `<WEB_URL>/<gemeente>/`. Locally
   * unset: the console serves them at `<LINK_PAGES_URL>/editie`. In AWS the stack sets the
   * editions' CloudFront address; the `lezen` link goes to the same origin, so the reading cookies
   * it sets reach the pages (infra/web-edition.ts).
   */
  WEB_URL: z.string().url().optional(),
  /** In AWS: who may read the editions as the stack serves them (context webPublication); a run of another `publicatie` is refused. */
  WEB_PUBLICATION: z.enum(['besloten', 'openbaar']).optional(),
  /** In AWS: the id of the public key CloudFront trusts for the editions' signed cookies. */
  EDITION_KEY_PAIR_ID: z.string().min(1).optional(),
  /** In AWS: the Secrets Manager secret with the matching private key (PEM). */
  EDITION_SIGNING_KEY_SECRET_ARN: z.string().min(20).optional(),
});

export type Config = z.infer<typeof ConfigSchema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return parseEnvironment(ConfigSchema, env);
}

/** The table alone: for functions that touch nothing else (the SES event handler, the import CLI). */
export const TableConfigSchema = z.object({ TABLE_NAME: z.string().min(3), RETENTION_DAYS });

/** Validates environment variables against a schema; the error lists every missing or wrong one. */
export function parseEnvironment<T>(schema: z.ZodType<T>, env: NodeJS.ProcessEnv = process.env): T {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new InvalidInputError(`de configuratie (omgevingsvariabelen) is onvolledig of onjuist; zet deze variabelen:\n  ${describeIssues(result.error).join('\n  ')}`);
  }
  return result.data;
}
