import type { Dataset, FigureStore, IngestFiles, OrganisationReader } from './ports';
import { type ImportKind, readImportFile } from '../core/csv-import';
import { type CsvEncoding, type Delimiter, ImportRejectedError, checkImportSize } from '../core/csv-reader';
import { InvalidInputError } from '../core/errors';
import { type Benchmark, type Figure, type OrganisationVersion, catalogueOf } from '../core/organisation';
import { type Period, isPeriodOver, periodMonths, periodOfMonth } from '../core/periods';
import { type MissingFigure, missingFigures } from '../core/readiness';
import { noOrganisation } from './organisation';
import type { AuditEntry, AuditLog } from './ports';
import { type ImportCounts, benchmarkKey, figureKey, planImport } from '../core/import-plan';

export interface ImportDeps {
  readonly organisation: Pick<OrganisationReader, 'organisation'>;
  readonly imports: Pick<FigureStore, 'figures' | 'benchmarks' | 'write'>;
  readonly now: () => Date;
  readonly newImportId: (now: Date) => string;
}

/** A file to import: its name (for messages), its size, and its bytes as a stream. */
export interface ImportSource {
  readonly name: string;
  readonly size: number;
  open(): Promise<AsyncIterable<Uint8Array>>;
}

export interface ImportSummary extends ImportCounts {
  readonly fileName: string;
  readonly kind: ImportKind;
  /** How the file was read: the operator sees it, so a wrong guess is noticed. */
  readonly encoding: CsvEncoding;
  readonly delimiter: Delimiter;
  /** Null when nothing was new or changed, so nothing was written. */
  readonly importId: string | null;
  /** The newest ended period the file touched, when it still misses values after this import. */
  readonly gaps?: { readonly period: Period; readonly missing: readonly MissingFigure[] };
}

/**
 * An import, all or nothing:
 * 1. refuse a file over the size limit before reading it;
 * 2. read and validate the whole file — one bad row and nothing is written (ImportRejectedError);
 * 3. compare with the values in force: new, changed, unchanged;
 * 4. write the new and changed values as one import, made visible by its commit at the end;
 * 5. record it in the audit trail when an operator did it (`audited`: who, and the trail).
 */
export async function importFile(
  source: ImportSource,
  options: { readonly kind?: ImportKind; readonly onProgress?: (written: number, total: number) => void; readonly audited?: { readonly actor: string; readonly log: AuditLog } },
  deps: ImportDeps,
): Promise<ImportSummary> {
  checkImportSize(source.name, source.size);
  const organisation = await deps.organisation.organisation();
  if (!organisation) throw noOrganisation();
  const municipalities = organisation.config.municipalities.map((m) => m.name);
  const file = await readImportFile(await source.open(), {
    fileName: source.name,
    kind: options.kind,
    municipalities,
    catalogue: catalogueOf(organisation),
    today: deps.now(),
  });

  const summary = { fileName: source.name, kind: file.kind, encoding: file.encoding, delimiter: file.delimiter };
  const audited = options.audited
    ? { actor: options.audited.actor, log: options.audited.log, entry: (counts: ImportCounts, importId: string) => ({ action: file.kind === 'figures' ? ('figures imported' as const) : ('benchmark imported' as const), detail: `${source.name}: ${countsNl(counts)} (import ${importId})` }) }
    : undefined;
  const written =
    file.kind === 'figures'
      ? await writeImport({ kind: 'figures', values: file.values }, { source: source.name, onProgress: options.onProgress, audited }, deps)
      : await writeImport({ kind: 'benchmark', values: file.values }, { source: source.name, onProgress: options.onProgress, audited }, deps);
  if (written.importId === null) return { ...summary, ...written.counts, importId: null };
  const importId = written.importId;
  const gaps = file.kind === 'figures' ? await gapsLeft(file.values, organisation, deps) : undefined;
  return { ...summary, ...written.counts, importId, ...(gaps ? { gaps } : {}) };
}

/** `2 nieuw, 1 gewijzigd, 0 ongewijzigd`: what an import did, as the audit trail says it. */
export function countsNl(counts: ImportCounts): string {
  return `${counts.new} nieuw, ${counts.changed} gewijzigd, ${counts.unchanged} ongewijzigd`;
}

/** A value an import wrote, with the value it replaced (none when it was new). */
export interface WrittenValue<T> {
  readonly value: T;
  readonly was?: number;
}

/** How an import is audited: who, in which trail, and the entry's words once the counts are known. */
export interface ImportAudit {
  readonly actor: string;
  readonly log: AuditLog;
  readonly entry: (counts: ImportCounts, importId: string, written: readonly WrittenValue<Figure | Benchmark>[]) => Pick<AuditEntry, 'action' | 'detail'> & Partial<Pick<AuditEntry, 'municipality'>>;
}

/**
 * Validated values written as one import, all or nothing, the one way values come in force (the
 * operator's file and a municipality's upload alike):
 * 1. compare with the values in force: new, changed, unchanged;
 * 2. write the new and changed values as one import, made visible by its commit at the end;
 * 3. audit it (`audited`) after the commit: the import's own record (started, then committed)
 *    already accounts for one killed halfway, and the entry says only what came in force.
 */
export async function writeImport(
  dataset: Dataset,
  options: { readonly source: string; readonly onProgress?: (written: number, total: number) => void; readonly audited?: ImportAudit },
  deps: Pick<ImportDeps, 'imports' | 'now' | 'newImportId'>,
): Promise<{ readonly counts: ImportCounts; readonly importId: string | null; readonly written: readonly WrittenValue<Figure | Benchmark>[] }> {
  const { toWrite, counts, written } =
    dataset.kind === 'figures'
      ? withInForce<Figure>(dataset.values, await deps.imports.figures([...new Set(dataset.values.map((f) => f.month))]), figureKey)
      : withInForce<Benchmark>(dataset.values, await deps.imports.benchmarks(), benchmarkKey);
  if (toWrite.length === 0) return { counts, importId: null, written: [] };
  const startedAt = deps.now();
  const importId = deps.newImportId(startedAt);
  const toStore: Dataset = dataset.kind === 'figures' ? { kind: 'figures', values: toWrite as Figure[] } : { kind: 'benchmark', values: toWrite as Benchmark[] };
  await deps.imports.write({ importId, source: options.source, startedAt: startedAt.toISOString() }, toStore, deps.now, options.onProgress);
  if (options.audited) {
    const entry = options.audited.entry(counts, importId, written);
    await options.audited.log.audit([{ at: startedAt.toISOString(), actor: options.audited.actor, ...entry }]);
  }
  return { counts, importId, written };
}

/** The import's plan, and each value to write with the value it replaces. */
function withInForce<T extends { readonly value: number }>(incoming: readonly T[], current: readonly T[], key: (value: T) => string) {
  const plan = planImport(incoming, current, key);
  const byKey = new Map(current.map((c) => [key(c), c.value]));
  const written: WrittenValue<T>[] = plan.toWrite.map((value) => {
    const was = byKey.get(key(value));
    return was === undefined ? { value } : { value, was };
  });
  return { ...plan, written };
}

/**
 * What the newest period the file touched still misses, said while the file is fresh. Only for an
 * ended period: one still running misses its later months by nature.
 */
async function gapsLeft(values: readonly Figure[], organisation: OrganisationVersion, deps: ImportDeps): Promise<ImportSummary['gaps']> {
  const newest = values.reduce((latest, f) => (f.month > latest ? f.month : latest), '');
  if (newest === '') return undefined;
  const period = periodOfMonth(newest, organisation.config.periodLength);
  if (!isPeriodOver(period, deps.now())) return undefined;
  const missing = missingFigures({
    period,
    municipalities: organisation.config.municipalities.map((m) => m.name),
    catalogue: catalogueOf(organisation),
    figures: await deps.imports.figures(periodMonths(period)),
  });
  return missing.length > 0 ? { period, missing } : undefined;
}

export const INGEST_PREFIX = { incoming: 'incoming/', processed: 'processed/', rejected: 'rejected/' } as const;

export type IngestResult =
  | { readonly outcome: 'processed'; readonly key: string; readonly summary: ImportSummary }
  | { readonly outcome: 'rejected'; readonly key: string; readonly reportKey: string; readonly problems: number }
  | { readonly outcome: 'ignored'; readonly key: string; readonly reason: string };

/**
 * A file that landed in the ingest bucket's `incoming/`: imported and moved to `processed/`, or
 * rejected and moved to `rejected/` with its error report next to it as `<name>.errors.txt`.
 * Anything but a rejection (DynamoDB unreachable, …) is thrown and the file stays in `incoming/`
 * for the retry; a retry of an import that did commit finds every row unchanged.
 */
export async function importIngestObject(key: string, deps: ImportDeps & { readonly ingest: IngestFiles }): Promise<IngestResult> {
  if (!key.startsWith(INGEST_PREFIX.incoming)) {
    throw new InvalidInputError(`s3 object ${key} is not under ${INGEST_PREFIX.incoming}; only files placed there are imported`);
  }
  const relative = key.slice(INGEST_PREFIX.incoming.length);
  if (relative === '' || relative.endsWith('/')) return { outcome: 'ignored', key, reason: 'a folder, not a file' };
  const name = relative.split('/').pop() as string;

  try {
    const summary = await importFile({ name, size: await deps.ingest.size(key), open: () => deps.ingest.read(key) }, {}, deps);
    const processedKey = `${INGEST_PREFIX.processed}${relative}`;
    await deps.ingest.move(key, processedKey);
    return { outcome: 'processed', key: processedKey, summary };
  } catch (error) {
    if (!(error instanceof ImportRejectedError)) throw error;
    const rejectedKey = `${INGEST_PREFIX.rejected}${relative}`;
    const reportKey = `${rejectedKey}.errors.txt`;
    // The report first: a file in rejected/ always has its reason next to it.
    await deps.ingest.putText(reportKey, `${error.message}\n`);
    await deps.ingest.move(key, rejectedKey);
    return { outcome: 'rejected', key: rejectedKey, reportKey, problems: error.problemCount };
  }
}
