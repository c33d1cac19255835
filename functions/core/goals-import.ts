import type { Catalogue, Indicator } from './catalogue';
import { indicatorChoices, unitProblem } from './csv-import';
import { type CsvCell, type CsvEncoding, type Delimiter, parseNumber, quoteValue, readCsv } from './csv-reader';
import { formatNumber } from './format';
import type { OrganisationConfig } from './organisation';

/**
 * The yearly goals as a CSV file (`indicator;jaar;doel`), because the AB sets them with the
 * budget: read whole by the shared reader, all or nothing, then applied as a new version of the
 * organisation (the goals are part of its file).
 */
export interface Goal {
  readonly indicator: string;
  readonly year: number;
  readonly goal: number;
}

export interface GoalsFile {
  readonly goals: readonly Goal[];
  readonly encoding: CsvEncoding;
  readonly delimiter: Delimiter;
}

const GOALS_LAYOUT = { kind: 'goals', description: 'doelen', columns: [{ name: 'indicator' }, { name: 'jaar' }, { name: 'doel' }] } as const;

export async function readGoalsFile(source: AsyncIterable<Uint8Array | string> | Uint8Array, context: { fileName: string; catalogue: Catalogue }): Promise<GoalsFile> {
  const indicators = indicatorChoices(context.catalogue);
  const seen = new Map<string, number>();
  const goals: Goal[] = [];
  const summary = await readCsv(source, { fileName: context.fileName, layouts: [GOALS_LAYOUT] }, (file) => (row) => {
    const indicator = indicators.read(row.cell('indicator'));
    const year = readGoalYear(row.cell('jaar'));
    const goal = readGoal(row.cell('doel'), indicator, file.delimiter);
    if (indicator === undefined || year === undefined || goal === undefined) return;
    const key = `${indicator.id}\u0000${year}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) return row.report(`herhaalt rij ${earlier} (zelfde indicator en jaar); houd er één van over`);
    seen.set(key, row.row);
    goals.push({ indicator: indicator.id, year, goal });
  });
  return { goals, encoding: summary.encoding, delimiter: summary.delimiter };
}

/** Goals are set for the coming years too: any year from 2000 to 2100. */
function readGoalYear(cell: CsvCell): number | undefined {
  if (cell.text === '') return cell.report('is leeg');
  if (!/^\d{4}$/.test(cell.text) || Number(cell.text) < 2000 || Number(cell.text) > 2100) return cell.report(`${quoteValue(cell.text)} is geen jaartal van 2000 tot 2100 (bijvoorbeeld 2027)`);
  return Number(cell.text);
}

/** A goal by the same number rule as the figures: a count is whole, a percentage at most 100. */
function readGoal(cell: CsvCell, indicator: Indicator | undefined, delimiter: Delimiter): number | undefined {
  if (cell.text === '') return cell.report('is leeg; laat de rij weg als er voor dat jaar geen doel is');
  const value = parseNumber(cell.text, delimiter);
  if (value === null) return cell.report(`${quoteValue(cell.text)} is geen getal (bijvoorbeeld 2.250 of 18,5)`);
  if (value < 0) return cell.report(`${cell.text} is negatief; een doel is 0 of meer`);
  const problem = indicator && unitProblem(cell.text, value, indicator, delimiter);
  return problem ? cell.report(problem) : value;
}

/** The organisation with the file's goals set; goals of other years stay as they are. */
export function withGoals(config: OrganisationConfig, goals: readonly Goal[]): OrganisationConfig {
  return {
    ...config,
    indicators: config.indicators.map((indicator) => {
      const own = goals.filter((g) => g.indicator === indicator.id);
      if (own.length === 0) return indicator;
      const merged = { ...indicator.goals, ...Object.fromEntries(own.map((g) => [String(g.year), g.goal])) };
      return { ...indicator, goals: Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b))) };
    }),
  };
}

/**
 * Goals are board decisions, often loaded with `goals import` rather than written in the file: a
 * file sets the goals it names (per year) and keeps the stored goals it does not name. Returns the
 * file with those goals kept, and each kept goal as `bijstand 2026 (2.450)` so the operator sees
 * what stays; only a forced apply takes the file as written and removes them.
 */
export function keepStoredGoals(before: OrganisationConfig | null, after: OrganisationConfig): { config: OrganisationConfig; kept: string[] } {
  const stored = new Map((before?.indicators ?? []).map((i) => [i.id, i.goals]));
  const kept: string[] = [];
  const indicators = after.indicators.map((indicator) => {
    const goals = stored.get(indicator.id) ?? {};
    const missing = Object.keys(goals).filter((year) => !Object.hasOwn(indicator.goals, year));
    if (missing.length === 0) return indicator;
    for (const year of missing.sort()) kept.push(`${indicator.id} ${year} (${formatNumber(goals[year] as number, indicator.unit)})`);
    const merged = { ...indicator.goals, ...Object.fromEntries(missing.map((year) => [year, goals[year] as number])) };
    return { ...indicator, goals: Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b))) };
  });
  return { config: { ...after, indicators }, kept };
}
