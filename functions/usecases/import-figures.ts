import type { Dataset, FigureStore, IngestFiles, OrganisationReader } from './ports';
import { type ImportKind, readImportFile } from '../core/csv-import';
import { type CsvEncoding, type Delimiter, ImportRejectedError, checkImportSize } from '../core/csv-reader';
import { InvalidInputError } from '../core/errors';
import { type Figure, type OrganisationVersion, catalogueOf } from '../core/organisation';
import { type Period, isPeriodOver, periodMonths, periodOfMonth } from '../core/periods';
import { type MissingFigure, missingFigures } from '../core/readiness';
import { noOrganisation } from './organisation';
import type { AuditLog } from './ports';
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

  let dataset: Dataset;
  let counts: ImportCounts;
  if (file.kind === 'figures') {
    const months = [...new Set(file.values.map((f) => f.month))];
    const plan = planImport(file.values, await deps.imports.figures(months), figureKey);
    dataset = { kind: 'figures', values: plan.toWrite };
    counts = plan.counts;
  } else {
    const plan = planImport(file.values, await deps.imports.benchmarks(), benchmarkKey);
    dataset = { kind: 'benchmark', values: plan.toWrite };
    counts = plan.counts;
  }
  const summary = { fileName: source.name, kind: file.kind, encoding: file.encoding, delimiter: file.delimiter, ...counts };
  if (dataset.values.length === 0) return { ...summary, importId: null };

  const startedAt = deps.now();
  const importId = deps.newImportId(startedAt);
  await deps.imports.write({ importId, source: source.name, startedAt: startedAt.toISOString() }, dataset, deps.now, options.onProgress);
  if (options.audited) {
    // After the commit, unlike other changes: the import's own record (started, then committed)
    // already accounts for one killed halfway, and the entry says only what came in force.
    const action = file.kind === 'figures' ? 'figures imported' : 'benchmark imported';
    const detail = `${source.name}: ${counts.new} nieuw, ${counts.changed} gewijzigd, ${counts.unchanged} ongewijzigd (import ${importId})`;
    await options.audited.log.audit([{ at: startedAt.toISOString(), actor: options.audited.actor, action, detail }]);
  }
  const gaps = file.kind === 'figures' ? await gapsLeft(file.values, organisation, deps) : undefined;
  return { ...summary, importId, ...(gaps ? { gaps } : {}) };
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
