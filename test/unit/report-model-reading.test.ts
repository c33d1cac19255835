import { describe, expect, it } from 'vitest';
import type { Indicator } from '../../functions/core/catalogue';
import type { Benchmark, Figure } from '../../functions/core/organisation';
import { monthsEndingWith } from '../../functions/core/periods';
import { type Cell, buildReportModel, goalDeviation, goalStatus, trendBetween } from '../../functions/core/report-model';
import { testIndicator, testOrganisation } from '../support/organisation';

const period = { year: 2026, firstMonth: 9, length: 2 } as const;
const municipalities = [{ name: 'Tiel', optedOut: false }];

/**
 * Six indicators, listed so that the file's order is not the order of the largest movements.
 * Every value is the same each month before September 2026 and changes in September–October.
 */
const indicators: Indicator[] = [
  testIndicator('werkend', { label: 'Werkend', unit: 'percentage', aggregation: 'last', higherIsBetter: true, goals: { '2026': 18 } }),
  testIndicator('bijstand', { label: 'Bijstand', aggregation: 'last', higherIsBetter: false }),
  testIndicator('uitstroom', { label: 'Uitstroom', aggregation: 'sum', higherIsBetter: true, goals: { '2026': 370 } }),
  testIndicator('instroom', { label: 'Instroom', aggregation: 'sum', higherIsBetter: false, headline: true, goals: { '2026': 600 } }),
  testIndicator('duur', { label: 'Duur', unit: 'dagen', aggregation: 'mean', higherIsBetter: false, goals: { '2026': 0 } }),
  // Counted only since February 2026: no figure a year earlier and none for January.
  testIndicator('plaatsingen', { label: 'Plaatsingen', aggregation: 'sum', higherIsBetter: true, goals: { '2026': 120 } }),
];

/** Before → from September 2026. */
const VALUES: Record<string, [number, number]> = {
  werkend: [20, 19.5],
  bijstand: [1000, 1050],
  uitstroom: [30, 34],
  instroom: [50, 40],
  duur: [30, 30],
  plaatsingen: [10, 9],
};

function figures(): Figure[] {
  return monthsEndingWith(period, 24).flatMap((month) =>
    indicators
      .filter((indicator) => indicator.id !== 'plaatsingen' || month >= '2026-02')
      .map((indicator) => {
        const [before, now] = VALUES[indicator.id] as [number, number];
        return { municipality: 'Tiel', indicator: indicator.id, month, value: month >= '2026-09' ? now : before };
      }),
  );
}

const benchmarks: Benchmark[] = [
  // Another year's figure for bijstand, listed first: it must not be taken for 2026.
  { indicator: 'bijstand', year: 2025, value: 3 },
  { indicator: 'werkend', year: 2026, value: 18.7 },
  { indicator: 'instroom', year: 2026, value: -5 },
  { indicator: 'uitstroom', year: 2026, value: 13.3 },
  { indicator: 'duur', year: 2026, value: 28 },
  { indicator: 'plaatsingen', year: 2026, value: 4 },
];

const part = () =>
  buildReportModel({
    organisation: testOrganisation({ name: 'Werkbedrijf', municipalities, indicators, suppressionThreshold: 5 }),
    period,
    figures: figures(),
    benchmarks,
    commentary: null,
    issuedOn: new Date(Date.UTC(2026, 10, 1)),
    concept: false,
  }).organisationPart;

const byId = <T extends { id: string }>(rows: readonly T[], id: string) => rows.find((r) => r.id === id) as T;
const cell = (value: number | null): Cell => ({ text: String(value), value, suppressed: false });

describe('In het kort', () => {
  it('names the three largest movements, largest first, and counts how every indicator, goal and benchmark came out', () => {
    expect(part().summary).toEqual([
      'De grootste bewegingen ten opzichte van juli–augustus 2026: instroom daalt van 100 naar 80 (gunstig), uitstroom stijgt van 60 naar 68 (gunstig) en plaatsingen daalt van 20 naar 18 (ongunstig).',
      'Van de 6 kengetallen ontwikkelden zich er 2 gunstig en 3 ongunstig; 1 bleef gelijk.',
      'De jaardoelen tot en met oktober 2026: 2 op koers, 1 aandacht, 1 achter.',
      'Naast de Divosa-benchmark doet de organisatie het bij 2 van de 4 indicatoren beter en bij 1 slechter.',
      'Hierna volgen eerst de cijfers van uw eigen gemeente, daarna die van de hele organisatie.',
    ]);
  });
});

describe('the organisation’s figures', () => {
  it('names the months of the period and puts only the kerngetallen in the headline', () => {
    const p = part();
    expect(p.periodMonths).toEqual(['september', 'oktober']);
    expect(p.headline.map((row) => row.id)).toEqual(['instroom']);
  });

  it('shows a month missing a figure as "geen gegevens"', () => {
    expect(byId(part().indicators, 'plaatsingen').lastYear).toEqual({ text: 'geen gegevens', value: null, suppressed: false });
  });

  it('charts each month with its own value and the goal brought to that month', () => {
    const p = part();
    expect(byId(p.indicators, 'instroom').history.at(-1)).toEqual({
      months: ['2026-10'],
      label: 'okt 26',
      longLabel: 'oktober 2026',
      cell: { text: '40', value: 40, suppressed: false },
      // A twelfth of a flow's yearly goal of 600.
      goal: 50,
    });
    // A stock's goal is its level in every month; without a goal there is none.
    expect(byId(p.indicators, 'werkend').history.at(-1)?.goal).toBe(18);
    expect(byId(p.indicators, 'bijstand').history.at(-1)?.goal).toBeNull();
  });

  it('heads an average with the months it is taken over', () => {
    const table = part().tables.find((t) => t.aggregation === 'mean');
    expect(table?.kind).toBe('Gemiddelden');
    expect(table?.headers).toEqual(['gemiddeld september–oktober 2026', 'gemiddeld juli–augustus 2026', 'gemiddeld september–oktober 2025']);
  });
});

describe('the goals', () => {
  it('groups the goals by measure, each table saying what its realisation is', () => {
    expect(part().goalTables.map((t) => [t.kind, t.flows, t.realisedHeader, t.rows.map((r) => r.id)])).toEqual([
      ['Standen', false, 'Stand eind oktober 2026', ['werkend', 'bijstand']],
      ['Stromen', true, 'Realisatie januari t/m oktober 2026', ['uitstroom', 'instroom', 'plaatsingen']],
      ['Gemiddelden', false, 'Gemiddeld januari t/m oktober 2026', ['duur']],
    ]);
  });

  it('says how far each indicator is from its goal so far, and leaves out what cannot be judged', () => {
    const goals = part().goals;
    const view = (id: string) => {
      const g = byId(goals, id);
      return [g.goal.text, g.expected.text, g.realised.text, g.deviationText, g.status];
    };
    // Instroom 8 × 50 + 80 = 480 against 10/12 of 600 = 500, lower being better.
    expect(view('instroom')).toEqual(['600', '500', '480', '4,0% beter', 'op koers']);
    // Uitstroom 8 × 30 + 68 = 308 against 10/12 of 370 ≈ 308,3.
    expect(view('uitstroom')).toEqual(['370', '308', '308', '0,1% slechter', 'aandacht']);
    expect(view('werkend')).toEqual(['18,0%', '18,0%', '19,5%', '1,5 procentpunt beter', 'op koers']);
    // A goal of nothing at all: no fraction to be off by; any duration is behind it.
    expect(view('duur')).toEqual(['0,0 dagen', '0,0 dagen', '30,0 dagen', '–', 'achter']);
    expect(byId(goals, 'duur').deviation).toBeNull();
  });

  it('shows "geen doel" where the organisation set none, and judges nothing', () => {
    const bijstand = byId(part().goals, 'bijstand');
    expect(bijstand.goal).toEqual({ text: 'geen doel', value: null, suppressed: false });
    expect(bijstand.expected).toEqual({ text: '–', value: null, suppressed: false });
    expect(bijstand.realised.text).toBe('1.050');
    expect([bijstand.deviation, bijstand.deviationText, bijstand.status]).toEqual([null, '–', null]);
  });

  it('judges nothing when a month of the year is missing', () => {
    const plaatsingen = byId(part().goals, 'plaatsingen');
    expect(plaatsingen.expected.text).toBe('100');
    expect(plaatsingen.realised).toEqual({ text: 'geen gegevens', value: null, suppressed: false });
    expect([plaatsingen.deviation, plaatsingen.deviationText, plaatsingen.status]).toEqual([null, '–', null]);
  });

  it('calls exactly 5% worse than the goal "aandacht", and a goal of zero met only by zero or by more of something good', () => {
    expect(goalStatus(95, 100, true)).toBe('aandacht');
    expect(goalStatus(105, 100, false)).toBe('aandacht');
    expect(goalStatus(0, 0, false)).toBe('op koers');
    expect(goalStatus(3, 0, false)).toBe('achter');
    expect(goalStatus(3, 0, true)).toBe('op koers');
    expect(goalDeviation(3, 0, true)).toBe(0);
  });
});

describe('the benchmark', () => {
  it('compares a count’s change and a level’s value with this year’s benchmark, in separate tables', () => {
    const p = part();
    const view = (id: string) => {
      const b = byId(p.benchmarks, id);
      return [b.basis, b.ours, b.benchmark, b.difference, b.judgement];
    };
    expect(p.benchmarks.map((b) => b.id)).toEqual(['werkend', 'uitstroom', 'instroom', 'duur', 'plaatsingen']);
    expect(view('werkend')).toEqual(['niveau', '19,5%', '18,7%', '+0,8 procentpunt', 'gunstig']);
    // 60 → 68 is +13,3%, as the benchmark: level, without a sign.
    expect(view('uitstroom')).toEqual(['ontwikkeling', '+13,3%', '+13,3%', '0,0 procentpunt', 'gelijk']);
    expect(view('instroom')).toEqual(['ontwikkeling', '−20,0%', '−5,0%', '−15,0 procentpunt', 'gunstig']);
    expect(view('duur')).toEqual(['niveau', '30,0 dagen', '28,0 dagen', '+2,0 dagen', 'ongunstig']);
    // No figure a year earlier: no change to compare.
    expect(view('plaatsingen')).toEqual(['ontwikkeling', 'geen gegevens', '+4,0%', '–', null]);
    expect(p.benchmarkTables.map((t) => [t.caption, t.rows.map((r) => r.id)])).toEqual([
      ['Ontwikkeling ten opzichte van dezelfde periode vorig jaar', ['uitstroom', 'instroom', 'plaatsingen']],
      ['Niveau in deze periode', ['werkend', 'duur']],
    ]);
  });
});

describe('the benchmark without this period’s figure', () => {
  it('shows no change when October is missing, though last year’s period is complete', () => {
    const instroom = testIndicator('instroom', { label: 'Instroom', higherIsBetter: false });
    const p = buildReportModel({
      organisation: testOrganisation({ municipalities, indicators: [instroom] }),
      period,
      figures: monthsEndingWith(period, 24)
        .filter((month) => month !== '2026-10')
        .map((month) => ({ municipality: 'Tiel', indicator: 'instroom', month, value: 12 })),
      benchmarks: [{ indicator: 'instroom', year: 2026, value: 2 }],
      commentary: null,
      issuedOn: new Date(Date.UTC(2026, 10, 1)),
      concept: false,
    }).organisationPart;
    expect(p.benchmarks[0]).toMatchObject({ ours: 'geen gegevens', benchmark: '+2,0%', difference: '–', judgement: null });
  });
});

describe('movements between periods', () => {
  it('gives a percentage’s rise in procentpunten and its size relative to the previous value', () => {
    expect(trendBetween(cell(16), cell(18), true, 'percentage')).toEqual({ arrow: '↑', judgement: 'gunstig', change: '+2,0 procentpunt', size: 0.125 });
    expect(trendBetween(cell(16), cell(18), false, 'percentage')).toMatchObject({ judgement: 'ongunstig' });
  });

  it('says how much came when a count or a duration rises from nothing, and ranks that above any relative movement', () => {
    expect(trendBetween(cell(0), cell(5), true)).toEqual({ arrow: '↑', judgement: 'gunstig', change: '+5', size: Number.POSITIVE_INFINITY });
    expect(trendBetween(cell(0), cell(2), false, 'dagen')).toEqual({ arrow: '↑', judgement: 'ongunstig', change: '+2,0 dagen', size: Number.POSITIVE_INFINITY });
    expect(trendBetween(cell(0), cell(0), true)).toEqual({ arrow: '→', judgement: 'gelijk', change: '0,0%', size: 0 });
    expect(trendBetween(cell(0), cell(1.5), true, 'percentage')).toMatchObject({ arrow: '↑', change: '+1,5 procentpunt' });
    expect(trendBetween(cell(5), cell(0), true)).toEqual({ arrow: '↓', judgement: 'ongunstig', change: '−100,0%', size: 1 });
  });

  it('gives no movement when either side has no value', () => {
    expect(trendBetween(cell(null), cell(5), true)).toBeNull();
    expect(trendBetween(cell(5), cell(null), true)).toBeNull();
  });

  it('calls half a percent a movement and less than that level, even when the printed counts differ', () => {
    expect(trendBetween(cell(1000), cell(1005), true)).toEqual({ arrow: '↑', judgement: 'gunstig', change: '+0,5%', size: 0.005 });
    expect(trendBetween(cell(1000), cell(1004), true)).toEqual({ arrow: '→', judgement: 'gelijk', change: '0,0%', size: 0 });
    // 1,01 and 1,04 dagen both print as 1,0 dagen: a reader sees no movement.
    expect(trendBetween(cell(1.01), cell(1.04), false, 'dagen')).toMatchObject({ arrow: '→', judgement: 'gelijk' });
  });
});

describe('a quarterly report', () => {
  const quarter = { year: 2026, firstMonth: 7, length: 3 } as const;
  const quarterModel = () =>
    buildReportModel({
      organisation: testOrganisation({
        municipalities,
        indicators: [
          testIndicator('instroom', { label: 'Instroom', goals: { '2026': 84 } }),
          testIndicator('werkend', { label: 'Werkend', unit: 'percentage', aggregation: 'last', goals: { '2026': 18 } }),
        ],
      }),
      period: quarter,
      figures: monthsEndingWith(quarter, 24).flatMap((month) => [
        { municipality: 'Tiel', indicator: 'instroom', month, value: 7 },
        { municipality: 'Tiel', indicator: 'werkend', month, value: 18.02 },
      ]),
      benchmarks: [],
      commentary: null,
      issuedOn: new Date(Date.UTC(2026, 9, 1)),
      concept: false,
    });

  it('says a goal met exactly is met: "gelijk aan doel", for a count and for a percentage', () => {
    // Instroom January–September 9 × 7 = 63 against 9/12 of 84 = 63; werkend 18,02% prints as the goal's 18,0%.
    expect(quarterModel().organisationPart.goals.map((g) => [g.deviationText, g.status])).toEqual([
      ['gelijk aan doel', 'op koers'],
      ['gelijk aan doel', 'op koers'],
    ]);
  });

  it('makes only the tables that have rows', () => {
    const p = quarterModel().organisationPart;
    expect(p.goalTables.map((t) => t.kind)).toEqual(['Standen', 'Stromen']);
    expect(p.benchmarks).toEqual([]);
    expect(p.benchmarkTables).toEqual([]);
  });

  it('shows a municipality per quarter', () => {
    const model = quarterModel();
    const row = model.paragraphs[0]?.indicators[0];
    expect(row?.granularity).toBe('kwartaal');
    expect(row?.history).toHaveLength(8);
    expect(row?.history.at(-1)?.cell.text).toBe('21');
    expect(model.organisationPart.indicators[0]?.granularity).toBe('maand');
  });

  it('shows a municipality per period in a bimonthly report', () => {
    const model = buildReportModel({
      organisation: testOrganisation({ municipalities, indicators }),
      period,
      figures: figures(),
      benchmarks: [],
      commentary: null,
      issuedOn: new Date(Date.UTC(2026, 10, 1)),
      concept: false,
    });
    expect(model.paragraphs[0]?.indicators[0]?.granularity).toBe('periode');
  });
});
