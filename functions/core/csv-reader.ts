import { Readable, pipeline } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { unneutraliseCell } from './csv-writer';
import { InvalidInputError } from './errors';
import { formatBytes } from './format';

/**
 * The one CSV reader behind every import (figures, benchmark, recipients, goals): bytes in, rows
 * with their row and line numbers out, and every problem collected with its row and column.
 * It knows the ways of the files operators bring, mostly saved by Dutch Excel:
 * - UTF-8 with or without BOM, or Windows-1252 ("CSV (gescheiden door lijstscheidingsteken)"):
 *   a file that is not valid UTF-8 is read as Windows-1252, so no U+FFFD is ever made; one that
 *   holds a U+FFFD already (garbled before it got here) is refused where it does;
 * - `;` or `,` as separator, taken from the header, or from a first line `sep=;`;
 * - quoted fields, CRLF or LF, blank lines and `;;;` rows (skipped, but counted as rows);
 * - trailing empty columns (a `;` at the end of every row);
 * - headers in any case, with spaces, dashes or underscores (`E-mail` is `email`) and aliases.
 * Rows are numbered as a spreadsheet numbers them: the header is row 1, a quoted field over two
 * lines is one row, a `sep=` line is not a row. Pure apart from reading the stream it is given.
 */

/** About 350,000 rows of figures: far above a real export, far below what a Lambda can hold. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
/** Lines of problems in a report; the rest are counted. */
export const MAX_REPORTED_PROBLEMS = 100;
/** Ranges of rows shown for one problem that many rows share. */
const MAX_ROW_RANGES = 20;

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'windows-1252';

/** How an operator reads the encoding that was found. */
export const ENCODING_NAMES: Record<CsvEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 met BOM',
  'windows-1252': 'Windows-1252 (ANSI)',
};

export type Delimiter = ';' | ',';

// ---------------------------------------------------------------------------------------------
// Problems and the rejection

export interface ImportProblem {
  /** Row as a spreadsheet counts it (the header is row 1); null for the file as a whole. */
  readonly row: number | null;
  /** Every row with this same problem (in the same column); `row` is the first. */
  readonly rows: readonly number[];
  readonly column: string | null;
  readonly message: string;
}

/** A file that is not imported, with every problem found and the valid values of columns that had unknown ones. */
export class ImportRejectedError extends InvalidInputError {
  constructor(
    readonly fileName: string,
    readonly problems: readonly ImportProblem[],
    readonly problemCount: number = problems.reduce((n, p) => n + Math.max(1, p.rows.length), 0),
    readonly validValues: ReadonlyMap<string, readonly string[]> = new Map(),
  ) {
    super(formatRejection(fileName, problems, problemCount, validValues));
  }
}

/**
 * Problems as they are found. The same problem in the same column on many rows (a file where
 * every row has the same fault) is one line naming the rows, not a line per row.
 */
export class ProblemList {
  private readonly groups = new Map<string, { row: number | null; rows: number[]; column: string | null; message: string }>();
  private readonly valid = new Map<string, readonly string[]>();
  private total = 0;

  get count(): number {
    return this.total;
  }

  add(problem: { row: number | null; column: string | null; message: string; validValues?: readonly string[] }): void {
    this.total++;
    if (problem.column !== null && problem.validValues && !this.valid.has(problem.column)) this.valid.set(problem.column, problem.validValues);
    const key = problem.row === null ? `#${this.total}` : `${problem.column ?? ''}\u0000${problem.message}`;
    const group = this.groups.get(key);
    if (group && problem.row !== null) group.rows.push(problem.row);
    else if (this.groups.size < MAX_REPORTED_PROBLEMS) {
      this.groups.set(key, { row: problem.row, rows: problem.row === null ? [] : [problem.row], column: problem.column, message: problem.message });
    }
  }

  get listed(): ImportProblem[] {
    return [...this.groups.values()];
  }

  rejection(fileName: string): ImportRejectedError {
    return new ImportRejectedError(fileName, this.listed, this.total, this.valid);
  }
}

export function formatRejection(
  fileName: string,
  problems: readonly ImportProblem[],
  problemCount: number,
  validValues: ReadonlyMap<string, readonly string[]> = new Map(),
): string {
  const lines = problems.map((p) => {
    const where = [p.row === null ? null : formatRows(p.rows.length > 0 ? p.rows : [p.row]), p.column === null ? null : `kolom ${p.column}`].filter(Boolean).join(', ');
    return `  ${where ? `${where}: ` : ''}${p.message}`;
  });
  const shown = problems.reduce((n, p) => n + Math.max(1, p.rows.length), 0);
  if (problemCount > shown) lines.push(`  … en nog ${problemCount - shown} ${problemCount - shown === 1 ? 'fout' : 'fouten'}`);
  for (const [column, values] of validValues) lines.push(`Geldige waarden in kolom ${column}: ${values.length === 0 ? '(nog geen)' : values.join(', ')}.`);
  const what = problemCount === 1 ? '1 fout' : `${problemCount} fouten`;
  return `${fileName} is geweigerd (${what}); er is niets gewijzigd. Verbeter het bestand en lees het opnieuw in.\n${lines.join('\n')}`;
}

/** `rij 5`, `rijen 2–209`, `rijen 2, 4 en 7–9`. */
export function formatRows(rows: readonly number[]): string {
  if (rows.length === 1) return `rij ${rows[0]}`;
  const ranges: string[] = [];
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1] === (rows[j] as number) + 1) j++;
    if (j - i >= 2) ranges.push(`${rows[i]}–${rows[j]}`);
    else for (let k = i; k <= j; k++) ranges.push(`${rows[k]}`);
    i = j + 1;
  }
  const listed = ranges.slice(0, MAX_ROW_RANGES);
  const rest = ranges.length > MAX_ROW_RANGES ? ` en verder (${rows.length} rijen in totaal)` : '';
  return `rijen ${rest ? listed.join(', ') : joinDutch(listed)}${rest}`;
}

/** `a`, `a en b`, `a, b en c`. */
export function joinDutch(items: readonly string[], last = 'en'): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${last} ${items.at(-1)}`;
}

/** Refuses a file over the size limit before a byte of it is read. */
export function checkImportSize(fileName: string, bytes: number, maxBytes = MAX_IMPORT_BYTES): void {
  if (bytes > maxBytes) throw new ImportRejectedError(fileName, [wholeFile(tooLarge(formatBytes(bytes), maxBytes))]);
}

function tooLarge(size: string, maxBytes: number): string {
  return `het bestand is ${size}; de grens is ${formatBytes(maxBytes)}. Splits het in kleinere bestanden (bijvoorbeeld een per jaar).`;
}

function wholeFile(message: string): ImportProblem {
  return { row: null, rows: [], column: null, message };
}

// ---------------------------------------------------------------------------------------------
// Layouts, rows and cells

export interface CsvColumn {
  /** The column's name in help texts and messages, e.g. `email`. */
  readonly name: string;
  /** Other headers meaning the same column (`e-mailadres`); compared like the name. */
  readonly aliases?: readonly string[];
}

/** A kind of file, recognised by its header: which columns it has (in any order). */
export interface CsvLayout<Kind extends string = string> {
  readonly kind: Kind;
  /** What the file holds, in Dutch, for messages: `cijfers`, `ontvangers`. */
  readonly description: string;
  readonly columns: readonly CsvColumn[];
}

/** What the header said: the kind of file and its separator. */
export interface CsvFile<Kind extends string = string> {
  readonly fileName: string;
  readonly layout: CsvLayout<Kind>;
  readonly delimiter: Delimiter;
}

/** One cell: its text (trimmed), and how to report what is wrong with it. */
export interface CsvCell {
  readonly text: string;
  readonly column: string;
  readonly row: number;
  /** Records a problem in this cell; with `validValues`, the report lists them once for the column. */
  report(message: string, validValues?: readonly string[]): undefined;
}

/** One data row; blank rows never reach a row handler. */
export interface CsvRow {
  /** As a spreadsheet counts rows: the header is row 1. */
  readonly row: number;
  /** The line of the file the row starts on (a `sep=` line and multi-line fields make it differ). */
  readonly line: number;
  /** The cell of a column of the layout, by the column's name. */
  cell(column: string): CsvCell;
  /** Records a problem with the row as a whole (a repeated key, …). */
  report(message: string): void;
}

export interface ReadCsvOptions<Kind extends string> {
  readonly fileName: string;
  /** The kinds of file accepted; the header decides which one this is. */
  readonly layouts: readonly CsvLayout<Kind>[];
  readonly maxBytes?: number;
}

export interface CsvSummary<Kind extends string = string> {
  readonly kind: Kind;
  readonly encoding: CsvEncoding;
  readonly delimiter: Delimiter;
  /** Data rows read (blank rows not counted). */
  readonly rows: number;
}

/**
 * Reads a whole CSV file from `source` (a file or S3 stream, one chunk in memory at a time, or
 * the bytes at once). Once the header is known, `startRows` is called with the kind of file and
 * returns the handler that validates each data row. Throws ImportRejectedError naming every
 * problem, of the file and of the handler, when there is any; the caller writes nothing then.
 * A file with only a header is refused: an import never empties what it replaces.
 */
export async function readCsv<Kind extends string>(
  source: AsyncIterable<Uint8Array | string> | Uint8Array,
  options: ReadCsvOptions<Kind>,
  startRows: (file: CsvFile<Kind>) => (row: CsvRow) => void,
): Promise<CsvSummary<Kind>> {
  const problems = new ProblemList();
  const input = new DecodedInput(source instanceof Uint8Array ? [source] : source, options.maxBytes ?? MAX_IMPORT_BYTES);
  let file: (CsvFile<Kind> & { readonly columns: ReadonlyMap<string, number>; readonly width: number }) | undefined;
  let onRow: ((row: CsvRow) => void) | undefined;
  let delimiter: Delimiter = ';';
  let rows = 0;
  let dataRows = 0;
  try {
    const csv = await openParser(input);
    delimiter = csv.delimiter;
    let line = 1 + csv.skippedLines;
    for await (const record of csv.records) {
      const row = ++rows;
      const startLine = line;
      // The next row starts after this one's lines: one, plus a line per line break inside a quoted field.
      // (csv-parse's `info` would say so too, at the price of an object per row: twice the parse time.)
      line += 1;
      for (const field of record) if (field.includes('\n')) line += field.split('\n').length - 1;
      if (!file) {
        const header = matchHeader(record, delimiter, options.layouts);
        if (typeof header === 'string') {
          problems.add({ row, column: null, message: header });
          break;
        }
        file = { fileName: options.fileName, delimiter, ...header };
        onRow = startRows(file);
        continue;
      }
      // Blank lines, and the `;;;` rows spreadsheets leave at the end, carry nothing.
      if (record.every((f) => f === '')) continue;
      dataRows++;
      const used = lastFilled(record);
      if (used > file.width || record.length < file.width) {
        const names = file.layout.columns.map((c) => c.name).join(delimiter);
        const count = record.length < file.width ? record.length : used;
        problems.add({ row, column: null, message: `heeft ${count} ${count === 1 ? 'kolom' : 'kolommen'}; verwacht ${file.width} (${names}), gescheiden door "${delimiter}"` });
        continue;
      }
      if (reportReplacementCharacters(record, file, row, problems)) continue;
      onRow?.(new DataRow(record, row, startLine, file.columns, problems));
    }
  } catch (error) {
    if (error instanceof FileTooLargeError) throw new ImportRejectedError(options.fileName, [wholeFile(tooLarge(`groter dan ${formatBytes(error.maxBytes)}`, error.maxBytes))]);
    if (error instanceof EncodingProblem) problems.add({ row: null, column: null, message: error.message });
    // csv-parse counts the records before the fault itself: the rows this loop saw may be fewer,
    // since a parse error drops the records still buffered (a whole file in one chunk loses them all).
    else if (error instanceof CsvError) problems.add({ row: (Number.isInteger(error.records) ? (error.records as number) : rows) + 1, column: null, message: `${describeCsvError(error)}; de rest van het bestand is niet gelezen` });
    else throw error;
  }

  if (rows === 0 && problems.count === 0) {
    problems.add({ row: null, column: null, message: `het bestand is leeg; het moet beginnen met een kopregel (${headerHelp(options.layouts, ';')}) met daaronder de rijen` });
  } else if (file && problems.count === 0 && dataRows === 0) {
    problems.add({ row: null, column: null, message: 'het bestand heeft alleen een kopregel en geen rijen' });
  }
  if (problems.count > 0 || !file) throw problems.rejection(options.fileName);
  return { kind: file.layout.kind, encoding: input.encoding, delimiter, rows: dataRows };
}

/** Classes, not closures: a file has 100,000 rows and each would otherwise make its own functions. */
class DataRow implements CsvRow {
  constructor(
    private readonly record: readonly string[],
    readonly row: number,
    readonly line: number,
    private readonly columns: ReadonlyMap<string, number>,
    private readonly problems: ProblemList,
  ) {}

  cell(column: string): CsvCell {
    const index = this.columns.get(column);
    if (index === undefined) throw new Error(`the layout has no column ${column}`);
    // A `'` our own exports put before `=`, `+`, `-` or `@` (against CSV injection) is no part of the value.
    return new DataCell(unneutraliseCell(this.record[index] ?? ''), column, this.row, this.problems);
  }

  report(message: string): void {
    this.problems.add({ row: this.row, column: null, message });
  }
}

class DataCell implements CsvCell {
  constructor(
    readonly text: string,
    readonly column: string,
    readonly row: number,
    private readonly problems: ProblemList,
  ) {}

  report(message: string, validValues?: readonly string[]): undefined {
    this.problems.add({ row: this.row, column: this.column, message, validValues });
    return undefined;
  }
}

/** The number of fields up to the last one with text: trailing empty columns do not count. */
function lastFilled(record: readonly string[]): number {
  let n = record.length;
  while (n > 0 && record[n - 1] === '') n--;
  return n;
}

/** A U+FFFD means the text was garbled before it reached us; storing it would keep the damage. */
function reportReplacementCharacters(record: readonly string[], file: { columns: ReadonlyMap<string, number> }, row: number, problems: ProblemList): boolean {
  let found = false;
  for (const [column, index] of file.columns) {
    const text = record[index] ?? '';
    if (!text.includes('\uFFFD')) continue;
    found = true;
    problems.add({
      row,
      column,
      message: `${quoteValue(text)} bevat het vervangingsteken \uFFFD: de tekst is al eerder verminkt (een letter als é of ü ging verloren). Typ de juiste letter in plaats van \uFFFD`,
    });
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// The header

/** A header cell or alias as compared: lower case, without spaces, dashes, underscores, dots or a BOM. */
export function normaliseHeader(text: string): string {
  return text.toLocaleLowerCase('nl').replace(/[\s\-_.\uFEFF]/g, '');
}

function headerHelp(layouts: readonly CsvLayout[], delimiter: string): string {
  const one = layouts.length === 1;
  return joinDutch(
    layouts.map((l) => `${l.columns.map((c) => c.name).join(delimiter)}${one ? '' : ` voor ${l.description}`}`),
    'of',
  );
}

/** The layout the header matches and where each column is, or what is wrong with the header. */
function matchHeader<Kind extends string>(
  fields: readonly string[],
  delimiter: Delimiter,
  layouts: readonly CsvLayout<Kind>[],
): { layout: CsvLayout<Kind>; columns: Map<string, number>; width: number } | string {
  const width = lastFilled(fields);
  const names = fields.slice(0, width).map(normaliseHeader);
  const shown = fields.slice(0, width).join(delimiter);
  const expected = `verwacht ${headerHelp(layouts, delimiter)} (kolommen in elke volgorde, gescheiden door ; of ,)`;
  if (width === 0) return `de eerste regel is leeg; het bestand moet beginnen met de kopregel: ${expected}`;
  const unnamed = names.findIndex((n) => n === '');
  if (unnamed >= 0) return `kolom ${unnamed + 1} van de kopregel "${shown}" heeft geen naam; geef hem een naam of verwijder de kolom (${expected})`;

  const attempts = layouts.map((layout) => {
    const columns = new Map<string, number>();
    const missing: string[] = [];
    for (const column of layout.columns) {
      const accepted = new Set([column.name, ...(column.aliases ?? [])].map(normaliseHeader));
      const index = names.findIndex((n) => accepted.has(n));
      if (index < 0) missing.push(column.name);
      else columns.set(column.name, index);
    }
    const used = new Set(columns.values());
    const unknown = fields.slice(0, width).filter((_, i) => !used.has(i));
    return { layout, columns, missing, unknown };
  });
  const match = attempts.find((a) => a.missing.length === 0 && a.unknown.length === 0);
  if (match) return { layout: match.layout, columns: match.columns, width };

  if (layouts.length > 1) return `de kopregel is "${shown}"; ${expected}`;
  const [only] = attempts as [(typeof attempts)[number]];
  const parts = [
    only.missing.length > 0 ? `mist ${only.missing.length === 1 ? 'de kolom' : 'de kolommen'} ${joinDutch(only.missing)}` : null,
    only.unknown.length > 0
      ? only.unknown.length === 1
        ? `heeft een kolom "${only.unknown[0]}" die niet wordt gebruikt (verwijder hem)`
        : `heeft kolommen ${joinDutch(only.unknown.map((u) => `"${u}"`))} die niet worden gebruikt (verwijder ze)`
      : null,
  ].filter(Boolean);
  return `de kopregel "${shown}" ${joinDutch(parts as string[])}; ${expected}`;
}

// ---------------------------------------------------------------------------------------------
// Reading: bytes → text → records

class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`more than ${maxBytes} bytes`);
  }
}

/** The bytes cannot be read as text in one encoding; the message is for the operator. */
class EncodingProblem extends Error {}

const SAVE_AS_UTF8 = 'Sla het in Excel op als "CSV UTF-8 (door komma\'s gescheiden)" en lees het opnieuw in.';

/** A zip (.xlsx, .ods) or OLE (.xls) file: operators and municipalities send their workbook instead of a CSV. */
function isWorkbook(bytes: Uint8Array): boolean {
  const starts = (signature: readonly number[]) => signature.every((b, i) => bytes[i] === b);
  return starts([0x50, 0x4b, 0x03, 0x04]) || starts([0xd0, 0xcf, 0x11, 0xe0]);
}

/**
 * Decodes the file as it streams: UTF-8 (a BOM is taken off) until a byte sequence turns out not
 * to be UTF-8; then, when all text so far was ASCII (the same in both encodings), the rest is read
 * as Windows-1252. Text already read as UTF-8 with letters beyond ASCII cannot be read again, so
 * such a mixed file is refused. Windows-1252 maps every byte to a character: no U+FFFD is made
 * (the five undefined bytes become control characters, which names and addresses refuse).
 */
class DecodedInput {
  encoding: CsvEncoding = 'utf-8';
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private carry: Uint8Array = new Uint8Array(0);
  private started = false;
  private bytes = 0;
  private nonAscii = false;
  private newlines = 0;

  constructor(
    private readonly source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array>,
    private readonly maxBytes: number,
  ) {}

  /** The text of the file, chunk by chunk. The byte limit is enforced while reading. */
  async *text(): AsyncGenerator<string> {
    for await (const chunk of this.source) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      this.bytes += bytes.length;
      if (this.bytes > this.maxBytes) throw new FileTooLargeError(this.maxBytes);
      const text = this.decode(bytes, false);
      if (text) yield text;
    }
    const rest = this.decode(new Uint8Array(0), true);
    if (rest) yield rest;
  }

  private decode(chunk: Uint8Array, final: boolean): string {
    let bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = new Uint8Array(0);
    if (!this.started) {
      if (bytes.length < 4 && !final) {
        this.carry = bytes;
        return '';
      }
      this.started = true;
      if (isWorkbook(bytes)) throw new EncodingProblem(`het bestand is een Excel-werkmap (.xlsx of .xls), geen CSV; dat wordt niet gelezen. ${SAVE_AS_UTF8}`);
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
        this.encoding = 'utf-8-bom';
        bytes = bytes.subarray(3);
      } else if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
        throw new EncodingProblem(`het bestand is UTF-16 ("Unicode-tekst"); dat wordt niet gelezen. ${SAVE_AS_UTF8}`);
      }
    }
    if (this.encoding === 'windows-1252') return this.emit(decodeWindows1252(bytes));
    const complete = final ? bytes.length : completeUtf8Length(bytes);
    try {
      const text = this.utf8.decode(bytes.subarray(0, complete));
      this.carry = Uint8Array.from(bytes.subarray(complete));
      return this.emit(text);
    } catch {
      return this.fallBack(bytes);
    }
  }

  private fallBack(bytes: Uint8Array): string {
    const before = bytes.subarray(0, Math.max(0, firstInvalidUtf8(bytes)));
    if (this.encoding === 'utf-8-bom' || this.nonAscii || before.some((b) => b >= 0x80)) {
      const line = this.newlines + 1 + before.reduce((n, b) => n + (b === 0x0a ? 1 : 0), 0);
      const why = this.encoding === 'utf-8-bom' ? 'begint als UTF-8 (met BOM)' : 'heeft eerder letters in UTF-8';
      throw new EncodingProblem(`regel ${line} is geen UTF-8, maar het bestand ${why}: het mengt twee tekensets. ${SAVE_AS_UTF8}`);
    }
    this.encoding = 'windows-1252';
    return this.emit(decodeWindows1252(bytes));
  }

  private emit(text: string): string {
    if (!this.nonAscii && /[^\x00-\x7f]/.test(text)) this.nonAscii = true;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.newlines++;
    return text;
  }
}

/**
 * Windows-1252 as the WHATWG Encoding Standard defines it. Not Node's TextDecoder('windows-1252'):
 * since Node 20.18.3 it decodes as Latin-1, so 0x80–0x9F (€, ‘ ’ “ ” – — …) become C1 control
 * characters (nodejs/node#56542, #60888). Latin-1 is exact for every other byte.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\x80-\x9f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80] ?? c);
}

// 0x80–0x9F; the five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) stay as they are.
const WINDOWS_1252_C1 = [
  '\u20ac', '\u0081', '\u201a', '\u0192', '\u201e', '\u2026', '\u2020', '\u2021', '\u02c6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008d', '\u017d', '\u008f',
  '\u0090', '\u2018', '\u2019', '\u201c', '\u201d', '\u2022', '\u2013', '\u2014', '\u02dc', '\u2122', '\u0161', '\u203a', '\u0153', '\u009d', '\u017e', '\u0178',
];

/** The length of `bytes` up to the last whole UTF-8 sequence: a chunk may end inside a letter. */
function completeUtf8Length(bytes: Uint8Array): number {
  for (let i = bytes.length - 1; i >= Math.max(0, bytes.length - 4); i--) {
    const b = bytes[i] as number;
    if (b < 0x80) return bytes.length;
    if (b >= 0xc0) {
      const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return i + length > bytes.length ? i : bytes.length;
    }
  }
  return bytes.length;
}

/** Where the first byte that is not UTF-8 is, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if (((bytes[i + k] as number) & 0xc0) !== 0x80) return i;
    i += length;
  }
  return -1;
}

const SEP_LINE = /^"?sep=(.)"?[;,]*\r?$/i;

/**
 * Reads the first line or two to choose the separator (a `sep=` line, else the header's), then
 * streams the text through csv-parse.
 */
async function openParser(input: DecodedInput): Promise<{
  delimiter: Delimiter;
  skippedLines: number;
  records: AsyncIterable<string[]>;
}> {
  const text = input.text();
  let head = '';
  // The header line, and the one after it when the first is a `sep=` line.
  for (;;) {
    const first = head.indexOf('\n');
    if (first >= 0 && (!SEP_LINE.test(head.slice(0, first)) || head.indexOf('\n', first + 1) >= 0)) break;
    if (head.length > 64 * 1024) break;
    const next = await text.next();
    if (next.done) break;
    head += next.value;
  }
  let skippedLines = 0;
  let delimiter: Delimiter | undefined;
  const firstLine = head.split('\n')[0] ?? '';
  const sep = SEP_LINE.exec(firstLine);
  if (sep) {
    if (sep[1] !== ';' && sep[1] !== ',') throw new EncodingProblem(`de eerste regel "${firstLine.trim()}" kiest "${sep[1]}" als scheidingsteken; gebruik ; of ,`);
    delimiter = sep[1];
    head = head.slice(firstLine.length + 1);
    skippedLines = 1;
  }
  delimiter ??= detectDelimiter(head.split('\n')[0] ?? '');

  async function* all(): AsyncGenerator<string> {
    try {
      if (head) yield head;
      yield* text;
    } finally {
      await text.return(undefined); // a rejected header stops reading: release the file or connection
    }
  }
  const parser = parse({ delimiter, bom: false, trim: true, relax_column_count: true, relax_quotes: true });
  // pipeline, not pipe: an error of the source (too large, mixed encodings) must end the parser too.
  pipeline(Readable.from(all()), parser, () => {});
  return { delimiter, skippedLines, records: parser as AsyncIterable<string[]> };
}

/** `;` (Dutch Excel) unless the header has a `,` and no `;`. */
export function detectDelimiter(headerLine: string): Delimiter {
  return !headerLine.includes(';') && headerLine.includes(',') ? ',' : ';';
}

function describeCsvError(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'een veld tussen aanhalingstekens wordt niet gesloten (een " zonder de " die erbij hoort)';
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE': // what `"a"b` gives with trim on
      return 'een veld tussen aanhalingstekens heeft tekst na de afsluitende "';
    default:
      return `het bestand is geen leesbare CSV (${error.message})`;
  }
}

// ---------------------------------------------------------------------------------------------
// Values

/**
 * A Dutch or plain number: `1.234,5`, `1234,5`, `1234.5`, `-3,2`, and thousands grouped with a
 * space, a non-breaking space or a narrow no-break space (`1 234,5`, what Excel writes with some
 * number formats). A comma is always the decimal sign. `1.234` alone is ambiguous: in a
 * `;`-separated file (what Dutch Excel writes, because it uses the comma for decimals) the dot
 * groups thousands; in a `,`-separated file it is the decimal point. Null when the text is no number.
 */
export function parseNumber(text: string, delimiter: Delimiter): number | null {
  const t = text.trim();
  let normalised: string | null = null;
  if (SPACE_GROUPED.test(t)) {
    normalised = t.replace(/[ \u00a0\u202f]/g, '').replace(',', '.');
  } else if (t.includes(',')) {
    if (DUTCH_NUMBER.test(t)) normalised = t.replace(/\./g, '').replace(',', '.');
  } else if (GROUPED_THOUSANDS.test(t) && (delimiter === ';' || t.indexOf('.') !== t.lastIndexOf('.'))) {
    normalised = t.replace(/\./g, '');
  } else if (PLAIN_NUMBER.test(t)) {
    normalised = t;
  }
  const value = normalised === null ? Number.NaN : Number(normalised);
  return Number.isFinite(value) ? value : null;
}

const SPACE_GROUPED = /^-?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[,.]\d+)?$/;
const DUTCH_NUMBER = /^-?(?:\d{1,3}(?:\.\d{3})+|\d+),\d+$/;
const GROUPED_THOUSANDS = /^-?\d{1,3}(?:\.\d{3})+$/;
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

/** A value as compared: lower case, white space of any kind made one space, curly apostrophes straight. */
export function normaliseValue(text: string): string {
  return text.trim().toLocaleLowerCase('nl').replace(/[\s\u00a0\u202f]+/g, ' ').replace(/[\u2018\u2019\u02bc`´]/g, "'");
}

/**
 * The values a column (or an option) may take, each under one or more names, matched like
 * normaliseValue: a municipality as configured, an indicator by id or label, a role.
 */
export class Choices<T> {
  private readonly byName = new Map<string, T>();
  private readonly seen = new Map<string, T | undefined>();
  /** Every valid value as shown to an operator, in the configured order. */
  readonly shown: readonly string[];

  constructor(
    /** Completes "… is geen …": `gemeente van de organisatie`, `rol`. */
    readonly noun: string,
    entries: readonly { readonly value: T; readonly names: readonly string[]; readonly shown: string }[],
  ) {
    for (const entry of entries) for (const name of entry.names) if (!this.byName.has(normaliseValue(name))) this.byName.set(normaliseValue(name), entry.value);
    this.shown = entries.map((e) => e.shown);
  }

  find(text: string): T | undefined {
    // A file repeats the same few values on every row: remember each spelling's answer.
    let found = this.seen.get(text);
    if (found === undefined && !this.seen.has(text)) {
      found = this.byName.get(normaliseValue(text));
      if (this.seen.size < 10_000) this.seen.set(text, found);
    }
    return found;
  }

  /** `"x" is geen rol; kies ab-lid, beleidsmedewerker of reviewer`: every valid value, none left out. */
  unknown(text: string): string {
    const choice = this.shown.length === 0 ? 'er is er nog geen ingesteld' : `kies ${joinDutch(this.shown, 'of')}`;
    return `${quoteValue(text)} is geen ${this.noun}; ${choice}`;
  }

  /** The cell's value; an empty or unknown one is reported, the valid values listed once in the report. */
  read(cell: CsvCell): T | undefined {
    if (cell.text === '') return cell.report('is leeg');
    const found = this.find(cell.text);
    return found !== undefined ? found : cell.report(`${quoteValue(cell.text)} is geen ${this.noun}`, this.shown);
  }
}

/** A value in a message, in quotes; a very long one (a whole line in one cell) is shortened. */
export function quoteValue(text: string): string {
  return `"${text.length > 80 ? `${text.slice(0, 80)}…` : text}"`;
}
