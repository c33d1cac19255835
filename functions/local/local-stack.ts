import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { projectRoot } from '../adapters/project-root';
import { RapportbodeError } from '../core/errors';
import { ChildNotReadyError, spawnUntilReady, stopChild } from './child-process';

/** The SDK's own endpoint variables: when one is set, that service is used as it is. */
export const ENDPOINT_VARIABLES = {
  dynamodb: 'AWS_ENDPOINT_URL_DYNAMODB',
  s3: 'AWS_ENDPOINT_URL_S3',
  ses: 'AWS_ENDPOINT_URL_SES',
} as const;

export type Service = keyof typeof ENDPOINT_VARIABLES;

const ANSWER_TIMEOUT_MS = 1_000;
/** In the map: the endpoints of the stack a running process holds there, and that process's pid. */
export const STACK_FILE = 'stack.json';

export interface RunningEmulator {
  readonly service: Service;
  readonly pid: number;
  readonly endpoint: string;
}

export interface LocalStack {
  readonly endpoints: Record<Service, string>;
  /** Only the emulators this stack started itself; the others were given by the environment or another process. */
  readonly started: readonly RunningEmulator[];
  /** Stops every emulator it started, by pid. Safe to call twice. */
  stop(): Promise<void>;
}

export class EmulatorStartError extends RapportbodeError {}

/**
 * Starts an emulator on loopback for every service whose AWS_ENDPOINT_URL_* is not set, and
 * points the SDK at them through those same variables. Credentials and region get harmless local
 * values when none are set (s3rver accepts only S3RVER/S3RVER).
 */
export async function startLocalStack(options: { dataDir: string }): Promise<LocalStack> {
  // One stack per map: an emulator's store can be held by one process only, so use the running one.
  const shared = await runningStack(options.dataDir);
  for (const service of Object.keys(ENDPOINT_VARIABLES) as Service[]) {
    if (shared) process.env[ENDPOINT_VARIABLES[service]] ??= shared.endpoints[service];
  }
  const children: { service: Service; child: ChildProcess; endpoint: string }[] = [];
  const stop = async () => {
    if (children.length > 0) forgetStack(options.dataDir);
    await Promise.all(children.splice(0).map(({ child }) => stopChild(child)));
  };
  try {
    for (const service of Object.keys(ENDPOINT_VARIABLES) as Service[]) {
      if (process.env[ENDPOINT_VARIABLES[service]]) continue;
      const dir = path.join(options.dataDir, service);
      mkdirSync(dir, { recursive: true });
      // SES keeps its mails in memory; DynamoDB and S3 keep theirs in the data directory.
      const { child, port } = await spawnEmulator(service, service === 'ses' ? '' : dir);
      const endpoint = `http://127.0.0.1:${port}`;
      children.push({ service, child, endpoint });
      process.env[ENDPOINT_VARIABLES[service]] = endpoint;
    }
  } catch (error) {
    await stop();
    throw error;
  }
  process.env.AWS_REGION ??= 'eu-west-1';
  process.env.AWS_ACCESS_KEY_ID ??= 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'S3RVER';
  // s3rver computes no CRC checksums; ask the SDK for them only where S3 requires them.
  process.env.AWS_REQUEST_CHECKSUM_CALCULATION ??= 'WHEN_REQUIRED';
  process.env.AWS_RESPONSE_CHECKSUM_VALIDATION ??= 'WHEN_REQUIRED';

  const endpoints = Object.fromEntries(
    (Object.keys(ENDPOINT_VARIABLES) as Service[]).map((s) => [s, process.env[ENDPOINT_VARIABLES[s]] as string]),
  ) as Record<Service, string>;
  if (children.length > 0) writeFileSync(path.join(options.dataDir, STACK_FILE), `${JSON.stringify({ pid: process.pid, endpoints }, null, 2)}\n`);
  return {
    endpoints,
    started: children.map(({ service, child, endpoint }) => ({ service, pid: child.pid as number, endpoint })),
    stop,
  };
}

interface StackFile {
  readonly pid: number;
  readonly endpoints: Record<Service, string>;
}

/**
 * The stack another process holds on this map: its file, its process alive and every endpoint
 * answering. A file left by a process that died (SIGKILL, a crash) is removed.
 */
async function runningStack(dataDir: string): Promise<StackFile | undefined> {
  const file = path.join(dataDir, STACK_FILE);
  let stack: StackFile;
  try {
    stack = JSON.parse(readFileSync(file, 'utf8')) as StackFile;
  } catch {
    return undefined;
  }
  const services = Object.keys(ENDPOINT_VARIABLES) as Service[];
  const live = isAlive(stack.pid) && (await Promise.all(services.map((s) => answers(stack.endpoints?.[s])))).every(Boolean);
  if (live) return stack;
  rmSync(file, { force: true });
  return undefined;
}

/** Removes the map's stack file, if it is still this process's. */
function forgetStack(dataDir: string): void {
  const file = path.join(dataDir, STACK_FILE);
  try {
    if ((JSON.parse(readFileSync(file, 'utf8')) as StackFile).pid === process.pid) rmSync(file, { force: true });
  } catch {
    // no file, or not ours to read: nothing to forget
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it lives, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when something accepts a TCP connection at the endpoint's host and port. */
function answers(endpoint: string | undefined): Promise<boolean> {
  let url: URL;
  try {
    url = new URL(endpoint ?? '');
  } catch {
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(ANSWER_TIMEOUT_MS, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The line of an emulator's stderr that says what went wrong, so the message stays one line. */
function whyNot(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /error/i.test(l)) ?? lines[0] ?? '';
}

/** Started by path, from the repository root: this module may run from a bundle elsewhere. */
function emulatorScript(): string {
  return path.join(projectRoot(), 'functions', 'local', 'emulator-process.mjs');
}

async function spawnEmulator(service: Service, dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  try {
    const { child, ready: port } = await spawnUntilReady(emulatorScript(), [service, dataDir], (message) => {
      const port = Number(message.port);
      return Number.isInteger(port) && port > 0 ? port : undefined;
    });
    return { child, port };
  } catch (error) {
    if (!(error instanceof ChildNotReadyError)) throw error;
    const why = whyNot(error.stderr);
    if (error.exited) throw new EmulatorStartError(`de ${service}-emulator stopte voordat hij luisterde (${why || `exitcode ${error.exitCode}`}); controleer de map ${dataDir} en probeer het opnieuw`);
    throw new EmulatorStartError(`de ${service}-emulator startte niet (${why || String(error.cause)}); controleer de map ${dataDir} en probeer het opnieuw`, { cause: error });
  }
}
