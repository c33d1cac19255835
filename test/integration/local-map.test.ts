import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withLocalStack } from '../../functions/cli/local-session';
import { DEMO_ORGANISATION_FILE } from '../../functions/local/demo-data';
import { ENDPOINT_VARIABLES, STACK_FILE } from '../../functions/local/local-stack';
import { runCli, scanTable } from '../support/test-stack';

/** The variables that point a command at a stack; without them it uses the stack of its --map. */
const STACK_VARIABLES = [...Object.values(ENDPOINT_VARIABLES), 'TABLE_NAME', 'ARCHIVE_BUCKET', 'INGEST_BUCKET', 'RAPPORTBODE_OUTBOX'];

/**
 * Commands on a map of the operator's choosing, as an operator types them: no endpoints in the
 * environment, so each command uses the local stack of its --map (starting it, or the one a
 * running console holds there).
 */
describe('commands on a local map', () => {
  let root: string;
  let map: string;
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !STACK_VARIABLES.includes(name)));
  const cli = (...args: string[]) => runCli(args, { ...env, USER: 'tester' });

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'rb-map-'));
    map = path.join(root, 'werkzaak');
    const applied = await cli('organisation', 'apply', DEMO_ORGANISATION_FILE, '--map', map);
    expect(applied.code, applied.stderr).toBe(0);
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('shows the cycle status of the map and the day it is asked for', async () => {
    // Act
    const status = await cli('cycle', 'status', '--map', map, '--vandaag', '2026-11-20', '--json');
    // Assess
    expect(status.code, status.stderr).toBe(0);
    const shown = JSON.parse(status.stdout) as { today: string; periods: { period: string; state: string }[] };
    expect(shown.today).toBe('2026-11-20');
    expect(shown.periods.map((p) => p.period)).toContain('2026-09');
  });

  it('uses the stack a running console holds on the map, and starts no emulator of its own', async () => {
    // Prepare: the map's stack started the way `rapportbode console` starts it
    for (const variable of Object.values(ENDPOINT_VARIABLES)) delete process.env[variable];
    await withLocalStack(map, async (stack) => {
      // Act
      const added = await cli('recipients', 'add', '--gemeente', 'Tiel', '--rol', 'ab-lid', '--naam', 'Nieuw Lid', '--email', 'nieuw@tiel.example', '--map', map);
      // Assess: written into the console's emulator, which still holds the map
      expect(added.code, added.stderr).toBe(0);
      const items = await scanTable(process.env.TABLE_NAME as string);
      expect(items).toContainEqual(expect.objectContaining({ email: 'nieuw@tiel.example', municipality: 'Tiel' }));
      expect(JSON.parse(readFileSync(path.join(map, STACK_FILE), 'utf8'))).toEqual({ pid: process.pid, endpoints: stack.endpoints });
    });
    expect(existsSync(path.join(map, STACK_FILE))).toBe(false);
    for (const variable of Object.values(ENDPOINT_VARIABLES)) delete process.env[variable];
  });

  it('ignores and removes what a stopped process left in the map', async () => {
    // Prepare: the file of a process that is gone, its endpoints closed
    const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    const dead = { pid: Number(gone.stdout.trim()), endpoints: { dynamodb: 'http://127.0.0.1:9', s3: 'http://127.0.0.1:9', ses: 'http://127.0.0.1:9' } };
    writeFileSync(path.join(map, STACK_FILE), JSON.stringify(dead));
    // Act
    const list = await cli('recipients', 'list', '--gemeente', 'Tiel', '--json', '--map', map);
    // Assess
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toContainEqual(expect.objectContaining({ email: 'nieuw@tiel.example' }));
    expect(existsSync(path.join(map, STACK_FILE))).toBe(false);
  });
});
