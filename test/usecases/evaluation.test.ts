import { describe, expect, it } from 'vitest';
import { InMemoryEvaluations } from '../../functions/adapters/memory/evaluations';
import { MIN_ANSWERS_SHOWN } from '../../functions/core/evaluation';
import type { OrganisationConfig, Recipient } from '../../functions/core/organisation';
import { parsePeriod } from '../../functions/core/periods';
import { linkSubject, signLink } from '../../functions/core/personal-link';
import { type EvaluationPageDeps, fieldName, openEvaluationPage, submitEvaluation } from '../../functions/usecases/evaluation-answers';
import { type EvaluationCycleDeps, advanceEvaluation, evaluationResults, remindEvaluation, startEvaluation } from '../../functions/usecases/evaluation';
import { SendOutcomeUnknownError, SendRejectedError } from '../../functions/usecases/ports';
import { advanceCycle } from '../../functions/usecases/cycle';
import { runReport } from '../../functions/usecases/run-report';
import { type World, header, world } from './support';

const key = Buffer.alloc(32, 7);
const gboTiel: Recipient = { email: 'gbo@tiel.example', name: 'Gbo Tiel', role: 'gbo-lid', municipality: 'Tiel' };
const gboBuren: Recipient = { email: 'gbo@buren.example', name: 'Gbo Buren', role: 'gbo-lid', municipality: 'Buren' };
/** An AB-lid of Tiel who is also the gbo-lid of Culemborg: one mail. */
const twoRoles: Recipient = { email: 'ab-lid-1@tiel.example', name: 'AB-lid 1 Tiel', role: 'gbo-lid', municipality: 'Culemborg' };

async function prepare(options: { config?: Partial<OrganisationConfig> } = {}) {
  const w = await world({ at: '2026-12-07T08:00:00Z', config: options.config });
  await w.store.putRecipients([...(await w.store.recipients()), gboTiel, gboBuren, twoRoles]);
  const evaluations = new InMemoryEvaluations();
  const deps: EvaluationCycleDeps = { store: w.store, evaluations, audit: w.recipientStore, mailer: w.mailer, key: async () => key, linkPagesUrl: 'http://127.0.0.1:4380/', now: w.clock.now, log: w.log };
  const page: EvaluationPageDeps = { store: w.store, evaluations, key, now: w.clock.now };
  return { w, evaluations, deps, page };
}

/** The AB-leden and gbo-leden of the municipalities that receive the report, once per address. */
async function expectedInvitees(w: World): Promise<string[]> {
  const receiving = new Set(w.organisation.config.municipalities.filter((m) => !m.optedOut).map((m) => m.name));
  const people = (await w.store.recipients()).filter((r) => (r.role === 'ab-lid' || r.role === 'gbo-lid') && receiving.has(r.municipality ?? ''));
  return [...new Set(people.map((r) => r.email))].sort();
}

/** The body of a raw mail, quoted-printable undone. */
function bodyOf(mail: { text: string }): string {
  return mail.text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

function linkIn(mail: { text: string }): string {
  const match = /http:\/\/127\.0\.0\.1:4380\/evaluatie\/([A-Za-z0-9._-]+)/.exec(bodyOf(mail));
  if (!match?.[1]) throw new Error('no evaluation link in the mail');
  return match[1];
}

const form = (token: string, values: Record<string, string>) => ({ formToken: token, value: (field: string) => values[field] ?? '' });

describe('evaluation start', () => {
  it('sends every AB-lid and gbo-lid of a receiving municipality one mail with a personal link, and a second start sends none', async () => {
    // Prepare
    const { w, deps, page } = await prepare();
    // Act
    const first = await startEvaluation({ by: 'beheerder' }, deps);
    const second = await startEvaluation({ by: 'beheerder' }, deps);
    // Assess
    const to = w.mailer.sent.map((m) => header(m, 'To').replace(/.*<|>.*/g, '').toLowerCase()).sort();
    expect(to).toEqual(await expectedInvitees(w));
    expect(to).toContain('gbo@tiel.example');
    expect(new Set(to).size).toBe(to.length);
    expect((await w.store.recipients()).filter((r) => r.email === twoRoles.email)).toHaveLength(2);
    expect(to.some((a) => a.includes('neder-betuwe') || a.startsWith('beleid-') || a.startsWith('gbo-secretariaat'))).toBe(false);
    expect(first).toMatchObject({ resumed: false, sent: to.length, already: 0, evaluation: { id: 'evaluatie-2026-12-07', remindOn: '2026-12-14', closesAt: '2026-12-28T23:00:00.000Z' } });
    expect(second).toMatchObject({ resumed: true, sent: 0, already: to.length });
    expect((await w.recipientStore.history()).filter((e) => e.action === 'evaluation started')).toEqual([
      expect.objectContaining({ actor: 'beheerder', detail: 'evaluatie-2026-12-07: 5 vragen aan de AB-leden en gbo-leden, open tot en met 28-12-2026' }),
    ]);
    expect(header(w.mailer.sent[0] as { text: string }, 'Subject')).toContain('Evaluatie van de rapportage');
    expect(bodyOf(w.mailer.sent[0] as { text: string })).toContain('zonder namen of gemeenten');
    expect(await openEvaluationPage(linkIn(w.mailer.sent[0] as { text: string }), page)).toMatchObject({ state: 'open', evaluationId: 'evaluatie-2026-12-07' });
  });

  it('gives back the claim of a mail SES refused, so the next start sends it, and refuses other questions for an open evaluation', async () => {
    const { w, deps } = await prepare();
    w.mailer.failNext(new SendRejectedError('adres geweigerd'));
    const first = await startEvaluation({ by: 'beheerder' }, deps);
    expect(first.failed).toHaveLength(1);
    const again = await startEvaluation({ by: 'beheerder' }, deps);
    expect(again).toMatchObject({ sent: 1, already: first.sent });
    await expect(startEvaluation({ by: 'beheerder', questions: [{ id: 'ander', text: 'Anders?', kind: 'open' }] }, deps)).rejects.toThrow('kunnen niet meer wijzigen');
  });
});

describe('evaluation start with nobody to ask', () => {
  it('refuses, and records no evaluation', async () => {
    const { w, deps, evaluations } = await prepare();
    // Only the organisation-wide reviewers left.
    const reviewers = (await w.store.recipients()).filter((r) => r.role === 'reviewer');
    w.data.recipients.clear();
    await w.store.putRecipients(reviewers);
    await expect(startEvaluation({ by: 'beheerder' }, deps)).rejects.toThrow('er staat geen AB-lid of gbo-lid');
    expect(await evaluations.evaluations()).toEqual([]);
    expect(w.mailer.sent).toEqual([]);
  });
});

describe('the evaluation page', () => {
  it('records nothing on opening, only a POST with the form token, and answering again replaces', async () => {
    const { w, deps, page, evaluations } = await prepare();
    await startEvaluation({ by: 'beheerder' }, deps);
    const link = linkIn(w.mailer.sent[0] as { text: string });
    const shown = await openEvaluationPage(link, page);
    if (shown.state !== 'open') throw new Error(shown.state);
    expect(await evaluations.responses(shown.evaluationId)).toEqual([]);

    expect(await submitEvaluation(link, form('vals', { [fieldName({ id: 'nut' })]: '4' }), page)).toMatchObject({ state: 'refused' });
    expect(await submitEvaluation(link, form(shown.formToken, {}), page)).toMatchObject({ problem: expect.stringContaining('minstens één vraag') });
    expect(await submitEvaluation(link, form(shown.formToken, { 'vraag-frequentie': 'dagelijks' }), page)).toMatchObject({ problem: expect.stringContaining('geen van de keuzes') });
    expect(await evaluations.responses(shown.evaluationId)).toEqual([]);

    await submitEvaluation(link, form(shown.formToken, { 'vraag-nut': '4', 'vraag-mist': '  Cijfers per wijk ' }), page);
    expect(await submitEvaluation(link, form(shown.formToken, { 'vraag-nut': '5', 'vraag-frequentie': 'per kwartaal' }), page)).toMatchObject({ recorded: true });
    const responses = await evaluations.responses(shown.evaluationId);
    expect(responses.map((r) => r.answers)).toEqual([{ nut: '5', frequentie: 'per kwartaal' }]);
    expect(await openEvaluationPage(link, page)).toMatchObject({ current: { nut: '5', frequentie: 'per kwartaal' } });
  });

  it('refuses an expired link, a changed one and one of someone no longer on the list, recording nothing', async () => {
    const { w, deps, page, evaluations } = await prepare();
    const { evaluation } = await startEvaluation({ by: 'beheerder' }, deps);
    const link = linkIn(w.mailer.sent[0] as { text: string });
    expect(await openEvaluationPage(`${link.slice(0, -2)}xx`, page)).toMatchObject({ state: 'refused', message: expect.stringContaining('niet geldig') });
    const stranger = signLink(key, { purpose: 'evaluatie', subject: linkSubject('iemand@elders.example'), scope: evaluation.id, expiresAt: Date.parse(evaluation.closesAt) / 1000 });
    expect(await openEvaluationPage(stranger, page)).toMatchObject({ state: 'refused', message: expect.stringContaining('niet (meer) op de lijst') });
    w.clock.set('2026-12-29T08:00:00Z');
    expect(await openEvaluationPage(link, page)).toMatchObject({ state: 'refused', message: expect.stringContaining('verlopen') });
    expect(await evaluations.responses(evaluation.id)).toEqual([]);
  });
});

describe('the reminder and the results', () => {
  it('reminds each invitee who did not answer once, and shows a question only from five answers on', async () => {
    const { w, deps, page } = await prepare();
    const { evaluation, sent } = await startEvaluation({ by: 'beheerder' }, deps);
    const links = w.mailer.sent.map(linkIn);
    // Five answer `nut`, four of them also `leesbaarheid`.
    for (const [i, link] of links.slice(0, MIN_ANSWERS_SHOWN).entries()) {
      const shown = await openEvaluationPage(link, page);
      if (shown.state !== 'open') throw new Error(shown.state);
      await submitEvaluation(link, form(shown.formToken, { 'vraag-nut': String((i % 5) + 1), ...(i < 4 ? { 'vraag-leesbaarheid': '4' } : {}) }), page);
    }
    const mailed = w.mailer.sent.length;
    const reminded = await remindEvaluation(evaluation, deps);
    expect(reminded.sent).toBe(sent - MIN_ANSWERS_SHOWN);
    expect(w.mailer.sent.slice(mailed).every((m) => header(m, 'Subject').startsWith('Herinnering'))).toBe(true);
    expect((await remindEvaluation(evaluation, deps)).sent).toBe(0);

    const results = await evaluationResults(deps);
    expect(results).toMatchObject({ invited: sent, responded: MIN_ANSWERS_SHOWN });
    expect(results.questions.find((q) => q.id === 'nut')).toMatchObject({ shown: true, answered: 5, counts: { 1: 1, 2: 1, 3: 1, 4: 1, 5: 1 }, mean: 3 });
    expect(results.questions.find((q) => q.id === 'leesbaarheid')).toMatchObject({ shown: false });
    expect(JSON.stringify(results)).not.toMatch(/AB-lid|Tiel|Buren|@/);
  });
});

describe('the planned evaluation in the cycle', () => {
  it('starts six months after the first final report once, tells the beheerders once, and reminds once on its day', async () => {
    // Prepare: the first final on 9 November 2026.
    const { w, deps } = await prepare({ config: { evaluation: { afterMonths: 6 } } });
    w.clock.set('2026-11-09T07:00:00Z');
    const final = await runReport({ period: parsePeriod('2026-09'), kind: 'final' }, w.run);
    expect(final.problems).toEqual([]);
    expect(final.status).toBe('completed');
    const administrators = w.organisation.config.administrators;
    const toBeheerders = () => w.mailer.sent.filter((m) => administrators.some((a) => header(m, 'To').includes(a)));
    const before = w.mailer.sent.length;
    // Act and assess: the day before it is due, nothing.
    expect(await advanceEvaluation('2027-05-07', deps)).toEqual([]);
    expect(w.mailer.sent.length).toBe(before);
    const started = await advanceEvaluation('2027-05-10', deps);
    expect(started).toEqual([expect.stringContaining('evaluatie-2027-05-10 gestart')]);
    expect(toBeheerders().map((m) => header(m, 'Subject'))).toEqual([expect.stringContaining('Evaluatie gestart')]);
    const invited = w.mailer.sent.length;
    expect(await advanceEvaluation('2027-05-11', deps)).toEqual([]);
    expect(w.mailer.sent.length).toBe(invited);
    // 17 May 2027 is Pinkstermaandag: the fifth working day is the 18th.
    expect(await advanceEvaluation('2027-05-17', deps)).toEqual([]);
    const reminded = await advanceEvaluation('2027-05-18', deps);
    expect(reminded).toEqual([expect.stringContaining('herinneringen verstuurd')]);
    expect(w.mailer.sent.length).toBe(invited + (invited - before - 1));
    expect(await advanceEvaluation('2027-05-19', deps)).toEqual([]);
    expect(toBeheerders()).toHaveLength(1);
  });

  it('is a step of the daily cycle, after the periods', async () => {
    const { w, deps } = await prepare({ config: { evaluation: { afterMonths: 6 } } });
    w.clock.set('2026-11-09T07:00:00Z');
    await runReport({ period: parsePeriod('2026-09'), kind: 'final' }, w.run);
    const steps = await advanceCycle('2027-05-10', { ...w.release, evaluation: deps });
    expect(steps.at(-1)).toMatchObject({ period: 'evaluatie', state: 'evaluatie', actions: [expect.stringContaining('evaluatie-2027-05-10 gestart')] });
    expect((await advanceCycle('2027-05-10', { ...w.release, evaluation: deps })).some((s) => s.period === 'evaluatie')).toBe(false);
  });
});

describe('the evaluation\'s edges: failed sends, two starts at once, blocked and closed', () => {
  const onTheList = async (w: World) => (await expectedInvitees(w)).length;

  it('reports the sends that failed and the uncertain one in the cycle\'s line, keeps the uncertain one claimed, and crashes on a fault that is not a send\'s', async () => {
    const { w, deps } = await prepare({ config: { evaluation: { afterMonths: 6 } } });
    w.data.runs.set('2026-09-final', { runId: '2026-09-final', period: '2026-09', kind: 'final', status: 'completed', startedAt: '2026-11-10T07:00:00.000Z' });
    const people = await onTheList(w);
    w.mailer.failNext(new SendRejectedError('adres geweigerd'));
    w.clock.set('2027-05-10T06:00:00Z');
    const line = await advanceEvaluation('2027-05-10', deps);
    expect(line).toEqual([`evaluatie-2027-05-10 gestart (gepland: 6 maanden na het eerste definitieve rapport): ${people - 1} uitnodigingen verstuurd (1 niet verstuurd); de beheerders zijn ingelicht`]);
    // The beheerders' notice counts the invitations that went out.
    const notice = w.mailer.sent.find((m) => header(m, 'Subject').includes('Evaluatie gestart'));
    expect(header(notice as { text: string }, 'Subject')).toContain(`Evaluatie gestart: ${people - 1} uitnodigingen verstuurd`);
    expect((await w.recipientStore.history()).find((e) => e.action === 'evaluation started')?.actor).toBe('cycle (gepland in het organisatiebestand)');
    // An uncertain send stays claimed: a later start does not send it again.
    w.mailer.failNext(new SendOutcomeUnknownError('geen antwoord van SES'));
    const again = await startEvaluation({ by: 'beheerder' }, deps);
    expect(again).toMatchObject({ sent: 0, already: people - 1, failed: [], unknown: [{ email: expect.stringContaining('@'), reason: 'geen antwoord van SES' }] });
    expect(await startEvaluation({ by: 'beheerder' }, deps)).toMatchObject({ sent: 0, already: people, failed: [], unknown: [] });
    // The reminder line, with one refused and one uncertain.
    w.clock.set('2027-05-18T06:00:00Z');
    w.mailer.failNext(new SendRejectedError('adres geweigerd'));
    const reminded = await advanceEvaluation('2027-05-18', deps);
    expect(reminded).toEqual([`evaluatie-2027-05-10: ${people - 1} herinneringen verstuurd aan wie nog niet antwoordde (1 niet verstuurd)`]);
    // A fault that is not SES's is not a refused mail: it stops the start.
    const other = await prepare();
    other.w.mailer.failNext(new Error('stuk'));
    await expect(startEvaluation({ by: 'beheerder' }, other.deps)).rejects.toThrow('stuk');
  });

  it('starts once when two starts run at once, and the second reports the first one\'s evaluation and mails as already sent', async () => {
    const { w, deps } = await prepare();
    const people = await onTheList(w);
    const [a, b] = await Promise.all([startEvaluation({ by: 'beheerder a' }, deps), startEvaluation({ by: 'beheerder b' }, deps)]);
    expect(w.mailer.sent).toHaveLength(people);
    expect([a.sent + b.sent, a.already + b.already]).toEqual([people, people]);
    expect(b.evaluation.startedBy).toBe(a.evaluation.startedBy);
    expect((await w.recipientStore.history()).filter((e) => e.action === 'evaluation started')).toHaveLength(1);
  });

  it('leaves out a blocked address whatever its case, and asks the questions given at the start', async () => {
    const { w, deps } = await prepare();
    await w.store.putRecipients([...(await w.store.recipients()), { email: 'Gbo.Hoofd@Tiel.example', name: 'Gbo Hoofd', role: 'gbo-lid', municipality: 'Tiel' }]);
    w.data.blocked.set('gbo.hoofd@tiel.example', { email: 'gbo.hoofd@tiel.example', reason: 'bounced', detail: 'onbekend', since: '2026-12-01T00:00:00Z' });
    w.data.blocked.set('gbo@buren.example', { email: 'GBO@buren.example', reason: 'complaint', detail: 'spam', since: '2026-12-01T00:00:00Z' });
    const questions = [{ id: 'ander', text: 'Wat wilt u anders?', kind: 'open' as const }];
    const { evaluation } = await startEvaluation({ by: 'beheerder', questions }, deps);
    const to = w.mailer.sent.map((m) => header(m, 'To').toLowerCase());
    expect(to.some((a) => a.includes('gbo.hoofd@tiel.example') || a.includes('gbo@buren.example'))).toBe(false);
    expect(to.some((a) => a.includes('gbo@tiel.example'))).toBe(true);
    expect(evaluation.questions).toEqual(questions);
  });

  it('starts a new evaluation once the last one closed, to the second', async () => {
    const { w, deps } = await prepare();
    const { evaluation } = await startEvaluation({ by: 'beheerder' }, deps);
    w.clock.set(evaluation.closesAt);
    const next = await startEvaluation({ by: 'beheerder' }, deps);
    expect(next).toMatchObject({ resumed: false, already: 0, evaluation: { id: 'evaluatie-2026-12-29' } });
    // A refused mail is reported with its address and SES's reason.
    w.clock.set('2027-01-20T08:00:00Z');
    w.mailer.failNext(new SendRejectedError('adres geweigerd'));
    expect((await startEvaluation({ by: 'beheerder' }, deps)).failed).toEqual([{ email: expect.stringMatching(/@/), reason: 'adres geweigerd' }]);
  });

  it('tells the operator there is nothing to show before the first evaluation, with the command to start one', async () => {
    const { deps } = await prepare();
    await expect(evaluationResults(deps)).rejects.toThrow('er is nog geen evaluatie gestart; start er een met rapportbode evaluation start');
    await expect(evaluationResults({ ...deps, command: (args) => `npm run cli -- ${args}` })).rejects.toThrow('start er een met npm run cli -- evaluation start');
  });
});

describe('when the planned evaluation is due', () => {
  const final = (w: World, period: string, at: { startedAt: string; finishedAt?: string }, status: 'completed' | 'failed' = 'completed', kind: 'final' | 'concept' = 'final') =>
    w.data.runs.set(`${period}-${kind}`, { runId: `${period}-${kind}`, period, kind, status, ...at });

  it('counts from the first final that went out (not a concept, not a failed final), on its day, not at a weekend, not before any final', async () => {
    const { w, deps } = await prepare({ config: { evaluation: { afterMonths: 6 } } });
    expect(await advanceEvaluation('2027-05-10', deps)).toEqual([]);
    final(w, '2026-07', { startedAt: '2026-10-01T07:00:00.000Z' }, 'completed', 'concept');
    final(w, '2026-05', { startedAt: '2026-10-02T07:00:00.000Z' }, 'failed');
    // Started late on 9 November, finished in the night: it went out on the 10th.
    final(w, '2026-09', { startedAt: '2026-11-09T22:50:00.000Z', finishedAt: '2026-11-10T00:10:00.000Z' });
    // A later period's final, listed first by its run id.
    final(w, '2026-01', { startedAt: '2026-12-01T07:00:00.000Z', finishedAt: '2026-12-01T07:10:00.000Z' });
    expect(await advanceEvaluation('2027-04-06', deps)).toEqual([]);
    expect(await advanceEvaluation('2027-05-07', deps)).toEqual([]);
    expect(w.mailer.sent).toEqual([]);
    expect(await advanceEvaluation('2027-05-10', deps)).toEqual([expect.stringContaining('evaluatie-2027-05-10 gestart')]);
  });

  it('does nothing at a weekend on the day it is due, and starts the next working day', async () => {
    const { w, deps } = await prepare({ config: { evaluation: { afterMonths: 6 } } });
    final(w, '2026-09', { startedAt: '2026-11-09T07:00:00.000Z' });
    expect(await advanceEvaluation('2027-05-09', deps)).toEqual([]);
    expect(await advanceEvaluation('2027-05-10', deps)).toEqual([expect.stringContaining('gestart')]);
  });

  it('starts nothing when the organisation plans no evaluation, or one was started by hand', async () => {
    const { w, deps } = await prepare();
    final(w, '2026-09', { startedAt: '2026-11-09T07:00:00.000Z' });
    expect(await advanceEvaluation('2027-05-10', deps)).toEqual([]);
    expect(w.mailer.sent).toEqual([]);
    const planned = await prepare({ config: { evaluation: { afterMonths: 6 } } });
    final(planned.w, '2026-09', { startedAt: '2026-11-09T07:00:00.000Z' });
    await startEvaluation({ by: 'beheerder' }, planned.deps);
    planned.w.clock.set('2027-05-10T06:00:00Z');
    expect(await advanceEvaluation('2027-05-10', planned.deps)).toEqual([]);
  });

  it('reminds on the closing day if the cycle did not run on the reminder day, not the day after, and names the command hint in the beheerders\' notice', async () => {
    const { w, deps } = await prepare({ config: { evaluation: { afterMonths: 6 } } });
    final(w, '2026-09', { startedAt: '2026-11-10T07:00:00.000Z' });
    w.clock.set('2027-05-10T06:00:00Z');
    await advanceEvaluation('2027-05-10', { ...deps, command: (args) => `npm run cli -- ${args}` });
    const notice = w.mailer.sent.find((m) => header(m, 'Subject').includes('Evaluatie gestart'));
    expect(bodyOf(notice as { text: string })).toContain('npm run cli -- evaluation results');
    const evaluation = (await deps.evaluations.evaluations())[0];
    if (!evaluation) throw new Error('none');
    const before = w.mailer.sent.length;
    w.clock.set('2027-05-31T06:00:00Z');
    const people = (await expectedInvitees(w)).length;
    expect(await advanceEvaluation('2027-05-31', deps)).toEqual([`evaluatie-2027-05-10: ${people} herinneringen verstuurd aan wie nog niet antwoordde`]);
    expect(w.mailer.sent.length).toBe(before + people);
  });
});

describe('the cycle\'s lines when sends go wrong', () => {
  it('names refused and uncertain invitations together, and a reminder round in which every mail was refused', async () => {
    const { w, deps } = await prepare({ config: { evaluation: { afterMonths: 6 } } });
    w.data.runs.set('2026-09-final', { runId: '2026-09-final', period: '2026-09', kind: 'final', status: 'completed', startedAt: '2026-11-10T07:00:00.000Z' });
    const people = (await expectedInvitees(w)).length;
    w.mailer.failNext(new SendRejectedError('adres geweigerd'));
    w.mailer.failNext(new SendOutcomeUnknownError('geen antwoord van SES'));
    w.clock.set('2027-05-10T06:00:00Z');
    expect(await advanceEvaluation('2027-05-10', deps)).toEqual([
      `evaluatie-2027-05-10 gestart (gepland: 6 maanden na het eerste definitieve rapport): ${people - 2} uitnodigingen verstuurd (1 niet verstuurd, 1 onzeker); de beheerders zijn ingelicht`,
    ]);
    // The refused one was never invited, so the reminder goes to the others; SES refuses them all.
    for (let i = 0; i < people - 1; i++) w.mailer.failNext(new SendRejectedError('adres geweigerd'));
    w.clock.set('2027-05-18T06:00:00Z');
    expect(await advanceEvaluation('2027-05-18', deps)).toEqual([`evaluatie-2027-05-10: 0 herinneringen verstuurd aan wie nog niet antwoordde (${people - 1} niet verstuurd)`]);
  });
});

describe('two cycles at once on the day the evaluation is due', () => {
  it('start one evaluation and tell the beheerders once', async () => {
    const { w, deps } = await prepare({ config: { evaluation: { afterMonths: 6 } } });
    w.data.runs.set('2026-09-final', { runId: '2026-09-final', period: '2026-09', kind: 'final', status: 'completed', startedAt: '2026-11-10T07:00:00.000Z' });
    const people = (await expectedInvitees(w)).length;
    w.clock.set('2027-05-10T06:00:00Z');
    await Promise.all([advanceEvaluation('2027-05-10', deps), advanceEvaluation('2027-05-10', deps)]);
    const notices = w.mailer.sent.filter((m) => header(m, 'Subject').includes('Evaluatie gestart'));
    expect(notices.map((m) => header(m, 'Subject'))).toEqual([expect.stringContaining(`Evaluatie gestart: ${people} uitnodigingen verstuurd`)]);
    expect(w.mailer.sent).toHaveLength(people + 1);
  });
});

describe('the evaluation page, person by person', () => {
  it('shows nobody another\'s answers, takes an answer with spaces around it and a field of only spaces as empty, and records nothing through a link that expired while the page was open', async () => {
    const { w, deps, page, evaluations } = await prepare();
    const { evaluation } = await startEvaluation({ by: 'beheerder' }, deps);
    const [first, second] = w.mailer.sent.map(linkIn);
    if (!first || !second) throw new Error('two invitees expected');
    const shown = await openEvaluationPage(first, page);
    if (shown.state !== 'open') throw new Error(shown.state);
    expect(await submitEvaluation(first, form(shown.formToken, { 'vraag-nut': ' 4 ', 'vraag-frequentie': '   ' }), page)).toMatchObject({ recorded: true, current: { nut: '4' } });
    const other = await openEvaluationPage(second, page);
    expect(other.state === 'open' && 'current' in other).toBe(false);
    const late = await openEvaluationPage(second, page);
    if (late.state !== 'open') throw new Error(late.state);
    w.clock.set('2026-12-29T08:00:00Z');
    expect(await submitEvaluation(second, form(late.formToken, { 'vraag-nut': '2' }), page)).toEqual({ state: 'refused', message: 'Deze link is verlopen: de evaluatie is gesloten. Er is niets vastgelegd.' });
    expect((await evaluations.responses(evaluation.id)).map((r) => r.answers)).toEqual([{ nut: '4' }]);
  });
});
