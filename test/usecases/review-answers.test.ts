import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { ReportRenderer } from '../../functions/adapters/report-renderer';
import type { Recipient } from '../../functions/core/organisation';
import { parsePeriod } from '../../functions/core/periods';
import { openAnswerPage } from '../../functions/usecases/answers';
import { runConcept } from '../../functions/usecases/release';
import { LINK_PAGES_URL, type World, answerLinkIn, header, world } from './support';

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
    expect(mail.text).toContain('Graag uw reactie uiterlijk maandag 16 november 2026');
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
