import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveStore, archiveKeys } from '../../functions/adapters/s3-archive';
import { slug } from '../../functions/core/slug';
import { DEMO_ORGANISATION_FILE } from '../../functions/local/demo-data';
import { type TestStack, freshEnv, pdfText, runCli, scanTable, sesStore, startTestStack } from '../support/test-stack';

const DEMO = readFileSync(DEMO_ORGANISATION_FILE, 'utf8');
const QUARTERLY_FILE = path.resolve('examples/sociaal-domein-bel-huizen/organisatie.yaml');

const versions = async (tableName: string) =>
  (await scanTable(tableName)).filter((i) => i.pk === 'ORGANISATION' && String(i.sk).startsWith('V#')).map((i) => i.version as number).sort();

/** `organisation apply/export/show` as a policy officer uses them, against the emulators. */
describe('the organisation as data', () => {
  let stack: TestStack;
  const cli = (env: NodeJS.ProcessEnv, ...args: string[]) => runCli(args, { ...env, USER: 'beleid' });
  const file = (name: string, text: string) => {
    const target = path.join(stack.dir, name);
    writeFileSync(target, text);
    return target;
  };

  beforeAll(async () => {
    stack = await startTestStack('rb-org');
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('refuses every command that needs the organisation until one is applied, saying how', async () => {
    const { env } = await freshEnv(stack);
    const run = await cli(env, 'run', '--period', '2026-09');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('lees eerst het organisatiebestand in met: rapportbode organisation apply');
  });

  it('applies the file, exports it, and applying the export changes nothing', async () => {
    const { env, tableName } = await freshEnv(stack);
    const applied = await cli(env, 'organisation', 'apply', DEMO_ORGANISATION_FILE);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Werkzaak Rivierenland: versie 1 geldt nu');
    expect(applied.stdout).toContain('gemeenten: Buren, Culemborg');

    const exported = path.join(stack.dir, 'export.yaml');
    expect((await cli(env, 'organisation', 'export', exported)).code).toBe(0);
    const again = await cli(env, 'organisation', 'apply', exported);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('het bestand is gelijk aan de versie die geldt (versie 1); er is niets gewijzigd');
    expect(await versions(tableName)).toEqual([1]);

    const shown = await cli(env, 'organisation', 'show');
    expect(shown.stdout).toContain('# Versie 1, toegepast op');
    expect(shown.stdout).toContain('door beleid');
    expect(shown.stdout).toContain('naam: Werkzaak Rivierenland');

    const history = await cli(env, 'recipients', 'history');
    expect(history.stdout).toContain('organisatie.yaml als versie 1');
  });

  it('refuses a wrong file with its line and key, and writes nothing', async () => {
    const { env, tableName } = await freshEnv(stack);
    expect((await cli(env, 'organisation', 'apply', DEMO_ORGANISATION_FILE)).code).toBe(0);
    const text = DEMO.replace('eenheid: dagen', 'eenheid: euro');
    const wrong = await cli(env, 'organisation', 'apply', file('fout.yaml', text));
    expect(wrong.code).toBe(1);
    const line = text.split('\n').findIndex((l) => l.includes('eenheid: euro')) + 1;
    expect(wrong.stderr).toContain(`fout.yaml:${line} indicatoren[9].eenheid: "euro" is niet een van aantal, procent, dagen, minuten`);
    expect(wrong.stderr).not.toMatch(/^\s+at /m);
    expect(await versions(tableName)).toEqual([1]);
  });

  it('shows a change with --dry-run and applies nothing; removing a municipality with recipients needs --force', async () => {
    const { env, tableName } = await freshEnv(stack);
    const demo = await cli(env, 'organisation', 'apply', DEMO_ORGANISATION_FILE);
    expect(demo.code, demo.stderr).toBe(0);
    expect((await cli(env, 'recipients', 'add', '--gemeente', 'Buren', '--rol', 'ab-lid', '--naam', 'A. Jansen', '--email', 'a.jansen@buren.example')).code).toBe(0);

    const changed = file('nieuw.yaml', DEMO.replace(/ {2}- naam: Buren\n( {4}.*\n)*/, '').replace('{2025: 2350, 2026: 2250, 2027: 2200}', '{2025: 2350, 2026: 2250, 2027: 2150}'));
    const dry = await cli(env, 'organisation', 'apply', changed, '--dry-run', '--force');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('dit zou er veranderen (er is niets gewijzigd)');
    expect(dry.stdout).toContain('gemeente verwijderd: Buren');
    expect(dry.stdout).toContain('doel bijstand 2027: 2.200 → 2.150');
    expect(await versions(tableName)).toEqual([1]);

    const refused = await cli(env, 'organisation', 'apply', changed);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('gemeente Buren: 1 ontvanger, 0 cijfers');
    expect(refused.stderr).toContain('--forceer');
    expect(await versions(tableName)).toEqual([1]);

    const forced = await cli(env, 'organisation', 'apply', changed, '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain('versie 2 geldt nu');
    expect(forced.stdout).toContain('Blijven bewaard');
    expect(await versions(tableName)).toEqual([1, 2]);
  });

  it('opts a municipality out as a new version, and a second opt-out changes and records nothing; opts it in again', async () => {
    const { env, tableName } = await freshEnv(stack);
    expect((await cli(env, 'organisation', 'apply', DEMO_ORGANISATION_FILE)).code).toBe(0);
    const first = await cli(env, 'municipalities', 'opt-out', 'tiel');
    expect(first.stdout).toContain('Tiel ontvangt vanaf de volgende run geen rapport meer');
    const second = await cli(env, 'municipalities', 'opt-out', 'Tiel');
    expect(second.stdout).toContain('Tiel is al afgemeld; er is niets gewijzigd');
    expect(await versions(tableName)).toEqual([1, 2]);
    const exported = await cli(env, 'organisation', 'export');
    expect(exported.stdout).toMatch(/- naam: Tiel\n\s+ontvangt: false/);
    // And back in: the list shows it receiving again.
    expect((await cli(env, 'municipalities', 'opt-in', 'Tiel')).code).toBe(0);
    const listed = JSON.parse((await cli(env, 'municipalities', 'list', '--json')).stdout) as { municipalities: { name: string; optedOut: boolean }[] };
    expect(listed.municipalities.find((m) => m.name === 'Tiel')?.optedOut).toBe(false);
    expect(await versions(tableName)).toEqual([1, 2, 3]);
  });

  it('imports the yearly goals from CSV as a new version, all or nothing', async () => {
    const { env, tableName } = await freshEnv(stack);
    expect((await cli(env, 'organisation', 'apply', DEMO_ORGANISATION_FILE)).code).toBe(0);
    const wrong = await cli(env, 'goals', 'import', file('doelen-fout.csv', 'indicator;jaar;doel\nbijstand;2028;2.150\nwerkend;2028;120\n'));
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/rij 3.*meer dan 100/);
    expect(await versions(tableName)).toEqual([1]);

    const goals = await cli(env, 'goals', 'import', file('doelen.csv', 'indicator;jaar;doel\nbijstand;2028;2.150\nwerkend;2028;19,5\n'));
    expect(goals.code, goals.stderr).toBe(0);
    expect(goals.stdout).toContain('versie 2 van de organisatie geldt nu');
    expect(goals.stdout).toContain('doel bijstand 2028: nieuw 2.150');
    expect(goals.stdout).toContain('doel werkend 2028: nieuw 19,5');
    expect((await cli(env, 'organisation', 'export')).stdout).toMatch(/2028: 2150/);
    const again = await cli(env, 'goals', 'import', path.join(stack.dir, 'doelen.csv'));
    expect(again.stdout).toContain('deze doelen gelden al; er is niets gewijzigd');
    expect(await versions(tableName)).toEqual([1, 2]);
  });

  it('keeps the goals loaded with goals import when the file is applied again, and the file’s comments in the export', async () => {
    const { env } = await freshEnv(stack);
    const withoutGoals = DEMO.replace(/^ +doelen: .*\n/gm, '');
    expect((await cli(env, 'organisation', 'apply', file('organisatie.yaml', withoutGoals))).code).toBe(0);
    expect((await cli(env, 'goals', 'import', file('doelen.csv', 'indicator;jaar;doel\nbijstand;2026;2.450\n'))).code).toBe(0);

    const again = await cli(env, 'organisation', 'apply', file('organisatie-2.yaml', withoutGoals.replace('"0344 123 456"', '"0344 999 999"')));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Dit doel staat niet in het bestand en blijft gelden: bijstand 2026 (2.450).');
    expect(again.stdout).not.toContain('vervalt');

    const exported = (await cli(env, 'organisation', 'export')).stdout;
    expect(exported).toContain('# voert de Participatiewet niet via Werkzaak uit');
    expect(exported).toContain('doelen: {2026: 2450}');
    expect(exported).toContain('telefoon: "0344 999 999"');
  });

  it('runs the quarterly sociaal-domein example end to end with its own names and labels only, and keeps in the run the organisation version it used', async () => {
    const work = path.join(stack.dir, 'kwartaal');
    const { env, archiveBucket } = await freshEnv(stack);
    const demo = await runCli(['demo', '--organisation', QUARTERLY_FILE, '--period', '2026-07', '--dir', work], env);
    expect(demo.code, demo.stderr).toBe(0);

    // The file changes after the run: the run's archived snapshot keeps the version it used.
    const text = readFileSync(QUARTERLY_FILE, 'utf8');
    const renamed = await cli(env, 'organisation', 'apply', file('hernoemd.yaml', text.replace('naam: Sociaal Domein Huizen en BEL', 'naam: Sociaal Domein Huizen en BEL Oost')));
    expect(renamed.code, renamed.stderr).toBe(0);
    const snapshot = JSON.parse(Buffer.from(await new ArchiveStore(archiveBucket).get(archiveKeys.snapshot('2026-07-final'))).toString('utf8')) as {
      input: { organisation: { version: number; config: { name: string } } };
    };
    expect(snapshot.input.organisation.version).toBe(1);
    expect(snapshot.input.organisation.config.name).toBe('Sociaal Domein Huizen en BEL');
    expect((await cli(env, 'organisation', 'show')).stdout).toContain('# Versie 2');

    expect(demo.stdout).toContain('Run 2026-07-final (juli–september 2026)');
    const mails = await sesStore(stack);
    const quarterly = mails.filter((m) => m.subject.includes('Kwartaalrapportage Sociaal Domein Huizen en BEL'));
    expect(quarterly.map((m) => m.subject.split(' – ')[1]).sort()).toEqual(['Blaricum', 'Eemnes', 'Huizen', 'Laren']);
    for (const municipality of ['Huizen', 'Blaricum', 'Laren', 'Eemnes']) {
      const { text } = await pdfText(readFileSync(path.join(work, 'outbox', '2026-07-final', `${slug(municipality)}.pdf`)));
      expect(text).toContain('Kwartaalrapportage');
      expect(text).toContain('juli–september 2026');
      expect(text).toContain('Huishoudelijke hulp, gemiddeld per week');
      expect(text).toContain('minuten');
      expect(text).toContain('per kwartaal');
      expect(text).toContain(`Gemeentespecifieke paragraaf ${municipality}`);
      expect(text).not.toMatch(/Werkzaak|Rivierenland|Bijstandsuitkeringen|Tiel/);
      for (const other of ['Huizen', 'Blaricum', 'Laren', 'Eemnes'].filter((m) => m !== municipality)) {
        expect(text).not.toContain(`paragraaf ${other}`);
      }
    }
  });
});
