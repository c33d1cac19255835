import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { projectRoot } from '../adapters/project-root';
import { RapportbodeError } from '../core/errors';

/** The SDK's own endpoint variables: when one is set, that service is used as it is. */
export const ENDPOINT_VARIABLES = {
  dynamodb: 'AWS_ENDPOINT_URL_DYNAMODB',
  s3: 'AWS_ENDPOINT_URL_S3',
  ses: 'AWS_ENDPOINT_URL_SES',
} as const;

export type Service = keyof typeof ENDPOINT_VARIABLES;

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 3_000;

export interface RunningEmulator {
  readonly service: Service;
  readonly pid: number;
  readonly endpoint: string;
}

export interface LocalStack {
  readonly endpoints: Record<Service, string>;
  /** Only the emulators this stack started itself; the others were given by the environment. */
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
  const children: { service: Service; child: ChildProcess; endpoint: string }[] = [];
  const stop = async () => {
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
  return {
    endpoints,
    started: children.map(({ service, child, endpoint }) => ({ service, pid: child.pid as number, endpoint })),
    stop,
  };
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
  // stdin stays a pipe: the emulator exits when it closes, that is when this process dies.
  const child = spawn(process.execPath, [emulatorScript(), service, dataDir], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const timer = setTimeout(() => child.kill('SIGKILL'), START_TIMEOUT_MS);
  try {
    for await (const line of lines) {
      const port = Number((JSON.parse(line) as { port?: unknown }).port);
      if (Number.isInteger(port) && port > 0) {
        child.stdout?.resume(); // keep draining what it prints later, so it never blocks on a full pipe
        return { child, port };
      }
    }
    throw new EmulatorStartError(`de ${service}-emulator stopte voordat hij luisterde (${whyNot(stderr) || `exitcode ${child.exitCode}`}); controleer de map ${dataDir} en probeer het opnieuw`);
  } catch (error) {
    await stopChild(child);
    if (error instanceof EmulatorStartError) throw error;
    throw new EmulatorStartError(`de ${service}-emulator startte niet (${whyNot(stderr) || String(error)}); controleer de map ${dataDir} en probeer het opnieuw`, { cause: error });
  } finally {
    clearTimeout(timer);
    lines.close();
  }
}

/** SIGTERM by pid, then SIGKILL by pid if it has not exited in time (the emulators and the local OIDC provider). */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS).unref());
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}
