import { describe, expect, it } from 'vitest';
import { CHART_COLOURS, PT_PER_UNIT, describeHistory, goalChart, historyChart, historyTable, perGranularityNl } from '../../functions/core/charts';
import type { Cell, GoalRow, HistoryPoint, IndicatorRow } from '../../functions/core/report-model';

const cell = (value: number | null, suppressed = false): Cell => ({
  text: suppressed ? '< 5' : value === null ? 'geen gegevens' : String(value),
  value: suppressed ? null : value,
  suppressed,
});

/** A goal row as the report model gives it, judged `status` at `deviation` of the goal. */
const judged = (label: string, deviation: number, status: GoalRow['status']): GoalRow => ({
  id: label,
  label,
  aggregation: 'sum',
  goal: cell(100),
  expected: cell(100),
  realised: cell(100),
  deviation,
  deviationText: `${String(Math.abs(deviation * 100)).replace('.', ',')}%`,
  higherIsBetter: true,
  status,
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

  it('explains its hidden values beside its table, "×" without naming whose, and says when most of the line is hidden', () => {
    const complement = { text: '×', value: null, suppressed: true, hidden: 'aanvulling' } as const;
    const base = row([12, 'hidden', 14, 15]);
    const mixed = { ...base, history: base.history.map((h, i) => (i === 3 ? { ...h, cell: complement } : h)) };
    const legend = historyChart(mixed, 'gem').legend ?? '';
    expect(legend).toContain('“< 5” is een aantal kleiner dan 5, niet getoond zodat het niet naar personen te herleiden is.');
    expect(legend).toContain('“×” is een aantal dat niet getoond wordt om een klein aantal elders te beschermen.');
    expect(legend).not.toContain('helft');
    expect(historyChart(row([12, 'hidden', 'hidden']), 'gem').legend).toContain('Meer dan de helft van de lijn is verborgen.');
    expect(historyChart(mixed, 'gem').description).toContain('In 1 maand is het aantal niet getoond om een klein aantal elders te beschermen');
    expect(historyChart(row([12, 13, 14]), 'gem').legend).toBeUndefined();
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
  it('shows every status in words beside its bar and in the text alternative', () => {
    const chart = goalChart([judged('Plaatsingen', 0.04, 'op koers'), judged('Instroom', -0.03, 'aandacht'), judged('Uitstroom', -0.2, 'achter')], 'org', 0.05);
    expect(chart?.svg).toMatch(/>op koers</);
    expect(chart?.svg).toMatch(/>aandacht</);
    expect(chart?.svg).toMatch(/>achter</);
    expect(chart?.description).toContain('Achter: Uitstroom');
    expect(chart?.svg).toContain(CHART_COLOURS.status.achter);
  });

  it('is left out when no indicator has a goal', () => {
    expect(goalChart([{ ...judged('X', 0, null), deviation: null }], 'org', 0.05)).toBeNull();
  });

  it('puts the status words in a column right of the plot, where no bar or line can cross them', () => {
    // Prepare: bars ending just left of the dashed line at −5%, where labels at the bar's end crossed it.
    const goals = [judged('Instroom in de bijstand', -0.03, 'aandacht'), judged('Plaatsingen met loonkostensubsidie', -0.045, 'aandacht'), judged('Uitstroom', 0.02, 'op koers')];
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
    const svg = goalChart([judged('Instroom', -0.03, 'aandacht')], 'org', 0.1)?.svg ?? '';
    expect(svg).toContain('>−10%<');
    expect(goalChart([judged('Instroom', -0.03, 'aandacht')], 'org', 0.1)?.description).toContain('op 10% slechter');
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

describe('what a chart draws', () => {
  const withGoals = (values: readonly number[], goals: readonly (number | null)[], overrides: Partial<IndicatorRow> = {}): IndicatorRow => {
    const base = row(values, overrides);
    return { ...base, history: base.history.map((h, i) => ({ ...h, goal: goals[i] ?? null })) };
  };
  const textsOf = (svg: string) => texts(svg).map((t) => t.text);

  it('draws the realisation solid, 2 wide, in blue with a marker per value, and the goal 1,5 wide, dashed, in orange', () => {
    const { svg } = historyChart(withGoals([10, 11, 12], [10, 10, 10]), 'org');
    const lines = [...svg.matchAll(/<path d="M[^"]*" fill="none" stroke="([^"]+)" stroke-width="([^"]+)"( stroke-dasharray="([^"]+)")?/g)].map((m) => [m[1], m[2], m[4] ?? 'solid']);
    expect(lines).toContainEqual([CHART_COLOURS.realised, '2', 'solid']);
    expect(lines).toContainEqual([CHART_COLOURS.goal, '1.5', '6,4']);
    expect(svg.match(new RegExp(`<path d="M1 0A1 1 0 1 1[^"]*" transform="matrix\\(2.5,[^"]*" fill="${CHART_COLOURS.realised}"`, 'g'))).toHaveLength(3);
  });

  it('draws the goal as steps, so a new year’s goal starts at the new year and is not a slope', () => {
    const { svg } = historyChart(withGoals([10, 11, 12, 13], [10, 10, 20, 20]), 'org');
    const goalPath = new RegExp(`<path d="(M[^"]+)" fill="none" stroke="${CHART_COLOURS.goal}"`).exec(svg)?.[1] ?? '';
    const points = [...goalPath.matchAll(/[ML]([\d.]+) ([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    const vertical = points.slice(1).filter(([x, y], i) => x === points[i]?.[0] && y !== points[i]?.[1]);
    expect(vertical).toHaveLength(1);
  });

  it('names the goal per month for a flow and as the year goal for a stock, and names no goal where there is none', () => {
    expect(textsOf(historyChart(withGoals([10, 11], [10, 10]), 'org').svg)).toEqual(expect.arrayContaining(['Realisatie', 'Jaardoel per maand (doel / 12)']));
    const stock = textsOf(historyChart(withGoals([10, 11], [10, 10], { aggregation: 'last' }), 'org').svg);
    expect(stock).toEqual(expect.arrayContaining(['Realisatie', 'Jaardoel']));
    expect(stock).not.toContain('Jaardoel per maand (doel / 12)');
    const none = textsOf(historyChart(row([10, 11]), 'org').svg);
    expect(none).toContain('Realisatie');
    expect(none.filter((t) => t.startsWith('Jaardoel'))).toEqual([]);
  });

  it('labels every third month, or every other period, so the labels fit', () => {
    const monthly = textsOf(historyChart(row(Array.from({ length: 24 }, (_, i) => 100 + i)), 'org').svg).filter((t) => /^m\d+$/.test(t));
    expect(monthly).toEqual(['m0', 'm3', 'm6', 'm9', 'm12', 'm15', 'm18', 'm21']);
    const periods = textsOf(historyChart(row(Array.from({ length: 12 }, (_, i) => 100 + i), { granularity: 'periode' }), 'org').svg).filter((t) => /^m\d+$/.test(t));
    expect(periods).toEqual(['m0', 'm2', 'm4', 'm6', 'm8', 'm10']);
  });

  it('puts no tick between two whole counts, but does between two percentages', () => {
    const counts = textsOf(historyChart(row([0, 1, 2, 1]), 'org').svg).filter((t) => /^\d/.test(t));
    expect(counts).toEqual(['0', '1', '2']);
    const percentages = textsOf(historyChart(row([0.5, 1, 1.5], { unit: 'percentage' }), 'org').svg).filter((t) => /^\d/.test(t));
    expect(percentages.some((t) => !t.endsWith(',0'))).toBe(true);
  });

  it('writes the text in the report’s typeface, at the chart size, and the legend dark', () => {
    const { svg } = historyChart(row([10, 11]), 'org');
    expect(svg).toContain("font-size:11.5px;font-family:'Source Sans 3';");
    expect(svg).toMatch(/fill="#1a1a1a">Realisatie</);
  });

  it('says why there is no chart: every value hidden, or no figures at all', () => {
    const hidden = historyChart(row(['hidden', 'hidden'], { granularity: 'periode' }), 'gem');
    expect(hidden.svg).toBe('');
    expect(hidden.note).toBe('Geen grafiek: voor instroom in de bijstand zijn de aantallen in alle perioden verborgen; zie de tabel hieronder.');
    const empty = historyChart(row([]), 'gem');
    expect(empty.note).toBe('Geen grafiek: voor instroom in de bijstand zijn er geen gegevens; zie de tabel hieronder.');
    expect(historyChart(row([1]), 'gem').note).toBeUndefined();
  });

  it('describes gaps and hidden values in the unit of the history, one and many', () => {
    const base = row([3, 'hidden', 5, 6]);
    const history = base.history.map((h, i) => (i === 3 ? { ...h, cell: { text: 'geen gegevens', value: null, suppressed: false } } : h));
    const text = describeHistory({ ...base, granularity: 'kwartaal', history });
    expect(text).toBe(
      'Lijngrafiek van instroom in de bijstand per kwartaal, maand 0 tot en met maand 3. Van 3 in maand 0 naar 5 in maand 2; laagste 3 (maand 0), hoogste 5 (maand 2). In 1 kwartaal is het aantal te klein om te tonen; daar loopt de lijn niet door. Voor 1 kwartaal zijn geen gegevens.',
    );
    expect(describeHistory(row(['hidden', 'hidden', 7], { granularity: 'periode' }))).toContain('In 2 perioden is het aantal te klein');
    const stock = withGoals([10, 11], [10, 12], { aggregation: 'mean', unit: 'percentage' });
    const years = { ...stock, history: stock.history.map((h, i) => ({ ...h, months: [i === 0 ? '2025-12' : '2026-01'] })) };
    expect(describeHistory(years)).toContain('Stippellijn: het jaardoel, 10,0 in 2025, 12,0 in 2026.');
    expect(perGranularityNl('periode')).toBe('per periode van twee maanden');
  });

  it('captions the table with the unit, and heads the columns of periods with both months', () => {
    const table = historyTable(row([16.9, 17.2], { unit: 'percentage', granularity: 'periode' }));
    expect(table.caption).toBe('Instroom in de bijstand per periode van twee maanden (in %)');
    expect(historyTable(row([1], { unit: 'dagen' })).caption).toBe('Instroom in de bijstand per maand (in dagen)');
    expect(historyTable(row([1], { unit: 'minuten' })).caption).toBe('Instroom in de bijstand per maand (in minuten)');
    const base = row([1, 2, 3, 4], { granularity: 'periode' });
    const periods = { ...base, history: base.history.map((h, i) => ({ ...h, months: [`2026-0${2 * i + 1}`, `2026-0${2 * i + 2}`] })) };
    const periodTable = historyTable(periods);
    expect(periodTable.head).toEqual(['jan–feb', 'mrt–apr']);
    expect(periodTable.rows.map((r) => r.label)).toEqual(['jan 26 – apr 26', 'mei 26 – aug 26']);
    expect(historyTable(row([16.94, null as never], { unit: 'percentage' })).rows.flatMap((r) => r.cells)).toEqual(['16,9', '–']);
  });
});

describe('what the goal chart draws', () => {
  const labels = (svg: string) => texts(svg).map((t) => t.text).filter((t) => /%$/.test(t));

  it('scales the axis to a step beyond the largest deviation, and at least two steps of the margin', () => {
    expect(labels(goalChart([judged('A', -0.03, 'aandacht')], 'org', 0.05)?.svg ?? '')).toEqual(['−15%', '−10%', '−5%', '0%', '+5%', '+10%', '+15%']);
    const wide = labels(goalChart([judged('A', -0.32, 'achter'), judged('B', 0.01, 'op koers')], 'org', 0.05)?.svg ?? '');
    // −32% on an axis to ±40%: ECharts leaves out the labels at the very ends, which touch the plot's edge.
    expect([wide[0], wide.at(-1), wide.length]).toEqual(['−35%', '+35%', 15]);
  });

  it('colours each bar by status, writes the status in a darker text colour, and draws zero solid and the margin dashed', () => {
    const svg = goalChart([judged('A', -0.03, 'aandacht'), judged('B', 0.02, 'op koers'), judged('C', -0.2, 'achter')], 'org', 0.05)?.svg ?? '';
    for (const status of ['op koers', 'aandacht', 'achter'] as const) {
      expect(svg).toContain(`fill="${CHART_COLOURS.status[status]}"`);
      expect(svg).toContain(`fill="${CHART_COLOURS.statusText[status]}">${status}<`);
    }
    expect(svg).toMatch(/stroke="#1a1a1a" class="[^"]*"><\/path>/);
    expect(svg).toMatch(new RegExp(`stroke="${CHART_COLOURS.axis}" stroke-dasharray="4,3"`));
  });

  it('lists the indicators top to bottom in the table’s order', () => {
    const svg = goalChart([judged('Eerste', -0.03, 'aandacht'), judged('Tweede', 0.02, 'op koers')], 'org', 0.05)?.svg ?? '';
    const [first, second] = ['Eerste', 'Tweede'].map((name) => texts(svg).find((t) => t.text === name)?.y ?? NaN);
    expect(first).toBeLessThan(second as number);
  });

  it('gives a long indicator name room for a second line', () => {
    const short = goalChart([judged('Kort', -0.03, 'aandacht')], 'org', 0.05)?.svg ?? '';
    const long = goalChart([judged('Uitkeringsgerechtigden met inkomsten uit werk naast de uitkering', -0.03, 'aandacht')], 'org', 0.05)?.svg ?? '';
    const height = (svg: string) => Number(/height="([\d.]+)"/.exec(svg)?.[1]);
    expect(height(long) - height(short)).toBeCloseTo(11.5 + 3, 5);
  });

  it('describes each status group with its indicators, in order of the statuses', () => {
    const chart = goalChart([judged('Uitstroom', -0.2, 'achter'), judged('Plaatsingen', 0.04, 'op koers'), judged('Instroom', -0.03, 'aandacht'), judged('Jongeren', 0.01, 'op koers')], 'org', 0.05);
    expect(chart?.description).toBe(
      'Staafdiagram: per indicator hoeveel de realisatie van het jaar tot nu toe beter (naar rechts) of slechter (naar links) is dan het doel tot nu toe, in procenten van het doel. De stippellijn ligt op 5% slechter: de grens tussen aandacht en achter. Op koers: Plaatsingen (4%); Jongeren (1%). Aandacht: Instroom (3%). Achter: Uitstroom (20%). De cijfers staan in de tabel bij de grafiek.',
    );
    expect(chart?.title).toBe('Realisatie tegenover het doel');
    expect(chart?.id).toBe('org-doelen');
    expect(chart?.table).toBeNull();
  });
});

describe('what a chart must not show or leak', () => {
  const lines = (svg: string, colour: string) => [...svg.matchAll(new RegExp(`<path d="(M[^"]+)" fill="none" stroke="${colour}" stroke-width`, 'g'))].map((m) => m[1] ?? '');

  it('breaks the line at a hidden month instead of bridging it', () => {
    const [line] = lines(historyChart(row([12, 13, 'hidden', 14, 15]), 'gem').svg, CHART_COLOURS.realised);
    expect(line?.match(/M/g)).toHaveLength(2);
    const [whole] = lines(historyChart(row([12, 13, 16, 14, 15]), 'gem').svg, CHART_COLOURS.realised);
    expect(whole?.match(/M/g)).toHaveLength(1);
  });

  it('shows the goal from the first month that has one, and calls it the year goal', () => {
    const base = row([10, 11, 12]);
    const chart = historyChart({ ...base, history: base.history.map((h, i) => ({ ...h, goal: i === 0 ? null : 10 })) }, 'org');
    expect(lines(chart.svg, CHART_COLOURS.goal)).toHaveLength(1);
    expect(texts(chart.svg).map((t) => t.text)).toContain('Jaardoel per maand (doel / 12)');
  });

  it('has no words but its title and labels, escapes them, and keeps its ids its own however many charts were drawn', () => {
    for (let i = 0; i < 12; i++) historyChart(row([1, 2]), `warm-${i}`);
    const chart = historyChart(row([1, 2], { label: 'Jongeren & "nieuw" <18' }), 'gem West Maas');
    expect(chart.svg).toContain('<title>Jongeren &#38; &#34;nieuw&#34; &#60;18</title>');
    expect(chart.svg).toContain('aria-label="Jongeren &#38; &#34;nieuw&#34; &#60;18. Lijngrafiek');
    const names = [...chart.svg.matchAll(/ (?:id|class)="([^"]+)"/g)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => !name?.startsWith('gem-West-Maas-instroom-'))).toEqual([]);
    const words = chart.svg.replace(/<style[\s\S]*?<\/style>/g, '').replace(/<title>[^<]*<\/title>/, '').replace(/<text[^>]*>[^<]*<\/text>/g, '').replace(/<[^>]+>/g, '');
    expect(words.trim()).toBe('');
  });

  it('is drawn once and kept: the same chart again is the same drawing under its own title and ids; another unit is drawn anew', () => {
    // Prepare
    const counts = row([1200, 1300, 1250]);
    const first = historyChart(counts, 'org');
    // Act
    const again = historyChart({ ...counts, label: 'Uitstroom uit de bijstand' }, 'gem-Tiel');
    const asDays = historyChart({ ...counts, unit: 'dagen' }, 'org');
    // Assess: the same lines and labels, its own title and ids; an axis of days labels its ticks its own way (1.200,0)
    const drawing = (svg: string, id: string) => svg.replace(/<title>[^<]*<\/title>/, '').replace(/ aria-label="[^"]*"/, '').replaceAll(id, 'ID');
    expect(drawing(again.svg, 'gem-Tiel-instroom')).toBe(drawing(first.svg, 'org-instroom'));
    expect(again.svg).toContain('<title>Uitstroom uit de bijstand</title>');
    expect(again.svg).not.toContain('org-instroom');
    expect(texts(first.svg).map((t) => t.text)).toContain('1.200');
    expect(texts(asDays.svg).map((t) => t.text)).not.toContain('1.200');
  });

  it('names the first of equal lowest and highest values', () => {
    expect(describeHistory(row([5, 3, 3, 7, 7]))).toContain('laagste 3 (maand 1), hoogste 7 (maand 3)');
  });

  it('describes a complete history without sentences about hidden or missing values, and an all-hidden one without missing ones', () => {
    expect(describeHistory(row([700, 730, 712, 690]))).toBe(
      'Lijngrafiek van instroom in de bijstand per maand, maand 0 tot en met maand 3. Van 700 in maand 0 naar 690 in maand 3; laagste 690 (maand 3), hoogste 730 (maand 1).',
    );
    expect(describeHistory(row(['hidden', 'hidden', 7], { granularity: 'periode' }))).toBe(
      'Lijngrafiek van instroom in de bijstand per periode van twee maanden, maand 0 tot en met maand 2. Van 7 in maand 2 naar 7 in maand 2; laagste 7 (maand 2), hoogste 7 (maand 2). In 2 perioden is het aantal te klein om te tonen; daar loopt de lijn niet door. Meer dan de helft van de lijn is verborgen: de tabel eronder zegt meer dan de grafiek.',
    );
  });
});

describe('what the goal chart must show', () => {

  it('draws the dashed line at the margin below zero, where the −5% label is', () => {
    const svg = goalChart([judged('A', -0.03, 'aandacht')], 'org', 0.05)?.svg ?? '';
    const dashedX = Number(new RegExp(`<path d="M([\\d.]+) [\\d.]+L[\\d.]+ [\\d.]+" fill="none" stroke="${CHART_COLOURS.axis}" stroke-dasharray="4,3"`).exec(svg)?.[1]);
    const label = texts(svg).find((t) => t.text === '−5%');
    expect(Math.abs(dashedX - (label?.x ?? NaN))).toBeLessThan(1);
  });

  it('makes every row as tall as the longest name needs', () => {
    const long = 'Uitkeringsgerechtigden met inkomsten uit werk naast de uitkering';
    const height = (labels: string[]) => Number(/height="([\d.]+)"/.exec(goalChart(labels.map((l) => judged(l, -0.03, 'aandacht')), 'org', 0.05)?.svg ?? '')?.[1]);
    expect(height([long, 'Kort']) - height(['Kort', 'Kort'])).toBeCloseTo(2 * (11.5 + 3), 5);
  });

  it('says only the statuses that occur, and carries its title into the text alternative', () => {
    const chart = goalChart([judged('Instroom', -0.03, 'aandacht')], 'org', 0.05);
    expect(chart?.description).toBe(
      'Staafdiagram: per indicator hoeveel de realisatie van het jaar tot nu toe beter (naar rechts) of slechter (naar links) is dan het doel tot nu toe, in procenten van het doel. De stippellijn ligt op 5% slechter: de grens tussen aandacht en achter. Aandacht: Instroom (3%). De cijfers staan in de tabel bij de grafiek.',
    );
    expect(chart?.svg).toMatch(/^<svg role="img" aria-label="Realisatie tegenover het doel\. Staafdiagram/);
  });
});

