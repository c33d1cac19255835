import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

  it('holds and frees a period on the map, and names the command to undo it with the same --map and --door', async () => {
    // Act
    const hold = await cli('release', '2026-09', '--aanhouden', '--map', map, '--door', 'p.pietersen');
    const status = await cli('cycle', 'status', '--map', map, '--vandaag', '2026-11-20', '--json');
    const freed = await cli('release', '2026-09', '--hervatten', '--map', map);
    // Assess
    expect(hold.code, hold.stderr).toBe(0);
    expect(hold.stdout).toContain(`2026-09 is aangehouden: er gaat niets uit tot rapportbode release --hervatten 2026-09 --map ${map} --door p.pietersen.`);
    expect((JSON.parse(status.stdout) as { periods: { period: string }[] }).periods.find((p) => p.period === '2026-09')).toMatchObject({ state: 'aangehouden', heldBy: 'p.pietersen' });
    expect(freed.code, freed.stderr).toBe(0);
    expect(freed.stdout).toContain('2026-09 is niet meer aangehouden');
  });

  it('says which map it read when that map holds nothing yet', async () => {
    // Prepare
    const empty = path.join(root, 'vergeten');
    // Act
    const first = await cli('runs', '--map', empty);
    const again = await cli('runs', '--map', empty);
    // Assess
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain(`Nieuwe lokale omgeving in ${empty}: daar stonden nog geen gegevens. Staan uw gegevens in een andere map, geef die dan met --map.`);
    expect(again.stderr).not.toContain('Nieuwe lokale omgeving');
  });

  it('says where a demo keeps its data when pointed at the demo\'s own --map, also when the command then fails', async () => {
    // Prepare: `demo --map X` keeps its stack in X/stack; the other commands read --map as the stack itself.
    const demo = path.join(root, 'demo');
    mkdirSync(path.join(demo, 'stack', 'dynamodb'), { recursive: true });
    // Act
    const status = await cli('cycle', 'status', '--map', demo);
    // Assess: it said only "er is nog geen organisatie ingesteld", as if the demo had not run
    expect(status.code).toBe(1);
    expect(status.stderr).toContain(`Nieuwe lokale omgeving in ${demo}: daar stonden nog geen gegevens. De gegevens van een demo in die map staan in ${path.join(demo, 'stack')}: geef --map ${path.join(demo, 'stack')}.`);
    expect(status.stderr).toContain('rapportbode: er is nog geen organisatie ingesteld');
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

  it('names the confirming command of a recipients import with the same --map', async () => {
    // Prepare: a list without the AB-lid added above
    const file = path.join(root, 'ontvangers.csv');
    writeFileSync(file, 'gemeente;rol;naam;email\n;reviewer;GBO;gbo@werkzaak.example\n');
    // Act
    const refused = await cli('recipients', 'import', file, '--map', map);
    // Assess
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`rapportbode recipients import ${file} --bevestig --map ${map}`);
  });
});
