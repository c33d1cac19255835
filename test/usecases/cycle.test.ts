import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import type { Figure } from '../../functions/core/organisation';
import type { Day } from '../../functions/core/workdays';
import { advanceCycle, cycleStatus } from '../../functions/usecases/cycle';
import { SendRejectedError } from '../../functions/usecases/ports';
import { runConcept, setHold } from '../../functions/usecases/release';
import { runReport } from '../../functions/usecases/run-report';
import { parsePeriod } from '../../functions/core/periods';
import { type World, header, world } from './support';

const BEHEERDERS = 'bi-team@werkzaak.example';
const gap = (f: Figure) => f.municipality === 'Tiel' && f.indicator === 'instroom' && f.month === '2026-10';

/** The cycle step of `today` at 07:00 UTC, as the daily schedule runs it. */
async function step(w: World, today: Day) {
  w.clock.set(`${today}T07:00:00Z`);
  return advanceCycle(today, w.release);
}

/** Mails to the beheerders, by the notice in their Message-ID (`2026-09.gaps.2026-11-09`). */
function notices(w: World): string[] {
  return w.mailer.sent.filter((m) => header(m, 'To').includes(BEHEERDERS)).map((m) => /^Message-ID: <(.*)@rapportbode>/im.exec(m.text)?.[1] ?? '?');
}

/** Mails that are reports (to AB-leden or reviewers), by run. */
function reports(w: World, runId: string): number {
  return w.mailer.sent.filter((m) => m.text.includes(`${runId}.`) && !header(m, 'To').includes(BEHEERDERS)).length;
}

/** Takes one figure out, as if the municipality had not delivered it yet. */
function withoutFigure(w: World, figure: (f: Figure) => boolean): Figure {
  const index = w.data.importValues.findIndex((v) => v.kind === 'figures' && figure(v.value as Figure));
  const [removed] = w.data.importValues.splice(index, 1);
  return removed?.value as Figure;
}

const manual = { calendar: { dataDeadlineWorkday: 5, reviewWorkdays: 5, release: 'manual' as const } };
const automatic = { calendar: { dataDeadlineWorkday: 5, reviewWorkdays: 5, release: 'automatic' as const } };

describe('the cycle of a period with figures missing', () => {
  it('sends nothing before the data deadline and says when it is', async () => {
    const w = await world({ config: manual });
    withoutFigure(w, gap);
    const [september] = await step(w, '2026-11-04');
    expect(september).toMatchObject({ period: '2026-09', state: 'wacht op gegevens', actions: ['1 waarde ontbreekt; de termijn is 06-11-2026'] });
    expect(w.mailer.sent).toEqual([]);
  });

  it('tells the beheerders the gaps once every working day after the deadline, and nobody else', async () => {
    // Prepare
    const w = await world({ config: manual });
    withoutFigure(w, gap);
    // Act
    const monday = await step(w, '2026-11-09');
    const mondayAgain = await step(w, '2026-11-09');
    const tuesday = await step(w, '2026-11-10');
    const saturday = await step(w, '2026-11-14');
    // Assess
    expect(monday[0]?.actions).toEqual([`1 waarde ontbreekt; melding aan de beheerders (${BEHEERDERS})`]);
    expect(mondayAgain[0]?.actions).toEqual(['1 waarde ontbreekt; de melding van vandaag is al verstuurd']);
    expect(tuesday[0]?.actions).toEqual([`1 waarde ontbreekt; melding aan de beheerders (${BEHEERDERS})`]);
    expect(saturday[0]?.actions).toEqual(['1 waarde ontbreekt; geen melding op een dag die geen werkdag is']);
    expect(notices(w)).toEqual(['2026-09.gaps.2026-11-09', '2026-09.gaps.2026-11-10']);
    expect(w.mailer.sent).toHaveLength(2);
    expect(w.mailer.sent[0]?.text).toContain('Tiel');
    expect(w.mailer.sent.map((m) => header(m, 'Cc'))).toEqual(['', '']);
  });

  it('sends the concept the first day the figures are complete', async () => {
    const w = await world({ config: manual });
    const missing = withoutFigure(w, gap);
    await step(w, '2026-11-09');
    await w.store.putFigures([missing], 'aanvulling');
    const [september] = await step(w, '2026-11-10');
    expect(september).toMatchObject({ state: 'concept verstuurd', actions: ['2026-09-concept-1 naar de reviewers (14 mails); review tot en met 17-11-2026'] });
    expect(notices(w)).toEqual(['2026-09.gaps.2026-11-09', '2026-09.concept.2026-09-concept-1']);
  });
});

describe('the review of a concept over several working days', () => {
  it('waits the review days out, then reminds the beheerders once to release it by hand', async () => {
    // Prepare
    const w = await world({ config: manual });
    // Act
    const [sent] = await step(w, '2026-11-09');
    const during = await step(w, '2026-11-16');
    const after = await step(w, '2026-11-17');
    const again = await step(w, '2026-11-18');
    // Assess
    expect(sent?.actions).toEqual(['2026-09-concept-1 naar de reviewers (14 mails); review tot en met 16-11-2026']);
    expect(during).toHaveLength(1);
    expect(during[0]?.actions).toEqual(['2026-09-concept-1 is bij de reviewers tot en met 16-11-2026']);
    expect(after[0]?.actions).toEqual(['review voorbij: herinnering aan de beheerders om 2026-09-concept-1 vrij te geven']);
    expect(again[0]?.actions).toEqual(['review voorbij; 2026-09-concept-1 wacht op vrijgave (herinnering al verstuurd)']);
    expect(notices(w)).toEqual(['2026-09.concept.2026-09-concept-1', '2026-09.reminder.2026-09-concept-1']);
    expect(await w.log.run('2026-09-final')).toBeUndefined();
  });

  it('releases the final by itself the working day after the review, from the concept, and then rests', async () => {
    // Prepare
    const w = await world({ config: automatic });
    // Act
    await step(w, '2026-11-09');
    const during = await step(w, '2026-11-16');
    const finalDuringReview = await w.log.run('2026-09-final');
    const released = await step(w, '2026-11-17');
    const later = await step(w, '2026-11-18');
    // Assess
    expect(during[0]?.state).toBe('concept verstuurd');
    expect(finalDuringReview).toBeUndefined();
    expect(reports(w, '2026-09-final')).toBeGreaterThan(0);
    expect(released[0]).toMatchObject({ state: 'vrijgegeven', actions: ['2026-09-concept-1 vrijgegeven als 2026-09-final: voltooid'] });
    expect(later).toEqual([expect.objectContaining({ period: '2026-09', state: 'vrijgegeven', actions: [] })]);
    expect(await w.log.run('2026-09-final')).toMatchObject({ status: 'completed', releasedFrom: '2026-09-concept-1', releasedBy: 'cycle (automatisch na de review)' });
    expect(notices(w)).toEqual(['2026-09.concept.2026-09-concept-1', '2026-09.released']);
  });

  it('releases nothing of a held period, also after the review, and says who holds it', async () => {
    const w = await world({ config: automatic });
    await step(w, '2026-11-09');
    await setHold('2026-09', true, 'wethouder-tiel', { ...w.release, now: w.clock.now });
    const sent = w.mailer.sent.length;
    const [held] = await step(w, '2026-11-17');
    expect(held).toMatchObject({ state: 'aangehouden', actions: ['aangehouden door wethouder-tiel; er gaat niets uit tot de periode weer wordt vrijgegeven'] });
    expect(w.mailer.sent).toHaveLength(sent);
    expect(await w.log.run('2026-09-final')).toBeUndefined();
  });

  it('sends a new concept when a figure changed during the review, naming the change', async () => {
    const w = await world({ config: manual });
    await step(w, '2026-11-09');
    const tiel = (await w.store.figures(['2026-10'])).find((f) => f.municipality === 'Tiel' && f.indicator === 'instroom') as Figure;
    await w.store.putFigures([{ ...tiel, value: tiel.value + 3 }], 'correctie');
    const [renewed] = await step(w, '2026-11-11');
    expect(renewed?.actions[0]).toMatch(/^2026-09-concept-2 naar de reviewers .*review tot en met 18-11-2026$/);
    expect(renewed?.actions[1]).toBe(`nieuw concept, want gewijzigd: Tiel · instroom · 2026-10: ${tiel.value} → ${tiel.value + 3}`);
    // The beheerders read the change in the new concept's notice.
    const notice = w.mailer.sent.find((m) => /^Message-ID: <2026-09\.concept\.2026-09-concept-2@rapportbode>/im.test(m.text));
    expect((await simpleParser(Buffer.from(notice?.raw ?? []))).text).toContain(`Tiel · instroom · 2026-10: ${tiel.value} → ${tiel.value + 3}`);
  });
});

describe('an earlier period still under review when the next one completes', () => {
  it('still reminds the beheerders of the earlier concept', async () => {
    // Prepare: juli–augustus goes to the reviewers in September and nobody releases it.
    const w = await world({ config: manual });
    const [july] = await step(w, '2026-09-08');
    expect(july).toMatchObject({ period: '2026-07', state: 'concept verstuurd' });
    // Act: in November september–oktober is the last complete period.
    const steps = await step(w, '2026-11-09');
    // Assess
    expect(steps.map((s) => s.period)).toEqual(['2026-07', '2026-09']);
    expect(steps[0]?.actions).toEqual(['review voorbij: herinnering aan de beheerders om 2026-07-concept-1 vrij te geven']);
    expect(notices(w)).toContain('2026-07.reminder.2026-07-concept-1');
  });

  it('releases the earlier concept by itself when release is automatic', async () => {
    const w = await world({ config: automatic });
    await step(w, '2026-09-08');
    const steps = await step(w, '2026-11-09');
    expect(steps[0]).toMatchObject({ period: '2026-07', state: 'vrijgegeven' });
    expect(await w.log.run('2026-07-final')).toMatchObject({ status: 'completed', releasedFrom: '2026-07-concept-1' });
  });

  it('shows both periods in cycle status, with the concept and its review days', async () => {
    const w = await world({ config: manual });
    await step(w, '2026-09-08');
    const status = await cycleStatus('2026-11-09', w.release);
    expect(status.map((s) => [s.period, s.state])).toEqual([
      ['2026-07', 'concept verstuurd'],
      ['2026-09', 'wacht op gegevens'],
    ]);
    expect(status[0]).toMatchObject({ conceptRunId: '2026-07-concept-1', conceptSentOn: '2026-09-08', reviewEndsOn: '2026-09-15', dataDeadline: '2026-09-07' });
  });
});

describe('the cycle\'s status and its failures', () => {
  it('shows a released period with when and by whom, and a held one with who holds it', async () => {
    const w = await world({ config: automatic });
    await step(w, '2026-11-09');
    await step(w, '2026-11-17');
    await setHold('2026-11', true, 'beheerder', { ...w.release, now: w.clock.now });
    const status = await cycleStatus('2026-11-18', w.release);
    const september = status.find((s) => s.period === '2026-09');
    expect(september).toMatchObject({ state: 'vrijgegeven', releasedAt: '2026-11-17T07:00:00.000Z', releasedBy: 'cycle (automatisch na de review)', gaps: [] });
    expect(status.find((s) => s.period === '2026-11')).toMatchObject({ state: 'aangehouden', heldBy: 'beheerder' });
  });

  it('shows a final sent by a run command as released by it', async () => {
    const w = await world({ config: manual });
    await runReport({ period: parsePeriod('2026-09'), kind: 'final' }, w.run);
    const [september] = await cycleStatus('2026-11-09', w.release);
    expect(september).toMatchObject({ period: '2026-09', state: 'vrijgegeven', releasedBy: 'run-opdracht' });
  });

  it('says the concept failed, and records no review, when no reviewer could be mailed', async () => {
    const w = await world({ config: manual });
    for (let i = 0; i < 20; i++) w.mailer.failNext(new SendRejectedError('MessageRejected: nee'));
    const [september] = await step(w, '2026-11-09');
    expect(september?.actions).toEqual(['concept 2026-09-concept-1 mislukt: zie rapportbode deliveries']);
    expect((await w.cycles.get('2026-09'))?.conceptRunId).toBeUndefined();
  });

  it('leaves out a period recorded under an earlier rhythm', async () => {
    const w = await world({ config: manual });
    await w.cycles.setHold('2026-04', { held: true, by: 'b', at: '2026-07-01T00:00:00Z' });
    const steps = await step(w, '2026-11-04');
    expect(steps.map((s) => s.period)).toEqual(['2026-09']);
  });
});

describe('the cycle when things went otherwise', () => {
  it('names every beheerder the gaps notice went to', async () => {
    const w = await world({ config: { ...manual, administrators: [BEHEERDERS, 'ict@werkzaak.example'] } });
    withoutFigure(w, gap);
    const [september] = await step(w, '2026-11-09');
    expect(september?.actions).toEqual([`1 waarde ontbreekt; melding aan de beheerders (${BEHEERDERS}, ict@werkzaak.example)`]);
  });

  it('keeps the period open when the released final reached only part of its addresses', async () => {
    const w = await world({ config: automatic });
    await step(w, '2026-11-09');
    w.mailer.failNext(new SendRejectedError('MessageRejected'));
    const [released] = await step(w, '2026-11-17');
    expect(released).toMatchObject({ state: 'concept verstuurd', actions: ['2026-09-concept-1 vrijgegeven als 2026-09-final: gedeeltelijk'] });
  });

  it('does not remind of a concept a later one replaced', async () => {
    const w = await world({ config: manual });
    await step(w, '2026-11-09');
    // An operator sends another concept by hand (rapportbode run --concept).
    await runConcept({ period: parsePeriod('2026-09') }, w.run, w.log);
    await step(w, '2026-11-17');
    expect(notices(w)).not.toContain('2026-09.reminder.2026-09-concept-1');
  });

  it('shows the periods in cycle status in order, also one held ahead of time', async () => {
    const w = await world({ config: manual });
    await setHold('2026-11', true, 'beheerder', { ...w.release, now: w.clock.now });
    const status = await cycleStatus('2026-11-09', w.release);
    expect(status.map((s) => [s.period, s.state])).toEqual([
      ['2026-09', 'wacht op gegevens'],
      ['2026-11', 'aangehouden'],
    ]);
  });

  it('takes a concept whose run record has expired as no concept with the reviewers', async () => {
    const w = await world({ config: manual });
    await step(w, '2026-11-09');
    w.data.runs.delete('2026-09-concept-1');
    const status = await cycleStatus('2026-11-17', w.release);
    expect(status).toEqual([expect.objectContaining({ period: '2026-09', state: 'wacht op gegevens', conceptRunId: '2026-09-concept-1' })]);
  });
});

describe('a concept that reached only part of the reviewers', () => {
  it('keeps a partial concept under review instead of sending another', async () => {
    const w = await world({ config: manual });
    w.mailer.failNext(new SendRejectedError('MessageRejected'));
    const [sent] = await step(w, '2026-11-09');
    const [next] = await step(w, '2026-11-10');
    expect(sent?.actions[0]).toMatch(/^2026-09-concept-1 naar de reviewers \(13 mails\)/);
    expect(next?.actions).toEqual(['2026-09-concept-1 is bij de reviewers tot en met 16-11-2026']);
  });

  it('names the problems of a concept that had no reviewer to go to', async () => {
    const w = await world({ config: manual });
    for (const r of (await w.store.recipients()).filter((r) => r.role === 'reviewer')) await w.recipientStore.remove(r, { actor: 'b', at: '2026-11-01T00:00:00Z' });
    const [september] = await step(w, '2026-11-09');
    expect(september?.actions.slice(1).every((a) => a.startsWith('probleem: '))).toBe(true);
    expect(september?.actions.length).toBeGreaterThan(1);
  });
});
