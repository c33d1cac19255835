import { randomBytes } from 'node:crypto';
import type { Benchmark, Figure } from '../../core/organisation';
import type { MonthKey } from '../../core/periods';
import type { Dataset, FigureStore, ImportRecord } from '../../usecases/ports';
import { InMemoryData, copy } from './data';

/**
 * Figures and benchmarks as imports, in memory (the real one: adapters/import-store.ts). Values
 * of an import are visible once it is committed; per value the import committed last wins.
 * `new InMemoryImportStore(data?)`; `load(dataset)` seeds values as one committed import.
 */
export class InMemoryImportStore implements FigureStore {
  constructor(readonly data: InMemoryData = new InMemoryData()) {}

  static newImportId(now: Date): string {
    return `${now.toISOString().replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`;
  }

  async figures(months: readonly MonthKey[]): Promise<Figure[]> {
    const wanted = new Set(months);
    return this.inForce<Figure>('figures', (f) => wanted.has(f.month));
  }

  async benchmarks(): Promise<Benchmark[]> {
    return this.inForce<Benchmark>('benchmark');
  }

  async imports(): Promise<ImportRecord[]> {
    return [...this.data.imports.values()].sort((a, b) => a.importId.localeCompare(b.importId)).map(copy);
  }

  async write(
    record: Pick<ImportRecord, 'importId' | 'source' | 'startedAt'>,
    dataset: Dataset,
    committedAt: () => Date,
    onProgress?: (written: number, total: number) => void,
  ): Promise<void> {
    const started: ImportRecord = { ...record, kind: dataset.kind, status: 'started', values: dataset.values.length };
    this.data.imports.set(record.importId, started);
    for (const value of dataset.values) {
      const key = dataset.kind === 'figures' ? figureKey(value as Figure) : benchmarkKey(value as Benchmark);
      this.data.importValues.push({ importId: record.importId, kind: dataset.kind, key, value: { ...(value as Figure | Benchmark) } });
    }
    onProgress?.(dataset.values.length, dataset.values.length);
    this.data.imports.set(record.importId, { ...started, status: 'committed', committedAt: committedAt().toISOString() });
  }

  /** Writes every value as one import, without comparing: for loaders (the demo) that know the data is new. */
  async load(dataset: Dataset, source: string): Promise<void> {
    const now = new Date();
    await this.write({ importId: InMemoryImportStore.newImportId(now), source, startedAt: now.toISOString() }, dataset, () => new Date());
  }

  /**
   * Per key, the value of the committed import that committed last (its id breaks a tie), of those
   * `wanted`. Figures and benchmarks are flat records of strings and numbers: a spread copies them
   * (structuredClone of every value made a use-case test's figure reads take seconds).
   */
  private inForce<T extends Figure | Benchmark>(kind: 'figures' | 'benchmark', wanted: (value: T) => boolean = () => true): T[] {
    const rank = new Map([...this.data.imports.values()].filter((r) => r.status === 'committed').map((r) => [r.importId, `${r.committedAt}#${r.importId}`]));
    const best = new Map<string, { value: unknown; rank: string }>();
    for (const item of this.data.importValues) {
      const r = rank.get(item.importId);
      if (item.kind !== kind || r === undefined) continue;
      const current = best.get(item.key);
      if (!current || r > current.rank) best.set(item.key, { value: item.value, rank: r });
    }
    return [...best.values()].map((b) => b.value as T).filter(wanted).map((value) => ({ ...value }));
  }
}

function figureKey(f: Figure): string {
  return `${f.month}#${f.municipality}#${f.indicator}`;
}

function benchmarkKey(b: Benchmark): string {
  return `${b.year}#${b.indicator}`;
}
