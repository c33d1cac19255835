import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrganisationStore } from '../../functions/adapters/organisation-store';
import type { Figure, OrganisationConfig } from '../../functions/core/organisation';
import { parsePeriod } from '../../functions/core/periods';
import { sampleFigures } from '../../functions/local/sample-data';
import { applyDemoOrganisation, loadDemo, testOrganisation } from '../support/organisation';
import { startHoldProxy } from '../support/dynamodb-hold-proxy';
import { type TestStack, clearSesStore, freshEnv, runCli, scanTable, sesStore, startCli, startTestStack } from '../support/test-stack';
import { coldStart, lambdaContext } from '../support/lambda-context';

const DEMO = testOrganisation();
const MUNICIPALITIES = DEMO.municipalities;
const HEADER = 'gemeente;indicator;maand;waarde';

/** `count` months ending with 2026-10, oldest first. */
function monthsUpTo202610(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const index = 2026 * 12 + 9 - (count - 1 - i);
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

/** Every municipality × indicator × month, with a value valid for every unit (a whole number ≤ 100). */
function figuresFor(months: readonly string[], value: (i: number) => number): Figure[] {
  const figures: Figure[] = [];
  for (const { name } of MUNICIPALITIES) {
    for (const { id } of DEMO.indicators) {
      for (const month of months) figures.push({ municipality: name, indicator: id, month, value: value(figures.length) });
    }
  }
  return figures;
}

function sorted(figures: readonly Figure[]): Figure[] {
  const key = (f: Figure) => `${f.month}|${f.municipality}|${f.indicator}`;
  return [...figures].sort((a, b) => key(a).localeCompare(key(b)));
}

function csv(figures: readonly Figure[]): string {
  return `\uFEFF${HEADER}\r\n${figures.map((f) => `${f.municipality};${f.indicator};${f.month};${String(f.value).replace('.', ',')}`).join('\r\n')}\r\n`;
}

/** The figure items and import records of a table, to compare before and after. */
async function importData(tableName: string) {
  const items = await scanTable(tableName);
  return items.filter((i) => /^(FIGURES#|BENCHMARK$|IMPORT$)/.test(String(i.pk))).sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`));
}

// One stack for the file: the emulators' endpoints live in process.env for the whole process.
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack('rb-import');
});
afterAll(async () => {
  await stack?.close();
});

function file(name: string, content: string | Buffer): string {
  const p = path.join(stack.dir, name);
  writeFileSync(p, content);
  return p;
}

describe('rapportbode import: a CSV file, all rows or none', () => {

  /** A new table with the demo organisation (or `config`) in force, as `organisation apply` would leave it. */
  async function organisation(config: OrganisationConfig = DEMO) {
    const fresh = await freshEnv(stack);
    await applyDemoOrganisation(fresh.tableName, config);
    return { ...fresh, store: new OrganisationStore(fresh.tableName) };
  }

  it('imports a Dutch Excel export and counts every row as new', async () => {
    // Prepare
    const { env, store } = await organisation();
    const path1 = file('sep-okt.csv', `\uFEFF${HEADER}\r\nTiel;bijstand;2026-09;1.234\r\nBUREN;doorlooptijd;2026-09;"27,5"\r\n;;;\r\n`);
    // Act
    const result = await runCli(['import', path1], env);
    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Ingelezen: .*sep-okt\.csv \(cijfers; tekenset UTF-8 met BOM, scheidingsteken ;\), 2 rijen: 2 nieuw, 0 gewijzigd, 0 ongewijzigd\. Import \d{8}T\d{9}Z-[0-9a-f]{6}\./);
    expect(result.stdout).toMatch(/Duurde \d+,\d s, piekgeheugen/);
    expect((await store.figures(['2026-09'])).sort((a, b) => a.municipality.localeCompare(b.municipality))).toEqual([
      { municipality: 'Buren', indicator: 'doorlooptijd', month: '2026-09', value: 27.5 },
      { municipality: 'Tiel', indicator: 'bijstand', month: '2026-09', value: 1234 },
    ]);
  });

  it('imports what Dutch Excel writes: Windows-1252, sep=;, a trailing ";", NBSP thousands, an indicator by its label', async () => {
    // Prepare: "CSV (gescheiden door lijstscheidingsteken)" with a number format that groups thousands.
    const { env, store } = await organisation();
    const excel = Buffer.from(
      'sep=;\r\nGemeente;Indicator;Maand;Waarde;\r\nTiel;Bijstandsuitkeringen Participatiewet;2026-09;1\xa0234;\r\nBuren;Doorlooptijd aanvraag levensonderhoud;2026-09;27,5;\r\n;;;;\r\n',
      'latin1',
    );
    // Act
    const result = await runCli(['import', file('excel-ansi.csv', excel)], env);
    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('(cijfers; tekenset Windows-1252 (ANSI), scheidingsteken ;), 2 rijen: 2 nieuw');
    expect((await store.figures(['2026-09'])).sort((a, b) => a.municipality.localeCompare(b.municipality))).toEqual([
      { municipality: 'Buren', indicator: 'doorlooptijd', month: '2026-09', value: 27.5 },
      { municipality: 'Tiel', indicator: 'bijstand', month: '2026-09', value: 1234 },
    ]);
  });

  it('says a fault every row shares once, and lists every valid indicator, none cut off', async () => {
    // Prepare
    const { env, tableName } = await organisation();
    const rows = figuresFor(['2026-09', '2026-10'], () => 1).map((f) => `${f.municipality};${f.indicator};${f.month};${f.value};x`);
    const bad = file('extra-kolom.csv', `${HEADER}\n${rows.join('\n')}\nTiel;bijstandje;2026-09;1;\n`);
    // Act
    const result = await runCli(['import', bad], env);
    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`rijen 2–${rows.length + 1}: heeft 5 kolommen; verwacht 4 (gemeente;indicator;maand;waarde), gescheiden door ";"`);
    expect(result.stderr.match(/heeft 5 kolommen/g)).toHaveLength(1);
    expect(result.stderr).toContain(`Geldige waarden in kolom indicator: ${DEMO.indicators.map((i) => `${i.id} (${i.label})`).join(', ')}.`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await importData(tableName)).toEqual([]);
  });

  it('changes nothing when the same file is imported twice, and replaces a value that changed', async () => {
    // Prepare
    const { env, tableName, store } = await organisation();
    const figures = figuresFor(['2026-09', '2026-10'], () => 10);
    const first = file('twice.csv', csv(figures));
    expect((await runCli(['import', first], env)).code).toBe(0);
    const before = await importData(tableName);
    // Act
    const again = await runCli(['import', first], env);
    // Assess
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Niets nieuws in');
    expect(again.stdout).toContain(`${figures.length} rijen: 0 nieuw, 0 gewijzigd, ${figures.length} ongewijzigd`);
    expect(await importData(tableName)).toEqual(before);

    // Act: one value changed, one month added
    const changed = file('changed.csv', `${HEADER}\nTiel;bijstand;2026-10;11\nTiel;bijstand;2026-09;10\nTiel;bijstand;2026-08;7\n`);
    const update = await runCli(['import', changed], env);
    // Assess
    expect(update.stdout, update.stderr).toContain('3 rijen: 1 nieuw, 1 gewijzigd, 1 ongewijzigd');
    const tiel = (await store.figures(['2026-08', '2026-09', '2026-10'])).filter((f) => f.municipality === 'Tiel' && f.indicator === 'bijstand');
    expect(tiel.map((f) => [f.month, f.value]).sort()).toEqual([
      ['2026-08', 7],
      ['2026-09', 10],
      ['2026-10', 11],
    ]);
  });

  it('rejects a file with bad rows, names the file, row and column of each, and writes nothing', async () => {
    // Prepare
    const { env, tableName } = await organisation();
    expect((await runCli(['import', file('good.csv', csv(figuresFor(['2026-09'], () => 3)))], env)).code).toBe(0);
    const before = await importData(tableName);
    const bad = file(
      'bad.csv',
      `${HEADER}\nTiel;bijstand;2026-10;5\nAmsterdam;bijstand;2026-10;5\nTiel;instroom;2026-10;-2\nTiel;bijstand;2031-01;5\nTiel;bijstand;2026-10;6\n`,
    );
    // Act
    const result = await runCli(['import', bad], env);
    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`rapportbode: ${bad} is geweigerd (4 fouten); er is niets gewijzigd.`);
    expect(result.stderr).toContain('rij 3, kolom gemeente: "Amsterdam" is geen gemeente van de organisatie');
    expect(result.stderr).toContain('rij 4, kolom waarde: -2 is negatief; instroom is een aantal');
    expect(result.stderr).toContain('rij 5, kolom maand: 2031-01 ligt in de toekomst');
    expect(result.stderr).toContain('rij 6: herhaalt rij 2 (zelfde gemeente, indicator en maand)');
    expect(result.stderr).not.toMatch(/\n\s+at /); // an operator's message, not a stack trace
    expect(await importData(tableName)).toEqual(before);
  });

  it('refuses a 50 MB file before reading it, and an empty file, and a missing file', async () => {
    // Prepare
    const { env, tableName } = await organisation();
    const big = file('groot.csv', Buffer.alloc(50 * 1024 * 1024, 'Tiel;bijstand;2026-09;1\n'));
    const empty = file('leeg.csv', '');
    // Act
    const results = [await runCli(['import', big], env), await runCli(['import', empty], env), await runCli(['import', path.join(stack.dir, 'nope.csv')], env)];
    // Assess
    expect(results.map((r) => r.code)).toEqual([1, 1, 1]);
    expect(results[0]?.stderr).toContain('groot.csv is geweigerd (1 fout)');
    expect(results[0]?.stderr).toContain('het bestand is 50,0 MB; de grens is 20,0 MB');
    expect(results[1]?.stderr).toContain('het bestand is leeg');
    expect(results[2]?.stderr).toContain('nope.csv bestaat niet; controleer de naam en de map');
    expect(await importData(tableName)).toEqual([]);
  });

  it('imports the Divosa benchmark, recognised by its header or named with --kind', async () => {
    // Prepare
    const { env, store } = await organisation();
    const benchmark = file('divosa.csv', 'indicator,jaar,waarde\nbijstand,2025,"-2,5"\nwerkend,2025,17.5\n');
    // Act
    const auto = await runCli(['import', benchmark], env);
    const named = await runCli(['import', benchmark, '--kind', 'benchmark'], env);
    const wrong = await runCli(['import', benchmark, '--kind', 'figures'], env);
    // Assess
    expect(auto.stdout, auto.stderr).toContain('(benchmark; tekenset UTF-8, scheidingsteken ,), 2 rijen: 2 nieuw, 0 gewijzigd, 0 ongewijzigd');
    expect(named.stdout).toContain('0 nieuw, 0 gewijzigd, 2 ongewijzigd');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('rij 1: de kopregel "indicator,jaar,waarde" mist de kolommen gemeente en maand');
    expect((await store.benchmarks()).sort((a, b) => a.indicator.localeCompare(b.indicator))).toEqual([
      { indicator: 'bijstand', year: 2025, value: -2.5 },
      { indicator: 'werkend', year: 2025, value: 17.5 },
    ]);
  });

  it('keeps the previous figures in force when an import is killed halfway through writing', async () => {
    // Prepare: 5,200 values in force, then a file that changes every one of them (400 items, 16 batches).
    const { env, tableName, store } = await organisation();
    const months = monthsUpTo202610(50);
    expect((await runCli(['import', file('base.csv', csv(figuresFor(months, () => 1)))], env)).code).toBe(0);
    const inForce = sorted(await store.figures(months));
    const changed = file('all-changed.csv', csv(figuresFor(months, () => 2)));
    // Act: three batches reach DynamoDB, the rest hang; then SIGKILL — no chance to clean up.
    const proxy = await startHoldProxy(stack.endpoints.dynamodb, 3);
    try {
      const cli = startCli(['import', changed], { ...env, AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint });
      await proxy.held();
      cli.child.kill('SIGKILL');
      expect((await cli.result).signal).toBe('SIGKILL');
    } finally {
      await proxy.close();
    }
    // Assess
    const items = await scanTable(tableName);
    const crashed = items.filter((i) => i.pk === 'IMPORT' && i.status === 'started');
    expect(crashed, 'the killed import left its record as started').toHaveLength(1);
    expect(items.filter((i) => String(i.pk).startsWith('FIGURES#') && i.importId === crashed[0]?.importId)).toHaveLength(3 * 25);
    expect(sorted(await store.figures(months))).toEqual(inForce);

    // Act: the same import again, to its end
    const retry = await runCli(['import', changed], env);
    // Assess: the retry does not build on the killed import's versions
    expect(retry.stdout, retry.stderr).toContain(`${inForce.length} rijen: 0 nieuw, ${inForce.length} gewijzigd, 0 ongewijzigd`);
    expect((await store.figures(months)).every((f) => f.value === 2)).toBe(true);
  });

  it('imports 100,000 rows within a bounded heap', async () => {
    // Prepare: 100 municipalities × 14 indicators × 77 months
    const many = Array.from({ length: 100 }, (_, i) => ({ name: `Gemeente ${String(i + 1).padStart(3, '0')}`, optedOut: false }));
    const { env, store } = await organisation(testOrganisation({ municipalities: many }));
    const months = monthsUpTo202610(77);
    const rows = many.flatMap(({ name }) => DEMO.indicators.flatMap(({ id }) => months.map((month, i) => `${name};${id};${month};${(i % 90) + 1}`)));
    const big = file('100k.csv', `${HEADER}\r\n${rows.join('\r\n')}\r\n`);
    // Act: a heap of 96 MB is room for the values, not for the whole file parsed at once.
    // (How fast it goes is a benchmark figure in the README, never a test assertion.)
    // In a process of its own: the heap limit (NODE_OPTIONS) is set when a process starts.
    const result = await runCli(['import', big], { ...env, NODE_OPTIONS: '--max-old-space-size=96' }, { process: true });
    // Assess
    expect(rows.length).toBeGreaterThan(100_000);
    expect(result.stdout, result.stderr).toContain(`${rows.length} rijen: ${rows.length} nieuw, 0 gewijzigd, 0 ongewijzigd`);
    expect(await store.figures(['2026-10'])).toHaveLength(100 * DEMO.indicators.length);
  });

  it('sets the commentary of a period from a file and shows it', async () => {
    // Prepare
    const { env, store } = await organisation();
    const text = file('toelichting.md', '\uFEFFDe instroom daalde.\r\n\r\nDe uitstroom naar werk steeg.\r\n');
    // Act
    const set = await runCli(['commentary', 'set', '--period', '2026-09', '--file', text], env);
    const shown = await runCli(['commentary', 'show', '--period', '2026-09'], env);
    const even = await runCli(['commentary', 'set', '--period', '2026-10', '--file', text], env);
    // Assess
    expect(set.stdout, set.stderr).toContain("Toelichting van september–oktober 2026 vastgelegd: 2 alinea's");
    expect(shown.stdout).toBe('De instroom daalde.\n\nDe uitstroom naar werk steeg.\n');
    expect(await store.commentary('2026-09')).toBe('De instroom daalde.\n\nDe uitstroom naar werk steeg.');
    expect(even.code).toBe(1);
    expect(even.stderr).toContain('periode "2026-10" begint niet met een periode: het rapport verschijnt tweemaandelijks');
  });
});

describe('the import function: a file landing in the ingest bucket', () => {
  let s3: S3Client;
  let handler: (event: unknown) => Promise<unknown>;
  let tableName: string;
  let bucket: string;

  const event = (key: string, bucketName = bucket) => ({
    Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: bucketName }, object: { key: encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+'), size: 1 } } }],
  });
  const put = (key: string, body: string) => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  const keys = async () => ((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key).sort();
  const text = async (key: string) => (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body?.transformToString();

  beforeAll(async () => {
    const fresh = await freshEnv(stack);
    tableName = fresh.tableName;
    bucket = fresh.env.INGEST_BUCKET as string;
    await applyDemoOrganisation(tableName);
    // The handler reads its configuration when loaded: set it first, as Lambda does.
    process.env.TABLE_NAME = tableName;
    process.env.INGEST_BUCKET = bucket;
    coldStart();
    const imported = await import('../../functions/handlers/import-figures');
    handler = (e) => imported.handler(e, lambdaContext('import-figures'));
    s3 = new S3Client({ forcePathStyle: true });
  });
  afterAll(() => {
    s3?.destroy();
  });

  it('imports an accepted file and moves it to processed/', async () => {
    // Prepare
    await put('incoming/2026/cijfers sep.csv', `${HEADER}\nTiel;bijstand;2026-09;812\n`);
    // Act
    const result = await handler(event('incoming/2026/cijfers sep.csv'));
    // Assess
    expect(result).toMatchObject({ results: [{ outcome: 'processed', key: 'processed/2026/cijfers sep.csv', summary: { rows: 1, new: 1 } }] });
    expect(await keys()).toEqual(['processed/2026/cijfers sep.csv']);
    expect(await new OrganisationStore(tableName).figures(['2026-09'])).toEqual([{ municipality: 'Tiel', indicator: 'bijstand', month: '2026-09', value: 812 }]);
  });

  it('moves a rejected file to rejected/ with its error report next to it, and writes nothing', async () => {
    // Prepare
    const before = await importData(tableName);
    await put('incoming/fout.csv', `${HEADER}\nTiel;bijstand;2026-09;900\nTiel;bijstand;september;5\n`);
    // Act
    const result = await handler(event('incoming/fout.csv'));
    // Assess
    expect(result).toMatchObject({ results: [{ outcome: 'rejected', key: 'rejected/fout.csv', reportKey: 'rejected/fout.csv.errors.txt', problems: 1 }] });
    expect(await keys()).toEqual(['processed/2026/cijfers sep.csv', 'rejected/fout.csv', 'rejected/fout.csv.errors.txt']);
    const report = await text('rejected/fout.csv.errors.txt');
    expect(report).toContain('fout.csv is geweigerd (1 fout); er is niets gewijzigd.');
    expect(report).toContain('rij 3, kolom maand: "september" is geen maand van de vorm JJJJ-MM');
    expect(await importData(tableName)).toEqual(before);
  });

  it('refuses an event that is no S3 event, or comes from another bucket, without touching anything', async () => {
    await expect(handler({ detail: {} })).rejects.toThrow(/S3 event is invalid: Records/);
    await expect(handler(event('incoming/x.csv', 'someone-elses-bucket'))).rejects.toThrow(/imports from .* only/);
  });
});

describe('a run checks that the figures of its period are complete', () => {
  // That --allow-incomplete then runs and shows the gap as "geen gegevens" in the municipality's report
  // is the use-case test (test/usecases/run-report.test.ts): a whole printed run for one word.
  it('stops before sending and names what is missing', async () => {
    // Prepare: the demo organisation up to august, then september–oktober imported without one value.
    const { env, tableName } = await freshEnv(stack);
    await loadDemo(tableName, parsePeriod('2026-07'));
    const figures = sampleFigures(DEMO, ['2026-09', '2026-10']).filter(
      (f) => !(f.municipality === 'Tiel' && f.indicator === 'instroom' && f.month === '2026-10'),
    );
    const imported = await runCli(['import', file('sep-okt-zonder-tiel.csv', csv(figures))], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('september–oktober 2026 mist nog 1 waarde: Tiel · instroom · 2026-10.');
    await clearSesStore(stack);
    // No concept of 2026-09 was reviewed here: the final by hand is said to be without one.
    const workDir = ['--dir', path.join(stack.dir, 'run-incomplete'), '--zonder-concept', '--reden', 'test van onvolledige cijfers'];
    // Act
    const refused = await runCli(['run', '--period', '2026-09', ...workDir], env);
    // Assess
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('rapportbode: de cijfers over september–oktober 2026 (2026-09) zijn niet compleet: er ontbreekt 1 waarde (gemeente, indicator, maand); er is niets gemaakt of verstuurd.');
    expect(refused.stderr).toContain('  Tiel, instroom, 2026-10');
    expect(await sesStore(stack)).toEqual([]);
    // Nothing was made: the refusal is no run in the list (and no attempt of a later run: the use-case test).
    expect(JSON.parse((await runCli(['runs', '--json'], env)).stdout)).toEqual([]);
    expect((await scanTable(tableName)).some((i) => String(i.sk).startsWith('DELIVERY#'))).toBe(false);
  });

  it('says a period that has not ended is not over yet, instead of counting its missing values', async () => {
    // Prepare
    const { env, tableName } = await freshEnv(stack);
    await applyDemoOrganisation(tableName);
    // Act
    const refused = await runCli(['run', '--periode', '2099-11', '--ook-onvolledig'], env);
    // Assess
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('rapportbode: november–december 2099 (2099-11) is nog niet voorbij; er is niets gemaakt of verstuurd.');
    expect(refused.stderr).not.toContain('--ook-onvolledig');
    expect(refused.stderr).not.toContain('ontbreken');
    expect(JSON.parse((await runCli(['runs', '--json'], env)).stdout)).toEqual([]);
  });
});
