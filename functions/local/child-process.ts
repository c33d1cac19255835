import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 3_000;

/** Why a child did not get ready: it exited first, or reading it failed (a bad line, the timeout's kill). */
export class ChildNotReadyError extends Error {
  constructor(
    readonly exited: boolean,
    /** The tail of what it printed on stderr. */
    readonly stderr: string,
    readonly exitCode: number | null,
    options?: ErrorOptions,
  ) {
    super(exited ? `exited before it was ready (exit code ${exitCode})` : 'did not get ready', options);
  }
}

/**
 * Starts `node script ...args` and reads its stdout until `pick` finds what it needs in a JSON
 * line (a port, an issuer). stdin stays a pipe: the child exits when it closes, that is when this
 * process dies. A child that exits first, prints no JSON or takes longer than the timeout is
 * stopped by its pid and a ChildNotReadyError says why.
 */
export async function spawnUntilReady<T>(script: string, args: readonly string[], pick: (message: Record<string, unknown>) => T | undefined): Promise<{ child: ChildProcess; ready: T }> {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const timer = setTimeout(() => child.kill('SIGKILL'), START_TIMEOUT_MS);
  try {
    for await (const line of lines) {
      const ready = pick(JSON.parse(line) as Record<string, unknown>);
      if (ready !== undefined) {
        child.stdout?.resume(); // keep draining what it prints later, so it never blocks on a full pipe
        return { child, ready };
      }
    }
    // stdout ends before the exit is reported: wait a moment for the exit code.
    if (child.exitCode === null && child.signalCode === null) await Promise.race([once(child, 'exit'), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
    throw new ChildNotReadyError(child.exitCode !== null || child.signalCode !== null, stderr, child.exitCode);
  } catch (error) {
    await stopChild(child);
    if (error instanceof ChildNotReadyError) throw error;
    throw new ChildNotReadyError(false, stderr, child.exitCode, { cause: error });
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
