import { type Indicator, municipalIndicators } from './catalogue';
import { indicatorChoices } from './csv-import';
import { type CsvCell, type CsvLayout, type CsvRow, type Delimiter, type ImportProblem, formatRows, joinDutch, normaliseValue, quoteValue } from './csv-reader';
import { readValue } from './csv-import';
import { toCsv } from './csv-writer';
import { dataDeadline } from './cycle';
import { formatNumber } from './format';
import type { Figure, OrganisationConfig } from './organisation';
import { type MonthKey, type Period, monthNameNl, parseMonthKey, periodLabelNl, periodMonths, previousPeriod } from './periods';
import type { MissingFigure } from './readiness';
import { type Day, addDays, addWorkdays, dayLabelNl, endOfAmsterdamDay } from './workdays';

/**
 * A municipality's own figures (issue 29): the indicators with `bron: gemeente`, delivered per
 * period by the municipality's aanleveraars through a personal link, as a CSV or typed into the
 * page. What is asked, the template, the rules a delivery must keep and the plausibility check
 * live here; reading the file is the shared CSV reader's. Pure.
 */

/** The upload's columns: the operator's figures file, so one template fits both. */
export const DELIVERY_LAYOUT: CsvLayout<'delivery'> = {
  kind: 'delivery',
  description: 'aanlevering',
  columns: [{ name: 'gemeente' }, { name: 'indicator' }, { name: 'maand' }, { name: 'waarde' }],
};

/** Days an upload link keeps working after the data deadline: the reminders and a late delivery fit in it. */
export const DELIVERY_LINK_MARGIN_DAYS = 30;

/** A value more than this many times its last-period value, or less than its reciprocal, is flagged. */
export const PLAUSIBLE_FACTOR = 3;

/** What one municipality is asked to deliver for one period. */
export interface DeliveryRequest {
  readonly municipality: string;
  readonly period: Period;
  readonly months: readonly MonthKey[];
  readonly indicators: readonly Indicator[];
}

export function deliveryRequest(config: OrganisationConfig, municipality: string, period: Period): DeliveryRequest {
  return { municipality, period, months: periodMonths(period), indicators: municipalIndicators(config.indicators) };
}

/** When the link of a request stops working: the end (in Amsterdam) of the data deadline's day plus the margin. */
export function deliveryLinkExpiry(period: Period, config: OrganisationConfig): Date {
  return endOfAmsterdamDay(addDays(dataDeadline(period, config.calendar), DELIVERY_LINK_MARGIN_DAYS));
}

/** `september 2026` */
export function monthLabelNl(month: MonthKey): string {
  const { year, month: m } = parseMonthKey(month);
  return `${monthNameNl(m)} ${year}`;
}

/** The template: the right header, a row per indicator and month with the value left empty (BOM, `;`). */
export function deliveryTemplate(request: DeliveryRequest): string {
  const rows = request.indicators.flatMap((indicator) => request.months.map((month) => [request.municipality, indicator.id, month, '']));
  return toCsv(DELIVERY_LAYOUT.columns.map((c) => c.name), rows);
}

/** The months of the period before: what the page shows as delivered last time, and the plausibility's reference. */
export function previousMonths(request: DeliveryRequest): MonthKey[] {
  return periodMonths(previousPeriod(request.period));
}

type Validator = ((row: CsvRow, delimiter: Delimiter) => void) & { readonly values: Figure[] };

/**
 * The rules every row of a delivery keeps, for an uploaded file and for typed values alike:
 * only its own municipality, only the indicators it delivers, only the period's months, values by
 * the indicator's unit (a count whole), each indicator and month once.
 */
export function deliveryValidator(request: DeliveryRequest, catalogue: { readonly version: number; readonly indicators: readonly Indicator[] }): Validator {
  const indicators = indicatorChoices(catalogue);
  const delivered = new Set(request.indicators.map((i) => i.id));
  const seen = new Map<string, number>();
  const values: Figure[] = [];
  const validate = (row: CsvRow, delimiter: Delimiter) => {
    const municipality = readMunicipality(row.cell('gemeente'), request.municipality);
    const indicator = readIndicator(row.cell('indicator'), indicators.find(row.cell('indicator').text), delivered, request);
    const month = readMonth(row.cell('maand'), request);
    const value = readValue(row.cell('waarde'), indicator, 'figure', delimiter);
    if (municipality === undefined || indicator === undefined || month === undefined || value === undefined) return;
    const key = `${indicator.id}\u0000${month}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) return row.report(`herhaalt rij ${earlier} (zelfde indicator en maand); houd er één van over`);
    seen.set(key, row.row);
    values.push({ municipality: request.municipality, indicator: indicator.id, month, value });
  };
  return Object.assign(validate, { values });
}

function readMunicipality(cell: CsvCell, own: string): string | undefined {
  if (cell.text === '') return cell.report('is leeg');
  if (normaliseValue(cell.text) !== normaliseValue(own)) return cell.report(`${quoteValue(cell.text)} is niet ${own}; met deze link levert u alleen de cijfers van ${own} aan`);
  return own;
}

function readIndicator(cell: CsvCell, found: Indicator | undefined, delivered: ReadonlySet<string>, request: DeliveryRequest): Indicator | undefined {
  const asked = joinDutch(request.indicators.map((i) => i.id), 'of');
  if (cell.text === '') return cell.report('is leeg');
  if (!found || !delivered.has(found.id)) return cell.report(`${quoteValue(cell.text)} is geen indicator die ${request.municipality} aanlevert; kies ${asked}`);
  return found;
}

function readMonth(cell: CsvCell, request: DeliveryRequest): MonthKey | undefined {
  const months = joinDutch([...request.months], 'of');
  if (cell.text === '') return cell.report('is leeg');
  if (!request.months.includes(cell.text)) return cell.report(`${quoteValue(cell.text)} hoort niet bij deze aanlevering; kies ${months} (JJJJ-MM)`);
  return cell.text;
}

/** A typed value: the page's field for one indicator and month. */
export interface TypedValue {
  readonly indicator: string;
  readonly month: MonthKey;
  readonly text: string;
}

/** The form field of one indicator and month on the page. */
export function typedFieldName(indicator: string, month: MonthKey): string {
  return `waarde-${indicator}-${month}`;
}

/** A problem with a typed value, named by the field a person sees. */
export interface TypedProblem {
  readonly field: string;
  readonly label: string;
  readonly message: string;
}

/**
 * Typed values through the same rules as a file's rows: each non-empty field becomes a row of the
 * delivery's layout, its problems named by the field. Empty fields are not delivered.
 */
export function validateTyped(request: DeliveryRequest, catalogue: Parameters<typeof deliveryValidator>[1], typed: readonly TypedValue[]): { values: Figure[]; problems: TypedProblem[] } {
  const validator = deliveryValidator(request, catalogue);
  const problems: TypedProblem[] = [];
  typed
    .filter((t) => t.text.trim() !== '')
    .forEach((t, i) => {
      const indicator = request.indicators.find((x) => x.id === t.indicator);
      const label = `${indicator?.label ?? t.indicator}, ${monthLabelNl(t.month)}`;
      const report = (message: string) => void problems.push({ field: typedFieldName(t.indicator, t.month), label, message });
      const cells: Record<string, string> = { gemeente: request.municipality, indicator: t.indicator, maand: t.month, waarde: t.text.trim() };
      const row: CsvRow = {
        row: i + 2,
        line: i + 2,
        cell: (column) => ({ text: cells[column] ?? '', column, row: i + 2, report: (message) => (report(message), undefined) }),
        report,
      };
      // A typed number is Dutch (a comma for decimals, a dot grouping thousands): read it as a `;` file's cell.
      validator(row, ';');
    });
  return { values: problems.length === 0 ? validator.values : [], problems };
}

/** One line per problem of a refused file: `rij 3, kolom maand: …`. */
export function problemLines(problems: readonly ImportProblem[]): string[] {
  return problems.map((p) => {
    const where = [p.row === null ? null : formatRows(p.rows.length > 0 ? p.rows : [p.row]), p.column === null ? null : `kolom ${p.column}`].filter(Boolean).join(', ');
    return where ? `${where}: ${p.message}` : p.message;
  });
}

/** A value far from its last-period value: flagged for the aanleveraar, not refused. */
export interface PlausibilityFlag {
  readonly indicator: string;
  readonly month: MonthKey;
  readonly value: number;
  readonly previous: number;
  readonly previousMonth: MonthKey;
}

/**
 * Values more than PLAUSIBLE_FACTOR times, or less than a PLAUSIBLE_FACTOR-th of, the latest
 * value the municipality delivered before this period for the same indicator (the last month of
 * the previous period that has one). A reference of 0 has no ratio: nothing is flagged against it.
 */
export function plausibilityFlags(values: readonly Figure[], history: readonly Figure[]): PlausibilityFlag[] {
  const flags: PlausibilityFlag[] = [];
  for (const value of values) {
    const reference = history
      .filter((h) => h.municipality === value.municipality && h.indicator === value.indicator && h.month < value.month)
      .reduce<Figure | undefined>((latest, h) => (!latest || h.month > latest.month ? h : latest), undefined);
    if (!reference || reference.value <= 0) continue;
    if (value.value > reference.value * PLAUSIBLE_FACTOR || value.value < reference.value / PLAUSIBLE_FACTOR) {
      flags.push({ indicator: value.indicator, month: value.month, value: value.value, previous: reference.value, previousMonth: reference.month });
    }
  }
  return flags;
}

/** `dagbesteding, september 2026: 412 is meer dan drie keer 120 (augustus 2026); klopt dit?` */
export function flagLine(flag: PlausibilityFlag, indicators: readonly Indicator[]): string {
  const indicator = indicators.find((i) => i.id === flag.indicator);
  const fmt = (v: number) => (indicator ? formatNumber(v, indicator.unit) : String(v));
  const how = flag.value > flag.previous ? 'meer dan drie keer' : 'minder dan een derde van';
  return `${indicator?.label ?? flag.indicator}, ${monthLabelNl(flag.month)}: ${fmt(flag.value)} is ${how} ${fmt(flag.previous)} (${monthLabelNl(flag.previousMonth)}); klopt dit? Zo niet, lever de juiste waarde opnieuw aan.`;
}

// ─── In the cycle ───────────────────────────────────────────────────────────────────────────

/** Reminders to a late municipality's aanleveraars: one a working day from the data deadline on. */
export const MAX_DELIVERY_REMINDERS = 3;

/** Which reminder (1 to MAX_DELIVERY_REMINDERS) is due `today`: the deadline is the first, each working day after it the next. */
export function reminderDue(period: Period, config: OrganisationConfig, today: Day): number | undefined {
  const deadline = dataDeadline(period, config.calendar);
  for (let n = 1; n <= MAX_DELIVERY_REMINDERS; n++) if (addWorkdays(deadline, n - 1) === today) return n;
  return undefined;
}

/** Whether the report goes on without a municipality's own figures `today`: `doorgaan`, and the last reminder's day is over. */
export function goesOnWithoutMunicipalFigures(period: Period, config: OrganisationConfig, today: Day): boolean {
  return config.calendar.withoutMunicipalFigures === 'continue' && today > addWorkdays(dataDeadline(period, config.calendar), MAX_DELIVERY_REMINDERS - 1);
}

/** Per municipality, what it has not delivered of the indicators it delivers itself (none: not listed). */
export function lateMunicipalities(missing: readonly MissingFigure[], config: OrganisationConfig): { municipality: string; missing: MissingFigure[] }[] {
  const delivered = new Set(municipalIndicators(config.indicators).map((i) => i.id));
  return config.municipalities
    .map((m) => ({ municipality: m.name, missing: missing.filter((g) => g.municipality === m.name && delivered.has(g.indicator)) }))
    .filter((late) => late.missing.length > 0);
}

/**
 * The gaps that hold the report up `today`: all of them, except, once the report goes on without
 * them (goesOnWithoutMunicipalFigures), those in the indicators the municipalities deliver.
 */
export function blockingGaps(missing: readonly MissingFigure[], config: OrganisationConfig, period: Period, today: Day): MissingFigure[] {
  if (!goesOnWithoutMunicipalFigures(period, config, today)) return [...missing];
  const delivered = new Set(municipalIndicators(config.indicators).map((i) => i.id));
  return missing.filter((g) => !delivered.has(g.indicator));
}

/** Mail text to one aanleveraar: a subject and plain text. */
export interface DeliveryMail {
  readonly subject: string;
  readonly text: string;
}

function askedLines(request: DeliveryRequest): string[] {
  return request.indicators.map((i) => `- ${i.label} (${i.id}), ${joinDutch(request.months.map(monthLabelNl))}`);
}

function signature(config: OrganisationConfig): string[] {
  return ['', 'Met vriendelijke groet,', config.contact.name, config.contact.role, config.name, '', 'Deze link is persoonlijk; stuur hem niet door. Hij werkt tot en met de termijn voor deze cijfers plus 30 dagen.'];
}

/** The request when a period has ended: what is asked, by when, and the personal link. */
export function deliveryRequestMail(config: OrganisationConfig, request: DeliveryRequest, link: string, today?: Day): DeliveryMail {
  const deadline = dataDeadline(request.period, config.calendar);
  // A cycle that first runs after the deadline (a new organisation, a stopped schedule) asks for soon, not by a day gone by.
  const ask =
    today !== undefined && today > deadline
      ? `De periode ${periodLabelNl(request.period)} is voorbij; de termijn was ${dayLabelNl(deadline)}. Wilt u de eigen cijfers van ${request.municipality} zo snel mogelijk aanleveren?`
      : `De periode ${periodLabelNl(request.period)} is voorbij. Wilt u uiterlijk ${dayLabelNl(deadline)} de eigen cijfers van ${request.municipality} aanleveren?`;
  return {
    subject: `${config.name}: cijfers van ${request.municipality} over ${periodLabelNl(request.period)} gevraagd`,
    text: [
      'Beste aanleveraar,',
      '',
      ask,
      ...askedLines(request),
      '',
      `Lever ze aan via uw persoonlijke link, als CSV-bestand (er staat een sjabloon klaar) of door ze in te typen: ${link}`,
      'U krijgt meteen bericht of de cijfers zijn verwerkt, en zo niet, wat er verbeterd moet worden.',
      ...signature(config),
    ].join('\n'),
  };
}

/** A reminder to a late municipality's aanleveraar: the n-th of MAX_DELIVERY_REMINDERS, and what happens after the last. */
export function deliveryReminderMail(config: OrganisationConfig, request: DeliveryRequest, link: string, n: number, missing: number): DeliveryMail {
  const deadline = dataDeadline(request.period, config.calendar);
  const after =
    config.calendar.withoutMunicipalFigures === 'continue'
      ? `Na de laatste herinnering gaat het rapport zonder deze cijfers verder; ze staan er dan als "niet aangeleverd".`
      : 'Het rapport over deze periode wacht op deze cijfers.';
  return {
    subject: `Herinnering ${n} van ${MAX_DELIVERY_REMINDERS}: cijfers van ${request.municipality} over ${periodLabelNl(request.period)}`,
    text: [
      'Beste aanleveraar,',
      '',
      `Van ${request.municipality} ontbreken nog ${missing === 1 ? '1 waarde' : `${missing} waarden`} over ${periodLabelNl(request.period)}; de termijn was ${dayLabelNl(deadline)}.`,
      ...askedLines(request),
      '',
      `Lever ze aan via uw persoonlijke link: ${link}`,
      `Dit is herinnering ${n} van ${MAX_DELIVERY_REMINDERS}. ${after}`,
      ...signature(config),
    ].join('\n'),
  };
}

/** The lines the beheerders' notice adds: which municipalities have not delivered their own figures. */
export function lateMunicipalityLines(late: ReturnType<typeof lateMunicipalities>, reminder: number | undefined, goesOn: boolean): string[] {
  if (late.length === 0) return [];
  const reminded = reminder ? ` (vandaag herinnering ${reminder} van ${MAX_DELIVERY_REMINDERS} aan hun aanleveraars)` : '';
  return [
    '',
    `Gemeenten die hun eigen cijfers nog niet aanleverden${reminded}:`,
    ...late.map((l) => `- ${l.municipality}: ${l.missing.length === 1 ? '1 waarde' : `${l.missing.length} waarden`}`),
    ...(goesOn ? ['Het rapport gaat zonder deze cijfers verder (zonder_gemeentecijfers: doorgaan); ze staan er als "niet aangeleverd".'] : []),
  ];
}
