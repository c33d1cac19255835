import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ENDPOINT_VARIABLES, type LocalStack, type Service, startLocalStack } from '../../functions/local/local-stack';
import { keepEnvironment } from './environment';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The emulators started for the run, by worker slot (VITEST_POOL_ID); test-stack's startTestStack uses them. */
    emulatorStacks: Record<string, Record<Service, string>>;
  }
}

/**
 * vitest globalSetup: one set of emulators (dynalite, s3rver, aws-ses-v2-local) per worker slot for
 * the whole run, instead of three new ones for every test file (about 1.3 s and 0.9 s of CPU each,
 * and emulators still cold for the file's first requests). vitest gives a slot (VITEST_POOL_ID,
 * 1 to maxWorkers) to one file at a time, so a file has its slot's emulators to itself: its own
 * table and buckets, and the SES store emptied when it starts (startTestStack).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rb-stacks-'));
  const stacks: LocalStack[] = [];
  const pids = () => stacks.flatMap((stack) => stack.started.map((emulator) => emulator.pid));
  // vitest exits at once on SIGINT/SIGTERM without this teardown; the emulators would follow when
  // their stdin closes, but are stopped here by pid all the same, and their data removed.
  const onExit = () => {
    pids().forEach(stopByPid);
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  const teardown = async () => {
    process.off('exit', onExit);
    await Promise.all(stacks.map((stack) => stack.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let slot = 1; slot <= slotCount(project); slot++) stacks.push(await startSlotStack(path.join(dir, `slot-${slot}`)));
  } catch (error) {
    await teardown();
    throw error;
  }
  project.provide('emulatorStacks', Object.fromEntries(stacks.map((stack, i) => [String(i + 1), stack.endpoints])));
  return teardown;
}

/** How many workers vitest runs this project's files in: its own resolution, in its order. */
function slotCount(project: TestProject): number {
  return project.config.maxWorkers || project.vitest.config.maxWorkers || Math.max(availableParallelism() - 1, 1);
}

/**
 * A stack of its own for a slot. startLocalStack reuses whatever AWS_ENDPOINT_URL_* names and sets
 * them (and local credentials) in process.env: vitest's own environment is put back afterwards, so
 * neither the next slot nor the workers vitest forks from it inherit them.
 */
async function startSlotStack(dataDir: string): Promise<LocalStack> {
  const putBack = keepEnvironment();
  for (const variable of Object.values(ENDPOINT_VARIABLES)) delete process.env[variable];
  try {
    return await startLocalStack({ dataDir });
  } finally {
    putBack();
  }
}

function stopByPid(pid: number): void {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // It has exited already.
  }
}
