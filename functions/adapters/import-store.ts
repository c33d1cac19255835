import { randomBytes } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { mapWithConcurrency } from '../core/concurrency';
import type { Benchmark, Figure } from '../core/organisation';
import type { MonthKey } from '../core/periods';
import { documentClient, putAll, queryAll } from './dynamodb';
import type { Dataset, FigureStore, ImportRecord } from '../usecases/ports';

export type { Dataset, ImportRecord };

/** BatchWriteItem calls in flight: enough to keep DynamoDB busy, few enough for one Lambda's sockets. */
const WRITE_CONCURRENCY = 8;
const BATCH = 25;

/**
 * Figures and benchmarks as versioned values, made visible all at once by an import record.
 *
 * dynalite has no transactions, and DynamoDB's own stop at 100 items, so a file of thousands of
 * values cannot be written atomically. Instead an import writes its values as new versions next
 * to the ones in force, and commits them last with one PutItem of its IMPORT record. A reader
 * takes, per key, the version of the most recently committed import. An import that stops halfway
 * leaves versions that no committed import names: invisible, and the previous values stay in force.
 * Simpler than staging and copying (the copy can stop halfway too), and unlike a pointer per
 * dataset it lets a partial file (one municipality, one month) merge with what is there.
 *
 * Keys:
 *   IMPORT            / <importId>                    kind, source, status, values
 *   FIGURES#<YYYY-MM> / <municipality>#<importId>     values: { <indicator>: value, … }
 *   BENCHMARK         / <year>#<indicator>#<importId> value
 * A figures item holds what one import brought for one municipality and month (13 values from a
 * full export, 1 from a correction): a thirteenth of the writes of an item per value, which is
 * what makes 100,000 rows a matter of seconds. Per indicator, the latest committed import that
 * has it wins. Import ids start with the start time; superseded versions stay as history.
 */
export class ImportStore implements FigureStore {
  constructor(private readonly tableName: string) {}

  /** A new import id: `20261123T201124123Z-a1b2c3`, sortable by start time. */
  static newImportId(now: Date): string {
    return `${now.toISOString().replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`;
  }

  /** The values in force for the given months: per value, the one of the latest committed import. */
  async figures(months: readonly MonthKey[]): Promise<Figure[]> {
    const [order, perMonth] = await Promise.all([
      this.commitOrder(),
      Promise.all(months.map((month) => queryAll<FiguresItem>(this.partition(`FIGURES#${month}`)))),
    ]);
    const best = new Map<string, { figure: Figure; rank: string }>();
    for (const item of perMonth.flat()) {
      const rank = order.get(item.importId);
      if (rank === undefined) continue;
      for (const [indicator, value] of Object.entries(item.values)) {
        const key = `${item.month}#${item.municipality}#${indicator}`;
        const current = best.get(key);
        if (!current || rank > current.rank) best.set(key, { figure: { municipality: item.municipality, indicator, month: item.month, value }, rank });
      }
    }
    return [...best.values()].map((b) => b.figure);
  }

  async benchmarks(): Promise<Benchmark[]> {
    const [order, items] = await Promise.all([this.commitOrder(), queryAll<Benchmark & { importId: string }>(this.partition('BENCHMARK'))]);
    const best = new Map<string, { benchmark: Benchmark; rank: string }>();
    for (const { indicator, year, value, importId } of items) {
      const rank = order.get(importId);
      const key = `${year}#${indicator}`;
      const current = best.get(key);
      if (rank !== undefined && (!current || rank > current.rank)) best.set(key, { benchmark: { indicator, year, value }, rank });
    }
    return [...best.values()].map((b) => b.benchmark);
  }

  async imports(): Promise<ImportRecord[]> {
    const items = await queryAll<ImportRecord & { pk: string; sk: string }>(this.partition('IMPORT'));
    return items.map(({ pk: _pk, sk: _sk, ...record }) => record);
  }

  /**
   * Writes `dataset` as import `record.importId`: the record as started, every value in batches
   * (unprocessed items retried), then the record as committed — the one write that makes the
   * values visible. `onProgress` hears how many values are written so far.
   */
  async write(
    record: Pick<ImportRecord, 'importId' | 'source' | 'startedAt'>,
    dataset: Dataset,
    committedAt: () => Date,
    onProgress?: (written: number, total: number) => void,
  ): Promise<void> {
    const items = dataset.kind === 'figures' ? figureItems(dataset.values, record.importId) : dataset.values.map((b) => benchmarkItem(b, record.importId));
    const started: ImportRecord = { ...record, kind: dataset.kind, status: 'started', values: dataset.values.length };
    await this.putRecord(started);
    const batches = Array.from({ length: Math.ceil(items.length / BATCH) }, (_, i) => items.slice(i * BATCH, (i + 1) * BATCH));
    let written = 0;
    await mapWithConcurrency(batches, WRITE_CONCURRENCY, async (batch) => {
      await putAll(this.tableName, batch);
      written += batch.reduce((sum, item) => sum + ('values' in item ? Object.keys(item.values).length : 1), 0);
      onProgress?.(written, dataset.values.length);
    });
    await this.putRecord({ ...started, status: 'committed', committedAt: committedAt().toISOString() });
  }

  /** Writes every value as one import, without comparing: for loaders (the demo) that know the data is new. */
  async load(dataset: Dataset, source: string): Promise<void> {
    const now = new Date();
    await this.write({ importId: ImportStore.newImportId(now), source, startedAt: now.toISOString() }, dataset, () => new Date());
  }

  private async putRecord(record: ImportRecord): Promise<void> {
    await documentClient().send(new PutCommand({ TableName: this.tableName, Item: { pk: 'IMPORT', sk: record.importId, ...record } }));
  }

  /** Committed imports, each with its place in commit order; an import not in it is invisible. */
  private async commitOrder(): Promise<Map<string, string>> {
    const committed = (await this.imports()).filter((r) => r.status === 'committed');
    // Commit time first: the import committed last wins; the id breaks a tie within a millisecond.
    return new Map(committed.map((r) => [r.importId, `${r.committedAt}#${r.importId}`]));
  }

  private partition(pk: string) {
    return { TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } };
  }
}

type FiguresItem = {
  readonly pk: string;
  readonly sk: string;
  readonly municipality: string;
  readonly month: MonthKey;
  readonly importId: string;
  readonly values: Record<string, number>;
};

/** One item per municipality and month of the import. */
function figureItems(figures: readonly Figure[], importId: string): FiguresItem[] {
  const items = new Map<string, FiguresItem>();
  for (const f of figures) {
    const key = `${f.month}#${f.municipality}`;
    const item = items.get(key) ?? { pk: `FIGURES#${f.month}`, sk: `${f.municipality}#${importId}`, municipality: f.municipality, month: f.month, importId, values: {} };
    items.set(key, item);
    item.values[f.indicator] = f.value;
  }
  return [...items.values()];
}

function benchmarkItem(b: Benchmark, importId: string) {
  return { pk: 'BENCHMARK', sk: `${b.year}#${b.indicator}#${importId}`, indicator: b.indicator, year: b.year, value: b.value, importId };
}
