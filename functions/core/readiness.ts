import type { Catalogue } from './catalogue';
import { DataMissingError } from './errors';
import type { Figure } from './organisation';
import { type MonthKey, type Period, periodId, periodLabelNl, periodMonths } from './periods';
import { countNl } from './words-nl';

/** A value a report needs and does not have. */
export interface MissingFigure {
  readonly municipality: string;
  readonly indicator: string;
  readonly month: MonthKey;
}

/** The run stopped before rendering: figures are missing. Names each gap. */
export class FiguresIncompleteError extends DataMissingError {
  constructor(
    readonly period: Period,
    readonly missing: readonly MissingFigure[],
  ) {
    super(describeMissing(period, missing));
  }
}

/** The run stopped before rendering: the period has not ended, so its figures cannot all be there yet. */
export class PeriodNotOverError extends DataMissingError {
  constructor(readonly period: Period) {
    super(`${periodLabelNl(period)} (${periodId(period)}) is nog niet voorbij; er is niets gemaakt of verstuurd. Maak het rapport als de periode voorbij is en de cijfers zijn ingelezen (rapportbode import).`);
  }
}

/**
 * Every value the report of `period` needs that is not there: one per municipality, indicator
 * and month of the period. The municipalities are all of the organisation's, opted out or not:
 * the organisation-wide figure adds them all up, so a gap in any of them is a gap in the report.
 */
export function missingFigures(input: {
  readonly period: Period;
  readonly municipalities: readonly string[];
  readonly catalogue: Catalogue;
  readonly figures: Iterable<Figure>;
}): MissingFigure[] {
  const months = periodMonths(input.period);
  const present = new Set<string>();
  for (const f of input.figures) present.add(`${f.municipality}\u0000${f.indicator}\u0000${f.month}`);
  const missing: MissingFigure[] = [];
  for (const municipality of input.municipalities) {
    for (const { id } of input.catalogue.indicators) {
      for (const month of months) {
        if (!present.has(`${municipality}\u0000${id}\u0000${month}`)) missing.push({ municipality, indicator: id, month });
      }
    }
  }
  return missing;
}

const MAX_IN_LINE = 5;

/** One line for an operator: what the period still misses, the first few gaps named. */
export function describeGapsInLine(period: Period, missing: readonly MissingFigure[]): string {
  const named = missing.slice(0, MAX_IN_LINE).map((m) => `${m.municipality} · ${m.indicator} · ${m.month}`);
  const more = missing.length > MAX_IN_LINE ? ` en ${missing.length - MAX_IN_LINE} meer` : '';
  return `${periodLabelNl(period)} mist nog ${missing.length} ${missing.length === 1 ? 'waarde' : 'waarden'}: ${named.join(', ')}${more}.`;
}

const MAX_LISTED = 50;

export function describeMissing(period: Period, missing: readonly MissingFigure[]): string {
  const lines = missing.slice(0, MAX_LISTED).map((m) => `  ${m.municipality}, ${m.indicator}, ${m.month}`);
  if (missing.length > MAX_LISTED) lines.push(`  … en ${missing.length - MAX_LISTED} meer`);
  return [
    `de cijfers over ${periodLabelNl(period)} (${periodId(period)}) zijn niet compleet: er ${missing.length === 1 ? 'ontbreekt' : 'ontbreken'} ${countNl(missing.length, 'waarde', 'waarden')} (gemeente, indicator, maand); er is niets gemaakt of verstuurd.`,
    ...lines,
    'Lees de ontbrekende cijfers in (rapportbode import), of voer de run uit met --ook-onvolledig om de gaten als "geen gegevens" te tonen.',
  ].join('\n');
}
