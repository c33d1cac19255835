import { Readable, pipeline } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import type { Catalogue, Indicator } from './catalogue';
import { InvalidInputError } from './errors';
import { formatBytes } from './format';
import type { Benchmark, Figure } from './organisation';
import { formatMonthKey } from './periods';

/**
 * Reading and validating an import file: the figures export of the dashboards
 * (`gemeente;indicator;maand;waarde`) or the Divosa benchmark (`indicator;jaar;waarde`).
 * The whole file is read and checked before the caller writes anything; every problem is
 * collected with its row (as a spreadsheet counts them: the header is row 1) and column.
 * Pure apart from reading the stream it is given: no clock, no AWS.
 */

export const IMPORT_KINDS = ['figures', 'benchmark'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_COLUMNS: Record<ImportKind, readonly string[]> = {
  figures: ['gemeente', 'indicator', 'maand', 'waarde'],
  benchmark: ['indicator', 'jaar', 'waarde'],
};

/** About 350,000 rows of figures: far above a real export, far below what a Lambda can hold. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
/** Problems listed in a report; the rest are counted. */
export const MAX_REPORTED_PROBLEMS = 100;

export interface ImportProblem {
  /** Row as a spreadsheet counts it (the header is row 1); null for the file as a whole. */
  readonly row: number | null;
  readonly column: string | null;
  readonly message: string;
}

/** A file that is not imported, with every problem found (up to MAX_REPORTED_PROBLEMS) and the count of all. */
export class ImportRejectedError extends InvalidInputError {
  constructor(
    readonly fileName: string,
    readonly problems: readonly ImportProblem[],
    readonly problemCount: number = problems.length,
  ) {
    super(formatRejection(fileName, problems, problemCount));
  }
}

export function formatRejection(fileName: string, problems: readonly ImportProblem[], problemCount: number): string {
  const lines = problems.slice(0, MAX_REPORTED_PROBLEMS).map((p) => {
    const where = [p.row === null ? null : `row ${p.row}`, p.column === null ? null : `column ${p.column}`].filter(Boolean).join(', ');
    return `  ${where ? `${where}: ` : ''}${p.message}`;
  });
  const shown = lines.length;
  if (problemCount > shown) lines.push(`  … and ${problemCount - shown} more`);
  const what = problemCount === 1 ? '1 problem' : `${problemCount} problems`;
  return `${fileName} was rejected (${what}); nothing was imported. Correct the file and import it again.\n${lines.join('\n')}`;
}

/** Refuses a file over the size limit before a byte of it is read. */
export function checkImportSize(fileName: string, bytes: number, maxBytes = MAX_IMPORT_BYTES): void {
  if (bytes > maxBytes) {
    throw new ImportRejectedError(fileName, [
      { row: null, column: null, message: tooLarge(formatBytes(bytes), maxBytes) },
    ]);
  }
}

function tooLarge(size: string, maxBytes: number): string {
  return `the file is ${size}; the limit is ${formatBytes(maxBytes)}. Split it into smaller files (for example one per year).`;
}

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

export type ValidatedImport =
  | { readonly kind: 'figures'; readonly fileName: string; readonly values: readonly Figure[] }
  | { readonly kind: 'benchmark'; readonly fileName: string; readonly values: readonly Benchmark[] };

/**
 * Reads a whole import file from `source` (a file or S3 stream; one chunk in memory at a time)
 * and returns its values, or throws ImportRejectedError naming every bad row and column.
 * Accepts `;` or `,` as separator (taken from the header), a UTF-8 BOM, CRLF and quoted fields.
 */
export async function readImportFile(source: AsyncIterable<Uint8Array | string>, context: ImportContext): Promise<ValidatedImport> {
  const problems = new ProblemList();
  let delimiter: ';' | ',' = ';';
  let row = 0;
  let validator: RowValidator | undefined;
  let kind: ImportKind | undefined;
  let columns = new Map<string, number>();
  let dataRows = 0;
  try {
    const csv = await openCsv(source, context.maxBytes ?? MAX_IMPORT_BYTES);
    delimiter = csv.delimiter;
    for await (const fields of csv.records) {
      row++;
      if (row === 1) {
        const header = matchHeader(fields, delimiter, context.kind);
        if (typeof header === 'string') {
          problems.add({ row, column: null, message: header });
          break;
        }
        kind = header.kind;
        columns = header.columns;
        validator = header.kind === 'figures' ? figureValidator(context, delimiter) : benchmarkValidator(context, delimiter);
        continue;
      }
      // Blank lines, and the `;;;` rows spreadsheets leave at the end, carry nothing.
      if (fields.every((f) => f === '')) continue;
      dataRows++;
      const expected = IMPORT_COLUMNS[kind as ImportKind].length;
      if (fields.length !== expected) {
        problems.add({ row, column: null, message: `has ${fields.length} ${fields.length === 1 ? 'column' : 'columns'}; expected ${expected} (${IMPORT_COLUMNS[kind as ImportKind].join(delimiter)}), separated by "${delimiter}"` });
        continue;
      }
      validator?.((column) => ({ text: fields[columns.get(column) ?? -1] ?? '', report: (message) => void problems.add({ row, column, message }) }), row, problems);
    }
  } catch (error) {
    if (error instanceof FileTooLargeError) {
      throw new ImportRejectedError(context.fileName, [{ row: null, column: null, message: tooLarge(`larger than ${formatBytes(error.maxBytes)}`, error.maxBytes) }]);
    }
    if (!(error instanceof CsvError)) throw error;
    problems.add({ row: row + 1, column: null, message: `${describeCsvError(error)}; the rest of the file was not read` });
  }

  if (row === 0) {
    problems.add({ row: null, column: null, message: `the file is empty; it needs a header line (${headerHelp(context.kind, ';')}) and a row per value` });
  } else if (problems.count === 0 && dataRows === 0) {
    problems.add({ row: null, column: null, message: 'the file has a header but no rows' });
  }
  if (problems.count > 0 || !validator || !kind) throw new ImportRejectedError(context.fileName, problems.listed, problems.count);
  return { kind, fileName: context.fileName, values: validator.values } as ValidatedImport;
}

// ---------------------------------------------------------------------------------------------
// Reading CSV

class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`more than ${maxBytes} bytes`);
  }
}

/**
 * Peeks at the header line to choose the separator, then streams the rest through csv-parse.
 * The byte limit is enforced while reading too, for a source whose size was not known up front.
 */
async function openCsv(source: AsyncIterable<Uint8Array | string>, maxBytes: number): Promise<{ delimiter: ';' | ','; records: AsyncIterable<string[]> }> {
  const iterator = source[Symbol.asyncIterator]();
  let bytes = 0;
  const next = async (): Promise<Buffer | undefined> => {
    const result = await iterator.next();
    if (result.done) return undefined;
    const chunk = typeof result.value === 'string' ? Buffer.from(result.value) : Buffer.from(result.value.buffer, result.value.byteOffset, result.value.byteLength);
    bytes += chunk.length;
    if (bytes > maxBytes) throw new FileTooLargeError(maxBytes);
    return chunk;
  };

  const head: Buffer[] = [];
  let headBytes = 0;
  for (let chunk = await next(); chunk; chunk = headBytes > 64 * 1024 ? undefined : await next()) {
    head.push(chunk);
    headBytes += chunk.length;
    if (chunk.includes(0x0a)) break;
  }
  const firstLine = Buffer.concat(head).toString('utf8').split('\n')[0] ?? '';
  const delimiter = detectDelimiter(firstLine);

  async function* rest(): AsyncGenerator<Buffer> {
    try {
      yield* head;
      for (let chunk = await next(); chunk; chunk = await next()) yield chunk;
    } finally {
      await iterator.return?.(); // a rejected header stops reading: release the file or connection
    }
  }
  const parser = parse({ delimiter, bom: true, trim: true, relax_column_count: true, relax_quotes: true });
  // pipeline, not pipe: an error of the source (too large, connection lost) must end the parser too.
  pipeline(Readable.from(rest()), parser, () => {});
  return { delimiter, records: parser as AsyncIterable<string[]> };
}

/** `;` (Dutch Excel) unless the header has a `,` and no `;`. */
export function detectDelimiter(headerLine: string): ';' | ',' {
  return !headerLine.includes(';') && headerLine.includes(',') ? ',' : ';';
}

function describeCsvError(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is not closed (a " without its closing ")';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quoted field has text after its closing quote';
    default:
      return `the file cannot be read as CSV (${error.message})`;
  }
}

function headerHelp(kind: ImportKind | undefined, delimiter: string): string {
  const kinds = kind ? [kind] : IMPORT_KINDS;
  return kinds.map((k) => `${IMPORT_COLUMNS[k].join(delimiter)}${kind ? '' : ` for ${k}`}`).join(', or ');
}

/** The kind of file and where each column is, or what is wrong with the header. */
function matchHeader(fields: readonly string[], delimiter: string, kind: ImportKind | undefined): { kind: ImportKind; columns: Map<string, number> } | string {
  const names = fields.map((f) => f.trim().toLowerCase());
  for (const candidate of kind ? [kind] : IMPORT_KINDS) {
    const expected = IMPORT_COLUMNS[candidate];
    const indexes = expected.map((column) => names.indexOf(column));
    if (names.length === expected.length && indexes.every((i) => i >= 0)) {
      return { kind: candidate, columns: new Map(expected.map((column, i) => [column, indexes[i] as number])) };
    }
  }
  const shown = fields.join(delimiter);
  return `the header is "${shown.length > 80 ? `${shown.slice(0, 80)}…` : shown}"; expected ${headerHelp(kind, delimiter)} (columns separated by ; or ,)`;
}

// ---------------------------------------------------------------------------------------------
// Validating rows

class ProblemList {
  readonly listed: ImportProblem[] = [];
  count = 0;
  add(problem: ImportProblem): void {
    this.count++;
    if (this.listed.length < MAX_REPORTED_PROBLEMS) this.listed.push(problem);
  }
}

/** One cell of a row: its text, and how to report what is wrong with it. */
interface Cell {
  readonly text: string;
  report(message: string): undefined;
}

type RowValidator = ((cell: (column: string) => Cell, row: number, problems: ProblemList) => void) & { readonly values: unknown[] };

function lookups(context: ImportContext) {
  const municipalities = new Map(context.municipalities.map((m) => [m.toLowerCase(), m]));
  const indicators = new Map(context.catalogue.indicators.map((i) => [i.id.toLowerCase(), i]));
  const list = (names: readonly string[]) =>
    names.length === 0 ? 'none are configured yet' : names.length > 12 ? `${names.slice(0, 12).join(', ')}, …` : names.join(', ');
  return {
    municipality({ text, report }: Cell): string | undefined {
      if (text === '') return report('is empty');
      return municipalities.get(text.toLowerCase()) ?? report(`${quote(text)} is not a municipality of the organisation (${list(context.municipalities)})`);
    },
    indicator({ text, report }: Cell): Indicator | undefined {
      if (text === '') return report('is empty');
      return indicators.get(text.toLowerCase()) ?? report(`${quote(text)} is not an indicator of the catalogue (${list(context.catalogue.indicators.map((i) => i.id))})`);
    },
  };
}

function figureValidator(context: ImportContext, delimiter: ';' | ','): RowValidator {
  const find = lookups(context);
  const currentMonth = formatMonthKey(context.today.getUTCFullYear(), context.today.getUTCMonth() + 1);
  const seen = new Map<string, number>();
  const values: Figure[] = [];
  const validate = (cell: (column: string) => Cell, row: number, problems: ProblemList) => {
    const municipality = find.municipality(cell('gemeente'));
    const indicator = find.indicator(cell('indicator'));
    const month = checkMonth(cell('maand'), currentMonth);
    const value = checkValue(cell('waarde'), indicator, 'figure', delimiter);
    if (municipality === undefined || indicator === undefined || month === undefined || value === undefined) return;

    const key = `${municipality}\u0000${indicator.id}\u0000${month}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.add({ row, column: null, message: `repeats row ${earlier} (same gemeente, indicator and maand); keep one of them` });
      return;
    }
    seen.set(key, row);
    values.push({ municipality, indicator: indicator.id, month, value });
  };
  return Object.assign(validate, { values });
}

function benchmarkValidator(context: ImportContext, delimiter: ';' | ','): RowValidator {
  const find = lookups(context);
  const currentYear = context.today.getUTCFullYear();
  const seen = new Map<string, number>();
  const values: Benchmark[] = [];
  const validate = (cell: (column: string) => Cell, row: number, problems: ProblemList) => {
    const indicator = find.indicator(cell('indicator'));
    const year = checkYear(cell('jaar'), currentYear);
    const value = checkValue(cell('waarde'), indicator, 'benchmark', delimiter);
    if (indicator === undefined || year === undefined || value === undefined) return;

    const key = `${indicator.id}\u0000${year}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.add({ row, column: null, message: `repeats row ${earlier} (same indicator and jaar); keep one of them` });
      return;
    }
    seen.set(key, row);
    values.push({ indicator: indicator.id, year, value });
  };
  return Object.assign(validate, { values });
}

const MONTH = /^(\d{4})-(\d{2})$/;

function checkMonth({ text, report }: Cell, currentMonth: string): string | undefined {
  if (text === '') return report('is empty');
  const match = MONTH.exec(text);
  const month = Number(match?.[2]);
  if (!match || month < 1 || month > 12) {
    return report(`${quote(text)} is not a month of the form YYYY-MM (for example 2026-09); if a spreadsheet turned it into a date, format the column as text`);
  }
  if (Number(match[1]) < 2000) return report(`${text} is before 2000`);
  if (text > currentMonth) return report(`${text} is in the future (this is ${currentMonth})`);
  return text;
}

function checkYear({ text, report }: Cell, currentYear: number): number | undefined {
  if (text === '') return report('is empty');
  if (!/^\d{4}$/.test(text)) return report(`${quote(text)} is not a year (for example 2026)`);
  const year = Number(text);
  if (year < 2000) return report(`${text} is before 2000`);
  if (year > currentYear) return report(`${text} is in the future (this is ${currentYear})`);
  return year;
}

/**
 * The rules a value follows, by the indicator's unit. A benchmark of a count is the change
 * against the year before, in percent, and may be negative.
 */
function checkValue({ text, report }: Cell, indicator: Indicator | undefined, what: 'figure' | 'benchmark', delimiter: ';' | ','): number | undefined {
  if (text === '') return report('is empty; leave the row out when there is no value');
  const value = parseNumber(text, delimiter);
  if (value === null) return report(`${quote(text)} is not a number (write 1234,5 or 1234.5)`);
  if (!indicator || (what === 'benchmark' && indicator.unit === 'aantal')) return value;
  const unit = { aantal: 'a count', dagen: 'a number of days', minuten: 'a number of minutes', percentage: 'a percentage' }[indicator.unit];
  if (value < 0) return report(`${text} is negative; ${indicator.id} is ${unit}`);
  if (indicator.unit === 'aantal' && !Number.isInteger(value)) return report(`${text} is not a whole number; ${indicator.id} is a count`);
  if (indicator.unit === 'percentage' && value > 100) return report(`${text} is more than 100; ${indicator.id} is a percentage`);
  return value;
}

/**
 * A Dutch or plain number: `1.234,5`, `1234,5`, `1234.5`, `-3,2`. A comma is always the decimal
 * sign. `1.234` alone is ambiguous: in a `;`-separated file (what Dutch Excel writes, because it
 * uses the comma for decimals) the dot groups thousands; in a `,`-separated file it is the
 * decimal point. Null when the text is no number.
 */
export function parseNumber(text: string, delimiter: ';' | ','): number | null {
  const t = text.trim();
  let normalised: string | null = null;
  if (t.includes(',')) {
    if (DUTCH_NUMBER.test(t)) normalised = t.replace(/\./g, '').replace(',', '.');
  } else if (GROUPED_THOUSANDS.test(t) && (delimiter === ';' || t.indexOf('.') !== t.lastIndexOf('.'))) {
    normalised = t.replace(/\./g, '');
  } else if (PLAIN_NUMBER.test(t)) {
    normalised = t;
  }
  const value = normalised === null ? Number.NaN : Number(normalised);
  return Number.isFinite(value) ? value : null;
}

const DUTCH_NUMBER = /^-?(?:\d{1,3}(?:\.\d{3})+|\d+),\d+$/;
const GROUPED_THOUSANDS = /^-?\d{1,3}(?:\.\d{3})+$/;
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

function quote(text: string): string {
  const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  return shown.includes('\uFFFD') ? `"${shown}" (not UTF-8: save the file as "CSV UTF-8")` : `"${shown}"`;
}
