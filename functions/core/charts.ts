import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { Unit } from './catalogue';
import { formatNumber } from './format';
import { parseMonthKey, shortMonthLabelNl, shortMonthNameNl } from './periods';
import { type GoalRow, type GoalStatus, type Granularity, type HistoryPoint, type IndicatorRow, legendOf } from './report-model';
import { midSentence } from './words-nl';

// Only what the report draws: keeps the bundle on Lambda small.
echarts.use([LineChart, BarChart, GridComponent, LegendComponent, MarkLineComponent, SVGRenderer]);

/**
 * Okabe-Ito colours: told apart by colour-blind readers. Every colour is paired with a second cue
 * (solid versus dashed line, a marker, a word on the bar), so the charts also read in greyscale.
 */
export const CHART_COLOURS = {
  realised: '#0072B2',
  goal: '#D55E00',
  status: { 'op koers': '#009E73', aandacht: '#E69F00', achter: '#D55E00' } satisfies Record<GoalStatus, string>,
  /** The status words: the report's text colours, dark enough to read on white (the bar colours are not). */
  statusText: { 'op koers': '#00734d', aandacht: '#8a5a00', achter: '#b3261e' } satisfies Record<GoalStatus, string>,
  axis: '#555555',
  grid: '#d9d9d9',
} as const;

/** The family the document embeds; quoted, because an unquoted name starting with a digit is invalid CSS. */
const FONT_FAMILY = "'Source Sans 3'";

/** A chart's numbers as a table: months across, one row per twelve months. */
export interface ChartTable {
  readonly caption: string;
  readonly head: readonly string[];
  readonly rows: readonly { readonly label: string; readonly cells: readonly string[] }[];
}

/** A chart ready to embed: inline SVG with its text alternative, and the numbers it plots. */
export interface ChartView {
  readonly id: string;
  readonly title: string;
  /** The text alternative: what a reader who cannot see the chart needs to know from it. */
  readonly description: string;
  /** Empty when nothing could be plotted: every value hidden or missing. */
  readonly svg: string;
  /** Instead of an empty chart: why there is none. */
  readonly note?: string;
  /** Under the chart, by its table: what its hidden or rounded values mean, so each page says it. */
  readonly legend?: string;
  readonly table: ChartTable | null;
}

/**
 * A chart is drawn LINE_WIDTH units wide and printed across the text column (A4 less 2 × 18 mm
 * margins: 174 mm), so one unit is PT_PER_UNIT points. FONT_SIZE is chosen so that the smallest
 * text in a chart prints at no less than 9 pt, as in the rest of the report.
 */
export const LINE_WIDTH = 600;
export const PT_PER_UNIT = ((174 / 25.4) * 72) / LINE_WIDTH;
export const FONT_SIZE = 11.5;
const LINE_HEIGHT = 150;

/**
 * A line over the months of the history: the realisation, and the goal as a dashed step line
 * when the row has one. Months without a shown value (suppressed or missing) are gaps, never
 * plotted: a hidden small count must not be readable from the height of a point.
 */
export function historyChart(row: IndicatorRow, idPrefix: string, title: string = row.label): ChartView {
  const id = `${idPrefix}-${row.id}`;
  const description = describeHistory(row);
  if (row.history.every((h) => h.cell.value === null)) {
    // An axis with no line says nothing; the table under it shows every "< N".
    const [, many] = NOUNS[row.granularity];
    const why = row.history.some((h) => h.cell.suppressed) ? `zijn de aantallen in alle ${many} verborgen` : `zijn er geen gegevens`;
    return { id, title, description, svg: '', note: `Geen grafiek: voor ${midSentence(row.label)} ${why}; zie de tabel hieronder.`, table: historyTable(row) };
  }
  const legend = historyLegend(row);
  return {
    id,
    title,
    description,
    svg: accessibleSvg(renderSvg(historyOption(row), LINE_WIDTH, LINE_HEIGHT, row.unit), id, title, description),
    ...(legend ? { legend } : {}),
    table: historyTable(row),
  };
}

function historyOption(row: IndicatorRow): echarts.EChartsCoreOption {
  const history = row.history;
  const hasGoal = history.some((h) => h.goal !== null);
  return {
    animation: false,
    textStyle: { fontFamily: FONT_FAMILY, fontSize: FONT_SIZE, color: CHART_COLOURS.axis },
    grid: { left: 8, right: 14, top: 28, bottom: 4, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    legend: {
      top: 0,
      left: 0,
      itemWidth: 28,
      textStyle: { fontFamily: FONT_FAMILY, fontSize: FONT_SIZE, color: '#1a1a1a' },
      data: hasGoal ? ['Realisatie', goalLegend(row)] : ['Realisatie'],
    },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: history.map((h) => h.label),
      axisLine: { lineStyle: { color: CHART_COLOURS.axis } },
      axisLabel: { interval: row.granularity === 'maand' ? 2 : 1, fontFamily: FONT_FAMILY, fontSize: FONT_SIZE },
    },
    yAxis: {
      type: 'value',
      // One rule for every chart, the organisation's and each municipality's: the axis starts at
      // zero, so the height of a line is the size of the number and a chart of 28–38 never looks
      // like a chart of 0–12. The exact values are in the table under the chart.
      min: 0,
      scale: false,
      splitNumber: 4,
      // Counts are whole: no axis tick at 10,5 printed as a second 11.
      minInterval: row.unit === 'percentage' ? 0 : 1,
      splitLine: { lineStyle: { color: CHART_COLOURS.grid } },
      axisLabel: { fontFamily: FONT_FAMILY, fontSize: FONT_SIZE, formatter: (value: number) => formatNumber(value, row.unit) },
    },
    series: [
      {
        name: 'Realisatie',
        type: 'line',
        data: history.map((h) => h.cell.value),
        connectNulls: false,
        symbol: 'circle',
        symbolSize: 5,
        lineStyle: { color: CHART_COLOURS.realised, width: 2, type: 'solid' },
        itemStyle: { color: CHART_COLOURS.realised },
      },
      ...(hasGoal
        ? [
            {
              name: goalLegend(row),
              type: 'line',
              step: 'middle',
              data: history.map((h) => h.goal),
              symbol: 'none',
              lineStyle: { color: CHART_COLOURS.goal, width: 1.5, type: [6, 4] },
              itemStyle: { color: CHART_COLOURS.goal },
            },
          ]
        : []),
    ],
  };
}

/** The goal line's name in the legend (there is a goal line only when some month has a goal). */
function goalLegend(row: IndicatorRow): string {
  return isFlow(row) ? `Jaardoel ${GOAL_SHARE[row.granularity]}` : 'Jaardoel';
}

/** A flow's goal brought to one point of the line: a month's, or (the web edition's history) a period's share. */
const GOAL_SHARE: Record<Granularity, string> = { maand: 'per maand (doel / 12)', periode: 'per periode (doel / 6)', kwartaal: 'per kwartaal (doel / 4)' };

/** A flow's monthly goal is a twelfth of its yearly goal; a stock's or average's is the goal itself. */
function isFlow(row: IndicatorRow): boolean {
  return row.aggregation === 'sum';
}

const PER: Record<Granularity, string> = { maand: 'per maand', periode: 'per periode van twee maanden', kwartaal: 'per kwartaal' };
const NOUNS: Record<Granularity, readonly [string, string]> = { maand: ['maand', 'maanden'], periode: ['periode', 'perioden'], kwartaal: ['kwartaal', 'kwartalen'] };

/** `per maand`, `per periode van twee maanden`, `per kwartaal` */
export function perGranularityNl(granularity: Granularity): string {
  return PER[granularity];
}

function count(n: number, granularity: Granularity): string {
  const [one, many] = NOUNS[granularity];
  return `${n} ${n === 1 ? one : many}`;
}

/** The text alternative of a history chart, from the shown values only. */
export function describeHistory(row: IndicatorRow): string {
  const history = row.history;
  const first = history[0];
  const last = history[history.length - 1];
  if (!first || !last) return `${row.label}: geen gegevens.`;
  const shown = history.filter((h): h is HistoryPoint & { cell: { value: number } } => h.cell.value !== null);
  const parts = [`Lijngrafiek van ${midSentence(row.label)} ${PER[row.granularity]}, ${first.longLabel} tot en met ${last.longLabel}.`];
  if (shown.length > 0) {
    const firstShown = shown[0] as (typeof shown)[number];
    const lastShown = shown[shown.length - 1] as (typeof shown)[number];
    const min = shown.reduce((a, b) => (b.cell.value < a.cell.value ? b : a));
    const max = shown.reduce((a, b) => (b.cell.value > a.cell.value ? b : a));
    parts.push(
      `Van ${firstShown.cell.text} in ${firstShown.longLabel} naar ${lastShown.cell.text} in ${lastShown.longLabel}; laagste ${min.cell.text} (${min.longLabel}), hoogste ${max.cell.text} (${max.longLabel}).`,
    );
  }
  const goals = [...new Map(history.filter((h) => h.goal !== null).map((h) => [h.months[0]?.slice(0, 4), h.goal as number])).entries()];
  if (goals.length > 0) {
    const unit = isFlow(row) ? ` per ${NOUNS[row.granularity][0]}` : '';
    parts.push(`Stippellijn: het jaardoel${unit}, ${goals.map(([year, goal]) => `${formatNumber(goal, row.unit)} in ${year}`).join(', ')}.`);
  }
  const small = history.filter((h) => h.cell.suppressed && h.cell.hidden !== 'aanvulling').length;
  const complements = history.filter((h) => h.cell.hidden === 'aanvulling').length;
  if (small > 0) parts.push(`In ${count(small, row.granularity)} is het aantal te klein om te tonen; daar loopt de lijn niet door.`);
  if (complements > 0) parts.push(`In ${count(complements, row.granularity)} is het aantal niet getoond om een klein aantal elders te beschermen; daar loopt de lijn ook niet door.`);
  if (2 * (small + complements) > history.length) parts.push(`Meer dan de helft van de lijn is verborgen: de tabel eronder zegt meer dan de grafiek.`);
  const missing = history.filter((h) => h.cell.value === null && !h.cell.suppressed).length;
  if (missing > 0) parts.push(`Voor ${count(missing, row.granularity)} zijn geen gegevens.`);
  return parts.join(' ');
}

/**
 * What the marks in a chart's table mean, beside the table: the chart may stand on a page after
 * the paragraph's own legend. "×" says it protects a small count elsewhere, never whose.
 */
export function historyLegend(row: IndicatorRow): string | undefined {
  const cells = row.history.map((h) => h.cell);
  const parts = [legendOf(cells)];
  if (2 * cells.filter((c) => c.suppressed).length > cells.length) parts.push('Meer dan de helft van de lijn is verborgen.');
  const legend = parts.filter(Boolean).join(' ');
  return legend || undefined;
}

/** The history in two rows (twelve months or six periods each), so the table fits the width of A4. */
export function historyTable(row: IndicatorRow): ChartTable {
  const perRow = Math.ceil(row.history.length / 2);
  const rows: { label: string; cells: string[] }[] = [];
  for (let start = 0; start < row.history.length; start += perRow) {
    const chunk = row.history.slice(start, start + perRow);
    const first = chunk[0]?.months[0] ?? '';
    const last = chunk[chunk.length - 1]?.months.at(-1) ?? '';
    rows.push({ label: `${shortMonthLabelNl(first)} – ${shortMonthLabelNl(last)}`, cells: chunk.map((h) => tableCell(h, row.unit)) });
  }
  return {
    caption: `${row.label} ${PER[row.granularity]}${UNIT_NOTE[row.unit]}`,
    head: row.history.slice(0, perRow).map((h) => [...new Set([h.months[0], h.months.at(-1)])].map((m) => shortMonthNameNl(parseMonthKey(m as string).month)).join('–')),
    rows,
  };
}

const UNIT_NOTE: Record<Unit, string> = { aantal: '', dagen: ' (in dagen)', minuten: ' (in minuten)', percentage: ' (in %)' };

function tableCell(point: HistoryPoint, unit: Unit): string {
  // A rounded organisation figure keeps its mark, so no one reads it as exact.
  if (point.cell.value !== null) return `${point.cell.rounded ? 'ca. ' : ''}${formatNumber(point.cell.value, unit)}`;
  return point.cell.suppressed ? point.cell.text : '–';
}

/** The width of the indicator names beside the goal chart's bars, and an estimate of their lines. */
const GOAL_LABEL_WIDTH = 250;
const AVERAGE_CHAR_WIDTH = 0.5 * FONT_SIZE;
const GOAL_LINE_HEIGHT = FONT_SIZE + 3;

function labelLines(label: string): number {
  return Math.ceil((label.length * AVERAGE_CHAR_WIDTH) / GOAL_LABEL_WIDTH);
}

/**
 * Goal against realisation: per indicator how far the year-to-date realisation is better (right)
 * or worse (left) than what the goal asks for by now, with the status in words in a column of its
 * own right of the plot, where no bar, grid line or the dashed line at −margin can run through it.
 */
export function goalChart(goals: readonly GoalRow[], idPrefix: string, attentionMargin: number): ChartView | null {
  const rows = goals.filter((g): g is JudgedGoal => g.deviation !== null && g.status !== null);
  if (rows.length === 0) return null;
  const id = `${idPrefix}-doelen`;
  const margin = attentionMargin * 100;
  const rowHeight = Math.max(...rows.map((g) => labelLines(g.label))) * GOAL_LINE_HEIGHT + 4;
  const description = describeGoals(rows, margin);
  return {
    id,
    title: 'Realisatie tegenover het doel',
    description,
    svg: accessibleSvg(renderSvg(goalOption(rows, margin), LINE_WIDTH, 40 + rows.length * rowHeight, 'goals'), id, 'Realisatie tegenover het doel', description),
    table: null,
  };
}

type JudgedGoal = GoalRow & { deviation: number; status: GoalStatus };

function goalOption(rows: readonly JudgedGoal[], margin: number): echarts.EChartsCoreOption {
  const percent = (g: JudgedGoal) => Math.round(g.deviation * 1000) / 10;
  const extent = Math.max(2 * margin, ...rows.map((g) => Math.abs(percent(g))));
  const limit = Math.ceil(extent / margin) * margin + margin;
  // Categories run bottom-up in ECharts; reversed, the chart lists them in the table's order.
  const ordered = [...rows].reverse();
  const category = { type: 'category', axisTick: { show: false }, axisLine: { show: false } };
  return {
    animation: false,
    textStyle: { fontFamily: FONT_FAMILY, fontSize: FONT_SIZE, color: CHART_COLOURS.axis },
    grid: { left: 8, right: 8, top: 8, bottom: 4, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: {
      type: 'value',
      min: -limit,
      max: limit,
      interval: margin,
      splitLine: { lineStyle: { color: CHART_COLOURS.grid } },
      axisLabel: { fontFamily: FONT_FAMILY, fontSize: FONT_SIZE, formatter: (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${formatNumber(Math.abs(v), 'aantal')}%` },
    },
    yAxis: [
      {
        ...category,
        position: 'left',
        data: ordered.map((g) => g.label),
        axisLabel: { fontFamily: FONT_FAMILY, fontSize: FONT_SIZE, color: '#1a1a1a', width: GOAL_LABEL_WIDTH, overflow: 'break', lineHeight: GOAL_LINE_HEIGHT },
      },
      {
        ...category,
        position: 'right',
        // Numbered, because a category axis may merge equal names; the number is not printed.
        data: ordered.map((g, i) => `${i}|${g.status}`),
        axisLabel: { fontFamily: FONT_FAMILY, fontSize: FONT_SIZE, formatter: statusWord, rich: STATUS_RICH },
      },
    ],
    series: [
      {
        type: 'bar',
        yAxisIndex: 0,
        barWidth: 10,
        data: ordered.map((g) => ({ value: percent(g), itemStyle: { color: CHART_COLOURS.status[g.status] } })),
        markLine: {
          silent: true,
          symbol: 'none',
          label: { show: false },
          data: [
            { xAxis: 0, lineStyle: { color: '#1a1a1a', width: 1, type: 'solid' } },
            { xAxis: -margin, lineStyle: { color: CHART_COLOURS.axis, width: 1, type: [4, 3] } },
          ],
        },
      },
    ],
  };
}

/** `3|aandacht` → the word in its status's text colour. */
function statusWord(value: string): string {
  const status = value.slice(value.indexOf('|') + 1) as GoalStatus;
  return `{${STATUS_STYLE[status]}|${status}}`;
}

/** Keys of the rich text styles of the status words (letters only, as ECharts requires). */
const STATUS_STYLE: Record<GoalStatus, string> = { 'op koers': 'opkoers', aandacht: 'aandacht', achter: 'achter' };
const STATUS_RICH = Object.fromEntries(
  (Object.keys(STATUS_STYLE) as GoalStatus[]).map((status) => [STATUS_STYLE[status], { color: CHART_COLOURS.statusText[status], fontFamily: FONT_FAMILY, fontSize: FONT_SIZE }]),
);

function describeGoals(rows: readonly JudgedGoal[], margin: number): string {
  const by = (status: GoalStatus) => rows.filter((g) => g.status === status).map((g) => `${g.label} (${g.deviationText})`);
  const parts = [
    `Staafdiagram: per indicator hoeveel de realisatie van het jaar tot nu toe beter (naar rechts) of slechter (naar links) is dan het doel tot nu toe, in procenten van het doel. De stippellijn ligt op ${formatNumber(margin, 'aantal')}% slechter: de grens tussen aandacht en achter.`,
  ];
  for (const status of ['op koers', 'aandacht', 'achter'] as const) {
    const names = by(status);
    if (names.length > 0) parts.push(`${status[0]?.toUpperCase()}${status.slice(1)}: ${names.join('; ')}.`);
  }
  parts.push('De cijfers staan in de tabel bij de grafiek.');
  return parts.join(' ');
}

/** How many drawn charts a process keeps (each some 10–20 kB of SVG). */
const DRAWN_KEPT = 512;
/** The last charts drawn, by what they were drawn from, most recently used last. */
const drawn = new Map<string, string>();

/**
 * The chart as SVG. ECharts takes 5–10 ms of CPU a chart, and the same chart is drawn again in one
 * process: a municipality's web pages draw its PDF's charts, a release draws its concept's frozen
 * figures again, and the test suite draws the demo's charts in file after file. So the last charts
 * drawn are kept, by their option, size and `formatting`: what the option's label formatters depend
 * on (JSON leaves functions out).
 */
function renderSvg(option: echarts.EChartsCoreOption, width: number, height: number, formatting: string): string {
  const key = `${width}x${height}|${formatting}|${JSON.stringify(option)}`;
  const kept = drawn.get(key);
  if (kept !== undefined) {
    drawn.delete(key);
    drawn.set(key, kept);
    return kept;
  }
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    const svg = chart.renderToSVGString();
    drawn.set(key, svg);
    if (drawn.size > DRAWN_KEPT) drawn.delete(drawn.keys().next().value as string);
    return svg;
  } finally {
    chart.dispose();
  }
}

/**
 * Makes the SVG an image with a text alternative (role, aria-label and a <title>), gives its
 * internal ids a prefix of its own (ECharts numbers them per process, so two documents could
 * otherwise share ids), and drops what only an interactive or animated chart uses.
 */
export function accessibleSvg(svg: string, id: string, title: string, description: string): string {
  const safeId = id.replace(/[^a-zA-Z0-9-]/g, '-');
  return svg
    .replace(/zr\d+-/g, `${safeId}-`)
    .replace(/ ecmeta_[a-z_]+="[^"]*"/g, '')
    .replace(/ pointer-events="visible"/g, '')
    // ECharts clips every line to the plot area for its reveal animation; the axes are fitted to
    // the data, so the clip changes nothing printed, and each clip path costs Chromium time per PDF.
    .replace(/<clipPath [^>]*>[\s\S]*?<\/clipPath>/g, '')
    .replace(/ clip-path="url\(#[^)]*\)"/g, '')
    .replace(
      /^<svg /,
      `<svg role="img" aria-label="${escapeXml(`${title}. ${description}`)}" focusable="false" `,
    )
    .replace(/^(<svg[^>]*>)/, `$1<title>${escapeXml(title)}</title>`);
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
