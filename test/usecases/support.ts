import { type InMemoryAdapters, createInMemoryAdapters } from '../../functions/adapters/memory';
import { attachmentNameFor, greetingFor } from '../../functions/core/mail-text';
import type { OrganisationConfig, OrganisationVersion } from '../../functions/core/organisation';
import { parsePeriod } from '../../functions/core/periods';
import { loadSampleData } from '../../functions/local/demo-data';
import { type AnswerDeps, openAnswerPage, submitAnswer } from '../../functions/usecases/answers';
import type { ReleaseDeps } from '../../functions/usecases/release';
import type { ResendDeps } from '../../functions/usecases/resend';
import type { Renderer } from '../../functions/usecases/ports';
import type { RecipientDeps } from '../../functions/usecases/recipients';
import type { RunReportDeps } from '../../functions/usecases/run-report';
import { testOrganisation } from '../support/organisation';

/**
 * A renderer (our own port) reduced to what the use cases pass through it: the organisation,
 * period, issue date, CONCEPT marking, each municipality's figures, and the addressees of a mail.
 * The real one (adapters/report-renderer.ts: Handlebars, ECharts) takes seconds to import on a busy
 * machine, which a mutation run pays for every mutant; its words are tested in test/unit and test/pdf.
 */
export const fastRenderer: Renderer = {
  organisationHtml: (part) => `<header>${part.concept ? 'CONCEPT ' : ''}${part.reportName} ${part.organisation} ${part.periodLabel}, ${part.issuedOn}</header>`,
  reportShell: (_part, organisationHtml) => `<main>${organisationHtml}<div id="document-part"></div></main>`,
  municipalityPart: (part, paragraph) => ({
    key: paragraph.municipality,
    title: `${part.reportName} ${part.organisation} ${part.periodLabel} – ${paragraph.municipality}`,
    html: `<section data-document-part="${paragraph.municipality}">${paragraph.municipality}: ${paragraph.indicators.map((i) => `${i.id} ${i.current.value}`).join(', ')}</section>`,
  }),
  documentHtml: (_part, organisationHtml, documentPart) => `<main>${organisationHtml}${documentPart.html}</main>`,
  mail: (part, { municipality, addressees, answer }) => {
    const link = answer ? `\nReageer op het concept van ${municipality}: ${answer.url}` : '';
    const text = `${greetingFor(addressees)}\n\n${part.concept ? 'CONCEPT ' : ''}${part.reportName} ${part.organisation} ${part.periodLabel} voor ${municipality}.${link}`;
    return { subject: `${part.reportName} ${part.periodLabel} ${municipality}`, text, html: `<p>${text}</p>`, attachmentName: attachmentNameFor(part, municipality) };
  },
};

/** The demo organisation with overrides, as every test has it (test/support/organisation.ts). */
export { testOrganisation };

/** A clock a test moves: `clock.set('2026-11-16T07:00:00Z')`. */
export interface Clock {
  now: () => Date;
  set: (iso: string) => void;
}

export function clock(start: string): Clock {
  let current = new Date(start);
  return { now: () => new Date(current), set: (iso) => void (current = new Date(iso)) };
}

/** Every port in memory with the demo organisation in force and its sample data for september–oktober 2026. */
export interface World extends InMemoryAdapters {
  readonly organisation: OrganisationVersion;
  readonly clock: Clock;
  readonly run: RunReportDeps;
  readonly release: ReleaseDeps;
  readonly resend: ResendDeps;
  readonly recipients: RecipientDeps;
  /** The answer page's use case, with the key the concept mails' links are signed with. */
  readonly answering: AnswerDeps;
}

/** The key concept mails' answer links are signed with in the world. */
export const LINK_KEY = Buffer.alloc(32, 7);
export const LINK_PAGES_URL = 'https://antwoord.test.example';

export const LEASE_MS = 45_000;

export async function world(
  options: { config?: Partial<OrganisationConfig>; at?: string; quota?: { max24HourSend?: number; maxSendRate?: number; sentLast24Hours?: number }; maxPerSecond?: number; sample?: string; renderer?: Renderer } = {},
): Promise<World> {
  const memory = createInMemoryAdapters({
    retentionDays: 30,
    mailer: { quota: { max24HourSend: 1000, maxSendRate: 14, ...options.quota }, maxPerSecond: options.maxPerSecond ?? 14 },
  });
  const time = clock(options.at ?? '2026-11-09T07:00:00Z');
  const organisation = await memory.store.applyOrganisation(testOrganisation(options.config), null, { at: '2026-10-01T08:00:00Z', by: 'test' });
  await loadSampleData(memory.store, organisation.config, parsePeriod(options.sample ?? '2026-09'));
  const renderer = options.renderer ?? fastRenderer;
  const run: RunReportDeps = { ...memory, renderer, now: time.now, leaseMs: LEASE_MS, answerLinks: { baseUrl: LINK_PAGES_URL, key: async () => LINK_KEY } };
  return {
    ...memory,
    organisation,
    clock: time,
    run,
    release: { run, log: memory.log, cycles: memory.cycles, audit: memory.recipientStore, answers: memory.answers },
    resend: { log: memory.log, store: memory.store, recipientStore: memory.recipientStore, archive: memory.archive, renderer, mailer: memory.mailer, now: time.now, answerLinks: run.answerLinks },
    recipients: { store: memory.store, recipientStore: memory.recipientStore, now: time.now },
    answering: { store: memory.store, log: memory.log, answers: memory.answers, key: LINK_KEY, now: time.now },
  };
}

/** The addresses in a raw mail's To (or Cc) header, lower case. */
export function header(mail: { text: string }, name: string): string {
  const match = new RegExp(`^${name}: (.*(?:\\r?\\n[ \\t].*)*)`, 'm').exec(mail.text);
  return match?.[1]?.replace(/\r?\n[ \t]/g, ' ') ?? '';
}

/** The JSON snapshot a run archived: what it was made from. */
export async function snapshotOf(w: Pick<InMemoryAdapters, 'archive'>, runId: string): Promise<{ input: { issuedOn: string; figures: { municipality: string; indicator: string; month: string; value: number }[] } }> {
  return JSON.parse(Buffer.from(await w.archive.get(`runs/${runId}/snapshot.json`)).toString('utf8'));
}

/** An SES event record as SNS hands it to the events function (the `Sns.Message` string). */
export function sesEvent(type: 'Delivery' | 'Bounce' | 'Complaint', sesMessageId: string, address: string, at: string): string {
  const mail = { timestamp: at, messageId: sesMessageId, destination: [address] };
  if (type === 'Delivery') return JSON.stringify({ eventType: 'Delivery', mail, delivery: { timestamp: at, recipients: [address], smtpResponse: '250 OK' } });
  if (type === 'Complaint') return JSON.stringify({ eventType: 'Complaint', mail, complaint: { complainedRecipients: [{ emailAddress: address }], timestamp: at, complaintFeedbackType: 'abuse' } });
  return JSON.stringify({ eventType: 'Bounce', mail, bounce: { bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: [{ emailAddress: address, diagnosticCode: 'smtp; 550 5.1.1 user unknown' }], timestamp: at } });
}

/** The answer link in a concept mail (the fast renderer writes it after "Reageer op het concept van …:"). */
export function answerLinkIn(mail: { text: string }): string | undefined {
  return /\/antwoord\/([A-Za-z0-9._~-]+)/.exec(mail.text.replace(/=\r?\n/g, ''))?.[1];
}

/** An answer as the answer page's form sends it: opened through the link, then posted with its form token. */
export async function answerThrough(w: World, token: string, answer: 'akkoord' | 'opmerking', text = ''): Promise<void> {
  const page = await openAnswerPage(token, w.answering);
  if (page.state !== 'open') throw new Error(`the answer page is ${page.state}`);
  const recorded = await submitAnswer(token, { formToken: page.formToken, answer, text }, w.answering);
  if (recorded.state !== 'open' || !recorded.recorded) throw new Error(`nothing recorded: ${JSON.stringify(recorded)}`);
}
