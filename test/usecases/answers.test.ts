import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../functions/core/periods';
import { answerLink, openAnswerPage, submitAnswer } from '../../functions/usecases/answers';
import { runReport } from '../../functions/usecases/run-report';
import { LINK_KEY, world } from './support';

const concept = '2026-09-concept-1';

/** The answer page's use case on the in-memory ports; the link valid until 12 November. */
async function prepare() {
  const memory = await world({ at: '2026-11-04T09:00:00Z' });
  const reviewer = (await memory.store.recipients()).find((r) => r.role === 'reviewer');
  if (!reviewer) throw new Error('the sample data has no reviewer');
  const link = answerLink(LINK_KEY, { email: reviewer.email, conceptRunId: concept, municipality: 'Tiel', expiresAt: new Date('2026-11-12T23:00:00Z') });
  return { memory, deps: memory.answering, answers: memory.answers, reviewer, link, clock: memory.clock };
}

describe('the answer page of a concept', () => {
  it('shows the page on opening the link and records nothing', async () => {
    const { deps, answers, reviewer, link } = await prepare();
    const page = await openAnswerPage(link, deps);
    expect(page).toMatchObject({ state: 'open', conceptRunId: concept, municipality: 'Tiel', name: reviewer.name });
    expect(await answers.answersFor(concept)).toEqual([]);
  });

  it('records Akkoord only with the form token, and an Opmerking then replaces it', async () => {
    const { deps, answers, link } = await prepare();
    const page = await openAnswerPage(link, deps);
    if (page.state !== 'open') throw new Error(page.state);
    const forged = await submitAnswer(link, { formToken: 'x', answer: 'akkoord', text: '' }, deps);
    expect(forged).toMatchObject({ state: 'refused', reason: 'form', message: expect.stringContaining('er is niets vastgelegd') });
    expect(await answers.answersFor(concept)).toEqual([]);

    expect(await submitAnswer(link, { formToken: page.formToken, answer: 'akkoord', text: '' }, deps)).toMatchObject({ recorded: true });
    await submitAnswer(link, { formToken: page.formToken, answer: 'opmerking', text: '  De tabel over Tiel mist oktober.  ' }, deps);
    expect(await answers.answersFor(concept)).toEqual([expect.objectContaining({ municipality: 'Tiel', answer: 'opmerking', text: 'De tabel over Tiel mist oktober.' })]);
    expect(await openAnswerPage(link, deps)).toMatchObject({ current: { answer: 'opmerking' } });
  });

  it('refuses an Opmerking without text', async () => {
    const { deps, answers, link } = await prepare();
    const page = await openAnswerPage(link, deps);
    if (page.state !== 'open') throw new Error(page.state);
    expect(await submitAnswer(link, { formToken: page.formToken, answer: 'opmerking', text: ' ' }, deps)).toMatchObject({ state: 'refused' });
    expect(await answers.answersFor(concept)).toEqual([]);
  });

  it('refuses a changed link, an expired one and one for someone not on the list, recording nothing', async () => {
    const { deps, answers, link, clock } = await prepare();
    const changed = `${link.slice(0, 10)}${link[10] === 'A' ? 'B' : 'A'}${link.slice(11)}`;
    expect(await openAnswerPage(changed, deps)).toEqual({ state: 'refused', reason: 'invalid', message: expect.stringContaining('niet geldig') });
    const stranger = answerLink(LINK_KEY, { email: 'iemand@elders.example', conceptRunId: concept, municipality: 'Tiel', expiresAt: new Date('2026-11-12T23:00:00Z') });
    expect(await openAnswerPage(stranger, deps)).toEqual({ state: 'refused', reason: 'not-listed', message: expect.stringContaining('niet (meer) op de lijst') });
    clock.set('2026-11-13T09:00:00Z');
    expect(await openAnswerPage(link, deps)).toEqual({ state: 'refused', reason: 'expired', message: expect.stringContaining('verlopen') });
    expect(await answers.answersFor(concept)).toEqual([]);
  });

  it('takes no answer on a concept that a newer one replaced, and points to the newer mail', async () => {
    // A change to the data sends concept-2; concept-1's link said "Dank u; uw reactie is vastgelegd",
    // for an answer the release and the status never read (they read concept-2's).
    const { memory, deps, answers, link } = await prepare();
    const page = await openAnswerPage(link, deps);
    if (page.state !== 'open') throw new Error(page.state);
    memory.data.runs.set('2026-09-concept-2', { runId: '2026-09-concept-2', period: '2026-09', kind: 'concept', status: 'completed', startedAt: '2026-11-05T07:00:00.000Z' });
    const superseded = { state: 'refused', reason: 'superseded', message: 'Er is een nieuwer concept van Tiel verstuurd (2026-09-concept-2); reageer via de link in die mail. Op 2026-09-concept-1 wordt niets meer vastgelegd.' };
    expect(await openAnswerPage(link, deps)).toEqual(superseded);
    expect(await submitAnswer(link, { formToken: page.formToken, answer: 'akkoord', text: '' }, deps)).toEqual(superseded);
    expect(await answers.answersFor(concept)).toEqual([]);
  });

  it('says the report went out once the final was sent, and records nothing more', async () => {
    const { deps, memory, answers, link } = await prepare();
    const page = await openAnswerPage(link, deps);
    if (page.state !== 'open') throw new Error(page.state);
    await runReport({ period: parsePeriod('2026-09'), kind: 'final' }, memory.run);
    expect(await openAnswerPage(link, deps)).toMatchObject({ state: 'released' });
    expect(await submitAnswer(link, { formToken: page.formToken, answer: 'akkoord', text: '' }, deps)).toMatchObject({ state: 'released' });
    expect(await answers.answersFor(concept)).toEqual([]);
  });
});

describe('what the answer page shows and keeps', () => {
  it('shows each person their own answer about this municipality, not another\'s or another municipality\'s', async () => {
    const { memory, deps, reviewer, link } = await prepare();
    const gbo = { email: 'gbo-lid@tiel.example', name: 'Gbo Tiel', role: 'gbo-lid' as const, municipality: 'Tiel' };
    await memory.store.putRecipients([...(await memory.store.recipients()), gbo]);
    const expiresAt = new Date('2026-11-12T23:00:00Z');
    const answer = async (token: string, choice: 'akkoord' | 'opmerking', text = '') => {
      const page = await openAnswerPage(token, deps);
      if (page.state !== 'open') throw new Error(page.state);
      return submitAnswer(token, { formToken: page.formToken, answer: choice, text }, deps);
    };
    await answer(answerLink(LINK_KEY, { email: gbo.email, conceptRunId: concept, municipality: 'Tiel', expiresAt }), 'opmerking', 'Oktober ontbreekt.');
    await answer(answerLink(LINK_KEY, { email: reviewer.email, conceptRunId: concept, municipality: 'Buren', expiresAt }), 'opmerking', 'Buren klopt niet.');
    const page = await openAnswerPage(link, deps);
    expect(page.state === 'open' && 'current' in page).toBe(false);
    // An Akkoord keeps no text, even when the form sent some.
    expect(await answer(link, 'akkoord', 'toch nog iets')).toMatchObject({ recorded: true, current: { answer: 'akkoord', by: reviewer.name } });
    const mine = (await memory.answers.answersFor(concept)).find((a) => a.municipality === 'Tiel' && a.by === reviewer.name);
    expect(mine && 'text' in mine).toBe(false);
    expect(await openAnswerPage(link, deps)).toMatchObject({ current: { answer: 'akkoord', by: reviewer.name } });
  });

  it('keeps the first 4,000 characters of a long Opmerking', async () => {
    const { deps, answers, link } = await prepare();
    const page = await openAnswerPage(link, deps);
    if (page.state !== 'open') throw new Error(page.state);
    await submitAnswer(link, { formToken: page.formToken, answer: 'opmerking', text: 'a'.repeat(4100) }, deps);
    expect((await answers.answersFor(concept))[0]?.text).toBe('a'.repeat(4000));
  });

  it('says what is missing: a choice, or the text of an Opmerking', async () => {
    const { deps, answers, link } = await prepare();
    const page = await openAnswerPage(link, deps);
    if (page.state !== 'open') throw new Error(page.state);
    expect(await submitAnswer(link, { formToken: page.formToken, answer: 'misschien', text: 'hm' }, deps)).toEqual({ state: 'refused', reason: 'form', field: 'answer', message: 'Kies Akkoord of Opmerking; er is niets vastgelegd.' });
    expect(await submitAnswer(link, { formToken: page.formToken, answer: 'opmerking', text: '  ' }, deps)).toEqual({ state: 'refused', reason: 'form', field: 'text', message: 'Schrijf uw opmerking in het tekstvak; er is niets vastgelegd.' });
    expect(await answers.answersFor(concept)).toEqual([]);
  });

  it('takes no answer once a newer concept reached only some of its readers', async () => {
    const { memory, deps, link } = await prepare();
    memory.data.runs.set('2026-09-concept-2', { runId: '2026-09-concept-2', period: '2026-09', kind: 'concept', status: 'partial', startedAt: '2026-11-05T07:00:00.000Z' });
    expect(await openAnswerPage(link, deps)).toMatchObject({ state: 'refused', reason: 'superseded' });
    memory.data.runs.set('2026-09-concept-2', { runId: '2026-09-concept-2', period: '2026-09', kind: 'concept', status: 'failed', startedAt: '2026-11-05T07:00:00.000Z' });
    expect(await openAnswerPage(link, deps)).toMatchObject({ state: 'open' });
  });
});
