import { randomBytes } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { mapWithConcurrency } from '../core/concurrency';
import type { ImportKind } from '../core/csv-import';
import type { Benchmark, Figure } from '../core/organisation';
import type { MonthKey } from '../core/periods';
import { documentClient, putAll, queryAll } from './dynamodb';

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
 *   IMPORT            / <importId>                               kind, source, status, values
 *   FIGURES#<YYYY-MM> / <municipality>#<indicator>#<importId>    value
 *   BENCHMARK         / <year>#<indicator>#<importId>            value
 * Import ids start with the start time, so they sort in time; superseded versions stay as history.
 */
export interface ImportRecord {
  readonly importId: string;
  readonly kind: ImportKind;
  /** The file name, no path: what the operator recognises. */
  readonly source: string;
  readonly status: 'started' | 'committed';
  readonly startedAt: string;
  readonly committedAt?: string;
  /** Values this import wrote (the new and changed ones). */
  readonly values: number;
}

export type Dataset = { readonly kind: 'figures'; readonly values: readonly Figure[] } | { readonly kind: 'benchmark'; readonly values: readonly Benchmark[] };

/** BatchWriteItem calls in flight: enough to keep DynamoDB busy, few enough for one Lambda's sockets. */
const WRITE_CONCURRENCY = 8;
const BATCH = 25;

export class ImportStore {
  constructor(private readonly tableName: string) {}

  /** A new import id: `20261123T201124123Z-a1b2c3`, sortable by start time. */
  static newImportId(now: Date): string {
    return `${now.toISOString().replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`;
  }

  /** The values in force for the given months: per key, the one of the latest committed import. */
  async figures(months: readonly MonthKey[]): Promise<Figure[]> {
    const [order, perMonth] = await Promise.all([
      this.commitOrder(),
      Promise.all(months.map((month) => queryAll<Figure & { importId: string }>(this.partition(`FIGURES#${month}`)))),
    ]);
    return latest(perMonth.flat(), order, (f) => `${f.month}#${f.municipality}#${f.indicator}`).map(({ municipality, indicator, month, value }) => ({
      municipality,
      indicator,
      month,
      value,
    }));
  }

  async benchmarks(): Promise<Benchmark[]> {
    const [order, items] = await Promise.all([this.commitOrder(), queryAll<Benchmark & { importId: string }>(this.partition('BENCHMARK'))]);
    return latest(items, order, (b) => `${b.year}#${b.indicator}`).map(({ indicator, year, value }) => ({ indicator, year, value }));
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
    const items = dataset.kind === 'figures' ? dataset.values.map((f) => this.figureItem(f, record.importId)) : dataset.values.map((b) => this.benchmarkItem(b, record.importId));
    const started: ImportRecord = { ...record, kind: dataset.kind, status: 'started', values: items.length };
    await this.putRecord(started);
    const batches = Array.from({ length: Math.ceil(items.length / BATCH) }, (_, i) => items.slice(i * BATCH, (i + 1) * BATCH));
    let written = 0;
    await mapWithConcurrency(batches, WRITE_CONCURRENCY, async (batch) => {
      await putAll(this.tableName, batch);
      written += batch.length;
      onProgress?.(written, items.length);
    });
    await this.putRecord({ ...started, status: 'committed', committedAt: committedAt().toISOString() });
  }

  /** Writes every value as one import, without comparing: for loaders (the demo) that know the data is new. */
  async load(dataset: Dataset, source: string): Promise<void> {
    const now = new Date();
    await this.write({ importId: ImportStore.newImportId(now), source, startedAt: now.toISOString() }, dataset, () => new Date());
  }

  private figureItem(f: Figure, importId: string) {
    return { pk: `FIGURES#${f.month}`, sk: `${f.municipality}#${f.indicator}#${importId}`, municipality: f.municipality, indicator: f.indicator, month: f.month, value: f.value, importId };
  }

  private benchmarkItem(b: Benchmark, importId: string) {
    return { pk: 'BENCHMARK', sk: `${b.year}#${b.indicator}#${importId}`, indicator: b.indicator, year: b.year, value: b.value, importId };
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

/** Per key, the version whose import was committed last; versions of uncommitted imports are skipped. */
function latest<T extends { importId: string }>(items: readonly T[], order: ReadonlyMap<string, string>, key: (item: T) => string): T[] {
  const best = new Map<string, { item: T; rank: string }>();
  for (const item of items) {
    const rank = order.get(item.importId);
    if (rank === undefined) continue;
    const k = key(item);
    const current = best.get(k);
    if (!current || rank > current.rank) best.set(k, { item, rank });
  }
  return [...best.values()].map((b) => b.item);
}
