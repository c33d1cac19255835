import { type ChartView, historyChart, perGranularityNl } from './charts';
import { toCsv } from './csv-writer';
import {
  HOUSE_STYLE,
  type PageLinks,
  type PeriodLink,
  chartBlock,
  commentaryHtml,
  esc,
  goalTable,
  heading,
  houseStyleCss,
  imageBlock,
  measureTable,
  memo,
  organisationCharts,
  pageFrame,
  paragraph,
  pickerNav,
  resetTableIds,
  table,
} from './edition-pages';
import { type Period, periodId, periodLabelNl, periodMonths, shortPeriodLabelNl } from './periods';
import type { Cell, HistoryPoint, IndicatorRow, MunicipalityParagraph, OrganisationPart, ReportModel } from './report-model';
import { ORGANISATION_SECTIONS, type ReportImage } from './report-images';
import { slug } from './slug';

/**
 * The web edition as files: per released period the organisation's edition and each
 * municipality's, the latest at the reader's folder, an indicator's history over every released
 * period, a CSV of what an edition publishes, the images beside their page. Everything comes from
 * the report models the PDFs were printed from. A municipality's folder holds its own numbers and
 * the organisation's, never another municipality's: its pages are built from its paragraph alone.
 */

/** The organisation's folder; a municipality whose slug is reserved gets `gemeente-` before it. */
export const ORGANISATION_SLUG = 'organisatie';
/** The folder of the files every edition shares (styles): no numbers in them. */
export const SHARED_ASSETS = 'assets';
const RESERVED_SLUGS = new Set([ORGANISATION_SLUG, SHARED_ASSETS]);

/** A municipality's folder in the web edition (`/<slug>/`); never the organisation's or the assets'. */
export function editionSlug(municipality: string): string {
  const name = slug(municipality);
  return RESERVED_SLUGS.has(name) ? `gemeente-${name}` : name;
}

export interface EditionFile {
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly contentType: string;
}

/** A released period: the final run's report model, as its snapshot keeps it. */
export interface ReleasedEdition {
  readonly period: Period;
  readonly model: ReportModel;
  /** The organisation file's `huisstijl: kleur` when that final ran; the latest edition's is used. */
  readonly colour?: string;
}

const HTML = 'text/html; charset=utf-8';
const CSV = 'text/csv; charset=utf-8';
export const CSV_FILE = 'cijfers.csv';

export type Reader = { readonly kind: 'organisatie' } | { readonly kind: 'gemeente'; readonly municipality: string };

/** Every page, CSV and image of the web edition, for all released periods (oldest to newest). */
export function editionFiles(released: readonly ReleasedEdition[]): EditionFile[] {
  const editions = [...released].sort((a, b) => periodId(a.period).localeCompare(periodId(b.period)));
  if (editions.length === 0) return [];
  const municipalities = [...new Set(editions.flatMap((e) => e.model.paragraphs.map((p) => p.municipality)))];
  const readers: Reader[] = [{ kind: 'organisatie' }, ...municipalities.map((municipality) => ({ kind: 'gemeente' as const, municipality }))];
  return readers.flatMap((reader) => readerFiles(reader, editions));
}

/** One reader's editions: the ones whose report had a part for it. */
interface ReaderEdition extends ReleasedEdition {
  readonly paragraph: MunicipalityParagraph | null;
}

function readerFiles(reader: Reader, all: readonly ReleasedEdition[]): EditionFile[] {
  const editions = all.flatMap((e): ReaderEdition[] => {
    if (reader.kind === 'organisatie') return [{ ...e, paragraph: null }];
    const paragraph = e.model.paragraphs.find((p) => p.municipality === reader.municipality);
    return paragraph ? [{ ...e, paragraph }] : [];
  });
  const latest = editions.at(-1);
  if (!latest) return [];
  const dir = reader.kind === 'organisatie' ? ORGANISATION_SLUG : editionSlug(reader.municipality);
  const periods: PeriodLink[] = editions.map((e) => ({ id: periodId(e.period), label: periodLabelNl(e.period) }));
  const indicators = latest.model.organisationPart.indicators.map((row) => ({ id: row.id, label: row.label }));
  const files: EditionFile[] = [];
  const colour = latest.colour;
  if (colour) files.push({ path: `${dir}/${HOUSE_STYLE}`, bytes: new TextEncoder().encode(houseStyleCss(colour)), contentType: 'text/css; charset=utf-8' });
  for (const edition of editions) {
    const id = periodId(edition.period);
    const links = { toRoot: '../../', toReader: '../' };
    files.push(htmlFile(`${dir}/${id}/index.html`, editionPage(reader, edition, { links, periods, indicators, houseStyle: Boolean(colour), here: '' })));
    files.push({ path: `${dir}/${id}/${CSV_FILE}`, bytes: new TextEncoder().encode(editionCsv(reader, edition)), contentType: CSV });
    files.push(...imagesOf(edition).map((image) => imageFile(`${dir}/${id}/`, image)));
  }
  files.push(htmlFile(`${dir}/index.html`, editionPage(reader, latest, { links: { toRoot: '../', toReader: '' }, periods, indicators, houseStyle: Boolean(colour), here: `${periodId(latest.period)}/` })));
  for (const indicator of indicators) {
    const links = { toRoot: '../../../', toReader: '../../' };
    files.push(htmlFile(`${dir}/indicator/${indicator.id}/index.html`, indicatorPage(reader, indicator, editions, { links, periods, indicators, houseStyle: Boolean(colour) })));
  }
  return files;
}

function htmlFile(path: string, html: string): EditionFile {
  return { path, bytes: new TextEncoder().encode(html), contentType: HTML };
}

/** `cijfers-tiel-2026-09.csv`: a name that still says whose and which when it sits among downloads. */
function csvName(reader: Reader, period: string): string {
  return `cijfers-${reader.kind === 'organisatie' ? ORGANISATION_SLUG : editionSlug(reader.municipality)}-${period}.csv`;
}

function readerName(reader: Reader): string {
  return reader.kind === 'organisatie' ? 'hele organisatie' : `gemeente ${reader.municipality}`;
}

interface PageContext {
  readonly links: PageLinks;
  readonly periods: readonly PeriodLink[];
  readonly indicators: readonly { id: string; label: string }[];
  readonly houseStyle: boolean;
}

/** The edition of one period, as its PDF: `here` leads from the page to the period's folder (images, CSV). */
function editionPage(reader: Reader, edition: ReaderEdition, context: PageContext & { here: string }): string {
  resetTableIds();
  const part = edition.model.organisationPart;
  const indicatorHref = (row: IndicatorRow) => `${context.links.toReader}indicator/${esc(row.id)}/`;
  const body = [
    `<p class="utrecht-paragraph rb-meta">Uitgegeven op ${esc(part.issuedOn)} · definitieve versie · <a class="utrecht-link" href="${context.here}${CSV_FILE}" download="${esc(csvName(reader, part.period))}">De cijfers van deze editie als CSV-bestand</a> (voor een spreadsheet)</p>`,
    summarySection(part, edition.paragraph),
    edition.paragraph ? paragraphSection(part, edition.paragraph, context.here, indicatorHref) : '',
    riskSection(part),
    ...organisationSections(edition.model, context.here, indicatorHref),
  ].join('\n');
  const title = `${part.reportName} ${part.periodLabel}`;
  return pageFrame({
    title: `${title} – ${part.organisation}, ${readerName(reader)}`,
    h1: title,
    links: context.links,
    organisation: part.organisation,
    readerName: readerName(reader),
    nav: pickerNav({ ...context, current: part.period }),
    body,
    houseStyle: context.houseStyle,
  });
}

/** "In het kort": the organisation's sentences; a municipality's own line before the last, which says its figures come first. */
function summarySection(part: OrganisationPart, own: MunicipalityParagraph | null): string {
  const sentences = own ? [...part.summary.slice(0, -1), own.summary, ...part.summary.slice(-1)] : part.summary.slice(0, -1);
  return `<section aria-labelledby="in-het-kort">${heading(2, 'In het kort', 'in-het-kort')}<ul class="utrecht-unordered-list">${sentences.map((s) => `<li class="utrecht-unordered-list__item">${esc(s)}</li>`).join('')}</ul></section>`;
}

function paragraphSection(part: OrganisationPart, own: MunicipalityParagraph, here: string, indicatorHref: (row: IndicatorRow) => string): string {
  const m = own.municipality;
  const granularity = own.indicators[0]?.granularity ?? 'periode';
  const hidden = granularity === 'kwartaal' ? 'kwartalen' : 'perioden';
  const prefix = `gem-${editionSlug(m)}`;
  const charts = memo(paragraphCharts, own, () => own.indicators.filter((row) => row.headline).map((row) => historyChart(row, prefix, `${row.label} – ${m}`))).map((c) => chartBlock(c, 4));
  return [
    '<section aria-labelledby="eigen-gemeente">',
    heading(2, `Gemeentespecifieke paragraaf ${m}`, 'eigen-gemeente'),
    paragraph(`De kengetallen met alleen de cijfers van de gemeente ${m}; die van de hele organisatie staan verderop.`),
    own.anySuppressed
      ? paragraph(
          `Aantallen kleiner dan ${own.suppressionThreshold} staan er als “< ${own.suppressionThreshold}”, zodat ze niet naar personen te herleiden zijn.` +
            (own.anyComplement ? ' Een “×” is een groter aantal dat niet getoond wordt om een klein aantal elders te beschermen: anders was het met het totaal van de organisatie terug te rekenen.' : '') +
            ` In de grafieken loopt de lijn in die ${hidden} niet door.`,
          'rb-note',
        )
      : '',
    // Why a value reads "niet aangeleverd": the same sentence as the PDF's paragraph.
    own.notDeliveredNote ? paragraph(own.notDeliveredNote, 'rb-note') : '',
    ...own.tables.map((t) => measureTable(t, `${t.kind} – gemeente ${m}`, indicatorHref)),
    own.leftOut.length > 0
      ? paragraph(`Niet in de tabellen, omdat alle drie de aantallen verborgen zijn (kleiner dan ${own.suppressionThreshold}, of ter bescherming van een klein aantal elders): ${own.leftOut.join('; ')}.`, 'rb-note')
      : '',
    charts.length > 0
      ? `${heading(3, `Grafieken ${m}`)}${paragraph(`De belangrijkste kengetallen van ${m} over de laatste ${part.historyMonths} maanden, ${perGranularityNl(granularity)}. Er is geen doellijn: de jaardoelen gelden voor de hele organisatie, niet per gemeente.`)}${charts.join('\n')}`
      : '',
    ...own.images.map((image) => imageBlock(image, imageSrc(here, image))),
    '</section>',
  ].join('\n');
}

const paragraphCharts = new WeakMap<MunicipalityParagraph, ChartView[]>();
/** The organisation's series of an indicator over a set of periods: the same in every reader's history page. */
const organisationSeriesCharts = new WeakMap<ReportModel, Map<string, ChartView>>();

function riskSection(part: OrganisationPart): string {
  const paragraphs = part.riskNote.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean);
  return `<section aria-labelledby="risico">${heading(2, 'Risico', 'risico')}${paragraphs.map((p) => paragraph(p)).join('')}</section>`;
}

/** The organisation-wide sections, in the PDF's order: kengetallen, doelen, benchmark, toelichting, grafieken. */
function organisationSections(model: ReportModel, here: string, indicatorHref: (row: IndicatorRow) => string): string[] {
  const part = model.organisationPart;
  const charts = organisationCharts(model);
  const images = (section: (typeof ORGANISATION_SECTIONS)[number]) => part.images[section].map((image) => imageBlock(image, imageSrc(here, image))).join('\n');
  const attention = Math.round(part.attentionMargin * 100);
  const section = (id: string, title: string, content: readonly string[]) => `<section aria-labelledby="${id}">${heading(2, title, id)}\n${content.join('\n')}</section>`;
  const sections = [
    section('kengetallen', 'Kengetallen', [
      paragraph(
        `De kengetallen van de dienstverlening van ${part.organisation} over ${part.periodLabel}, voor alle ${part.municipalityCount} gemeenten samen, naast de vorige periode en dezelfde periode vorig jaar. De ontwikkeling is die ten opzichte van de vorige periode, bij percentages in procentpunten; ${part.directionNote}`,
      ),
      part.anyRounded
        ? paragraph(`Een “ca.” staat voor een afgerond aantal: elke maand op een veelvoud van ${part.roundingBase}, minder dan ${part.roundingBase} van het werkelijke aantal. Zo is een klein aantal van een gemeente niet uit het totaal terug te rekenen.`, 'rb-note')
        : '',
      part.notDeliveredNote ? paragraph(part.notDeliveredNote, 'rb-note') : '',
      ...part.tables.map((t) => measureTable(t, `${t.kind} – organisatie`, indicatorHref)),
      images('kerngetallen'),
    ]),
    section('doelen', 'Doelen', [
      paragraph(
        `De realisatie van ${part.yearToDate} tegenover het jaardoel. ${part.flowsNote} telt het doel naar rato van de verstreken maanden; voor standen en gemiddelden het doel zelf. Op koers: gelijk aan of beter dan het doel tot nu toe; aandacht: tot ${attention}% van het doel slechter; achter: meer dan ${attention}% slechter.`,
      ),
      charts.goals ? chartBlock(charts.goals, 3) : '',
      ...part.goalTables.map((t) => goalTable(t, part.year, part.yearToDate)),
      images('doelen'),
    ]),
  ];
  if (part.benchmarks.length > 0 || part.images.benchmark.length > 0) {
    const head = ['Indicator', part.organisation, 'Divosa-benchmark', 'Verschil', 'Oordeel'];
    const tables = part.benchmarkTables.map((t) => table(t.caption, head, t.rows.map((r) => [esc(r.label), esc(r.ours), esc(r.benchmark), esc(r.difference), esc(r.judgement ?? '–')]), { numeric: (c) => c > 0 && c < 4 }));
    sections.push(section('benchmark', 'Benchmark', [...tables, images('benchmark')]));
  }
  if (part.commentary || part.images.toelichting.length > 0) {
    sections.push(section('toelichting', 'Toelichting', [part.commentary ? commentaryHtml(part.commentary) : '', images('toelichting')]));
  }
  sections.push(
    section('grafieken', 'Grafieken', [
      paragraph(`De belangrijkste kengetallen over de laatste ${part.historyMonths} maanden voor de hele organisatie. De doorgetrokken lijn met punten is de realisatie per maand, de stippellijn het jaardoel. Elke as begint bij nul. Onder elke grafiek staan de cijfers.`),
      ...charts.headline.map((c) => chartBlock(c, 3)),
      images('grafieken'),
    ]),
  );
  return sections;
}

/** One indicator over every released period: the reader's municipality and the organisation, with the goal. */
function indicatorPage(reader: Reader, indicator: { id: string; label: string }, editions: readonly ReaderEdition[], context: PageContext): string {
  resetTableIds();
  const latest = editions.at(-1) as ReaderEdition;
  const meta = latest.model.organisationPart.indicators.find((row) => row.id === indicator.id) as IndicatorRow;
  const organisation = latest.model.organisationPart.organisation;
  const granularity = latest.period.length === 3 ? 'kwartaal' : 'periode';
  const points = (cellOf: (e: ReaderEdition) => Cell | undefined, goalOf: (e: ReaderEdition) => number | null): HistoryPoint[] =>
    editions.map((e) => ({
      months: periodMonths(e.period),
      label: shortPeriodLabelNl(e.period),
      longLabel: periodLabelNl(e.period),
      cell: cellOf(e) ?? { text: 'geen gegevens', value: null, suppressed: false },
      goal: goalOf(e),
    }));
  const series = (history: HistoryPoint[]): IndicatorRow => ({ ...meta, granularity, history });
  const own = (e: ReaderEdition) => e.paragraph?.indicators.find((row) => row.id === indicator.id)?.current;
  const whole = (e: ReaderEdition) => e.model.organisationPart.indicators.find((row) => row.id === indicator.id)?.current;
  const organisationSeries = series(points(whole, (e) => periodGoal(e, indicator.id)));
  const charts = [
    ...(reader.kind === 'gemeente' ? [historyChart(series(points(own, () => null)), 'gem', `${indicator.label} – ${reader.municipality}`)] : []),
    memoSeries(latest.model, `${editions.map((e) => periodId(e.period)).join(',')}|${indicator.id}`, () => historyChart(organisationSeries, 'org', `${indicator.label} – organisatie`)),
  ];
  const head = ['Periode', ...(reader.kind === 'gemeente' ? [reader.municipality] : []), organisation, 'Jaardoel naar rato van de periode'];
  const rows = editions.map((e, i) => [
    `<a class="utrecht-link" href="${context.links.toReader}${periodId(e.period)}/">${esc(periodLabelNl(e.period))}</a>`,
    ...(reader.kind === 'gemeente' ? [esc(own(e)?.text ?? 'geen gegevens')] : []),
    esc(whole(e)?.text ?? 'geen gegevens'),
    esc(goalText(organisationSeries.history[i]?.goal ?? null, meta)),
  ]);
  const body = [
    paragraph(`${indicator.label} in elke uitgebrachte editie, zoals die editie het toonde: de waarde over de periode (bij een stand het eind van de periode). Een kleine waarde van een gemeente staat er als in het rapport, verborgen.`),
    ...charts.map((c) => chartBlock({ ...c, table: null }, 2)),
    table(`${indicator.label} per ${granularity}`, head, rows),
  ].join('\n');
  return pageFrame({
    title: `${indicator.label} door de tijd – ${organisation}, ${readerName(reader)}`,
    h1: `${indicator.label} door de tijd`,
    links: context.links,
    organisation,
    readerName: readerName(reader),
    nav: pickerNav({ ...context, current: null, currentIndicator: indicator.id }),
    body,
    houseStyle: context.houseStyle,
  });
}

function memoSeries(model: ReportModel, key: string, make: () => ChartView): ChartView {
  const charts = memo(organisationSeriesCharts, model, () => new Map<string, ChartView>());
  const found = charts.get(key);
  if (found) return found;
  const made = make();
  charts.set(key, made);
  return made;
}

/** The yearly goal's share of one period: a flow's months' part, a stock's or average's level itself. */
function periodGoal(edition: ReleasedEdition, id: string): number | null {
  const goal = edition.model.organisationPart.goals.find((g) => g.id === id);
  if (!goal || goal.goal.value === null) return null;
  return goal.aggregation === 'sum' ? (goal.goal.value * edition.period.length) / 12 : goal.goal.value;
}

function goalText(goal: number | null, row: IndicatorRow): string {
  if (goal === null) return 'geen doel';
  return new Intl.NumberFormat('nl-NL', { maximumFractionDigits: row.unit === 'aantal' ? 0 : 1 }).format(goal);
}

function imagesOf(edition: ReaderEdition): ReportImage[] {
  const part = edition.model.organisationPart;
  return [...ORGANISATION_SECTIONS.flatMap((s) => part.images[s]), ...(edition.paragraph?.images ?? [])];
}

const IMAGE_TYPES: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg' };

function imageName(image: ReportImage): string {
  const type = /^data:([^;,]+)/.exec(image.src)?.[1] ?? 'image/png';
  return `afbeeldingen/${slug(image.id)}.${IMAGE_TYPES[type] ?? 'png'}`;
}

function imageSrc(here: string, image: ReportImage): string {
  return `${here}${imageName(image)}`;
}

/** The image's bytes out of the model's data URL, into a file of its own beside the page. */
function imageFile(dir: string, image: ReportImage): EditionFile {
  const [meta = '', data = ''] = image.src.split(',', 2);
  const contentType = /^data:([^;,]+)/.exec(meta)?.[1] ?? 'image/png';
  return { path: `${dir}${imageName(image)}`, bytes: new Uint8Array(Buffer.from(data, 'base64')), contentType };
}

/**
 * What an edition publishes, for a spreadsheet: every value of its tables and charts, the number
 * in `Waarde` (empty when hidden) and as printed in `Zoals gepubliceerd` ("< 5", "×", "ca. 45").
 */
export function editionCsv(reader: Reader, edition: ReaderEdition): string {
  const part = edition.model.organisationPart;
  const rows: string[][] = [];
  const add = (area: string, row: IndicatorRow, kind: string, when: string, cell: Cell) =>
    rows.push([area, row.id, row.label, row.unit, kind, when, cell.value === null ? '' : csvNumber(cell.value), cell.text]);
  // Only what the PDF prints: the rows of its tables, and the history of the charted (headline) rows.
  const areaRows = (area: string, indicators: readonly IndicatorRow[], tables: OrganisationPart['tables']) => {
    for (const t of tables) for (const row of t.rows) [row.current, row.previous, row.lastYear].forEach((cell, i) => add(area, row, 'tabel', t.headers[i] as string, cell));
    for (const row of indicators.filter((r) => r.headline)) for (const point of row.history) add(area, row, row.granularity, point.longLabel, point.cell);
  };
  areaRows('organisatie', part.indicators, part.tables);
  if (reader.kind === 'gemeente' && edition.paragraph) areaRows(`gemeente ${edition.paragraph.municipality}`, edition.paragraph.indicators, edition.paragraph.tables);
  for (const goal of part.goals) rows.push(['organisatie', goal.id, goal.label, '', `jaardoel ${part.year}`, String(part.year), goal.goal.value === null ? '' : csvNumber(goal.goal.value), goal.goal.text]);
  return toCsv(['Gebied', 'Indicator', 'Omschrijving', 'Eenheid', 'Soort', 'Periode', 'Waarde', 'Zoals gepubliceerd'], rows);
}

/** A number as Dutch Excel reads it: decimal comma, no thousands separator. */
function csvNumber(value: number): string {
  return String(Math.round(value * 10) / 10).replace('.', ',');
}
