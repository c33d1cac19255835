import { FigureIndex, aggregateOverMonths } from '../../functions/core/aggregation';
import type { Figure, OrganisationConfig } from '../../functions/core/organisation';
import { type Period, monthsEndingWith } from '../../functions/core/periods';
import { type Cell, HISTORY_MONTHS, type ReportModel, buildReportModel } from '../../functions/core/report-model';
import { sampleFigures } from '../../functions/local/sample-data';
import type { LinkedGroup, Seen } from './subtraction-attack';

/** The organisation files of both examples (bimonthly and quarterly), for the attacks on every report they make. */
export const EXAMPLE_FILES = ['examples/werkzaak-rivierenland/organisatie.yaml', 'examples/sociaal-domein-bel-huizen/organisatie.yaml'];

/** The report model of `period` on the sample figures, with the history it shows, as a released run makes it. */
export function modelFor(organisation: OrganisationConfig, period: Period): ReportModel {
  return buildReportModel({
    organisation,
    period,
    figures: sampleFigures(organisation, monthsEndingWith(period, HISTORY_MONTHS + 12)),
    benchmarks: [],
    commentary: null,
    issuedOn: new Date(Date.UTC(period.year, 11, 1)),
    concept: false,
  });
}

/**
 * Every linked group a model publishes, as a reader holding all its documents sees it: the
 * organisation's total of a period from its monthly figures (an interval when one is printed
 * "ca.", rounded), and what each municipality's paragraph shows; a municipality without a
 * paragraph shows nothing.
 */
export function linkedGroups(model: ReportModel, organisation: OrganisationConfig, figures: readonly Figure[] = []): LinkedGroup[] {
  const groups: LinkedGroup[] = [];
  const index = new FigureIndex(figures);
  const slackOf = organisation.suppressionThreshold - 1;
  for (const [i, indicator] of organisation.indicators.entries()) {
    if (indicator.unit !== 'aantal') continue;
    const orgRow = model.organisationPart.indicators[i];
    const monthly = new Map(orgRow?.history.map((h) => [h.months[0], h.cell]));
    const points = model.paragraphs[0]?.indicators[i]?.history ?? [];
    for (const [p, point] of points.entries()) {
      const shaping = indicator.aggregation === 'last' ? point.months.slice(-1) : point.months;
      const cells = shaping.map((m) => monthly.get(m));
      if (cells.some((c) => c?.value === null || c === undefined)) continue;
      const values = (cells as Cell[]).map((c) => c.value as number);
      const sum = values.reduce((a, b) => a + b, 0);
      const total = indicator.aggregation === 'mean' ? sum / values.length : sum;
      const slack = (cells as Cell[]).filter((c) => c.rounded).length * slackOf;
      const seen = new Map<string, Seen>();
      for (const m of organisation.municipalities) {
        const cell = model.paragraphs.find((x) => x.municipality === m.name)?.indicators[i]?.history[p]?.cell;
        seen.set(m.name, !cell ? { kind: 'unseen' } : seenOf(cell));
      }
      const unpublished = new Map<string, number>();
      for (const m of organisation.municipalities.filter((x) => x.optedOut)) {
        const value = aggregateOverMonths(index.municipalitySeries(indicator.id, m.name), point.months, indicator.aggregation);
        if (value !== null) unpublished.set(m.name, value);
      }
      groups.push({ id: `${indicator.id} ${point.label}`, total, slack, seen, unpublished });
    }
  }
  return groups;
}

export function seenOf(cell: Cell): Seen {
  if (cell.hidden === 'klein') return { kind: 'small' };
  if (cell.hidden === 'aanvulling') return { kind: 'complement' };
  if (cell.value === null) return { kind: 'unseen' };
  return { kind: 'value', value: cell.value };
}
