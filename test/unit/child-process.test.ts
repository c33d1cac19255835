import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChildNotReadyError, spawnUntilReady, stopChild } from '../../functions/local/child-process';

const dir = mkdtempSync(path.join(tmpdir(), 'rb-child-'));
function script(name: string, source: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, source);
  return file;
}

const pickPort = (message: Record<string, unknown>) => (typeof message.port === 'number' ? message.port : undefined);

describe('a child process started until it is ready', () => {
  it('returns once a JSON line names what is needed, skipping lines that do not, and is stopped by its pid', async () => {
    const ready = script('ready.mjs', "console.log(JSON.stringify({ starting: true })); console.log(JSON.stringify({ port: 4321 })); setInterval(() => {}, 1000);");
    const { child, ready: port } = await spawnUntilReady(ready, [], pickPort);
    expect(port).toBe(4321);
    expect(child.exitCode).toBeNull();
    await stopChild(child);
    expect(child.signalCode).toBe('SIGTERM');
  });

  it('says it exited first, with the tail of its stderr and its exit code', async () => {
    const fails = script('fails.mjs', "console.error('Error: the store is locked'); process.exit(3);");
    const error = await spawnUntilReady(fails, [], pickPort).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChildNotReadyError);
    expect(error).toMatchObject({ exited: true, exitCode: 3 });
    expect((error as ChildNotReadyError).stderr).toContain('the store is locked');
  });

  it('stops a child that prints something that is not JSON, and says it did not get ready', async () => {
    const chatty = script('chatty.mjs', "console.log('listening on a port'); setInterval(() => {}, 1000);");
    const error = (await spawnUntilReady(chatty, [], pickPort).catch((e: unknown) => e)) as ChildNotReadyError;
    expect(error).toMatchObject({ exited: false });
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });
});
