import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';

const lambdaFunction = process.env.AWS_LAMBDA_FUNCTION_NAME;

/**
 * The one structured logger (Powertools): a JSON line per event with a timestamp, the service,
 * where it ran (`origin`) and, once a handler called startInvocation, the Lambda request id and
 * the invocation's actor and run.
 *
 * In Lambda the function's log level (AWS_LAMBDA_LOG_LEVEL, set by the stack) applies. Elsewhere
 * (the CLI, tests) it is silent unless POWERTOOLS_LOG_LEVEL or LOG_LEVEL asks for lines: the CLI
 * talks to the operator in its own words, and its changes are recorded in the table's audit trail.
 */
export const logger = new Logger({
  serviceName: 'rapportbode',
  logLevel: lambdaFunction || process.env.POWERTOOLS_LOG_LEVEL || process.env.LOG_LEVEL ? undefined : 'SILENT',
  persistentKeys: { origin: lambdaFunction ? `lambda:${lambdaFunction}` : `cli:${hostname()}` },
});

export interface InvocationKeys {
  /** Who started it: the operator's name, `scheduler`, `ses`, or the S3 uploader's principal. */
  readonly actor: string;
  readonly runId?: string;
}

/**
 * At the start of each invocation: the keys of the previous one go, the Lambda request id and
 * this invocation's actor (and run, when known) are put on every line that follows.
 */
export function startInvocation(context: Context, keys: InvocationKeys): void {
  logger.resetKeys();
  logger.addContext(context);
  logger.appendKeys({ ...keys });
}

/** Adds the run id to every following line, once the invocation knows it. */
export function appendRunId(runId: string): void {
  logger.appendKeys({ runId });
}

/**
 * One line per send and per change an operator (or SES) makes, with what a log line must hold
 * (BIO 8.15.01): the action, its object, its result, the actor, the origin and the time — and
 * no recipient address: `object.recipient` is recipientRef's domain and hash.
 */
export interface ActionLog {
  /** e.g. `send report`, `resend report`, `recipient added`, `address blocked`. */
  readonly action: string;
  readonly object: {
    readonly run?: string;
    readonly delivery?: string;
    readonly municipality?: string;
    readonly recipient?: string;
    readonly file?: string;
  };
  /** e.g. `sent`, `failed`, `unknown`, `ok`. */
  readonly result: string;
  /** Overrides the invocation's actor (e.g. the operator a re-send was asked by). */
  readonly actor?: string;
  readonly reason?: string;
  readonly sesMessageId?: string;
  /** Numbers only (messages sent, addresses skipped, rows imported, …). */
  readonly counts?: Readonly<Record<string, number>>;
}

export function logAction(entry: ActionLog): void {
  const { action, reason, ...rest } = entry;
  logger.info(action, { action, ...rest, ...(reason === undefined ? {} : { reason: withoutAddresses(reason) }) });
}

/** SES names the addresses it refused in its reasons: logged as recipientRef instead. */
export function withoutAddresses(text: string): string {
  return text.replace(/[^\s<>(),;:"'\[\]]+@[^\s<>(),;:"'\[\]]+\.[A-Za-z]{2,}/g, (address) => recipientRef(address));
}

/**
 * An address as the logs name it: its domain and the first 16 hex digits of the SHA-256 of the
 * lower-cased address. Enough to match a line to a recipient the operator already knows (or to
 * the delivery log), not to read the address from the log.
 */
export function recipientRef(email: string): string {
  const address = email.trim().toLowerCase();
  const domain = address.slice(address.lastIndexOf('@') + 1);
  return `${domain}#${createHash('sha256').update(address).digest('hex').slice(0, 16)}`;
}
