import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveStore, archiveKeys } from '../../functions/adapters/s3-archive';
import { lastCompletePeriod, monthsEndingWith, parsePeriod, periodId, periodLabelNl } from '../../functions/core/periods';
import { type Day, addDays, addWorkdays, amsterdamDay, isWorkday } from '../../functions/core/workdays';
import { DeliveryLog } from '../../functions/adapters/delivery-log';
import { localLinkKey } from '../../functions/adapters/link-key';
import { OrganisationStore } from '../../functions/adapters/organisation-store';
import { ReviewAnswerStore } from '../../functions/adapters/review-answer-store';
import { type AnswerDeps, openAnswerPage, submitAnswer } from '../../functions/usecases/answers';
import { HISTORY_MONTHS } from '../../functions/core/report-model';
import { sampleFigures, sampleRecipients } from '../../functions/local/sample-data';
import { slug } from '../../functions/core/slug';
import { DEMO_ORGANISATION_FILE, demoOrganisation } from '../../functions/local/demo-data';
import { type TestStack, addresses, clearSesStore, freshEnv, pdfText, runCli, sesStore, startTestStack } from '../support/test-stack';
import { ImportStore } from '../../functions/adapters/import-store';
import { RecipientStore } from '../../functions/adapters/recipient-store';
import { SesMailer } from '../../functions/adapters/ses-mailer';
import { aanleverenPage } from '../../functions/links/aanleveren-page';
import { handleLinkPage } from '../../functions/links/link-pages';
import { type UploadDeps, deliveryLink } from '../../functions/usecases/deliveries-upload';

const organisation = demoOrganisation();
const participating = organisation.municipalities.filter((m) => !m.optedOut).map((m) => m.name);
const recipients = sampleRecipients(organisation);
const reviewers = recipients.filter((r) => r.role === 'reviewer').map((r) => r.email).sort();
const administrators = [...organisation.administrators].sort();
const period = parsePeriod('2026-09');
const figures = sampleFigures(organisation, monthsEndingWith(period, HISTORY_MONTHS));
const gap = { municipality: 'Tiel', indicator: 'instroom', month: '2026-10' };
const isGap = (f: { municipality: string; indicator: string; month: string }) => f.municipality === gap.municipality && f.indicator === gap.indicator && f.month === gap.month;

/**
 * One period driven through `cycle --today` as a werkbedrijf lives it, against the real emulators:
 * figures late, a notice, the concept, a figure changed after it and a refused release, the change
 * withdrawn, the reminder, the release, and reruns that send nothing.
 */
// One stack for the file: the journeys below use their own tables on it.
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack('rb-cycle');
});

afterAll(async () => {
  await stack?.close();
});

describe('the cycle of september–oktober 2026, day by day', () => {
  let archive: ArchiveStore;
  const cli = (...args: string[]) => runCli(args, { ...stack.env, USER: 'tester' });
  const file = (name: string, text: string) => {
    const target = path.join(stack.dir, name);
    writeFileSync(target, text);
    return target;
  };
  const csv = (rows: readonly { municipality: string; indicator: string; month: string; value: number }[]) =>
    `gemeente;indicator;maand;waarde\n${rows.map((f) => `${f.municipality};${f.indicator};${f.month};${String(f.value).replace('.', ',')}`).join('\n')}\n`;
  const mailsTo = async (predicate: (to: string[]) => boolean) => (await sesStore(stack)).filter((m) => predicate(addresses(m.destination.to)));

  beforeAll(async () => {
    archive = new ArchiveStore(stack.names.archiveBucket);
    const applied = await cli('organisation', 'apply', DEMO_ORGANISATION_FILE);
    expect(applied.code, applied.stderr).toBe(0);
    const list = file('ontvangers.csv', `gemeente;rol;naam;email\n${recipients.map((r) => `${r.municipality ?? ''};${r.role};${r.name};${r.email}`).join('\n')}\n`);
    const imported = await cli('recipients', 'import', list);
    expect(imported.code, imported.stderr).toBe(0);
    const loaded = await cli('import', file('cijfers.csv', csv(figures.filter((f) => !isGap(f)))));
    expect(loaded.code, loaded.stderr).toBe(0);
    await clearSesStore(stack);
  });

  it('sends nothing but the municipalities\' requests before the data deadline, each aanleveraar one, and says what is missing', async () => {
    const step = await cli('cycle', '--today', '2026-11-04');
    expect(step.code, step.stderr).toBe(0);
    expect(step.stdout).toContain('wacht op gegevens');
    expect(step.stdout).toContain('de termijn is 06-11-2026');
    expect((await cli('cycle', '--today', '2026-11-05')).code).toBe(0);
    const mails = await sesStore(stack);
    const suppliers = organisation.municipalities.flatMap((m) => m.suppliers ?? []).sort();
    expect(mails.map((m) => addresses(m.destination.to).join()).sort()).toEqual(suppliers);
    const tiel = mails.find((m) => addresses(m.destination.to).includes('beleidsinformatie@tiel.example'));
    expect(tiel?.subject).toBe('Werkzaak Rivierenland: cijfers van Tiel over september–oktober 2026 gevraagd');
    expect(tiel?.body.text).toMatch(/persoonlijke link, .*: http:\/\/127\.0\.0\.1:\d+\/aanleveren\/v1\./);
    await clearSesStore(stack);
  });

  it('sends the beheerders one notice a working day naming the gap, and nothing to AB-leden or reviewers', async () => {
    const first = await cli('cycle', '--today', '2026-11-09');
    expect(first.code, first.stderr).toBe(0);
    const second = await cli('cycle', '--today', '2026-11-09');
    expect(second.stdout).toContain('de melding van vandaag is al verstuurd');
    const mails = await sesStore(stack);
    expect(mails).toHaveLength(1);
    expect(addresses(mails[0]?.destination.to ?? [])).toEqual(administrators);
    expect(mails[0]?.body.text).toContain('Tiel · instroom · 2026-10');
    expect(mails[0]?.body.text).toContain('Er ontbreekt 1 waarde');
  });

  it('sends the concept to the reviewers once the figures are complete, one mail per municipality', async () => {
    const missing = figures.find(isGap);
    expect((await cli('import', file('aanvulling.csv', csv(missing ? [missing] : [])))).code).toBe(0);
    await clearSesStore(stack);
    const step = await cli('cycle', '--today', '2026-11-10');
    expect(step.code, step.stderr).toBe(0);
    expect(step.stdout).toContain('2026-09-concept-1 naar de reviewers');
    expect(step.stdout).toContain(`Verzonden mails (.eml, met de PDF ernaast): ${path.join(stack.dir, 'outbox')}`);
    const again = await cli('cycle', '--today', '2026-11-10');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).not.toContain('Verzonden mails');

    // Each reviewer gets each municipality's concept in a mail of their own (their own answer link).
    for (const reviewer of reviewers) {
      const toReviewer = await mailsTo((to) => to.join() === reviewer);
      expect(toReviewer).toHaveLength(participating.length);
      for (const municipality of participating) expect(toReviewer.filter((m) => m.subject.startsWith('CONCEPT') && m.subject.includes(municipality))).toHaveLength(1);
    }
    const notices = await mailsTo((to) => to.join() === administrators.join());
    expect(notices).toHaveLength(1);
    expect(notices[0]?.body.text).toContain('De review loopt tot en met dinsdag 17 november 2026');
  });

  it('refuses to release a concept whose figures changed since, naming the change, and sends nothing; with the value back it may go', async () => {
    const changed = figures.find((f) => f.municipality === 'West Betuwe' && f.indicator === 'bijstand' && f.month === '2026-10');
    if (!changed) throw new Error('the demo has no West Betuwe bijstand in 2026-10');
    expect((await cli('import', file('correctie.csv', csv([{ ...changed, value: 9999 }])))).code).toBe(0);
    await clearSesStore(stack);

    const release = await cli('release', '2026-09-concept-1');
    expect(release.code).toBe(1);
    expect(release.stderr).toContain(`West Betuwe · bijstand · 2026-10: ${new Intl.NumberFormat('nl-NL').format(changed.value)} → 9.999`);
    expect(release.stderr).not.toMatch(/^\s+at /m);
    expect(await sesStore(stack)).toEqual([]);
    // The correction withdrawn: the figures are the concept's again, and the cycle keeps this concept.
    // (A new concept at the next step when a change stays is tested on the use case: test/usecases/cycle.test.ts.)
    expect((await cli('import', file('terug.csv', csv([changed])))).code).toBe(0);
    const step = await cli('cycle', '--today', '2026-11-11');
    expect(step.code, step.stderr).toBe(0);
    expect(step.stdout).toContain('bij de reviewers tot en met 17-11-2026');
    expect(await sesStore(stack)).toEqual([]);
  });

  it('reminds the beheerders once when the review days are over and the release is by hand', async () => {
    await clearSesStore(stack);
    expect((await cli('cycle', '--today', '2026-11-17')).stdout).toContain('bij de reviewers tot en met 17-11-2026');
    expect(await sesStore(stack)).toEqual([]);
    await cli('cycle', '--today', '2026-11-18');
    await cli('cycle', '--today', '2026-11-18');
    const reminders = await sesStore(stack);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.subject).toContain('wacht op vrijgave');
    expect(reminders[0]?.body.text).toContain('rapportbode release 2026-09-concept-1');
  });

  // Holding and freeing a period through the CLI is the local-map journey (test/integration/local-map.test.ts);
  // a held period refuses its release, naming who holds it, in test/usecases/release.test.ts.

  it('releases exactly what the reviewers saw: every final PDF has its concept text, only the CONCEPT mark differs', async () => {
    await clearSesStore(stack);
    const release = await cli('release', '2026-09-concept-1', '--door', 'j.jansen');
    expect(release.code, release.stderr).toBe(0);
    const finals = await mailsTo((to) => to.every((a) => recipients.some((r) => r.email === a && r.role === 'ab-lid')));
    expect(finals).toHaveLength(participating.length);
    for (const municipality of participating) {
      const concept = await pdfText(await archive.get(archiveKeys.pdf('2026-09-concept-1', slug(municipality))));
      const final = await pdfText(await archive.get(archiveKeys.pdf('2026-09-final', slug(municipality))));
      expect(final.text).not.toContain('CONCEPT');
      expect(final.pages).toBe(concept.pages);
      // Page headers are the same text on every page; compare the body.
      const body = (text: string) => text.replace(/pagina \d+ van \d+[^·]*· [a-z]+–[a-z]+ \d{4} ?/g, '').replace(/CONCEPT – ter bespreking, niet verspreiden ?|Definitieve versie ?|CONCEPT ?/g, '');
      expect(body(final.text)).toBe(body(concept.text));
    }
    // Locally every mail sent is kept once, per run, where the command says: named by municipality, its PDF beside it.
    const outbox = path.join(stack.dir, 'outbox', '2026-09-final');
    expect(release.stdout).toContain(`Verzonden mails (.eml, met de PDF ernaast): ${outbox}`);
    expect(readdirSync(outbox).sort()).toEqual(participating.flatMap((m) => [`${slug(m)}.eml`, `${slug(m)}.pdf`]).sort());
    const tiel = await pdfText(readFileSync(path.join(outbox, 'tiel.pdf')));
    expect(tiel.text).toContain('Gemeentespecifieke paragraaf Tiel');
  });

  it('then sends nothing more: a rerun, a second release, the next cycle step', async () => {
    await clearSesStore(stack);
    expect((await cli('release', '2026-09-concept-1')).stdout).toContain('is al als definitieve versie verstuurd');
    const step = await cli('cycle', '--today', '2026-11-20');
    expect(step.stdout).toContain('vrijgegeven');
    expect(await sesStore(stack)).toEqual([]);
    // Nothing went out, so no outbox is pointed at.
    expect(step.stdout).not.toContain('Verzonden mails');

    const status = JSON.parse((await cli('cycle', 'status', '--json', '--today', '2026-11-20')).stdout) as { periods: { period: string; state: string; releasedBy?: string; conceptRunId?: string }[] };
    expect(status.periods.find((p) => p.period === '2026-09')).toMatchObject({ state: 'vrijgegeven', releasedBy: 'j.jansen', conceptRunId: '2026-09-concept-1' });
  });

  it('takes a municipality\'s upload of the next period through its link into the table, audited, and mails the check back through SES', async () => {
    // September–oktober is released by now: its link takes nothing more (test/usecases/deliveries-upload.test.ts).
    const next = parsePeriod('2026-11');
    // Prepare: the page as the public function wires it, on this stack's table, SES and link key.
    const audit = new RecipientStore(stack.names.tableName);
    const deps: UploadDeps = {
      store: new OrganisationStore(stack.names.tableName),
      log: new DeliveryLog(stack.names.tableName),
      imports: new ImportStore(stack.names.tableName),
      audit,
      mailer: new SesMailer({ maxPerSecond: 14 }),
      key: localLinkKey(stack.dir),
      now: () => new Date(),
      newImportId: ImportStore.newImportId,
    };
    const token = deliveryLink(deps.key, { email: 'beleidsinformatie@tiel.example', municipality: 'Tiel', period: next, expiresAt: new Date(Date.now() + 3_600_000) });
    const pages = { aanleveren: aanleverenPage(async () => deps) };
    const request = (method: string, path: string, body?: { type: string; text: string }) =>
      handleLinkPage({ rawPath: path, headers: body ? { 'content-type': body.type } : {}, ...(body ? { body: Buffer.from(body.text).toString('base64'), isBase64Encoded: true } : {}), requestContext: { requestId: 'test', http: { method, sourceIp: '127.0.0.1' } } }, pages);
    const page = await request('GET', `/aanleveren/${token}`);
    const formToken = /name="formToken" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    await clearSesStore(stack);
    // Act: the typed values of Tiel's arbeidsmatige dagbesteding.
    const posted = await request('POST', `/aanleveren/${token}`, { type: 'application/x-www-form-urlencoded', text: `formToken=${encodeURIComponent(formToken)}&waarde-dagbesteding-2026-11=71&waarde-dagbesteding-2026-12=72` });
    // Assess: the page, the values in force, the audit trail, the mail.
    expect(posted.body).toContain('is verwerkt');
    const inForce = (await deps.imports.figures(['2026-11', '2026-12'])).filter((f) => f.municipality === 'Tiel' && f.indicator === 'dagbesteding');
    expect(inForce.map((f) => [f.month, f.value]).sort()).toEqual([['2026-11', 71], ['2026-12', 72]]);
    const delivered = (await audit.history()).filter((e) => e.action === 'figures delivered');
    expect(delivered).toEqual([expect.objectContaining({ actor: 'beleidsinformatie@tiel.example', municipality: 'Tiel', detail: expect.stringMatching(/^ingevuld op de pagina \(SHA-256 [0-9a-f]{64}\) over 2026-11: 2 nieuw, 0 gewijzigd/) })]);
    const [mail] = await sesStore(stack);
    expect(addresses(mail?.destination.to ?? [])).toEqual(['beleidsinformatie@tiel.example']);
    expect(mail?.subject).toBe('Werkzaak Rivierenland: aanlevering Tiel november–december 2026 ontvangen');
  });
});

/**
 * A review with answers, through `cycle --vandaag` as the schedule runs it: every municipality has
 * a gbo-lid, Tiel's stays silent. The concept goes out on the latest working day up to today, so
 * `release` (on the real clock) is still before the review's end. Answers are given through the
 * links in the mails, with the answer page's use case (its HTTP serving is tested elsewhere).
 * The release once every municipality agreed prints the finals again for a rule of the release
 * use case: it is tested there (test/usecases/review-answers.test.ts); the refusal here shows
 * `release` reads the answers from the table.
 */
describe('the answers to a concept, one municipality silent', () => {
  let env: NodeJS.ProcessEnv;
  let answering: AnswerDeps;
  const cli = (...args: string[]) => runCli(args, { ...env, USER: 'tester' });
  const d0 = latestWorkdayUpTo(amsterdamDay(new Date()));
  const reviewed = lastCompletePeriod(new Date(`${d0}T12:00:00Z`), organisation.periodLength);
  const conceptId = `${periodId(reviewed)}-concept-1`;
  const gboLeden = participating.map((m) => ({ municipality: m, name: `GBO-lid ${m}`, email: `gbo@${slug(m)}.example` }));
  const silent = gboLeden.find((g) => g.municipality === 'Tiel') as (typeof gboLeden)[number];
  const mailsTo = async (email: string) => (await sesStore(stack)).filter((m) => addresses(m.destination.to).join() === email);
  const linkIn = (text: string | undefined) => /\/antwoord\/([A-Za-z0-9._~-]+)/.exec(text ?? '')?.[1] as string;
  const answer = async (link: string) => {
    const page = await openAnswerPage(link, answering);
    if (page.state !== 'open') throw new Error(`answer page ${page.state}`);
    await submitAnswer(link, { formToken: page.formToken, answer: 'akkoord', text: '' }, answering);
  };

  beforeAll(async () => {
    const fresh = await freshEnv(stack);
    env = fresh.env;
    expect((await cli('organisation', 'apply', DEMO_ORGANISATION_FILE)).code).toBe(0);
    const rows = [...recipients.map((r) => `${r.municipality ?? ''};${r.role};${r.name};${r.email}`), ...gboLeden.map((g) => `${g.municipality};gbo-lid;${g.name};${g.email}`)];
    const list = path.join(stack.dir, 'ontvangers-gbo.csv');
    writeFileSync(list, `gemeente;rol;naam;email\n${rows.join('\n')}\n`);
    expect((await cli('recipients', 'import', list)).code).toBe(0);
    const data = sampleFigures(organisation, monthsEndingWith(reviewed, HISTORY_MONTHS));
    const figuresFile = path.join(stack.dir, 'cijfers-gbo.csv');
    writeFileSync(figuresFile, `gemeente;indicator;maand;waarde\n${data.map((f) => `${f.municipality};${f.indicator};${f.month};${String(f.value).replace('.', ',')}`).join('\n')}\n`);
    const imported = await cli('import', figuresFile);
    expect(imported.code, imported.stderr).toBe(0);
    answering = { store: new OrganisationStore(fresh.tableName), log: new DeliveryLog(fresh.tableName), answers: new ReviewAnswerStore(fresh.tableName), key: localLinkKey(stack.dir), now: () => new Date() };
    await clearSesStore(stack);
  });

  it('sends each gbo-lid its own municipality’s concept with a personal link; the release before the end is refused naming the silent', async () => {
    // Act: the concept; every gbo-lid but Tiel's agrees through the link in its mail.
    const step = await cli('cycle', '--vandaag', d0);
    expect(step.code, step.stderr).toBe(0);
    expect(step.stdout).toContain(`${conceptId} naar de reviewers`);
    for (const gbo of gboLeden) {
      const mails = await mailsTo(gbo.email);
      expect(mails.map((m) => m.subject)).toEqual([expect.stringContaining(` – ${gbo.municipality} – `)]);
      expect(mails[0]?.body.text).toContain(`Reageer op het concept van ${gbo.municipality}: http://127.0.0.1:4380/antwoord/`);
      if (gbo !== silent) await answer(linkIn(mails[0]?.body.text));
    }
    await clearSesStore(stack);
    const release = await cli('release', conceptId);
    // Assess
    expect(release.code).toBe(1);
    expect(release.stderr).toContain(`${conceptId} is nog in review: de review loopt nog`);
    expect(release.stderr).toContain(`nog geen akkoord van Tiel (geen reactie van: ${silent.name}); er is niets verzonden`);
    expect(await sesStore(stack)).toEqual([]);
    const status = JSON.parse((await cli('cycle', 'status', '--json', '--vandaag', d0)).stdout) as { periods: { period: string; review?: { municipality: string; state: string; agreed: string[] }[] }[] };
    const review = status.periods.find((p) => p.period === periodId(reviewed))?.review;
    expect(review?.find((m) => m.municipality === 'Tiel')).toMatchObject({ state: 'geen reactie' });
    expect(review?.find((m) => m.municipality === 'Buren')).toMatchObject({ state: 'akkoord', agreed: ['GBO-lid Buren'] });
  });

  it('reminds the silent gbo-lid once, on the reminder day, with its link again, and nobody who answered', async () => {
    await clearSesStore(stack);
    expect((await cli('cycle', '--vandaag', addWorkdays(d0, 2))).code).toBe(0);
    expect(await mailsTo(silent.email)).toEqual([]);
    const first = await cli('cycle', '--vandaag', addWorkdays(d0, 3));
    const again = await cli('cycle', '--vandaag', addWorkdays(d0, 3));
    expect(first.stdout).toContain(`herinnering aan wie nog niet reageerde: ${silent.name} (Tiel)`);
    expect(again.code, again.stderr).toBe(0);
    const reminders = await mailsTo(silent.email);
    expect(reminders.map((m) => m.subject)).toEqual([`Herinnering: uw reactie op het concept van Tiel (${periodLabelNl(reviewed)})`]);
    expect(linkIn(reminders[0]?.body.text)).toBeDefined();
    for (const gbo of gboLeden.filter((g) => g !== silent)) expect(await mailsTo(gbo.email)).toEqual([]);
  });

  it('tells the beheerders at the end of the review who agreed and that Tiel did not answer', async () => {
    await clearSesStore(stack);
    expect((await cli('cycle', '--vandaag', addWorkdays(d0, 6))).code).toBe(0);
    const [notice] = (await mailsTo(administrators.join())).filter((m) => m.subject.includes('wacht op vrijgave'));
    expect(notice?.body.text).toContain(`- Tiel: geen reactie (${silent.name})`);
    expect(notice?.body.text).toContain('- Buren: akkoord (GBO-lid Buren)');
  });
});

/** The latest working day up to and including `day`. */
function latestWorkdayUpTo(day: Day): Day {
  let current = day;
  while (!isWorkday(current)) current = addDays(current, -1);
  return current;
}
