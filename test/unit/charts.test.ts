import { describe, expect, it } from 'vitest';
import { CHART_COLOURS, PT_PER_UNIT, describeHistory, goalChart, historyChart, historyTable } from '../../functions/core/charts';
import type { Cell, GoalRow, HistoryPoint, IndicatorRow } from '../../functions/core/report-model';

const cell = (value: number | null, suppressed = false): Cell => ({
  text: suppressed ? '< 5' : value === null ? 'geen gegevens' : String(value),
  value: suppressed ? null : value,
  suppressed,
});

function row(values: readonly (number | 'hidden')[], overrides: Partial<IndicatorRow> = {}): IndicatorRow {
  const history: HistoryPoint[] = values.map((v, i) => {
    const month = `2025-${String((i % 12) + 1).padStart(2, '0')}`;
    return { months: [month], label: `m${i}`, longLabel: `maand ${i}`, cell: v === 'hidden' ? cell(null, true) : cell(v), goal: null };
  });
  return {
    id: 'instroom',
    label: 'Instroom in de bijstand',
    unit: 'aantal',
    aggregation: 'sum',
    higherIsBetter: false,
    headline: true,
    current: cell(1),
    previous: cell(1),
    lastYear: cell(1),
    trend: null,
    granularity: 'maand',
    history,
    ...overrides,
  };
}

describe('history charts', () => {
  it('is an SVG image with a title and a text alternative naming the lowest and highest values', () => {
    const chart = historyChart(row([700, 730, 712, 690]), 'org');
    expect(chart.svg).toMatch(/^<svg role="img" aria-label="Instroom in de bijstand\. Lijngrafiek/);
    expect(chart.svg).toContain('<title>Instroom in de bijstand</title>');
    expect(chart.description).toContain('laagste 690 (maand 3), hoogste 730 (maand 1)');
  });

  it('plots no point for a hidden month and says so in the text alternative', () => {
    const chart = historyChart(row([12, 'hidden', 14]), 'gem-klein');
    const complete = historyChart(row([12, 13, 14]), 'gem-klein');
    // One marker per plotted value (plus the legend's): the hidden month has none.
    const markers = (svg: string) => svg.match(new RegExp(`fill="${CHART_COLOURS.realised}"`, 'g'))?.length ?? 0;
    expect(markers(complete.svg) - markers(chart.svg)).toBe(1);
    expect(chart.svg).not.toMatch(/>13</);
    expect(chart.description).toContain('In 1 maand is het aantal te klein om te tonen');
    expect(chart.description).not.toMatch(/laagste [0-4]\b/);
  });

  it('draws the goal as a dashed line in a second colour, so greyscale and colour-blind readers tell them apart', () => {
    const withGoal = row([10, 11, 12]);
    const chart = historyChart({ ...withGoal, history: withGoal.history.map((h) => ({ ...h, goal: 10 })) }, 'org');
    expect(chart.svg).toMatch(new RegExp(`stroke="${CHART_COLOURS.goal}"[^>]*stroke-dasharray`));
    expect(chart.description).toContain('Stippellijn: het jaardoel per maand, 10 in 2025');
  });

  it('escapes labels from the catalogue instead of letting them into the SVG as markup', () => {
    const chart = historyChart(row([1, 2], { label: 'Jongeren <script>x</script>' }), 'org');
    expect(chart.svg).not.toContain('<script>');
  });

  it('keeps the class names inside each chart its own, so the styles of one chart never reach another', () => {
    const a = historyChart(row([1, 2, 3]), 'org');
    const b = historyChart(row([1, 2, 3], { id: 'bijstand' }), 'org');
    const names = (svg: string) => [...svg.matchAll(/ (?:id|class)="([^"]+)"/g)].map((m) => m[1]);
    expect(names(a.svg).length).toBeGreaterThan(0);
    expect(names(a.svg).every((name) => name?.startsWith('org-instroom-'))).toBe(true);
    expect(names(a.svg).some((name) => names(b.svg).includes(name))).toBe(false);
  });

  it('leaves out the clip paths ECharts makes for its animation', () => {
    const { svg } = historyChart(row([1, 2, 3]), 'org');
    expect(svg).toContain('<path');
    expect(svg).not.toMatch(/<clipPath|clip-path=/);
  });

  it('puts the numbers in a table of two rows, with "< 5" where the chart leaves a gap', () => {
    const table = historyTable(row([...Array.from({ length: 23 }, (_, i) => 100 + i), 'hidden']));
    expect(table.head).toHaveLength(12);
    expect(table.rows).toHaveLength(2);
    expect(table.rows[1]?.cells.at(-1)).toBe('< 5');
    expect(table.rows[0]?.cells[0]).toBe('100');
  });

  it('formats axis numbers the Dutch way', () => {
    const chart = historyChart(row([2078, 2231, 2150]), 'org');
    expect(chart.svg).toMatch(/>2\.\d00</);
    expect(chart.svg).not.toMatch(/>2,\d00</);
  });

  it('describes an empty history without inventing values', () => {
    expect(describeHistory(row([]))).toBe('Instroom in de bijstand: geen gegevens.');
  });
});

describe('goal chart', () => {
  const goal = (label: string, deviation: number, status: GoalRow['status']): GoalRow => ({
    id: label,
    label,
    aggregation: 'sum',
    goal: cell(100),
    expected: cell(100),
    realised: cell(100),
    deviation,
    deviationText: `${Math.abs(deviation * 100)}%`,
    higherIsBetter: true,
    status,
  });

  it('shows every status in words beside its bar and in the text alternative', () => {
    const chart = goalChart([goal('Plaatsingen', 0.04, 'op koers'), goal('Instroom', -0.03, 'aandacht'), goal('Uitstroom', -0.2, 'achter')], 'org', 0.05);
    expect(chart?.svg).toMatch(/>op koers</);
    expect(chart?.svg).toMatch(/>aandacht</);
    expect(chart?.svg).toMatch(/>achter</);
    expect(chart?.description).toContain('Achter: Uitstroom');
    expect(chart?.svg).toContain(CHART_COLOURS.status.achter);
  });

  it('is left out when no indicator has a goal', () => {
    expect(goalChart([{ ...goal('X', 0, null), deviation: null }], 'org', 0.05)).toBeNull();
  });

  it('puts the status words in a column right of the plot, where no bar or line can cross them', () => {
    // Prepare: bars ending just left of the dashed line at −5%, where labels at the bar's end crossed it.
    const goals = [goal('Instroom in de bijstand', -0.03, 'aandacht'), goal('Plaatsingen met loonkostensubsidie', -0.045, 'aandacht'), goal('Uitstroom', 0.02, 'op koers')];
    // Act
    const svg = goalChart(goals, 'org', 0.05)?.svg ?? '';
    // Assess
    const plotRight = Math.max(...[...svg.matchAll(/<path d="([^"]+)"/g)].flatMap((m) => [...(m[1] ?? '').matchAll(/[ML]\s*([\d.]+)/g)].map((p) => Number(p[1]))));
    const words = texts(svg).filter((t) => ['op koers', 'aandacht', 'achter'].includes(t.text));
    expect(words).toHaveLength(3);
    for (const word of words) expect(word.x, word.text).toBeGreaterThan(plotRight);
    expect(overlaps(texts(svg))).toEqual([]);
  });

  it('draws the dashed line at the margin it is given', () => {
    const svg = goalChart([goal('Instroom', -0.03, 'aandacht')], 'org', 0.1)?.svg ?? '';
    expect(svg).toContain('>−10%<');
    expect(goalChart([goal('Instroom', -0.03, 'aandacht')], 'org', 0.1)?.description).toContain('op 10% slechter');
  });
});

/** Text elements of an ECharts SVG with their anchor position and an estimate of their extent. */
function texts(svg: string): { text: string; x: number; y: number; size: number; anchor: string }[] {
  return [...svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].map((m) => {
    const attributes = m[1] ?? '';
    const [, x = '0', y = '0'] = /translate\(([-\d.]+) ([-\d.]+)\)/.exec(attributes) ?? [];
    return {
      text: m[2] ?? '',
      x: Number(x),
      y: Number(y),
      size: Number(/font-size:([\d.]+)px/.exec(attributes)?.[1] ?? 0),
      anchor: /text-anchor="(\w+)"/.exec(attributes)?.[1] ?? 'start',
    };
  });
}

/** Pairs of texts whose boxes (width estimated at 0,55 em a character) overlap. */
function overlaps(items: ReturnType<typeof texts>): string[] {
  const box = (t: ReturnType<typeof texts>[number]) => {
    const width = t.text.length * 0.55 * t.size;
    const left = t.anchor === 'end' ? t.x - width : t.anchor === 'middle' ? t.x - width / 2 : t.x;
    return { left, right: left + width, top: t.y - t.size / 2, bottom: t.y + t.size / 2 };
  };
  const found: string[] = [];
  items.forEach((a, i) => {
    for (const b of items.slice(i + 1)) {
      const [p, q] = [box(a), box(b)];
      if (p.left < q.right && q.left < p.right && p.top < q.bottom && q.top < p.bottom) found.push(`${a.text} / ${b.text}`);
    }
  });
  return found;
}

describe('chart legibility', () => {
  const monthly = row(Array.from({ length: 24 }, (_, i) => 2000 + 40 * i));

  it('prints no chart text smaller than 9 pt', () => {
    const svgs = [historyChart(monthly, 'org').svg, goalChart([{ id: 'a', label: 'Uitkeringsgerechtigden met inkomsten uit werk', aggregation: 'last', goal: cell(1), expected: cell(1), realised: cell(1), deviation: -0.02, deviationText: '', higherIsBetter: true, status: 'aandacht' }], 'org', 0.05)?.svg ?? ''];
    for (const svg of svgs) {
      const sizes = [...svg.matchAll(/font-size:([\d.]+)px/g)].map((m) => Number(m[1]));
      expect(sizes.length).toBeGreaterThan(0);
      expect(Math.min(...sizes) * PT_PER_UNIT).toBeGreaterThanOrEqual(9);
    }
  });

  it('starts every axis at zero, the organisation’s large counts as a municipality’s small ones', () => {
    for (const values of [[2078, 2231, 2150], [5, 6, 5], [16.9, 17.4, 17.1]]) {
      const labels = texts(historyChart(row(values), 'org').svg).map((t) => t.text);
      expect(labels, String(values)).toContain('0');
    }
  });

  it('sets no axis labels on top of each other', () => {
    expect(overlaps(texts(historyChart(monthly, 'org').svg))).toEqual([]);
  });
});
