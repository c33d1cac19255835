import { describe, expect, it } from 'vitest';
import { createInMemoryAdapters } from '../../functions/adapters/memory';
import { ImportRejectedError } from '../../functions/core/csv-reader';
import { parsePeriod } from '../../functions/core/periods';
import { addImage, listImages, removeImage } from '../../functions/usecases/images';
import { type ImportDeps, importFile, importIngestObject } from '../../functions/usecases/import-figures';
import { applyOrganisation, importGoals, periodFor } from '../../functions/usecases/organisation';
import { OrganisationChangedError } from '../../functions/usecases/organisation';
import type { PrepareImage } from '../../functions/usecases/ports';
import { runReport } from '../../functions/usecases/run-report';
import { type World, snapshotOf, testOrganisation, world } from './support';
import { pngHeader as png } from '../support/png-header';

const period = parsePeriod('2026-09');
const text = (s: string) => new TextEncoder().encode(s);

describe('applying the organisation file', () => {
  it('puts the first version in force and audits it; the same file again changes nothing', async () => {
    const memory = createInMemoryAdapters();
    const deps = { store: memory.store, audit: memory.recipientStore, now: () => new Date('2026-10-01T08:00:00Z') };
    const first = await applyOrganisation(testOrganisation(), { actor: 'beheerder', source: 'organisatie.yaml' }, deps);
    const again = await applyOrganisation(testOrganisation(), { actor: 'beheerder', source: 'organisatie.yaml' }, deps);
    expect(first).toMatchObject({ version: 1, applied: true });
    expect(again).toMatchObject({ version: 1, applied: false, diff: { lines: [] } });
    expect(await memory.recipientStore.history()).toEqual([expect.objectContaining({ actor: 'beheerder', action: 'organisation applied', detail: expect.stringMatching(/^organisatie\.yaml als versie 1: /) })]);
  });

  it('shows a dry run and changes nothing', async () => {
    const w = await world();
    const result = await applyOrganisation(testOrganisation({ drempel: 10 } as never), { actor: 'b', source: 'o.yaml', dryRun: true }, orgDeps(w));
    expect(result.applied).toBe(false);
    expect((await w.store.organisation())?.version).toBe(1);
  });

  it('refuses to remove a municipality that has figures and recipients unless forced, naming what stays stored', async () => {
    // Prepare
    const w = await world();
    const without = testOrganisation({ municipalities: testOrganisation().municipalities.filter((m) => m.name !== 'Tiel') });
    // Act
    const refused = applyOrganisation(without, { actor: 'b', source: 'o.yaml' }, orgDeps(w));
    // Assess
    await expect(refused).rejects.toThrow(/^het bestand haalt weg wat nog gegevens heeft; er is niets gewijzigd:\n {2}gemeente Tiel: \d+ ontvangers, \d+ cijfers\n/);
    expect((await w.store.organisation())?.version).toBe(1);
    const forced = await applyOrganisation(without, { actor: 'b', source: 'o.yaml', force: true }, orgDeps(w));
    expect(forced).toMatchObject({ applied: true, version: 2, kept: [expect.stringMatching(/^gemeente Tiel: /)] });
  });

  it('refuses to remove an indicator that has figures unless forced', async () => {
    const w = await world();
    const config = testOrganisation();
    const without = { ...config, indicators: config.indicators.filter((i) => i.id !== 'instroom') };
    await expect(applyOrganisation(without, { actor: 'b', source: 'o.yaml' }, orgDeps(w))).rejects.toThrow(/indicator instroom: \d+ cijfers/);
  });

  it('takes the period named, or else the last complete one', async () => {
    const w = await world();
    expect(await periodFor(undefined, new Date('2026-11-09T07:00:00Z'), w.store)).toEqual(period);
    expect(await periodFor('2026-07', new Date('2026-11-09T07:00:00Z'), w.store)).toEqual(parsePeriod('2026-07'));
    await expect(periodFor(undefined, new Date(), createInMemoryAdapters().store)).rejects.toThrow('er is nog geen organisatie ingesteld');
  });

  it('imports yearly goals as a new version of the organisation', async () => {
    const w = await world();
    const result = await importGoals({ name: 'doelen.csv', bytes: text('indicator;jaar;doel\ninstroom;2026;120\n') }, { actor: 'b' }, orgDeps(w));
    expect(result).toMatchObject({ goals: 1, applied: true, version: 2 });
    expect((await w.store.organisation())?.config.indicators.find((i) => i.id === 'instroom')?.goals).toMatchObject({ 2026: 120 });
  });
});

function orgDeps(w: World) {
  return { store: w.store, audit: w.recipientStore, now: w.clock.now };
}

function importDeps(w: World): ImportDeps {
  let n = 0;
  return { organisation: w.store, imports: w.imports, now: w.clock.now, newImportId: () => `import-${++n}` };
}

const source = (name: string, csv: string) => ({ name, size: csv.length, open: async () => (async function* () { yield text(csv); })() });

describe('importing figures', () => {
  it('writes only new and changed values, and nothing when nothing changed', async () => {
    // The sample data was committed at the real time (InMemoryImportStore.load); the latest commit wins.
    const w = await world({ at: new Date(Date.now() + 60_000).toISOString() });
    const [tiel] = (await w.store.figures(['2026-10'])).filter((f) => f.municipality === 'Tiel' && f.indicator === 'instroom');
    const csv = `gemeente;indicator;maand;waarde\nTiel;instroom;2026-10;${tiel!.value}\nTiel;instroom;2026-09;${tiel!.value + 1}\n`;
    const first = await importFile(source('cijfers.csv', csv), {}, importDeps(w));
    expect(first).toMatchObject({ kind: 'figures', changed: 1, unchanged: 1, new: 0, importId: 'import-1' });
    expect((await w.store.figures(['2026-09'])).find((f) => f.municipality === 'Tiel' && f.indicator === 'instroom')?.value).toBe(tiel!.value + 1);
    const again = await importFile(source('cijfers.csv', csv), {}, importDeps(w));
    expect(again).toMatchObject({ importId: null });
  });

  it('rejects a file with one bad row whole, and the run still reports the old figures', async () => {
    const w = await world();
    const before = await w.store.figures(['2026-10']);
    const csv = 'gemeente;indicator;maand;waarde\nTiel;instroom;2026-10;1\nAtlantis;instroom;2026-10;2\n';
    await expect(importFile(source('cijfers.csv', csv), {}, importDeps(w))).rejects.toThrow(ImportRejectedError);
    expect(await w.store.figures(['2026-10'])).toEqual(before);
  });

  it('moves an ingested file to processed/, or to rejected/ with its reasons beside it', async () => {
    const w = await world();
    await w.ingest.putText('incoming/okt/cijfers.csv', 'gemeente;indicator;maand;waarde\nTiel;instroom;2026-10;77\n');
    await w.ingest.putText('incoming/fout.csv', 'gemeente;indicator;maand;waarde\nAtlantis;instroom;2026-10;2\n');
    const deps = { ...importDeps(w), ingest: w.ingest };
    expect(await importIngestObject('incoming/okt/cijfers.csv', deps)).toMatchObject({ outcome: 'processed', key: 'processed/okt/cijfers.csv' });
    const rejected = await importIngestObject('incoming/fout.csv', deps);
    expect(rejected).toMatchObject({ outcome: 'rejected', key: 'rejected/fout.csv', reportKey: 'rejected/fout.csv.errors.txt', problems: 1 });
    expect(await w.ingest.size('rejected/fout.csv.errors.txt')).toBeGreaterThan(0);
    expect(await importIngestObject('incoming/map/', deps)).toMatchObject({ outcome: 'ignored' });
    expect(await importIngestObject('incoming/', deps)).toMatchObject({ outcome: 'ignored', reason: 'a folder, not a file' });
    await expect(importIngestObject('incoming/weg.csv', deps)).rejects.toThrow();
    expect(await w.ingest.size('rejected/fout.csv')).toBeGreaterThan(0);
    await expect(importIngestObject('elders/x.csv', deps)).rejects.toThrow('is not under incoming/');
  });
});


const prepare: PrepareImage = async (bytes, contentType) => ({ bytes, contentType, width: 300, height: 200, scaledFrom: null });

describe('images in a period\'s report', () => {
  it('adds an image to a municipality\'s paragraph, and the next run freezes it with the report', async () => {
    const w = await world();
    const deps = { store: w.store, images: w.images, audit: w.recipientStore, prepare, newId: () => 'a1b2c3d4', now: w.clock.now };
    const added = await addImage({ period, file: { name: 'grafiek.png', bytes: png(300, 200) }, municipality: 'tiel', alt: 'Grafiek Tiel', source: 'eigen dashboard', actor: 'beheerder' }, deps);
    expect(added.record).toMatchObject({ section: 'gemeente', municipality: 'Tiel', key: 'images/2026-09/a1b2c3d4.png', addedBy: 'beheerder' });
    expect((await listImages(period, deps)).map((i) => i.id)).toEqual(['a1b2c3d4']);
    await runReport({ period, kind: 'concept' }, w.run);
    expect(JSON.stringify((await snapshotOf(w, '2026-09-concept-1')).input)).toContain('Grafiek Tiel');
  });

  it('refuses a file that is no image, naming every problem, and stores nothing', async () => {
    const w = await world();
    const deps = { store: w.store, images: w.images, audit: w.recipientStore, prepare, newId: () => 'a1b2c3d4', now: w.clock.now };
    await expect(addImage({ period, file: { name: 'grafiek.png', bytes: text('geen plaatje') }, municipality: 'Atlantis', actor: 'b' }, deps)).rejects.toThrow(/^de afbeelding is niet toegevoegd:\n/);
    expect(await listImages(period, deps)).toEqual([]);
  });

  it('warns that an image for an opted-out municipality shows only once it is back', async () => {
    const w = await world();
    const deps = { store: w.store, images: w.images, audit: w.recipientStore, prepare, newId: () => 'b1b2c3d4', now: w.clock.now };
    const added = await addImage({ period, file: { name: 'g.png', bytes: png(300, 200) }, municipality: 'Neder-Betuwe', alt: 'x', source: 'y', actor: 'b' }, deps);
    expect(added.warnings).toEqual(['Neder-Betuwe is afgemeld voor het rapport: de afbeelding staat er pas in als de gemeente weer is aangemeld']);
  });

  it('removes an image by its id, and says when there is none', async () => {
    const w = await world();
    const deps = { store: w.store, images: w.images, audit: w.recipientStore, prepare, newId: () => 'c1b2c3d4', now: w.clock.now };
    await addImage({ period, file: { name: 'g.png', bytes: png(300, 200) }, section: 'kerngetallen', alt: 'x', source: 'y', actor: 'b' }, deps);
    expect((await removeImage(period, ' C1B2C3D4 ', 'b', deps)).id).toBe('c1b2c3d4');
    await expect(removeImage(period, 'c1b2c3d4', 'b', deps)).rejects.toThrow('2026-09 heeft geen afbeelding c1b2c3d4');
    await expect(removeImage(period, 'x!', 'b', deps)).rejects.toThrow('--id "x!" is geen id van een afbeelding');
  });
});

describe('edges of the organisation, imports and images', () => {
  it('takes a second apply of the same file at the same moment as no conflict', async () => {
    const w = await world();
    const changed = testOrganisation({ name: 'Werkzaak Rivierenland en Bommelerwaard' });
    // Another operator applies the same file between our read and our write.
    const store = Object.create(w.store, {
      applyOrganisation: {
        value: async (config: never, basedOn: number | null, applied: never) => {
          await w.store.applyOrganisation(config, basedOn, applied);
          return w.store.applyOrganisation(config, basedOn, applied);
        },
      },
    });
    const result = await applyOrganisation(changed, { actor: 'b', source: 'o.yaml' }, { ...orgDeps(w), store });
    expect(result).toMatchObject({ applied: false, version: 2, diff: { lines: [] }, kept: [] });
  });

  it('refuses a second apply of a different file at the same moment', async () => {
    const w = await world();
    const store = Object.create(w.store, {
      applyOrganisation: {
        value: async (config: never, basedOn: number | null, applied: never) => {
          await w.store.applyOrganisation(testOrganisation({ name: 'Iets anders' }), basedOn, applied);
          return w.store.applyOrganisation(config, basedOn, applied);
        },
      },
    });
    await expect(applyOrganisation(testOrganisation({ name: 'Nog iets anders' }), { actor: 'b', source: 'o.yaml' }, { ...orgDeps(w), store })).rejects.toThrow(OrganisationChangedError);
  });

  it('imports benchmarks as their own kind', async () => {
    const w = await world({ at: new Date(Date.now() + 60_000).toISOString() });
    const result = await importFile(source('benchmark.csv', 'indicator;jaar;waarde\ninstroom;2026;12,5\n'), {}, importDeps(w));
    expect(result).toMatchObject({ kind: 'benchmark', importId: 'import-1' });
    expect((await w.store.benchmarks()).find((b) => b.indicator === 'instroom' && b.year === 2026)?.value).toBe(12.5);
  });

  it('refuses an image before the organisation is set up', async () => {
    const memory = createInMemoryAdapters();
    const deps = { store: memory.store, images: memory.images, audit: memory.recipientStore, prepare, newId: () => 'a1b2c3d4', now: () => new Date() };
    await expect(addImage({ period, file: { name: 'g.png', bytes: png(10, 10) }, section: 'kerngetallen', alt: 'x', source: 'y', actor: 'b' }, deps)).rejects.toThrow('er zijn geen gemeenten ingesteld');
  });

  it('lists images in the order they were added, ties by id', async () => {
    const w = await world();
    const ids = ['aaaabbbb', 'bbbbcccc', 'ccccdddd'];
    const times = ['2026-11-02T08:00:00Z', '2026-11-01T08:00:00Z', '2026-11-01T08:00:00Z'];
    for (const [i, id] of ids.entries()) {
      const deps = { store: w.store, images: w.images, audit: w.recipientStore, prepare, newId: () => id, now: () => new Date(times[i] as string) };
      await addImage({ period, file: { name: 'g.png', bytes: png(10, 10) }, section: 'kerngetallen', alt: id, source: 'y', actor: 'b' }, deps);
    }
    expect((await listImages(period, { images: w.images })).map((i) => i.id)).toEqual(['bbbbcccc', 'ccccdddd', 'aaaabbbb']);
  });
});

describe('what an import and an image record', () => {
  it('records the import with its file name and start, and refuses one before the organisation is set up', async () => {
    const w = await world({ at: new Date(Date.now() + 60_000).toISOString() });
    await importFile(source('cijfers-okt.csv', 'gemeente;indicator;maand;waarde\nTiel;instroom;2026-10;77\n'), {}, importDeps(w));
    const imports = await w.imports.imports();
    expect(imports.find((i) => i.importId === 'import-1')).toMatchObject({ source: 'cijfers-okt.csv', startedAt: w.clock.now().toISOString(), status: 'committed', values: 1 });
    const empty = createInMemoryAdapters();
    await expect(importFile(source('c.csv', 'gemeente;indicator;maand;waarde\n'), {}, { organisation: empty.store, imports: empty.imports, now: () => new Date(), newImportId: () => 'x' })).rejects.toThrow('er is nog geen organisatie ingesteld');
  });

  it('names every problem of an image at once: the file and the arguments', async () => {
    const w = await world();
    const deps = { store: w.store, images: w.images, audit: w.recipientStore, prepare, newId: () => 'a1b2c3d4', now: w.clock.now };
    const refused = addImage({ period, file: { name: 'grafiek.png', bytes: text('geen plaatje') }, section: 'gemeente', municipality: 'Atlantis', alt: 'x', source: 'y', actor: 'b' }, deps);
    await expect(refused).rejects.toThrow(/^de afbeelding is niet toegevoegd:\n {2}grafiek\.png .+\n {2}.*Atlantis.*$/);
    const onlyArguments = addImage({ period, file: { name: 'grafiek.png', bytes: png(300, 200) }, municipality: 'Atlantis', alt: 'x', source: 'y', actor: 'b' }, deps);
    await expect(onlyArguments).rejects.toThrow(/^de afbeelding is niet toegevoegd:\n {2}[^\n]*Atlantis[^\n]*$/);
    const onlyFile = addImage({ period, file: { name: 'grafiek.png', bytes: text('geen plaatje') }, municipality: 'Tiel', alt: 'x', source: 'y', actor: 'b' }, deps);
    await expect(onlyFile).rejects.toThrow(/^de afbeelding is niet toegevoegd:\n {2}grafiek\.png [^\n]+$/);
  });

  it('adds an image without a warning for a municipality that gets the report, and refuses ids with stray characters', async () => {
    const w = await world();
    const deps = { store: w.store, images: w.images, audit: w.recipientStore, prepare, newId: () => 'd1b2c3d4', now: w.clock.now };
    const added = await addImage({ period, file: { name: 'g.png', bytes: png(300, 200) }, municipality: 'Tiel', alt: 'x', source: 'y', actor: 'b' }, deps);
    expect(added.warnings).toEqual([]);
    await expect(removeImage(period, 'd1b2c3d4!', 'b', deps)).rejects.toThrow('is geen id van een afbeelding');
    await expect(removeImage(period, '!d1b2c3d4', 'b', deps)).rejects.toThrow('is geen id van een afbeelding');
  });
});

describe('what applying the organisation says and records', () => {
  it('names each removal with its own counts, and what to do', async () => {
    // Prepare
    const w = await world();
    const config = testOrganisation();
    const without = { ...config, municipalities: config.municipalities.filter((m) => m.name !== 'Tiel'), indicators: config.indicators.filter((i) => i.id !== 'instroom') };
    const values = w.data.importValues.filter((v) => v.kind === 'figures').map((v) => v.value as { municipality: string; indicator: string });
    const tielRecipients = (await w.store.recipients()).filter((r) => r.municipality === 'Tiel').length;
    // Act
    const refused = applyOrganisation(without, { actor: 'b', source: 'o.yaml' }, orgDeps(w));
    // Assess
    await expect(refused).rejects.toThrow(
      'het bestand haalt weg wat nog gegevens heeft; er is niets gewijzigd:\n' +
        `  gemeente Tiel: ${tielRecipients} ontvangers, ${values.filter((v) => v.municipality === 'Tiel').length} cijfers\n` +
        `  indicator instroom: ${values.filter((v) => v.indicator === 'instroom').length} cijfers\n` +
        'Die gegevens blijven bewaard, maar komen in geen rapport meer. Bedoelt u dit, pas het bestand dan toe met --forceer.',
    );
  });

  it('removes an indicator without figures without asking', async () => {
    const w = await world();
    const config = testOrganisation();
    const extra = { ...config, indicators: [...config.indicators, { ...config.indicators[0]!, id: 'nieuw', label: 'Nieuw' }] };
    await applyOrganisation(extra, { actor: 'b', source: 'o.yaml' }, orgDeps(w));
    const result = await applyOrganisation(config, { actor: 'b', source: 'o.yaml' }, orgDeps(w));
    expect(result).toMatchObject({ applied: true, version: 3, kept: [] });
  });

  it('records who applied which version when, with every change', async () => {
    const w = await world();
    const changed = testOrganisation({ name: 'Werkzaak Rivierenland en Bommelerwaard', administrators: ['bi-team@werkzaak.example', 'ict@werkzaak.example'] });
    const unchanged = await applyOrganisation(testOrganisation(), { actor: 'b', source: 'o.yaml' }, orgDeps(w));
    expect(unchanged).toMatchObject({ applied: false, version: 1, kept: [] });
    const dry = await applyOrganisation(changed, { actor: 'b', source: 'o.yaml', dryRun: true }, orgDeps(w));
    expect(dry).toMatchObject({ applied: false, version: 1 });
    await applyOrganisation(changed, { actor: 'beheerder', source: 'organisatie-2027.yaml' }, orgDeps(w));
    expect(await w.store.organisation()).toMatchObject({ version: 2, appliedAt: '2026-11-09T07:00:00.000Z', appliedBy: 'beheerder' });
    const [entry] = await w.recipientStore.history();
    expect(entry?.detail).toMatch(/^organisatie-2027\.yaml als versie 2: [^;]+(; [^;]+)+$/);
  });

  it('says a dry run on an empty installation has no version yet', async () => {
    const memory = createInMemoryAdapters();
    const result = await applyOrganisation(testOrganisation(), { actor: 'b', source: 'o.yaml', dryRun: true }, { store: memory.store, audit: memory.recipientStore, now: () => new Date() });
    expect(result).toMatchObject({ applied: false, version: null });
  });

  it('refuses goals before the organisation is set up, and goals for an unknown indicator', async () => {
    const memory = createInMemoryAdapters();
    const empty = { store: memory.store, audit: memory.recipientStore, now: () => new Date() };
    await expect(importGoals({ name: 'doelen.csv', bytes: text('indicator;jaar;doel\ninstroom;2026;120\n') }, { actor: 'b' }, empty)).rejects.toThrow('er is nog geen organisatie ingesteld');
    const w = await world();
    await expect(importGoals({ name: 'doelen.csv', bytes: text('indicator;jaar;doel\nonbekend;2026;120\n') }, { actor: 'b' }, orgDeps(w))).rejects.toThrow(/onbekend/);
  });
});
