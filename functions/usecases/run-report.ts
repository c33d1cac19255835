import type { ReportPrinter } from '../adapters/chromium-printer';
import type { RunStore } from '../adapters/run-store';
import { type ArchiveStore, archiveKeys } from '../adapters/s3-archive';
import type { ReportRenderer } from '../adapters/report-renderer';
import { type Mailer, composeRawMail } from '../adapters/ses-mailer';
import type { OrganisationStore } from '../adapters/organisation-store';
import type { Catalogue } from '../core/catalogue';
import { mapWithConcurrency } from '../core/concurrency';
import { slug } from '../core/demo-organisation';
import { DataMissingError, RapportbodeError } from '../core/errors';
import { type PlannedMessage, planMailing } from '../core/mailing-plan';
import type { Organisation } from '../core/organisation';
import { type Period, monthsEndingWith, periodId, periodLabelNl } from '../core/periods';
import { HISTORY_MONTHS, buildReportModel } from '../core/report-model';
import { type RunKind, runIdFor } from '../core/run-id';
import type { SuppressionPolicy } from '../core/suppression';

export interface RunReportDeps {
  readonly store: OrganisationStore;
  readonly runs: RunStore;
  readonly archive: ArchiveStore;
  readonly renderer: ReportRenderer;
  readonly mailer: Mailer;
  readonly launchPrinter: () => Promise<ReportPrinter>;
  readonly catalogue: Catalogue;
  readonly organisationName: string;
  readonly mailFrom: string;
  readonly mailReplyTo?: string;
  readonly suppression: SuppressionPolicy;
  readonly now: () => Date;
  /** Pages printed at once in the one browser of the run. */
  readonly printConcurrency?: number;
}

export interface RunReportRequest {
  readonly period: Period;
  readonly kind: RunKind;
}

export interface DeliverySummary {
  readonly municipality: string;
  readonly messageKey: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly pdfKey: string;
  readonly pdfBytes: number;
  readonly pdfPages: number;
  readonly status: 'sent' | 'already sent' | 'failed';
  readonly sesMessageId?: string;
  readonly reason?: string;
}

export interface RunSummary {
  readonly runId: string;
  readonly period: string;
  readonly periodLabel: string;
  readonly status: 'completed' | 'partial' | 'failed';
  readonly deliveries: readonly DeliverySummary[];
  readonly optedOut: readonly string[];
  readonly problems: readonly string[];
}

export class RunFailedError extends RapportbodeError {}

/**
 * The bimonthly run:
 * 1. load municipalities, recipients, figures, benchmarks and commentary;
 * 2. build the report model (organisation part once, a paragraph per municipality);
 * 3. plan the mailing (problems are known before anything is sent);
 * 4. render and print one PDF per municipality in one browser, archive HTML, PDF and snapshot;
 * 5. per message: claim it in the ledger, archive the raw mail, send it, record the delivery.
 */
export async function runReport(request: RunReportRequest, deps: RunReportDeps): Promise<RunSummary> {
  const runId = runIdFor(request.period, request.kind);
  const period = periodId(request.period);
  const startedAt = deps.now();

  const [municipalities, recipients, figures, benchmarks, commentary] = await Promise.all([
    deps.store.municipalities(),
    deps.store.recipients(),
    deps.store.figures(monthsEndingWith(request.period, Math.max(HISTORY_MONTHS, 14))),
    deps.store.benchmarks(),
    deps.store.commentary(period),
  ]);
  if (municipalities.length === 0) throw new DataMissingError('no municipalities are configured; load the organisation first');
  const organisation: Organisation = { name: deps.organisationName, municipalities };

  const model = buildReportModel({
    organisation,
    catalogue: deps.catalogue,
    period: request.period,
    figures,
    benchmarks,
    commentary,
    issuedOn: startedAt,
    concept: request.kind === 'concept',
    suppression: deps.suppression,
  });
  if (model.organisationPart.indicators.every((row) => row.current.value === null)) {
    throw new DataMissingError(`there are no figures for ${periodLabelNl(request.period)} (${period}); import them first`);
  }

  const plan = planMailing(organisation, recipients);
  const problems = plan.problems.map((p) => `${p.municipality}: ${p.reason}`);
  await deps.runs.startRun({ runId, period, kind: request.kind, startedAt: startedAt.toISOString() });

  // Render: the organisation part once, then one document per municipality that gets mail.
  const toRender = model.paragraphs.filter((p) => plan.messages.some((m) => m.municipality === p.municipality));
  const organisationHtml = deps.renderer.organisationHtml(model.organisationPart);
  const printer = await deps.launchPrinter();
  let documents: Map<string, { pdf: Uint8Array; pdfKey: string; pages: number }>;
  try {
    const printed = await mapWithConcurrency(toRender, deps.printConcurrency ?? 2, async (paragraph) => {
      const html = deps.renderer.reportHtml(model.organisationPart, organisationHtml, paragraph);
      const pdf = await printer.print(html, { footerText: `${deps.organisationName} · ${model.organisationPart.periodLabel}` });
      const name = slug(paragraph.municipality);
      const pdfKey = archiveKeys.pdf(runId, name);
      await Promise.all([
        deps.archive.put(archiveKeys.html(runId, name), html, 'text/html; charset=utf-8'),
        deps.archive.put(pdfKey, pdf, 'application/pdf'),
      ]);
      return [paragraph.municipality, { pdf, pdfKey, pages: countPdfPages(pdf) }] as const;
    });
    documents = new Map(printed);
  } finally {
    await printer.close();
  }
  await deps.archive.put(
    archiveKeys.snapshot(runId),
    JSON.stringify({ runId, period, kind: request.kind, catalogueVersion: deps.catalogue.version, model, figures, benchmarks }, null, 1),
    'application/json',
  );

  const deliveries: DeliverySummary[] = [];
  for (const message of plan.messages) {
    const document = documents.get(message.municipality);
    if (!document) throw new RunFailedError(`no report was printed for ${message.municipality}`);
    deliveries.push(await deliver(runId, message, document, model.organisationPart, deps));
  }

  const failed = deliveries.filter((d) => d.status === 'failed').length;
  const status = failed === 0 && problems.length === 0 ? 'completed' : failed === deliveries.length ? 'failed' : 'partial';
  await deps.runs.finishRun(
    runId,
    status,
    { sent: deliveries.filter((d) => d.status === 'sent').length, skipped: deliveries.filter((d) => d.status === 'already sent').length, failed },
    [...problems, ...deliveries.filter((d) => d.reason).map((d) => `${d.municipality}: ${d.reason}`)],
    deps.now().toISOString(),
  );
  return { runId, period, periodLabel: model.organisationPart.periodLabel, status, deliveries, optedOut: plan.optedOut, problems };
}

async function deliver(
  runId: string,
  message: PlannedMessage,
  document: { pdf: Uint8Array; pdfKey: string; pages: number },
  part: Parameters<ReportRenderer['mail']>[0],
  deps: RunReportDeps,
): Promise<DeliverySummary> {
  const to = message.to.map((r) => r.email);
  const cc = message.cc.map((r) => r.email);
  const base = { municipality: message.municipality, messageKey: message.key, to, cc, pdfKey: document.pdfKey, pdfBytes: document.pdf.length, pdfPages: document.pages };
  const claimed = await deps.runs.claimDelivery({
    runId,
    messageKey: message.key,
    municipality: message.municipality,
    to,
    cc,
    claimedAt: deps.now().toISOString(),
    attachmentKey: document.pdfKey,
  });
  if (!claimed) return { ...base, status: 'already sent' };

  try {
    const attachmentName = `Rapportage ${part.organisation} ${part.period} ${message.municipality}.pdf`;
    const mail = deps.renderer.mail(part, message.municipality, attachmentName);
    const raw = await composeRawMail({
      from: deps.mailFrom,
      replyTo: deps.mailReplyTo,
      to: message.to.map((r) => ({ name: r.name, address: r.email })).map(formatAddress),
      cc: message.cc.map((r) => ({ name: r.name, address: r.email })).map(formatAddress),
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      // Stable per run and message: a duplicate that ever slips through carries the same Message-ID.
      messageId: `<${runId}.${message.key.replace(/[^A-Za-z0-9-]+/g, '.')}@rapportbode>`,
      attachments: [{ filename: attachmentName, content: document.pdf, contentType: 'application/pdf' }],
    });
    await deps.archive.put(archiveKeys.mail(runId, message.key), raw, 'message/rfc822');
    const sesMessageId = await deps.mailer.send(raw);
    await deps.runs.markSent(runId, message.key, sesMessageId, deps.now().toISOString());
    return { ...base, status: 'sent', sesMessageId };
  } catch (error) {
    if (!(error instanceof RapportbodeError)) throw error;
    await deps.runs.markFailed(runId, message.key, error.message);
    return { ...base, status: 'failed', reason: error.message };
  }
}

/** `"Naam" <adres>`, quoted by hand so a comma in a name cannot split the address list. */
function formatAddress({ name, address }: { name: string; address: string }): string {
  return `"${name.replace(/["\\]/g, '')}" <${address}>`;
}

/** Chromium writes one `/Type /Page` object per page, uncompressed. */
export function countPdfPages(pdf: Uint8Array): number {
  return Buffer.from(pdf).toString('latin1').match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
}
