import { describe, expect, it } from 'vitest';
import { ImportStore } from '../../functions/adapters/import-store';
import { InMemoryImportStore } from '../../functions/adapters/memory';
import type { Figure } from '../../functions/core/organisation';
import type { FigureStore } from '../../functions/usecases/ports';
import { useEmulators } from './support';

const emulators = useEmulators();
const subjects: { name: string; make(): Promise<FigureStore> }[] = [
  { name: 'in memory', make: async () => new InMemoryImportStore() },
  { name: 'DynamoDB (dynalite)', make: async () => new ImportStore(await emulators.table()) },
];

const figure = (municipality: string, month: Figure['month'], indicator: string, value: number): Figure => ({ municipality, month, indicator, value });
/** Imports committed a minute apart, so which one is latest never hangs on a random id. */
const importAt = (minute: number, importId = `20261102T09${String(minute).padStart(2, '0')}00000Z-abc${minute}`) => ({
  record: { importId, source: `export-${minute}.csv`, startedAt: `2026-11-02T09:${String(minute).padStart(2, '0')}:00.000Z` },
  committedAt: () => new Date(`2026-11-02T09:${String(minute).padStart(2, '0')}:30.000Z`),
});
const byKey = (figures: Figure[]) => figures.map((f) => `${f.month} ${f.municipality} ${f.indicator}=${f.value}`).sort();

describe.each(subjects)('FigureStore: $name', ({ make }) => {
  it('makes an import visible when it commits, and reads only the months asked', async () => {
    // Prepare
    const store = await make();
    const first = importAt(1);
    const progress: number[] = [];
    // Act
    await store.write(first.record, { kind: 'figures', values: [figure('Tiel', '2026-08', 'instroom', 4), figure('Tiel', '2026-09', 'instroom', 5), figure('Buren', '2026-09', 'instroom', 6)] }, first.committedAt, (written) => progress.push(written));
    // Assess
    expect(byKey(await store.figures(['2026-09']))).toEqual(['2026-09 Buren instroom=6', '2026-09 Tiel instroom=5']);
    expect(await store.imports()).toEqual([{ ...first.record, kind: 'figures', status: 'committed', committedAt: '2026-11-02T09:01:30.000Z', values: 3 }]);
    expect(progress.at(-1)).toBe(3);
  });

  it('takes per value the import committed last, and merges a partial one with what is there', async () => {
    // Prepare
    const store = await make();
    const full = importAt(1);
    const correction = importAt(2);
    await store.write(full.record, { kind: 'figures', values: [figure('Tiel', '2026-09', 'instroom', 5), figure('Tiel', '2026-09', 'uitstroom', 7)] }, full.committedAt);
    // Act
    await store.write(correction.record, { kind: 'figures', values: [figure('Tiel', '2026-09', 'instroom', 50)] }, correction.committedAt);
    // Assess
    expect(byKey(await store.figures(['2026-09']))).toEqual(['2026-09 Tiel instroom=50', '2026-09 Tiel uitstroom=7']);
  });

  it('keeps benchmarks per year and indicator, the latest import winning', async () => {
    // Prepare
    const store = await make();
    const first = importAt(1);
    const second = importAt(2);
    // Act
    await store.write(first.record, { kind: 'benchmark', values: [{ indicator: 'instroom', year: 2025, value: 1.5 }, { indicator: 'instroom', year: 2026, value: 2.5 }] }, first.committedAt);
    await store.write(second.record, { kind: 'benchmark', values: [{ indicator: 'instroom', year: 2026, value: 3 }] }, second.committedAt);
    // Assess
    expect((await store.benchmarks()).sort((a, b) => a.year - b.year)).toEqual([
      { indicator: 'instroom', year: 2025, value: 1.5 },
      { indicator: 'instroom', year: 2026, value: 3 },
    ]);
    expect(await store.figures(['2026-09'])).toEqual([]);
  });
});
