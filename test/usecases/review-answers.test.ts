import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { ReportRenderer } from '../../functions/adapters/report-renderer';
import type { Recipient } from '../../functions/core/organisation';
import { parsePeriod } from '../../functions/core/periods';
import type { Day } from '../../functions/core/workdays';
import { advanceCycle, cycleStatus } from '../../functions/usecases/cycle';
import { openAnswerPage } from '../../functions/usecases/answers';
import { ReleaseRefusedError, prepareRelease, releaseRun, runConcept } from '../../functions/usecases/release';
import { LINK_PAGES_URL, type World, answerLinkIn, answerThrough, header, world } from './support';

const period = parsePeriod('2026-09');
const GBO_TIEL: Recipient = { email: 'gbo@tiel.example', name: 'G. Tielemans', role: 'gbo-lid', municipality: 'Tiel' };

async function withGboLid(w: World, recipient: Recipient = GBO_TIEL): Promise<void> {
  await w.recipientStore.add(recipient, { actor: 'test', at: '2026-11-01T08:00:00Z' });
}

/** The concept mails by their one addressee and the subject (decoded). */
async function conceptMails(w: World) {
  return Promise.all(
    w.mailer.sent.map(async (m) => {
      const parsed = await simpleParser(Buffer.from(m.raw));
      return { to: header(m, 'To'), subject: parsed.subject ?? '', link: answerLinkIn(m), text: parsed.text ?? '' };
    }),
  );
}

describe('a concept mail carries its reader’s own answer link', () => {
  it('sends every reviewer and gbo-lid a mail of their own per municipality, each link opening their own answer page', async () => {
    // Prepare
    const w = await world();
    await withGboLid(w);
    const reviewers = (await w.store.recipients()).filter((r) => r.role === 'reviewer');
    const receiving = w.organisation.config.municipalities.filter((m) => !m.optedOut).map((m) => m.name);
    // Act
    await runConcept({ period }, w.run, w.log);
    // Assess
    const mails = await conceptMails(w);
    expect(mails).toHaveLength(reviewers.length * receiving.length + 1);
    for (const mail of mails) {
      expect(mail.to.split(',')).toHaveLength(1);
      expect(mail.text).toContain(`${LINK_PAGES_URL}/antwoord/`);
      const page = await openAnswerPage(mail.link as string, w.answering);
      const municipality = receiving.find((m) => mail.subject.endsWith(m));
      const reader = [...reviewers, GBO_TIEL].find((r) => mail.to.includes(r.email));
      expect(page).toMatchObject({ state: 'open', conceptRunId: '2026-09-concept-1', municipality, name: reader?.name });
    }
    const toGbo = mails.filter((m) => m.to.includes(GBO_TIEL.email));
    expect(toGbo.map((m) => m.subject)).toEqual([expect.stringMatching(/Tiel$/)]);
  });

  it('keeps the link working until five days after the review’s last day, and no longer', async () => {
    // Prepare: sent Monday 9 November; five review days to Monday 16 November.
    const w = await world({ at: '2026-11-09T07:00:00Z' });
    await runConcept({ period }, w.run, w.log);
    const link = (await conceptMails(w))[0]?.link as string;
    // Act
    w.clock.set('2026-11-21T20:00:00Z');
    const lastDay = await openAnswerPage(link, w.answering);
    w.clock.set('2026-11-22T00:30:00Z');
    const after = await openAnswerPage(link, w.answering);
    // Assess
    expect(lastDay.state).toBe('open');
    expect(after).toMatchObject({ state: 'refused', message: expect.stringContaining('verlopen') });
  });

  it('tells the reader in Dutch how to answer: one click, Akkoord or Opmerking, no account', async () => {
    const w = await world({ renderer: new ReportRenderer() });
    await withGboLid(w);
    await runConcept({ period }, w.run, w.log);
    const raw = w.mailer.sent.find((m) => header(m, 'To').includes(GBO_TIEL.email));
    const mail = await simpleParser(Buffer.from(raw?.raw ?? []));
    expect(mail.text).toContain(`Reageer op het concept van Tiel: ${LINK_PAGES_URL}/antwoord/`);
    expect(mail.text).toContain('Kies op die pagina Akkoord, of Opmerking met uw toelichting, en verstuur: één klik is genoeg. U hebt geen account of wachtwoord nodig.');
    expect(mail.text).toContain('Graag uw reactie uiterlijk maandag 16 november 2026. U kunt uw reactie tot de vrijgave nog wijzigen via dezelfde link.');
    expect(mail.html).toContain(`<a href="${LINK_PAGES_URL}/antwoord/`);
    expect(mail.text).toContain('Geachte G. Tielemans,');
  });

  it('sends nobody a concept mail twice when a later attempt finishes a run that stopped halfway', async () => {
    // Prepare: the process dies while the third mail is with SES.
    const w = await world();
    await withGboLid(w);
    let sends = 0;
    const send = w.mailer.send.bind(w.mailer);
    w.mailer.send = async (raw) => {
      if (++sends === 3) throw new Error('the worker stopped');
      return send(raw);
    };
    await expect(runConcept({ period }, w.run, w.log)).rejects.toThrow('the worker stopped');
    // Act: the next attempt, after the first one's lease ran out.
    w.clock.set('2026-11-09T07:05:00Z');
    const second = await runConcept({ period }, w.run, w.log);
    // Assess
    expect(second).toMatchObject({ runId: '2026-09-concept-1', status: 'completed' });
    const perReader = (await conceptMails(w)).map((m) => `${m.to} ${m.subject}`);
    expect(new Set(perReader).size).toBe(perReader.length);
    expect(perReader).toHaveLength(second.deliveries.length);
  });
});

/** Every concept mail's link, by the address it went to and the municipality it is for. */
async function linksOf(w: World): Promise<{ to: string; municipality: string; link: string }[]> {
  const mails = await conceptMails(w);
  const receiving = w.organisation.config.municipalities.map((m) => m.name);
  return mails.filter((m) => m.link).map((m) => ({ to: m.to, municipality: receiving.find((r) => m.subject.endsWith(r)) ?? '?', link: m.link as string }));
}

/** The reviewer `who` answers for every municipality but those in `except`. */
async function reviewerAnswers(w: World, who: string, answer: 'akkoord' | 'opmerking', except: readonly string[] = [], text = ''): Promise<void> {
  for (const l of (await linksOf(w)).filter((l) => l.to.includes(who) && !except.includes(l.municipality))) await answerThrough(w, l.link, answer, text);
}

describe('a release before the review’s end, by the answers', () => {
  it('is refused naming the days left and, per municipality, who has not agreed; allowed once all agreed, without an override', async () => {
    // Prepare: concept Monday 2 November (review to Monday 9 November); every municipality agreed through the GBO secretariat but Tiel.
    const w = await world({ at: '2026-11-02T08:00:00Z' });
    await withGboLid(w);
    await runConcept({ period }, w.run, w.log);
    await reviewerAnswers(w, 'gbo-secretariaat', 'akkoord', ['Tiel']);
    w.clock.set('2026-11-04T09:00:00Z');
    const sent = w.mailer.sent.length;
    // Act
    const refused = await releaseRun('2026-09-concept-1', 'j.jansen', w.release).catch((e: unknown) => e);
    const tiel = (await linksOf(w)).find((l) => l.to.includes(GBO_TIEL.email)) as { link: string };
    await answerThrough(w, tiel.link, 'akkoord');
    const released = await releaseRun('2026-09-concept-1', 'j.jansen', w.release);
    // Assess
    expect(refused).toBeInstanceOf(ReleaseRefusedError);
    expect((refused as Error).message).toContain('de review loopt nog 4 werkdagen, tot en met maandag 9 november 2026; nog geen akkoord van Tiel (geen reactie van: G. Tielemans); er is niets verzonden');
    expect(w.mailer.sent.slice(sent, sent + 1)).toEqual([expect.objectContaining({ text: expect.stringContaining('2026-09-final') })]);
    expect(released).toMatchObject({ released: true, finalRunId: '2026-09-final' });
    expect(released.released && released.beforeReviewEnd).toBeFalsy();
    const audit = await w.recipientStore.history();
    expect(audit.filter((e) => e.action === 'run released').map((e) => e.detail)).toEqual([
      '2026-09-concept-1 vrijgegeven als 2026-09-final: voltooid; vóór het einde van de review, met akkoord van elke ontvangende gemeente',
    ]);
    expect(audit.map((e) => e.action)).not.toContain('run released before review end');
  });

  it('keeps the override’s reason in the beheerders’ notice, beside the answers per municipality', async () => {
    const w = await world({ at: '2026-11-02T08:00:00Z' });
    await withGboLid(w);
    await runConcept({ period }, w.run, w.log);
    await reviewerAnswers(w, 'gbo-secretariaat', 'akkoord', ['Tiel']);
    w.clock.set('2026-11-04T09:00:00Z');
    const before = w.mailer.sent.length;
    await releaseRun('2026-09-concept-1', 'j.jansen', w.release, { beforeReviewEnd: { reason: 'AB vergadert donderdag' } });
    const [notice] = (await mailsSince(w, before)).filter((m) => m.to.includes(BEHEERDERS));
    expect(notice?.mail.text).toContain('Reden: AB vergadert donderdag');
    expect(notice?.mail.text).toContain('- Tiel: geen reactie (G. Tielemans)');
    expect(notice?.mail.text).toContain('- Buren: akkoord (Secretariaat GBO)');
  });

  it('counts an Opmerking as no agreement, naming who made it', async () => {
    const w = await world({ at: '2026-11-02T08:00:00Z' });
    await runConcept({ period }, w.run, w.log);
    await reviewerAnswers(w, 'gbo-secretariaat', 'akkoord', ['Buren']);
    await reviewerAnswers(w, 'team-beleid', 'opmerking', ['Tiel', 'Culemborg', 'West Betuwe', 'Maasdriel', 'Zaltbommel', 'West Maas en Waal'], 'Tabel 2 klopt niet');
    w.clock.set('2026-11-04T09:00:00Z');
    const refused = await releaseRun('2026-09-concept-1', 'j.jansen', w.release).catch((e: unknown) => e);
    expect((refused as Error).message).toContain('nog geen akkoord van Buren (opmerking van Team Beleid)');
  });

  it('shows the console’s release dialog the same: the days left and who has not agreed', async () => {
    const w = await world({ at: '2026-11-02T08:00:00Z' });
    await withGboLid(w);
    await runConcept({ period }, w.run, w.log);
    await reviewerAnswers(w, 'gbo-secretariaat', 'akkoord', ['Tiel']);
    w.clock.set('2026-11-04T09:00:00Z');
    const prepared = await prepareRelease('2026-09-concept-1', w.release);
    expect(prepared).toMatchObject({ ready: true, early: { left: 'de review loopt nog 4 werkdagen, tot en met maandag 9 november 2026', waitingFor: 'Tiel (geen reactie van: G. Tielemans)' } });
  });
});

const BEHEERDERS = 'bi-team@werkzaak.example';
const manual = { calendar: { dataDeadlineWorkday: 5, reviewWorkdays: 5, release: 'manual' as const, reminderWorkday: 3 } };
const automatic = { calendar: { dataDeadlineWorkday: 5, reviewWorkdays: 5, release: 'automatic' as const } };
const GBO_BUREN: Recipient = { email: 'gbo@buren.example', name: 'B. Bakker', role: 'gbo-lid', municipality: 'Buren' };

/** The cycle step of `today` at 07:00 UTC, as the daily schedule runs it. */
async function step(w: World, today: Day) {
  w.clock.set(`${today}T07:00:00Z`);
  return advanceCycle(today, w.release);
}

/** Mails sent from index `from` on, parsed, with their To. */
async function mailsSince(w: World, from: number) {
  return Promise.all(w.mailer.sent.slice(from).map(async (m) => ({ to: header(m, 'To'), mail: await simpleParser(Buffer.from(m.raw)) })));
}

describe('the cycle and the answers', () => {
  it('reminds each silent gbo-lid once on the reminder day, with their own link again, and nobody who answered', async () => {
    // Prepare: concept Monday 9 November; herinnering 3 is Thursday 12 November. Buren's gbo-lid answers, Tiel's stays silent.
    const w = await world({ config: manual });
    await withGboLid(w);
    await withGboLid(w, GBO_BUREN);
    await step(w, '2026-11-09');
    const buren = (await linksOf(w)).find((l) => l.to.includes(GBO_BUREN.email)) as { link: string };
    await answerThrough(w, buren.link, 'akkoord');
    const before = w.mailer.sent.length;
    // Act
    const wednesday = await step(w, '2026-11-11');
    const thursday = await step(w, '2026-11-12');
    const again = await step(w, '2026-11-12');
    const friday = await step(w, '2026-11-13');
    // Assess
    expect(wednesday[0]?.actions).toEqual(['2026-09-concept-1 is bij de reviewers tot en met 16-11-2026']);
    expect(thursday[0]?.actions).toEqual(['2026-09-concept-1 is bij de reviewers tot en met 16-11-2026', 'herinnering aan wie nog niet reageerde: G. Tielemans (Tiel)']);
    const conceptNotice = w.mailer.sent.find((m) => header(m, 'To').includes(BEHEERDERS));
    expect((await simpleParser(Buffer.from(conceptNotice?.raw ?? []))).text).toContain('Een gbo-lid dat op donderdag 12 november 2026 nog niet reageerde, krijgt die dag één herinnering.');
    expect(again[0]?.actions).toEqual(['2026-09-concept-1 is bij de reviewers tot en met 16-11-2026']);
    expect(friday[0]?.actions).toEqual(['2026-09-concept-1 is bij de reviewers tot en met 16-11-2026']);
    const reminders = await mailsSince(w, before);
    expect(reminders.map((r) => r.to)).toEqual([`"G. Tielemans" <${GBO_TIEL.email}>`]);
    const [reminder] = reminders;
    expect(reminder?.mail.subject).toBe('Herinnering: uw reactie op het concept van Tiel (september–oktober 2026)');
    expect(reminder?.mail.text).toContain('Op maandag 9 november 2026 ontving u het concept');
    expect(reminder?.mail.text).toContain('Dit is de enige herinnering.');
    const link = /\/antwoord\/([A-Za-z0-9._~-]+)/.exec(reminder?.mail.text ?? '')?.[1] as string;
    expect(await openAnswerPage(link, w.answering)).toMatchObject({ state: 'open', municipality: 'Tiel', name: GBO_TIEL.name });
  });

  it('reminds no gbo-lid the concept never reached: one added after it, or one whose address bounced', async () => {
    const w = await world({ config: manual });
    await withGboLid(w);
    await step(w, '2026-11-09');
    await withGboLid(w, GBO_BUREN);
    await w.recipientStore.block({ email: GBO_TIEL.email, reason: 'bounced', since: '2026-11-10T08:00:00Z', detail: '550 user unknown' }, { actor: 'ses', at: '2026-11-10T08:00:00Z' });
    const before = w.mailer.sent.length;
    const [thursday] = await step(w, '2026-11-12');
    expect(thursday?.actions).toEqual(['2026-09-concept-1 is bij de reviewers tot en met 16-11-2026']);
    expect(w.mailer.sent).toHaveLength(before);
  });

  it('tells the beheerders at the end of the review per municipality: akkoord (who), opmerking (who, the text), geen reactie', async () => {
    // Prepare
    const w = await world({ config: manual });
    await withGboLid(w);
    await withGboLid(w, GBO_BUREN);
    await step(w, '2026-11-09');
    const links = await linksOf(w);
    await answerThrough(w, (links.find((l) => l.to.includes(GBO_BUREN.email)) as { link: string }).link, 'akkoord');
    await answerThrough(w, (links.find((l) => l.to.includes('team-beleid') && l.municipality === 'Culemborg') as { link: string }).link, 'opmerking', 'De uitstroom in tabel 3 lijkt te hoog.');
    const before = w.mailer.sent.length;
    // Act: the working day after the review.
    await step(w, '2026-11-17');
    // Assess
    const [notice] = (await mailsSince(w, before)).filter((m) => m.to.includes(BEHEERDERS));
    expect(notice?.mail.subject).toContain('wacht op vrijgave');
    expect(notice?.mail.text).toContain('De reacties per gemeente:');
    expect(notice?.mail.text).toContain('- Buren: akkoord (B. Bakker)');
    expect(notice?.mail.text).toContain('- Culemborg: opmerking van Team Beleid: “De uitstroom in tabel 3 lijkt te hoog.”');
    expect(notice?.mail.text).toContain('- Tiel: geen reactie (G. Tielemans)');
    expect(notice?.mail.text).not.toContain('Neder-Betuwe');
  });

  it('shows per municipality in cycle status while the review runs', async () => {
    const w = await world({ config: manual });
    await withGboLid(w);
    await step(w, '2026-11-09');
    await answerThrough(w, ((await linksOf(w)).find((l) => l.to.includes('team-beleid') && l.municipality === 'Buren') as { link: string }).link, 'akkoord');
    const [september] = await cycleStatus('2026-11-10', w.release);
    expect(september?.review?.find((m) => m.municipality === 'Buren')).toEqual({ municipality: 'Buren', state: 'akkoord', agreed: ['Team Beleid'], remarks: [], silent: [] });
    expect(september?.review?.find((m) => m.municipality === 'Tiel')).toEqual({ municipality: 'Tiel', state: 'geen reactie', agreed: [], remarks: [], silent: ['G. Tielemans'] });
  });

  it('releases by itself after the review without an Opmerking, and the notice lists the answers', async () => {
    const w = await world({ config: automatic });
    await step(w, '2026-11-09');
    await answerThrough(w, ((await linksOf(w)).find((l) => l.to.includes('team-beleid') && l.municipality === 'Tiel') as { link: string }).link, 'akkoord');
    const before = w.mailer.sent.length;
    const [after] = await step(w, '2026-11-17');
    expect(after?.state).toBe('vrijgegeven');
    const [notice] = (await mailsSince(w, before)).filter((m) => m.to.includes(BEHEERDERS));
    expect(notice?.mail.subject).toContain('definitief verstuurd');
    expect(notice?.mail.text).toContain('- Tiel: akkoord (Team Beleid)');
    expect(notice?.mail.text).toContain('- Buren: geen reactie');
  });

  it('stops the automatic release when a municipality made an Opmerking, and tells the beheerders once', async () => {
    // Prepare
    const w = await world({ config: automatic });
    await step(w, '2026-11-09');
    await answerThrough(w, ((await linksOf(w)).find((l) => l.to.includes('team-beleid') && l.municipality === 'Tiel') as { link: string }).link, 'opmerking', 'Graag de toelichting bij Tiel aanvullen.');
    const before = w.mailer.sent.length;
    // Act
    const [after] = await step(w, '2026-11-17');
    const [again] = await step(w, '2026-11-18');
    // Assess
    expect(after).toMatchObject({ state: 'concept verstuurd', actions: ['review voorbij, maar er is een opmerking: 2026-09-concept-1 gaat niet automatisch uit en wacht op de beheerders; melding aan de beheerders'] });
    expect(again?.actions).toEqual(['review voorbij, maar er is een opmerking: 2026-09-concept-1 gaat niet automatisch uit en wacht op de beheerders (melding al verstuurd)']);
    expect(await w.log.run('2026-09-final')).toBeUndefined();
    const notices = await mailsSince(w, before);
    expect(notices.map((n) => n.to)).toEqual([BEHEERDERS]);
    expect(notices[0]?.mail.text).toContain('- Tiel: opmerking van Team Beleid: “Graag de toelichting bij Tiel aanvullen.”');
    expect(notices[0]?.mail.text).toContain('rapportbode release 2026-09-concept-1');
  });
});
