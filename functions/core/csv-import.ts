import type { Catalogue, Indicator } from './catalogue';
import { Choices, type CsvCell, type CsvEncoding, type CsvLayout, type CsvRow, type Delimiter, parseNumber, quoteValue, readCsv } from './csv-reader';
import type { Benchmark, Figure } from './organisation';
import { formatMonthKey } from './periods';

/**
 * Validating an import file of figures: the export of the dashboards
 * (`gemeente;indicator;maand;waarde`) or the Divosa benchmark (`indicator;jaar;waarde`).
 * Reading (encodings, separators, rows, the rejection) is the shared CSV reader's; this module
 * knows what a valid row of each is. Pure apart from reading the stream it is given.
 */

export const IMPORT_KINDS = ['figures', 'benchmark'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_LAYOUTS: Record<ImportKind, CsvLayout<ImportKind>> = {
  figures: { kind: 'figures', description: 'cijfers', columns: [{ name: 'gemeente' }, { name: 'indicator' }, { name: 'maand' }, { name: 'waarde' }] },
  benchmark: { kind: 'benchmark', description: 'benchmark', columns: [{ name: 'indicator' }, { name: 'jaar' }, { name: 'waarde' }] },
};

export interface ImportContext {
  readonly fileName: string;
  /** When not given, the kind follows from the header. */
  readonly kind?: ImportKind;
  /** The organisation's municipalities, as configured; the file may spell them in any case. */
  readonly municipalities: readonly string[];
  readonly catalogue: Catalogue;
  /** Months and years after today's are refused. */
  readonly today: Date;
  readonly maxBytes?: number;
}

interface FileFacts {
  readonly fileName: string;
  readonly encoding: CsvEncoding;
  readonly delimiter: Delimiter;
}

export type ValidatedImport =
  | (FileFacts & { readonly kind: 'figures'; readonly values: readonly Figure[] })
  | (FileFacts & { readonly kind: 'benchmark'; readonly values: readonly Benchmark[] });

/**
 * Reads a whole import file from `source` (a file or S3 stream; one chunk in memory at a time)
 * and returns its values, or throws ImportRejectedError naming every bad row and column.
 */
export async function readImportFile(source: AsyncIterable<Uint8Array | string> | Uint8Array, context: ImportContext): Promise<ValidatedImport> {
  const validators = { figures: figureValidator(context), benchmark: benchmarkValidator(context) };
  const summary = await readCsv(
    source,
    { fileName: context.fileName, layouts: context.kind ? [IMPORT_LAYOUTS[context.kind]] : Object.values(IMPORT_LAYOUTS), maxBytes: context.maxBytes },
    (file) => (row) => validators[file.layout.kind](row, file.delimiter),
  );
  const facts = { fileName: context.fileName, encoding: summary.encoding, delimiter: summary.delimiter };
  return summary.kind === 'figures'
    ? { ...facts, kind: 'figures', values: validators.figures.values }
    : { ...facts, kind: 'benchmark', values: validators.benchmark.values };
}

type RowValidator<T> = ((row: CsvRow, delimiter: Delimiter) => void) & { readonly values: T[] };

/** The organisation's municipalities, in any case; an error lists all of them. */
export function municipalityChoices(municipalities: readonly string[]): Choices<string> {
  return new Choices('gemeente van de organisatie', municipalities.map((m) => ({ value: m, names: [m], shown: m })));
}

/** An indicator by its id (`bijstand`) or its label (`Bijstandsuitkeringen Participatiewet`), in any case. */
export function indicatorChoices(catalogue: Catalogue): Choices<Indicator> {
  return new Choices(
    'indicator van het organisatiebestand (id of naam)',
    catalogue.indicators.map((i) => ({ value: i, names: [i.id, i.label], shown: `${i.id} (${i.label})` })),
  );
}

function figureValidator(context: ImportContext): RowValidator<Figure> {
  const municipalities = municipalityChoices(context.municipalities);
  const indicators = indicatorChoices(context.catalogue);
  const currentMonth = formatMonthKey(context.today.getUTCFullYear(), context.today.getUTCMonth() + 1);
  const seen = new Map<string, number>();
  const values: Figure[] = [];
  const validate = (row: CsvRow, delimiter: Delimiter) => {
    const municipality = municipalities.read(row.cell('gemeente'));
    const indicator = indicators.read(row.cell('indicator'));
    const month = readMonth(row.cell('maand'), currentMonth);
    const value = readValue(row.cell('waarde'), indicator, 'figure', delimiter);
    if (municipality === undefined || indicator === undefined || month === undefined || value === undefined) return;

    const key = `${municipality}\u0000${indicator.id}\u0000${month}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) return row.report(`herhaalt rij ${earlier} (zelfde gemeente, indicator en maand); houd er één van over`);
    seen.set(key, row.row);
    values.push({ municipality, indicator: indicator.id, month, value });
  };
  return Object.assign(validate, { values });
}

function benchmarkValidator(context: ImportContext): RowValidator<Benchmark> {
  const indicators = indicatorChoices(context.catalogue);
  const currentYear = context.today.getUTCFullYear();
  const seen = new Map<string, number>();
  const values: Benchmark[] = [];
  const validate = (row: CsvRow, delimiter: Delimiter) => {
    const indicator = indicators.read(row.cell('indicator'));
    const year = readYear(row.cell('jaar'), currentYear);
    const value = readValue(row.cell('waarde'), indicator, 'benchmark', delimiter);
    if (indicator === undefined || year === undefined || value === undefined) return;

    const key = `${indicator.id}\u0000${year}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) return row.report(`herhaalt rij ${earlier} (zelfde indicator en jaar); houd er één van over`);
    seen.set(key, row.row);
    values.push({ indicator: indicator.id, year, value });
  };
  return Object.assign(validate, { values });
}

const MONTH = /^(\d{4})-(\d{2})$/;

function readMonth(cell: CsvCell, currentMonth: string): string | undefined {
  const { text } = cell;
  if (text === '') return cell.report('is leeg');
  const match = MONTH.exec(text);
  const month = Number(match?.[2]);
  if (!match || month < 1 || month > 12) {
    return cell.report(`${quoteValue(text)} is geen maand van de vorm JJJJ-MM (bijvoorbeeld 2026-09); maakte een spreadsheet er een datum van, maak de kolom dan tekst`);
  }
  if (Number(match[1]) < 2000) return cell.report(`${text} ligt voor 2000`);
  if (text > currentMonth) return cell.report(`${text} ligt in de toekomst (het is nu ${currentMonth})`);
  return text;
}

/** A year (`2026`), not before 2000 and not after `currentYear`. */
export function readYear(cell: CsvCell, currentYear: number): number | undefined {
  const { text } = cell;
  if (text === '') return cell.report('is leeg');
  if (!/^\d{4}$/.test(text)) return cell.report(`${quoteValue(text)} is geen jaartal (bijvoorbeeld 2026)`);
  const year = Number(text);
  if (year < 2000) return cell.report(`${text} ligt voor 2000`);
  if (year > currentYear) return cell.report(`${text} ligt in de toekomst (het is nu ${currentYear})`);
  return year;
}

const UNIT_NAMES = { aantal: 'een aantal', dagen: 'een aantal dagen', minuten: 'een aantal minuten', percentage: 'een percentage' } as const;

/**
 * A value by the rules of the indicator's unit. A benchmark of a count is the change against the
 * year before, in percent, and may be negative.
 */
export function readValue(cell: CsvCell, indicator: Indicator | undefined, what: 'figure' | 'benchmark', delimiter: Delimiter): number | undefined {
  const { text } = cell;
  if (text === '') return cell.report('is leeg; laat de rij weg als er geen waarde is');
  const value = parseNumber(text, delimiter);
  if (value === null) return cell.report(`${quoteValue(text)} is geen getal (schrijf 1234,5 of 1.234,5 of 1234.5)`);
  if (!indicator || (what === 'benchmark' && indicator.unit === 'aantal')) return value;
  const unit = UNIT_NAMES[indicator.unit];
  if (value < 0) return cell.report(`${text} is negatief; ${indicator.id} is ${unit}`);
  const problem = unitProblem(text, value, indicator, delimiter);
  return problem ? cell.report(problem) : value;
}

/**
 * The unit's rule for a value read from a file, one place for figures and goals (the goals file
 * and the organisation file's `doelen`): a count is whole,
 * a percentage at most 100. `2.450` in a `,`-separated file reads as 2,45 (parseNumber): the
 * message says how to write the thousands.
 */
export function unitProblem(text: string, value: number, indicator: Pick<Indicator, 'id' | 'unit'>, delimiter: Delimiter): string | undefined {
  if (indicator.unit === 'aantal' && !Number.isInteger(value)) {
    const grouped = delimiter === ',' && /^-?\d{1,3}\.\d{3}$/.test(text.trim());
    const hint = grouped ? `; in een bestand met komma's als scheidingsteken is de punt een decimaalteken: schrijf ${text.trim().replace('.', '')} zonder punt` : '';
    return `${text} is geen geheel getal; ${indicator.id} is een aantal${hint}`;
  }
  if (indicator.unit === 'percentage' && value > 100) return `${text} is meer dan 100; ${indicator.id} is een percentage`;
  return undefined;
}
