import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FigureIndex, aggregateOverMonths } from '../../functions/core/aggregation';
import type { OrganisationConfig } from '../../functions/core/organisation';
import { parseOrganisationFile } from '../../functions/core/organisation-file';
import { type Period, monthsEndingWith, nextPeriod } from '../../functions/core/periods';
import { HISTORY_MONTHS, type ReportModel } from '../../functions/core/report-model';
import { sampleFigures } from '../../functions/local/sample-data';
import { EXAMPLE_FILES, linkedGroups, modelFor } from '../support/model-groups';
import { type LinkedGroup, type Seen, leaks } from '../support/subtraction-attack';

/**
 * `publicatie: openbaar` (issue 28): every municipality's web edition, and the organisation's, is
 * public, and an edition keeps every released period. So a reader holds at once what every run
 * published for every municipality — the same report model the PDFs and the editions are built
 * from — and can combine a period's values as one run showed them with how a later run shows
 * the same period in its history. The attack of test/support/subtraction-attack.ts on that union.
 */

/** A municipality's true value in a linked group (`<indicator> <period label>`), from its figures. */
function trueValue(model: ReportModel, organisation: OrganisationConfig, index: FigureIndex, groupId: string, municipality: string): number {
  const [indicatorId = ''] = groupId.split(' ');
  const i = organisation.indicators.findIndex((x) => x.id === indicatorId);
  const indicator = organisation.indicators[i];
  const point = model.paragraphs[0]?.indicators[i]?.history.find((h) => h.label === groupId.slice(indicatorId.length + 1));
  if (!indicator || !point) throw new Error(`no period ${groupId}`);
  return aggregateOverMonths(index.municipalitySeries(indicator.id, municipality), point.months, indicator.aggregation) as number;
}

/** How much a mark tells: a number more than "< N", which tells more than "×", which tells more than nothing. */
const WEIGHT: Record<Seen['kind'], number> = { value: 3, small: 2, complement: 1, unseen: 0 };

/** What a reader knows of each linked group from every edition together: per municipality the most telling mark any run showed, the most exact total. */
function together(groupsPerRun: readonly LinkedGroup[][]): LinkedGroup[] {
  const merged = new Map<string, LinkedGroup>();
  for (const group of groupsPerRun.flat()) {
    const known = merged.get(group.id);
    if (!known) {
      merged.set(group.id, group);
      continue;
    }
    // Two runs' totals of one period agree within what their rounding allows.
    expect(Math.abs(known.total - group.total), `total of ${group.id}`).toBeLessThanOrEqual((known.slack ?? 0) + (group.slack ?? 0));
    const seen = new Map(known.seen);
    for (const [municipality, mark] of group.seen) {
      const before = seen.get(municipality);
      if (!before || WEIGHT[mark.kind] > WEIGHT[before.kind]) seen.set(municipality, mark);
    }
    const exact = (group.slack ?? 0) < (known.slack ?? 0) ? group : known;
    merged.set(group.id, { ...known, total: exact.total, slack: exact.slack ?? 0, seen });
  }
  return [...merged.values()];
}

describe.each(EXAMPLE_FILES)('openbaar: no small count by subtraction from every edition of every released run together, %s', (file) => {
  const organisation: OrganisationConfig = { ...parseOrganisationFile(readFileSync(file, 'utf8'), file), publication: 'openbaar' };
  // Two years of releases; each run's editions show the periods of the two years before it.
  const periods: Period[] = [];
  for (let p: Period = { year: 2025, firstMonth: 1, length: organisation.periodLength }; p.year < 2027; p = nextPeriod(p)) periods.push(p);
  const figures = (period: Period) => sampleFigures(organisation, monthsEndingWith(period, HISTORY_MONTHS + 12));
  const runGroups = (org: OrganisationConfig, period: Period) => linkedGroups(modelFor(org, period), org, figures(period));

  it('recovers nothing, opted-out municipalities (no edition) included', () => {
    const all = together(periods.map((period) => runGroups(organisation, period)));
    // The attack has small counts to go after, else it would prove nothing.
    expect(all.some((g) => [...g.seen.values()].some((s) => s.kind === 'small'))).toBe(true);
    expect(all.length).toBeGreaterThan(periods.length);
    expect(leaks(all, organisation.suppressionThreshold)).toEqual([]);
  });

  it('would find a small count if one run had shown a complement another run hid (the attack has teeth)', () => {
    // Prepare: exact totals (complements, not rounding, protect the small counts), and the first
    // run's editions showing its complements as numbers, as an edition built apart from the plan would.
    const exact: OrganisationConfig = { ...organisation, suppressionStrategy: 'kleinste' };
    const [first, ...rest] = periods as [Period, ...Period[]];
    const model = modelFor(exact, first);
    const index = new FigureIndex(figures(first));
    const careless = linkedGroups(model, exact, figures(first)).map((g) => ({
      ...g,
      seen: new Map([...g.seen].map(([m, s]): [string, Seen] => [m, s.kind === 'complement' ? { kind: 'value', value: trueValue(model, exact, index, g.id, m) } : s])),
    }));
    expect(careless.some((g) => [...g.seen.values()].some((s) => s.kind === 'small'))).toBe(true);
    // Act
    const all = together([careless, ...rest.map((period) => runGroups(exact, period))]);
    // Assess
    expect(leaks(all, exact.suppressionThreshold).length).toBeGreaterThan(0);
  });
});
