import { type ChartView, goalChart, historyChart } from './charts';
import { renderMarkdown } from './markdown';
import type { GoalTable, IndicatorRow, MeasureTable, ReportModel, Trend } from './report-model';
import type { ReportImage } from './report-images';

/**
 * The web edition's pages, from the report model the PDFs were printed from: the same cells, the
 * same charts (core/charts.ts), the same legends; only the frame differs (NL Design System
 * classes, links between the pages). Pure: a page is a string. Every link is relative, so the
 * same files work under `/editie/` on the console and at `/` behind CloudFront.
 */

/** Where a page sits: how to reach the site's root and the reader's own folder from it. */
export interface PageLinks {
  /** `../../`: from the page to the site's root (for `assets/`). */
  readonly toRoot: string;
  /** `../`: from the page to the reader's folder (`<slug>/`). */
  readonly toReader: string;
}

/** A released period of one reader, for the period picker. */
export interface PeriodLink {
  readonly id: string;
  readonly label: string;
}

export const STYLESHEET = 'assets/editie.css';
export const HOUSE_STYLE = 'huisstijl.css';

/** The organisation's colour over the theme's: the header's background and the links (checked at 4,5:1 on white). */
export function houseStyleCss(colour: string): string {
  return `.rapportbode-theme{--rb-color-primary:${colour};--rb-color-primary-dark:${colour}}\n`;
}

export function esc(text: string): string {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const TREND_WORDS: Record<Trend['arrow'], string> = { '↑': 'stijgt', '↓': 'daalt', '→': 'gelijk' };

/** As the PDF prints a movement (adapters/report-renderer.ts `trendText`). */
export function trendText(trend: Trend | null): string {
  if (!trend) return '–';
  if (trend.judgement === 'gelijk') return 'gelijk';
  return `${trend.arrow} ${TREND_WORDS[trend.arrow]} ${trend.change.replace(/^[+−]/, '')} (${trend.judgement})`;
}

/** The frame of every page: skip link, the organisation and reader, the period picker, the content. */
export function pageFrame(o: {
  title: string;
  h1: string;
  links: PageLinks;
  organisation: string;
  readerName: string;
  nav: { periods: string; indicators: string };
  body: string;
  /** The organisation's colour, a stylesheet in the reader's folder (no inline style under the CSP). */
  houseStyle: boolean;
}): string {
  return [
    '<!doctype html>',
    '<html lang="nl" class="utrecht-root rapportbode-theme">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex">',
    `<title>${esc(o.title)}</title>`,
    `<link rel="stylesheet" href="${o.links.toRoot}${STYLESHEET}">${o.houseStyle ? `<link rel="stylesheet" href="${o.links.toReader}${HOUSE_STYLE}">` : ''}</head>`,
    '<body class="utrecht-document utrecht-body">',
    '<a class="utrecht-skip-link utrecht-skip-link--visible-on-focus rb-skip" href="#inhoud">Naar de inhoud</a>',
    `<header class="rb-header"><p class="rb-brand">${esc(o.organisation)} · ${esc(o.readerName)}</p><h1 class="utrecht-heading-1">${esc(o.h1)}</h1></header>`,
    '<div class="rb-edition">',
    o.nav.periods,
    `<main id="inhoud" class="rb-main">${o.body}</main>`,
    // After the content: on a phone the reader reaches the figures first; beside it on a wide screen.
    o.nav.indicators,
    '</div>',
    '</body></html>',
  ].join('\n');
}

/**
 * The period picker: a plain list of links (works without JavaScript, with the keyboard, and in
 * print it is hidden), the current one marked for screen readers; the indicator pages in a second list.
 */
export function pickerNav(o: { periods: readonly PeriodLink[]; current: string | null; links: PageLinks; indicators: readonly { id: string; label: string }[]; currentIndicator?: string }): { periods: string; indicators: string } {
  const periods = [...o.periods].reverse().map((p, i) => {
    const current = p.id === o.current ? ' aria-current="page"' : '';
    const latest = i === 0 ? ' (laatste)' : '';
    return `<li class="utrecht-link-list__item"><a class="utrecht-link utrecht-link-list__link" href="${o.links.toReader}${p.id}/"${current}>${esc(p.label)}${latest}</a></li>`;
  });
  const indicators = o.indicators.map((i) => {
    const current = i.id === o.currentIndicator ? ' aria-current="page"' : '';
    return `<li class="utrecht-link-list__item"><a class="utrecht-link utrecht-link-list__link" href="${o.links.toReader}indicator/${esc(i.id)}/"${current}>${esc(i.label)}</a></li>`;
  });
  return {
    periods: [
      '<nav class="rb-picker" aria-labelledby="kies-periode">',
      '<h2 id="kies-periode" class="utrecht-heading-2">Kies een periode</h2>',
      `<ul class="utrecht-link-list utrecht-link-list--html-ul">${periods.join('')}</ul>`,
      '</nav>',
    ].join('\n'),
    indicators: [
      '<nav class="rb-picker rb-indicators" aria-labelledby="per-indicator">',
      '<h2 id="per-indicator" class="utrecht-heading-2">Per indicator door de tijd</h2>',
      `<ul class="utrecht-link-list utrecht-link-list--html-ul">${indicators.join('')}</ul>`,
      '</nav>',
    ].join('\n'),
  };
}

let tableCount = 0;

/** A table that scrolls on its own on a narrow screen; the region is named by its caption and reachable by keyboard. */
export function table(caption: string, head: readonly string[], rows: readonly (readonly string[])[], o: { numeric?: (col: number) => boolean; footer?: string } = {}): string {
  const id = `tabel-${++tableCount}`;
  const numeric = o.numeric ?? ((col: number) => col > 0);
  // The html-table variant styles the plain elements: no class per cell, which kept pages under their weight.
  const num = (col: number) => (numeric(col) ? ' class="num"' : '');
  const headCells = head.map((h, col) => `<th scope="col"${num(col)}>${esc(h)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((c, col) => (col === 0 ? `<th scope="row">${c}</th>` : `<td${num(col)}>${c}</td>`)).join('')}</tr>`).join('\n');
  const footer = o.footer ? `<tfoot><tr><td class="rb-legend" colspan="${head.length}">${esc(o.footer)}</td></tr></tfoot>` : '';
  return [
    `<div class="rb-table-wrap" role="region" aria-labelledby="${id}" tabindex="0">`,
    `<table class="utrecht-table utrecht-table--html-table"><caption id="${id}">${esc(caption)}</caption>`,
    `<thead><tr>${headCells}</tr></thead>`,
    `<tbody>${body}</tbody>${footer}</table></div>`,
  ].join('\n');
}

/** The tables stay unique per page: each page starts counting again. */
export function resetTableIds(): void {
  tableCount = 0;
}

/** A kengetallen table as the PDF prints it (partials/indicator-table.hbs). */
export function measureTable(t: MeasureTable, caption: string, indicatorHref?: (row: IndicatorRow) => string): string {
  const rows = t.rows.map((row) => [
    indicatorHref ? `<a class="utrecht-link" href="${indicatorHref(row)}">${esc(row.label)}</a>` : esc(row.label),
    esc(row.current.text),
    esc(row.previous.text),
    esc(row.lastYear.text),
    `<span class="rb-${row.trend?.judgement ?? 'geen'}">${esc(trendText(row.trend))}</span>`,
  ]);
  return table(caption, ['Indicator', ...t.headers, 'Ontwikkeling'], rows, { numeric: (c) => c > 0 && c < 4, ...(t.legend ? { footer: t.legend } : {}) });
}

export function goalTable(t: GoalTable, year: number, yearToDate: string): string {
  const head = ['Indicator', `Jaardoel ${year}`, ...(t.flows ? [`Doel ${yearToDate}`] : []), t.realisedHeader, 'Verschil met doel', 'Oordeel'];
  const rows = t.rows.map((g) => [
    esc(g.label),
    esc(g.goal.text),
    ...(t.flows ? [esc(g.expected.text)] : []),
    esc(g.realised.text),
    esc(g.deviationText),
    `<span class="rb-${(g.status ?? 'geen').replace(' ', '-')}">${esc(g.status ?? 'geen oordeel')}</span>`,
  ]);
  return table(`Jaardoelen ${year} – ${t.kind.toLowerCase()}`, head, rows, { numeric: (c) => c > 0 && c < head.length - 1 });
}

/** A chart as on the PDF: heading, the SVG (its text alternative inside), the legend, the table of its numbers. */
export function chartBlock(chart: ChartView, level: 2 | 3 | 4): string {
  const table_ = chart.table
    ? table(`Cijfers bij de grafiek: ${chart.table.caption}`, ['Maanden', ...chart.table.head], chart.table.rows.map((r) => [esc(r.label), ...r.cells.map(esc)]))
    : '';
  return [
    '<figure class="rb-chart">',
    `<h${level} class="utrecht-heading-${level}">${esc(chart.title)}</h${level}>`,
    chart.svg ? webSvg(chart.svg) : `<p class="utrecht-paragraph rb-note">${esc(chart.note ?? '')}</p>`,
    chart.legend ? `<p class="utrecht-paragraph rb-note">${esc(chart.legend)}</p>` : '',
    table_,
    '</figure>',
  ].join('\n');
}

/**
 * The chart's SVG for a screen: scales with the column (the width and height attributes go, the
 * viewBox stays); ECharts' hover styles and class names go too, since nothing on the page is interactive.
 */
export function webSvg(svg: string): string {
  return svg
    .replace(/<style[^>]*>[\s\S]*?<\/style>/g, '')
    .replace(/ class="[^"]*-cls-\d+"/g, '')
    // The charts' one text style comes from the stylesheet (.rb-chart svg text): the same on every
    // label, and no inline style for the page's Content-Security-Policy to allow.
    .replace(/ style="font-size:[\d.]+px;font-family:[^"]*"/g, '')
    .replace(/ xmlns:xlink="[^"]*" version="1.1" baseProfile="full"/, '')
    // Coordinates to a tenth of a unit: on a screen no one sees the rest, and it is a fifth of the
    // page. Only in geometry attributes: a label's "2.078" is a number with its thousands point.
    .replace(/ (d|transform|x|y)="([^"]*)"/g, (_, name: string, value: string) => ` ${name}="${value.replace(/(\d\.\d)\d+/g, '$1')}"`)
    .replace(/^(<svg[^>]*?) width="\d+" height="\d+"/, '$1');
}

/** An operator's image, stored beside the page (`src` is relative). */
export function imageBlock(image: ReportImage, src: string): string {
  return `<figure class="utrecht-figure rb-image"><img src="${esc(src)}" alt="${esc(image.alt)}" width="${image.width}" height="${image.height}"><figcaption class="utrecht-figure__caption">Bron: ${esc(image.source)}</figcaption></figure>`;
}

export function heading(level: 1 | 2 | 3, text: string, id?: string): string {
  return `<h${level} class="utrecht-heading-${level}"${id ? ` id="${id}"` : ''}>${esc(text)}</h${level}>`;
}

export function paragraph(text: string, extraClass = ''): string {
  return `<p class="utrecht-paragraph${extraClass ? ` ${extraClass}` : ''}">${esc(text)}</p>`;
}

/** The commentary as the PDF prints it: Markdown without raw HTML, headings from h3. */
export function commentaryHtml(text: string): string {
  return `<div class="rb-commentary">${renderMarkdown(text)}</div>`;
}

/** The charts of the organisation part, once per edition: the goal chart and the headline rows. */
export function organisationCharts(model: ReportModel): { goals: ChartView | null; headline: ChartView[] } {
  const part = model.organisationPart;
  return memo(chartsOfModel, model, () => ({
    goals: goalChart(part.goals, 'org', part.attentionMargin),
    headline: part.indicators.filter((row) => row.headline).map((row) => historyChart(row, 'org')),
  }));
}

/**
 * Charts are the costly part of a page (ECharts, some 10 ms each): drawn once per model, or per
 * paragraph, and reused in every reader's pages and in both the latest and the period's page.
 */
const chartsOfModel = new WeakMap<object, { goals: ChartView | null; headline: ChartView[] }>();

export function memo<K extends object, V>(cache: WeakMap<K, V>, key: K, make: () => V): V {
  const found = cache.get(key);
  if (found !== undefined) return found;
  const made = make();
  cache.set(key, made);
  return made;
}

