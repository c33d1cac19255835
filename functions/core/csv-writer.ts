/**
 * Every CSV the CLI writes, in the form the imports read: a BOM (so Excel takes it as UTF-8),
 * `;` (Dutch Excel's list separator), CRLF, fields quoted when they hold `"`, `;` or a line break.
 * A cell that a spreadsheet would read as a formula is neutralised (OWASP, CSV injection).
 */

/** What a spreadsheet may take for the start of a formula, or a cell split off by a control character. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Prefixes `'` to a cell starting with `=`, `+`, `-`, `@`, a tab or a CR, so Excel shows it as text
 * instead of evaluating it (`=HYPERLINK(…)`, `@SUM(…)`). The CSV reader takes the `'` off again.
 */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The inverse of neutraliseCell, for a cell read back from a file this module wrote. */
export function unneutraliseCell(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

function field(value: string): string {
  const safe = neutraliseCell(value);
  return /[";\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The whole file: BOM, header, one line per row. */
export function toCsv(header: readonly string[], rows: Iterable<readonly string[]>): string {
  const lines = [header.map(field).join(';')];
  for (const row of rows) lines.push(row.map(field).join(';'));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
