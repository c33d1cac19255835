import { type ChildProcess, spawn } from 'node:child_process';
import { Console } from 'node:console';
import type { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { ScanCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { extractText, getDocumentProxy } from 'unpdf';
import { inject } from 'vitest';
import { ENDPOINT_VARIABLES, type LocalStack, type Service, startLocalStack } from '../../functions/local/local-stack';
import { provisionLocalResources } from '../../functions/local/provision';
import { keepEnvironment, setEnvironment } from './environment';

export interface TestStack extends LocalStack {
  readonly dir: string;
  /** Environment for a CLI child process: the endpoints of this stack and unique names. */
  readonly env: NodeJS.ProcessEnv;
  readonly names: { tableName: string; archiveBucket: string; ingestBucket: string };
  /** Removes the data folder; stops the emulators by pid when the stack started its own. */
  close(): Promise<void>;
}

export interface TestStackOptions {
  /** Emulators of its own instead of the worker slot's (emulator-stacks.ts): for a file that needs them started otherwise. */
  own?: boolean;
}

/**
 * Real emulators for a test file, with a table and buckets of unique names, so no other test file
 * ever sees its data: the emulators of its worker slot (emulator-stacks.ts), with the SES store
 * emptied first, or, with `own` or without that globalSetup (vitest without this config), its own.
 */
export async function startTestStack(prefix = 'rb', options: TestStackOptions = {}): Promise<TestStack> {
  const dir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  const shared = options.own ? undefined : slotEmulators();
  // This process's SDK clients point at the slot's emulators, or at the ones started here.
  for (const variable of Object.values(ENDPOINT_VARIABLES)) delete process.env[variable];
  for (const [service, endpoint] of Object.entries(shared ?? {})) process.env[ENDPOINT_VARIABLES[service as Service]] = endpoint;
  const stack = await startLocalStack({ dataDir: dir });
  // The file before it in this slot left its mails there: a file counts only its own.
  if (shared) await clearSesStore(stack);
  const id = path.basename(dir).toLowerCase().replace(/[^a-z0-9]/g, '');
  const names = { tableName: `t-${id}`, archiveBucket: `archive-${id}`, ingestBucket: `ingest-${id}` };
  try {
    await provisionLocalResources({ tableName: names.tableName, buckets: [names.archiveBucket, names.ingestBucket] });
  } catch (error) {
    await stack.stop();
    throw error;
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ENDPOINT_URL_DYNAMODB: stack.endpoints.dynamodb,
    AWS_ENDPOINT_URL_S3: stack.endpoints.s3,
    AWS_ENDPOINT_URL_SES: stack.endpoints.ses,
    TABLE_NAME: names.tableName,
    ARCHIVE_BUCKET: names.archiveBucket,
    INGEST_BUCKET: names.ingestBucket,
    // Local commands keep a copy of every mail they send; here, inside the test's folder.
    RAPPORTBODE_OUTBOX: path.join(dir, 'outbox'),
    // Personal links are signed with the test's own key, never one in the repository's default map.
    RAPPORTBODE_LINK_KEY_DIR: dir,
    // The emulator has no rate limit: a CLI's sends are not spaced out here (the local default of
    // five a second left the suite waiting; pacing itself is a use-case and a reliability test).
    MAX_SEND_RATE: '1000',
  };
  // In-process use of the wiring (a console, a handler) signs with the same key.
  process.env.RAPPORTBODE_LINK_KEY_DIR = dir;
  return {
    ...stack,
    dir,
    env,
    names,
    close: async () => {
      await stack.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The emulators globalSetup started for this worker slot, if any (vitest gives a slot to one file at a time). */
function slotEmulators(): Record<Service, string> | undefined {
  const slot = process.env.VITEST_POOL_ID;
  return slot === undefined ? undefined : inject('emulatorStacks')?.[slot];
}

export interface StoredMail {
  messageId: string;
  from: string;
  subject: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  body: { text?: string; html?: string };
  attachments: { filename: string; contentType: string; content: string }[];
}

/** The mails the SES emulator received, as it stored them. */
export async function sesStore(stack: LocalStack): Promise<StoredMail[]> {
  const response = await fetch(`${stack.endpoints.ses}/store`);
  const body = (await response.json()) as { emails: StoredMail[] };
  return body.emails;
}

/** Bare addresses from `"Name" <address>` lists. */
export function addresses(list: readonly string[]): string[] {
  return list
    .flatMap((entry) => entry.split(','))
    .map((a) => (/<([^>]+)>/.exec(a)?.[1] ?? a).trim().toLowerCase())
    .filter(Boolean)
    .sort();
}

/**
 * The text a reader sees, with runs of white space made one space: a label that wraps in a table
 * cell ("Uitkeringsgerechtigden / met inkomsten uit werk") is still found as one phrase.
 */
export async function pdfText(pdf: Uint8Array): Promise<{ text: string; pages: number }> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { text, totalPages } = await extractText(doc, { mergePages: true });
  return { text: text.replace(/\s+/g, ' '), pages: totalPages };
}

export async function scanTable(tableName: string): Promise<Record<string, unknown>[]> {
  const client = new DynamoDBClient({});
  try {
    const items: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, never> | undefined;
    do {
      const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey }));
      items.push(...(page.Items ?? []).map((i) => unmarshall(i)));
      ExclusiveStartKey = page.LastEvaluatedKey as typeof ExclusiveStartKey;
    } while (ExclusiveStartKey);
    return items;
  } finally {
    client.destroy();
  }
}

/** The command an operator runs: package.json's bin, which starts the TypeScript through tsx. */
const OPERATOR_BIN = path.resolve(import.meta.dirname, '../../functions/cli/bin.mjs');

/**
 * How a test starts the CLI: the bundle made for this run (cli-bundle.ts), on this Node,
 * with V8's compile cache beside it; or, for `asOperator` and when no bundle was built (vitest
 * without this config), the bin an operator runs.
 */
function cliCommand(asOperator: boolean): { args: string[]; env: NodeJS.ProcessEnv } {
  const bundle = asOperator ? undefined : inject('cliBundle');
  if (!bundle) return { args: [OPERATOR_BIN], env: {} };
  return { args: ['--enable-source-maps', bundle], env: { NODE_COMPILE_CACHE: path.join(path.dirname(bundle), 'compile-cache') } };
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliProcess {
  readonly child: ChildProcess;
  readonly result: Promise<CliResult>;
  /** Resolves when the CLI has printed `text` on stdout. */
  waitForOutput(text: string): Promise<void>;
  /** What it printed on stdout so far. */
  output(): string;
}

export interface CliOptions {
  /** For a child process: killed after this long. */
  timeoutMs?: number;
  /** Start it exactly as an operator does (the package's bin through tsx), not from the test bundle. */
  asOperator?: boolean;
  /** A child process of its own (the test bundle), for a call that needs one; say why where it is used. */
  process?: boolean;
}

/** Starts the `rapportbode` CLI as one child process, so its pid is the CLI's. */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv, options: CliOptions = {}): CliProcess {
  const command = cliCommand(options.asOperator ?? false);
  const child = spawn(process.execPath, [...command.args, ...args], { env: { ...command.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const watchers: { text: string; resolve: () => void }[] = [];
  child.stdout?.on('data', (c: Buffer) => {
    stdout += c.toString();
    for (const w of watchers.filter((w) => stdout.includes(w.text))) w.resolve();
  });
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 110_000);
  const result = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    child,
    result,
    waitForOutput: (text) => (stdout.includes(text) ? Promise.resolve() : new Promise((resolve) => watchers.push({ text, resolve }))),
    output: () => stdout,
  };
}

/**
 * Runs the `rapportbode` CLI to its end and gives what an operator sees: exit code, stdout, stderr.
 * Inside this process (runInProcess), unless the test needs a process of its own (`process`,
 * `asOperator`): loading the CLI is most of a call's CPU (~0.5 s for the bundle), paid once per file.
 */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv, options: CliOptions = {}): Promise<CliResult> {
  if (options.process || options.asOperator) return startCli(args, env, options).result;
  return runInProcess(args, env);
}

/** In-process calls take turns: while one runs it owns process.env, stdout, stderr and the console. */
let inProcessTurn: Promise<unknown> = Promise.resolve();

/** Runs the CLI in this process after the calls before it, as a child would run it: see runOnce. */
export function runInProcess(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  const result = inProcessTurn.then(() => runOnce(args, env));
  inProcessTurn = result.catch(() => undefined);
  return result;
}

/** Process-wide listeners a command may add (local-session.ts: Ctrl-C stops the emulators); none may stay. */
const PROCESS_EVENTS = ['SIGINT', 'SIGTERM', 'exit', 'beforeExit', 'uncaughtException', 'unhandledRejection'];

/**
 * One call with exactly `env` as process.env, stdout and stderr (process.stdout/stderr and the
 * console) captured, and everything put back afterwards. The CLI module is imported here, so a
 * file that never calls the CLI does not load it. A listener the call left on the process fails it:
 * in a child it would have gone with the process, here it would act on the next call.
 */
async function runOnce(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  const { runRapportbode } = await import('../../functions/cli/run-cli');
  const stdout = new CapturedOutput();
  const stderr = new CapturedOutput();
  const emitter: EventEmitter = process;
  const listenersBefore = new Map(PROCESS_EVENTS.map((event) => [event, emitter.listeners(event)]));
  const restore = [useEnvironment(env), useOutput(stdout, stderr)];
  // A child prints Node's warnings (a deprecation, too many listeners) on its stderr; here they go there too.
  const onWarning = (warning: Error) => stderr.write(`(node:${process.pid}) ${warning.name}: ${warning.message}\n`);
  process.on('warning', onWarning);
  restore.push(() => process.off('warning', onWarning));
  let code: number;
  try {
    code = await runRapportbode(args);
  } finally {
    for (const undo of restore.reverse()) undo();
  }
  const left = PROCESS_EVENTS.flatMap((event) => {
    const added = emitter.listeners(event).filter((l) => !listenersBefore.get(event)?.includes(l));
    for (const listener of added) emitter.off(event, listener as () => void);
    return added.map(() => event);
  });
  if (left.length > 0) throw new Error(`rapportbode ${args.join(' ')} left listeners on the process: ${left.join(', ')}`);
  return { code, signal: null, stdout: stdout.text(), stderr: stderr.text() };
}

/** process.env is exactly `env` until the returned function puts the test's own back. */
function useEnvironment(env: NodeJS.ProcessEnv): () => void {
  const putBack = keepEnvironment();
  setEnvironment(env);
  return putBack;
}

/**
 * process.stdout and process.stderr replaced by `stdout` and `stderr`, and the console by one
 * writing to them (vitest gives each worker a console of its own, which would not go there).
 * Like a child's piped output they are no TTY: commander's help has its 80 columns, no colours.
 */
function useOutput(stdout: CapturedOutput, stderr: CapturedOutput): () => void {
  const streams = { stdout: Object.getOwnPropertyDescriptor(process, 'stdout'), stderr: Object.getOwnPropertyDescriptor(process, 'stderr') };
  const console = globalThis.console;
  Object.defineProperty(process, 'stdout', { configurable: true, enumerable: true, get: () => stdout });
  Object.defineProperty(process, 'stderr', { configurable: true, enumerable: true, get: () => stderr });
  globalThis.console = new Console({ stdout, stderr });
  return () => {
    globalThis.console = console;
    Object.defineProperty(process, 'stdout', streams.stdout as PropertyDescriptor);
    Object.defineProperty(process, 'stderr', streams.stderr as PropertyDescriptor);
  };
}

/** A stream that keeps what is written to it. */
class CapturedOutput extends Writable {
  private readonly chunks: Buffer[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.chunks.push(chunk);
    done();
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** Empties the SES emulator's mail store, so a test counts only its own mails. */
export async function clearSesStore(stack: LocalStack): Promise<void> {
  await fetch(`${stack.endpoints.ses}/clear-store`, { method: 'POST' });
}

let freshCount = 0;
/** A new table and buckets on the same emulators, for a test that must not see earlier data. */
export async function freshEnv(stack: TestStack): Promise<{ env: NodeJS.ProcessEnv; tableName: string; archiveBucket: string }> {
  freshCount++;
  const suffix = `${stack.names.tableName.slice(2)}-${freshCount}`;
  const names = { tableName: `t-${suffix}`, archiveBucket: `archive-${suffix}`, ingestBucket: `ingest-${suffix}` };
  await provisionLocalResources({ tableName: names.tableName, buckets: [names.archiveBucket, names.ingestBucket] });
  return {
    env: { ...stack.env, TABLE_NAME: names.tableName, ARCHIVE_BUCKET: names.archiveBucket, INGEST_BUCKET: names.ingestBucket },
    tableName: names.tableName,
    archiveBucket: names.archiveBucket,
  };
}
