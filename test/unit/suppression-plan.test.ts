import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { costOfRun, modelWith, runsEndingWith, smallOptedOutOrganisation } from '../../functions/bench/suppression-compare';
import type { Figure, OrganisationConfig } from '../../functions/core/organisation';
import { parseOrganisationFile } from '../../functions/core/organisation-file';
import { type Period, monthsEndingWith, periodMonths, periodsEndingWith } from '../../functions/core/periods';
import { HISTORY_MONTHS, buildReportModel } from '../../functions/core/report-model';
import type { Indicator } from '../../functions/core/catalogue';
import { COST, hidingCost } from '../../functions/core/suppression-plan';
import { type GroupValue, type SuppressionStrategy, costOf, protectGroup, protectGroupAtCost } from '../../functions/core/suppression';
import { sampleFigures } from '../../functions/local/sample-data';
import { linkedGroups } from '../support/model-groups';
import { testIndicator, testOrganisation } from '../support/organisation';
import { type LinkedGroup, leaks } from '../support/subtraction-attack';

const policy = { threshold: 5 };
const PERIOD: Period = { year: 2026, firstMonth: 9, length: 2 };

/** A group of 2–8 municipalities with counts that are often small, sometimes zero, sometimes large. */
const groups = fc
  .array(fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 5, max: 12 }), fc.integer({ min: 13, max: 400 })), { minLength: 2, maxLength: 8 })
  .map((values): GroupValue[] => values.map((value, i) => ({ municipality: `G${i}`, value })));
const costs = fc.array(fc.double({ min: 0.1, max: 5, noNaN: true }), { minLength: 8, maxLength: 8 });

/** The group as a reader with every report sees it: the exact total, and each value or its mark. */
function asRead(values: readonly GroupValue[], hidden: ReadonlyMap<string, string>): LinkedGroup {
  const total = values.reduce((a, v) => a + (v.value as number), 0);
  const seen = new Map(
    values.map((v) => {
      const reason = hidden.get(v.municipality);
      return [v.municipality, reason === 'klein' ? { kind: 'small' as const } : reason === 'aanvulling' ? { kind: 'complement' as const } : { kind: 'value' as const, value: v.value as number }];
    }),
  );
  return { id: 'groep', total, seen };
}

/** Whether the group has anything that could hide a small count at all: else the organisation total is itself small. */
const protectable = (values: readonly GroupValue[]) => protectGroup(values, policy).size > 0 && leaks([asRead(values, protectGroup(values, policy))], 5).length === 0;

describe('suppression at least cost, over random groups (fast-check)', () => {
  it('leaves every small count its whole range 1–4 against subtraction whenever the rule of today can', () => {
    fc.assert(
      fc.property(groups, costs, (values, weights) => {
        fc.pre(protectable(values));
        const hidden = protectGroupAtCost(values, policy, (m) => weights[Number(m.slice(1))] as number);
        expect(leaks([asRead(values, hidden)], 5)).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('never costs more than the smallest sufficient value of today', () => {
    fc.assert(
      fc.property(groups, costs, (values, weights) => {
        const cost = (m: string) => weights[Number(m.slice(1))] as number;
        const chosen = protectGroupAtCost(values, policy, cost);
        expect(costOf(chosen, values, cost)).toBeLessThanOrEqual(costOf(protectGroup(values, policy), values, cost) + 1e-9);
      }),
      { numRuns: 400 },
    );
  });
});

describe('the cost of hiding a value', () => {
  const organisation = testOrganisation({
    municipalities: ['A', 'B', 'C', 'D'].map((name) => ({ name, optedOut: name === 'D' })),
    indicators: [testIndicator('telling', { suppress: true }), testIndicator('kern', { suppress: true, headline: true })],
  });
  const [telling, kern] = organisation.indicators as [Indicator, Indicator];
  // D's 3 needs a complement; A and B (20 each) protect it equally well.
  const values: GroupValue[] = [
    { municipality: 'A', value: 20 },
    { municipality: 'B', value: 20 },
    { municipality: 'C', value: 0 },
    { municipality: 'D', value: 3 },
  ];

  it('turns who pays with the period, so no municipality loses the same row every period', () => {
    const payers = periodsEndingWith(PERIOD, 4).map((p) => {
      const hidden = protectGroupAtCost(values, policy, hidingCost(organisation, telling, 0, p));
      return [...hidden].filter(([, r]) => r === 'aanvulling').map(([m]) => m).join();
    });
    expect(new Set(payers)).toEqual(new Set(['A', 'B']));
    // The rule of today picks A every period.
    expect(protectGroup(values, policy).get('A')).toBe('aanvulling');
  });

  it('weighs a kerngetal three times an ordinary value, and a value nobody reads today a quarter', () => {
    const cost = hidingCost(organisation, kern, 1, PERIOD);
    const ordinary = hidingCost(organisation, telling, 0, PERIOD);
    expect(cost('A', 20)).toBeGreaterThanOrEqual(3 * COST.ordinary);
    expect(ordinary('A', 20)).toBeLessThan(1.5 * COST.ordinary);
    expect(cost('D', 20)).toBe(COST.optedOut);
  });
});

/** A one-indicator organisation whose figures of the last period are the arbitrary values given. */
function randomRun(values: readonly number[][], optedOut: number, aggregation: 'sum' | 'last', strategy: SuppressionStrategy) {
  const organisation: OrganisationConfig = testOrganisation({
    suppressionThreshold: 5,
    suppressionStrategy: strategy,
    municipalities: values.map((_, i) => ({ name: `Gemeente ${i}`, optedOut: i === optedOut })),
    indicators: [testIndicator('telling', { aggregation, suppress: true, headline: true })],
  });
  const figures: Figure[] = values.flatMap((months, i) =>
    periodMonths(PERIOD).map((month, j) => ({ municipality: `Gemeente ${i}`, indicator: 'telling', month, value: months[j] as number })),
  );
  const model = buildReportModel({ organisation, period: PERIOD, figures, benchmarks: [], commentary: null, issuedOn: new Date(Date.UTC(2026, 10, 1)), concept: false });
  return { organisation, figures, model };
}

const monthly = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 60 }));
const runs = fc.record({
  values: fc.array(fc.tuple(monthly, monthly), { minLength: 3, maxLength: 7 }),
  optedOut: fc.integer({ min: 0, max: 6 }),
  aggregation: fc.constantFrom('sum' as const, 'last' as const),
  strategy: fc.constantFrom<SuppressionStrategy>('kleinste', 'kosten', 'afronden'),
});

describe('a run planned from random figures, read back from its model (fast-check)', () => {
  it('lets no small count come out by subtraction, rounded totals read as intervals, opted-out small counts included', () => {
    fc.assert(
      fc.property(runs, ({ values, optedOut, aggregation, strategy }) => {
        const { organisation, figures, model } = randomRun(values, optedOut, aggregation, strategy);
        const groups = linkedGroups(model, organisation, figures).filter((g) => g.id.endsWith('sep–okt 26'));
        // A group whose values are too small to hide each other cannot be protected by any rule (README, Not covered).
        const group = values.map(([a, b], i) => ({ municipality: `G${i}`, value: aggregation === 'sum' ? a + b : b }));
        fc.pre(protectable(group) || protectGroup(group, policy).size === 0);
        expect(leaks(groups, 5)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the generated organisation of issue 25: five municipalities, the small one gets no report', () => {
  const organisation = smallOptedOutOrganisation();
  const periods = runsEndingWith(PERIOD, HISTORY_MONTHS / PERIOD.length);

  it('hides at most 3 values of a paragraph and one period of a kerngetal line, and rounds instead', () => {
    for (const period of periods) {
      const cost = costOfRun(modelWith(organisation, period, 'afronden'));
      expect(Math.max(...cost.complements.values()), `complements in ${period.year}-${period.firstMonth}`).toBeLessThanOrEqual(3);
      expect(cost.worstLine).toBeLessThanOrEqual(1);
    }
    // The rule of today on the same figures: what the issue found.
    expect(Math.max(...costOfRun(modelWith(organisation, PERIOD, 'kleinste')).complements.values())).toBeGreaterThan(3);
  });

  it('is the default of a file without onderdrukking; a version stored before the key keeps the rule it was planned by', () => {
    const fromFile = parseOrganisationFile(readFileSync('examples/werkzaak-rivierenland/organisatie.yaml', 'utf8'), 'organisatie.yaml');
    expect(fromFile.suppressionStrategy).toBe('afronden');
    const generated = { ...organisation, suppressionStrategy: fromFile.suppressionStrategy };
    const { suppressionStrategy: _, ...stored } = generated;
    const build = (config: OrganisationConfig) =>
      buildReportModel({
        organisation: config,
        period: PERIOD,
        figures: sampleFigures(config, monthsEndingWith(PERIOD, HISTORY_MONTHS)),
        benchmarks: [],
        commentary: null,
        issuedOn: new Date(Date.UTC(2026, 10, 1)),
        concept: false,
      });
    expect(costOfRun(build(generated))).toEqual(costOfRun(modelWith(organisation, PERIOD, 'afronden')));
    expect(costOfRun(build(stored))).toEqual(costOfRun(modelWith(organisation, PERIOD, 'kleinste')));
  });

  it('renders the same plan from the frozen snapshot a final is made of', () => {
    // The run archives its input as JSON; the final parses it back and builds the model again.
    const input = {
      organisation,
      period: PERIOD,
      figures: sampleFigures(organisation, monthsEndingWith(PERIOD, HISTORY_MONTHS)),
      benchmarks: [],
      commentary: null,
      issuedOn: new Date(Date.UTC(2026, 10, 1)),
      concept: true,
    };
    const concept = buildReportModel(input);
    const frozen = JSON.parse(JSON.stringify({ ...input, issuedOn: input.issuedOn.toISOString() }));
    const final = buildReportModel({ ...frozen, issuedOn: new Date(frozen.issuedOn), concept: false });
    expect(final.paragraphs).toEqual(concept.paragraphs);
    expect(final.organisationPart.indicators).toEqual(concept.organisationPart.indicators);
    expect(concept.organisationPart.anyRounded).toBe(true);
  });

  it('leaves a row out of a paragraph\'s tables when all three of its values are hidden, and names it', () => {
    const dijkzicht = modelWith(organisation, PERIOD, 'afronden').paragraphs.find((p) => p.municipality === 'Dijkzicht');
    const row = dijkzicht?.indicators.find((r) => r.id === 'lks-plaatsingen');
    expect([row?.current.text, row?.previous.text, row?.lastYear.text]).toEqual(['< 5', '< 5', '< 5']);
    expect(dijkzicht?.leftOut).toContain(row?.label);
    expect(dijkzicht?.tables.flatMap((t) => t.rows).map((r) => r.id)).not.toContain('lks-plaatsingen');
    // Shown rows stay: bijstand is no small count there.
    expect(dijkzicht?.tables.flatMap((t) => t.rows).map((r) => r.id)).toContain('bijstand');
    expect(dijkzicht?.indicators.map((r) => r.id)).toContain('lks-plaatsingen');
  });

  it('recovers no small count from every run of two years, the opted-out municipality’s unknown to the attacker', () => {
    for (const strategy of ['kleinste', 'kosten', 'afronden'] as const) {
      const found = periods.flatMap((period) =>
        leaks(linkedGroups(modelWith(organisation, period, strategy), organisation, sampleFigures(organisation, monthsEndingWith(period, HISTORY_MONTHS + 12))), 5),
      );
      expect(found, strategy).toEqual([]);
    }
  });
});
