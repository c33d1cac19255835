import type { Indicator } from '../../functions/core/catalogue';
import { type Period, formatMonthKey, periodId, periodMonths, previousPeriod, samePeriodLastYear } from '../../functions/core/periods';
import type { Seen } from './subtraction-attack';

/**
 * Reads the counts a report prints back from its text (as extracted from the PDF), the way someone
 * with the PDFs and a spreadsheet would: the kengetallen tables and the tables under the charts.
 */

/** A printed cell: a number, "< N", "×", or no figure. */
const CELL = /^(< \d+|×|geen gegevens|–|(?:ca\. )?[−-]?\d{1,3}(?:\.\d{3})*(?:,\d+)?(?: dagen| minuten|%)?)\s*/;

/** A number printed "ca. 45" is an organisation figure rounded to hide a small count elsewhere. */
export type Printed = Seen | { readonly kind: 'missing' } | { readonly kind: 'rounded'; readonly value: number };

function parseCell(text: string): Printed {
  if (text.startsWith('<')) return { kind: 'small' };
  if (text.startsWith('ca. ')) return { kind: 'rounded', value: (parseCell(text.slice(4)) as { value: number }).value };
  if (text === '×') return { kind: 'complement' };
  if (text === 'geen gegevens' || text === '–') return { kind: 'missing' };
  return { kind: 'value', value: Number(text.replace(/\./g, '').replace(',', '.').replace('−', '-').replace(/[^\d.-]/g, '')) };
}

/** Up to `count` cells read from the start of `text`. */
function cells(text: string, count: number): { values: Printed[]; rest: string } {
  const values: Printed[] = [];
  let rest = text.trimStart();
  for (let i = 0; i < count; i++) {
    const found = CELL.exec(rest);
    if (!found) throw new Error(`no cell at "${rest.slice(0, 40)}"`);
    values.push(parseCell((found[1] as string).trim()));
    rest = rest.slice(found[0].length);
  }
  return { values, rest };
}

/** The section of `text` after `caption` (the first occurrence), up to the next caption or heading-like start. */
function after(text: string, caption: string): string {
  const at = text.indexOf(caption);
  if (at < 0) throw new Error(`"${caption}" is not in the text`);
  return text.slice(at + caption.length);
}

/** period id → printed cell, for one indicator of one table in one document. */
export type PeriodCells = Map<string, Printed>;

/**
 * The kengetallen table rows (this period, the previous one, the same one last year) of `indicators`
 * under `caption` (`Standen – organisatie`, `Stromen – gemeente Tiel`).
 */
export function tableCells(text: string, caption: string, indicators: readonly Indicator[], period: Period): Map<string, PeriodCells> {
  const section = after(text, caption);
  const result = new Map<string, PeriodCells>();
  let from = 0;
  for (const indicator of indicators) {
    const at = section.indexOf(indicator.label, from);
    if (at < 0) throw new Error(`"${indicator.label}" is not under "${caption}"`);
    from = at + indicator.label.length;
    const { values } = cells(section.slice(from), 3);
    const ids = [period, previousPeriod(period), samePeriodLastYear(period)].map(periodId);
    result.set(indicator.id, new Map(ids.map((id, i) => [id, values[i] as Printed])));
  }
  return result;
}

/**
 * The table under a chart (`Cijfers bij de grafiek: <label> per …`): two rows of months or periods,
 * each row named by its first and last month (`nov 24 – okt 25`). Returns month or period id → cell.
 */
export function chartCells(text: string, label: string, per: 'maand' | 'periode' | 'kwartaal'): PeriodCells {
  const wording = { maand: 'per maand', periode: 'per periode van twee maanden', kwartaal: 'per kwartaal' }[per];
  let section = after(text, `Cijfers bij de grafiek: ${label} ${wording}`);
  const step = per === 'maand' ? 1 : per === 'periode' ? 2 : 3;
  const result: PeriodCells = new Map();
  for (let row = 0; row < 2; row++) {
    const name = /([a-z]{3}) (\d{2}) – ([a-z]{3}) (\d{2})/.exec(section);
    if (!name) throw new Error(`no row under the chart of ${label}`);
    const first = formatMonthKey(2000 + Number(name[2]), SHORT.indexOf(name[1] as string) + 1);
    const count = 12 / step;
    const { values, rest } = cells(section.slice((name.index ?? 0) + name[0].length), count);
    values.forEach((value, i) => result.set(addMonths(first, i * step), value));
    section = rest;
  }
  return result;
}

const SHORT = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];

function addMonths(month: string, delta: number): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (m - 1) + delta;
  return formatMonthKey(Math.floor(index / 12), (index % 12) + 1);
}

/**
 * The organisation's total of a period from its monthly chart table: the months added up, or the
 * last month of a stock; with its slack, what the rounded months ("ca.") among them promise.
 */
export function periodTotal(monthly: PeriodCells, period: Period, aggregation: Indicator['aggregation'], threshold: number): { total: number; slack: number } | null {
  const all = periodMonths(period).map((m) => monthly.get(m));
  const values = aggregation === 'last' ? all.slice(-1) : all;
  if (values.some((v) => v?.kind !== 'value' && v?.kind !== 'rounded')) return null;
  const numbers = values.map((v) => (v as { value: number }).value);
  const slack = values.filter((v) => v?.kind === 'rounded').length * (threshold - 1);
  return { total: aggregation === 'sum' ? numbers.reduce((a, b) => a + b, 0) : (numbers.at(-1) as number), slack };
}
