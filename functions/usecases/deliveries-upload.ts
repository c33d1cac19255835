import { createHash } from 'node:crypto';
import type { Indicator } from '../core/catalogue';
import { ImportRejectedError, readCsv } from '../core/csv-reader';
import type { ImportCounts } from '../core/import-plan';
import {
  DELIVERY_LAYOUT,
  type DeliveryRequest,
  type TypedProblem,
  deliveryRequest,
  deliveryTemplate,
  deliveryValidator,
  flagLine,
  monthLabelNl,
  plausibilityFlags,
  previousMonths,
  problemLines,
  typedFieldName,
  validateTyped,
} from '../core/municipal-delivery';
import { type Figure, type OrganisationConfig, type OrganisationVersion, catalogueOf } from '../core/organisation';
import { INVALID_LINK_NL, checkLink, formToken, linkSubject, signLink, verifyFormToken } from '../core/personal-link';
import { type Period, parsePeriod, periodId, periodLabelNl } from '../core/periods';
import { formatNumber } from '../core/format';
import { runIdFor } from '../core/run-id';
import { slug } from '../core/slug';
import { countsNl, writeImport } from './import-figures';
import { composePlainMail } from './notice';
import type { ImportDeps } from './import-figures';
import type { AuditLog, DeliveryLedger, Mailer, OrganisationReader } from './ports';

/**
 * A municipality's own figures (issue 29 items 2 and 3): an aanleveraar opens the personal
 * link from the request mail, sees what is asked, and uploads a CSV or types the values. The
 * delivery is checked as a whole at once; a refused one changes nothing, an accepted one goes in
 * force through the operator's all-or-nothing import (writeImport), audited. Either way a mail
 * tells the aanleveraar row by row. A GET (the page, the template) records nothing.
 */
export interface UploadDeps {
  readonly store: Pick<OrganisationReader, 'organisation'>;
  /** Whether the period's final went out: then nothing more is taken. */
  readonly log: Pick<DeliveryLedger, 'run'>;
  readonly imports: ImportDeps['imports'];
  readonly audit: AuditLog;
  readonly mailer: Pick<Mailer, 'compose' | 'pace' | 'send'>;
  readonly key: Uint8Array;
  readonly now: () => Date;
  readonly newImportId: (now: Date) => string;
}

/** One indicator as the page asks for it: its months (with the value in force) and last period's values. */
export interface AskedIndicator {
  readonly indicator: Indicator;
  readonly months: readonly { readonly month: string; readonly label: string; readonly field: string; readonly current?: number }[];
  readonly lastPeriod: readonly { readonly month: string; readonly label: string; readonly value?: number }[];
}

export type UploadOutcome =
  | { readonly accepted: true; readonly source: string; readonly counts: ImportCounts; readonly changes: readonly string[]; readonly flags: readonly string[] }
  | { readonly accepted: false; readonly source: string; readonly problems: readonly string[]; readonly fields: readonly TypedProblem[] };

export type UploadPage =
  | { readonly state: 'refused'; readonly message: string }
  | {
      readonly state: 'open';
      readonly municipality: string;
      readonly period: string;
      readonly periodLabel: string;
      readonly formToken: string;
      readonly asked: readonly AskedIndicator[];
      readonly outcome?: UploadOutcome;
      /** The typed values as sent, to show them again beside their problems. */
      readonly typed?: Readonly<Record<string, string>>;
    };

/** The personal link of one aanleveraar for one municipality's period. */
export function deliveryLink(key: Uint8Array, to: { email: string; municipality: string; period: Period; expiresAt: Date }): string {
  return signLink(key, { purpose: 'aanlevering', subject: linkSubject(to.email), scope: `${periodId(to.period)}#${to.municipality}`, expiresAt: Math.floor(to.expiresAt.getTime() / 1000) });
}

type Supplier = { readonly email: string; readonly request: DeliveryRequest; readonly organisation: OrganisationVersion };

/** The link verified, its municipality still there and its person still one of its aanleveraars. */
async function supplierOf(token: string, deps: UploadDeps): Promise<Supplier | { message: string }> {
  const link = checkLink(deps.key, token, deps.now(), 'aanlevering');
  if (!link.ok) {
    return { message: link.why === 'expired' ? 'Deze link is verlopen: de termijn voor deze aanlevering is voorbij. Er is niets vastgelegd. Neem contact op met de organisatie als u nog cijfers wilt aanleveren.' : INVALID_LINK_NL };
  }
  const { claims } = link;
  const organisation = await deps.store.organisation();
  const [period = '', municipalityName = ''] = claims.scope.split('#');
  const municipality = organisation?.config.municipalities.find((m) => m.name === municipalityName);
  const email = municipality?.suppliers?.find((s) => linkSubject(s) === claims.subject);
  if (!organisation || !municipality || !email) return { message: `Deze link werkt niet meer: u staat niet (meer) als aanleveraar van ${municipalityName} in het organisatiebestand. Er is niets vastgelegd.` };
  let parsed: Period;
  try {
    parsed = parsePeriod(period, organisation.config.periodLength);
  } catch {
    return { message: 'Deze link hoort bij een periode die de organisatie niet meer kent. Er is niets vastgelegd.' };
  }
  // After the final an upload would change figures no report shows any more, while the page said "verwerkt".
  if ((await deps.log.run(runIdFor(parsed, 'final')))?.status === 'completed') {
    const { contact } = organisation.config;
    return { message: `Het rapport over ${periodLabelNl(parsed)} is al definitief verstuurd; een aanlevering wordt niet meer verwerkt. Er is niets vastgelegd. Heeft u een correctie, neem dan contact op met ${contact.name} (${contact.email}).` };
  }
  const request = deliveryRequest(organisation.config, municipality.name, parsed);
  if (request.indicators.length === 0) return { message: `Er wordt van ${municipality.name} niets meer gevraagd: geen indicator heeft nog bron: gemeente. Er is niets vastgelegd.` };
  return { email, request, organisation };
}

/** What the page shows for a link; records nothing. */
export async function openUploadPage(token: string, deps: UploadDeps): Promise<UploadPage> {
  const supplier = await supplierOf(token, deps);
  if ('message' in supplier) return { state: 'refused', message: supplier.message };
  return pageOf(token, supplier, deps);
}

async function pageOf(token: string, { request }: Supplier, deps: UploadDeps, outcome?: UploadOutcome, typed?: Record<string, string>): Promise<UploadPage> {
  const last = previousMonths(request);
  const inForce = (await deps.imports.figures([...last, ...request.months])).filter((f) => f.municipality === request.municipality);
  const valueOf = (indicator: string, month: string) => inForce.find((f) => f.indicator === indicator && f.month === month)?.value;
  const asked = request.indicators.map((indicator) => ({
    indicator,
    months: request.months.map((month) => ({ month, label: monthLabelNl(month), field: typedFieldName(indicator.id, month), ...withValue(valueOf(indicator.id, month)) })),
    lastPeriod: last.map((month) => ({ month, label: monthLabelNl(month), ...withValue(valueOf(indicator.id, month), 'value') })),
  }));
  return {
    state: 'open',
    municipality: request.municipality,
    period: periodId(request.period),
    periodLabel: periodLabelNl(request.period),
    formToken: formToken(deps.key, token),
    asked,
    ...(outcome ? { outcome } : {}),
    ...(typed ? { typed } : {}),
  };
}

function withValue(value: number | undefined, name: 'current' | 'value' = 'current'): Record<string, number> {
  return value === undefined ? {} : { [name]: value };
}

/** The template for the link's municipality and period (`sjabloon.csv`); records nothing. */
export async function uploadTemplate(token: string, deps: UploadDeps): Promise<{ fileName: string; csv: string } | { message: string }> {
  const supplier = await supplierOf(token, deps);
  if ('message' in supplier) return supplier;
  const { request } = supplier;
  return { fileName: `aanlevering-${slug(request.municipality)}-${periodId(request.period)}.csv`, csv: deliveryTemplate(request) };
}

/** What the form's POST carries: the form token, and a file or the typed fields. */
export interface UploadForm {
  readonly formToken: string;
  readonly file?: { readonly name: string; readonly bytes: Uint8Array };
  readonly field: (name: string) => string;
}

/**
 * The form's POST, with the form token:
 * 1. read the file (or the typed values) and check it whole against the request — refused: nothing written;
 * 2. accepted: write it through the import, audited (who, when, file name, SHA-256, what changed);
 * 3. flag values far from last period's, without refusing them;
 * 4. mail the outcome to the aanleveraar, and show it on the page.
 */
export async function submitUpload(token: string, form: UploadForm, deps: UploadDeps): Promise<UploadPage> {
  const supplier = await supplierOf(token, deps);
  if ('message' in supplier) return { state: 'refused', message: supplier.message };
  if (!verifyFormToken(deps.key, token, form.formToken)) return { state: 'refused', message: 'Dit formulier is niet via uw persoonlijke link geopend; er is niets vastgelegd. Open de link uit de mail opnieuw.' };
  const typed = form.file ? undefined : typedValues(supplier.request, form);
  const checked = form.file ? await checkFile(supplier, form.file) : checkTyped(supplier, typed ?? {});
  const outcome = checked.accepted ? await accept(supplier, checked, deps) : checked;
  await mailOutcome(supplier, outcome, deps);
  return pageOf(token, supplier, deps, outcome, outcome.accepted ? undefined : typed);
}

type Checked = { accepted: true; source: string; sha256: string; values: Figure[] } | Extract<UploadOutcome, { accepted: false }>;

const TYPED_SOURCE = 'ingevuld op de pagina';

function typedValues(request: DeliveryRequest, form: UploadForm): Record<string, string> {
  const typed: Record<string, string> = {};
  for (const indicator of request.indicators) for (const month of request.months) typed[typedFieldName(indicator.id, month)] = form.field(typedFieldName(indicator.id, month)).slice(0, 40);
  return typed;
}

async function checkFile({ request, organisation }: Supplier, file: { name: string; bytes: Uint8Array }): Promise<Checked> {
  const source = file.name.split(/[\\/]/).pop()?.slice(0, 200) || 'bestand.csv';
  const validator = deliveryValidator(request, catalogueOf(organisation));
  try {
    await readCsv(file.bytes, { fileName: source, layouts: [DELIVERY_LAYOUT] }, ({ delimiter }) => (row) => validator(row, delimiter));
  } catch (error) {
    if (!(error instanceof ImportRejectedError)) throw error;
    const more = error.problemCount - error.problems.reduce((n, p) => n + Math.max(1, p.rows.length), 0);
    return { accepted: false, source, problems: [...problemLines(error.problems), ...(more > 0 ? [`… en nog ${more} fouten`] : [])], fields: [] };
  }
  return { accepted: true, source, sha256: sha256(file.bytes), values: validator.values };
}

function checkTyped({ request, organisation }: Supplier, typed: Record<string, string>): Checked {
  const entries = request.indicators.flatMap((i) => request.months.map((month) => ({ indicator: i.id, month, text: typed[typedFieldName(i.id, month)] ?? '' })));
  const { values, problems } = validateTyped(request, catalogueOf(organisation), entries);
  if (problems.length > 0) return { accepted: false, source: TYPED_SOURCE, problems: problems.map((p) => `${p.label}: ${p.message}`), fields: problems };
  if (values.length === 0) return { accepted: false, source: TYPED_SOURCE, problems: ['er is geen enkele waarde ingevuld; vul de waarden in of kies een bestand'], fields: [] };
  const canonical = values.map((v) => `${v.municipality};${v.indicator};${v.month};${v.value}`).join('\n');
  return { accepted: true, source: TYPED_SOURCE, sha256: sha256(new TextEncoder().encode(canonical)), values };
}

async function accept(supplier: Supplier, checked: Extract<Checked, { accepted: true }>, deps: UploadDeps): Promise<UploadOutcome> {
  const { request, email, organisation } = supplier;
  const indicators = organisation.config.indicators;
  const history = await deps.imports.figures(previousMonths(request));
  const flags = plausibilityFlags(checked.values, history).map((f) => flagLine(f, indicators));
  const changeLine = (f: Figure, was?: number) => {
    const unit = indicators.find((i) => i.id === f.indicator)?.unit ?? 'aantal';
    return `${f.indicator} ${f.month}: ${was === undefined ? `nieuw ${formatNumber(f.value, unit)}` : `${formatNumber(was, unit)} → ${formatNumber(f.value, unit)}`}`;
  };
  const written = await writeImport(
    { kind: 'figures', values: checked.values },
    {
      source: `${request.municipality}: ${checked.source}`,
      audited: {
        actor: email,
        log: deps.audit,
        entry: (counts, importId, values) => ({
          action: 'figures delivered',
          municipality: request.municipality,
          detail: `${checked.source} (SHA-256 ${checked.sha256}) over ${periodId(request.period)}: ${countsNl(counts)}; ${values.map((w) => changeLine(w.value as Figure, w.was)).join(', ')} (import ${importId})`,
        }),
      },
    },
    deps,
  );
  const changes = written.written.map((w) => changeLine(w.value as Figure, w.was));
  return { accepted: true, source: checked.source, counts: written.counts, changes, flags };
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The technical check, mailed at once to the aanleveraar who delivered (Dutch, plain text). */
async function mailOutcome({ email, request, organisation }: Supplier, outcome: UploadOutcome, deps: UploadDeps): Promise<void> {
  const config = organisation.config;
  const mail = {
    subject: `${config.name}: aanlevering ${request.municipality} ${periodLabelNl(request.period)} ${outcome.accepted ? 'ontvangen' : 'geweigerd'}`,
    text: outcomeText(config, request, outcome).join('\n'),
  };
  const raw = await composePlainMail(deps.mailer, config, [email], mail, `<aanlevering.${periodId(request.period)}.${slug(request.municipality)}.${deps.now().getTime()}@rapportbode>`);
  await deps.mailer.send(raw);
}

export function outcomeText(config: OrganisationConfig, request: DeliveryRequest, outcome: UploadOutcome): string[] {
  const what = `de aanlevering van ${request.municipality} over ${periodLabelNl(request.period)} (${outcome.source})`;
  const lines = outcome.accepted
    ? [
        `Wij hebben ${what} ontvangen en verwerkt: ${countsNl(outcome.counts)}.`,
        ...(outcome.changes.length > 0 ? ['', 'Gewijzigd:', ...outcome.changes.map((c) => `- ${c}`)] : []),
        ...(outcome.flags.length > 0 ? ['', 'Let op, deze waarden wijken sterk af van de vorige periode (ze zijn wel verwerkt):', ...outcome.flags.map((f) => `- ${f}`)] : []),
      ]
    : [`Wij hebben ${what} niet verwerkt; er is niets gewijzigd. Verbeter het volgende en lever opnieuw aan via dezelfde link:`, ...outcome.problems.map((p) => `- ${p}`)];
  return ['Beste aanleveraar,', '', ...lines, '', 'Met vriendelijke groet,', config.contact.name, config.contact.role, config.name];
}
