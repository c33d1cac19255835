import { describe, expect, it } from 'vitest';
import { type CycleFacts, conceptNotice, dataDeadline, decideCycleStep, gapsNotice, releasedNotice, reminderNotice } from '../../functions/core/cycle';
import { parsePeriod } from '../../functions/core/periods';
import { ANSWER_LINK_GRACE_DAYS, answerLinkExpiry, reminderDayFor } from '../../functions/core/review';
import { addDays, addWorkdays, amsterdamDay, dayLabelNl, endOfAmsterdamDay, isWorkday, nthWorkdayOfMonth, parseDay } from '../../functions/core/workdays';

const facts = (overrides: Partial<CycleFacts> = {}): CycleFacts => ({
  today: '2026-11-10',
  workday: true,
  dataDeadline: '2026-11-06',
  released: false,
  held: false,
  gaps: 0,
  changedSinceConcept: false,
  release: 'manual',
  ...overrides,
});
const concept = { runId: '2026-09-concept-1', reviewEndsOn: '2026-11-17' };

describe('working days', () => {
  it('skip weekends and Dutch public holidays, not Bevrijdingsdag or Goede Vrijdag', () => {
    expect(['2026-11-28', '2026-11-29'].map(isWorkday)).toEqual([false, false]);
    expect(['2027-01-01', '2026-04-06', '2026-04-27', '2026-05-14', '2026-05-25', '2026-12-25', '2026-12-26'].map(isWorkday)).toEqual(Array(7).fill(false));
    expect(['2026-05-05', '2026-04-03', '2026-11-30'].map(isWorkday)).toEqual([true, true, true]);
  });

  it('count the data deadline and the review over holidays', () => {
    // 1 January is Nieuwjaar and 2–3 January a weekend: the 5th working day of January 2027 is the 8th.
    expect(nthWorkdayOfMonth('2027-01', 5)).toBe('2027-01-08');
    expect(dataDeadline(parsePeriod('2026-11'), { dataDeadlineWorkday: 5, reviewWorkdays: 5, release: 'manual' })).toBe('2027-01-08');
    expect(dataDeadline(parsePeriod('2026-07', 3), { dataDeadlineWorkday: 10, reviewWorkdays: 5, release: 'manual' })).toBe('2026-10-14');
    // Christmas and a weekend between: 5 working days after 22 December end on the 30th.
    expect(addWorkdays('2026-12-22', 5)).toBe('2026-12-30');
  });

  it('take the day in Amsterdam, and refuse a day that does not exist', () => {
    expect(amsterdamDay(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(amsterdamDay(new Date('2026-07-01T05:00:00Z'))).toBe('2026-07-01');
    expect(() => parseDay('2026-02-30')).toThrow('"2026-02-30" is geen datum van de vorm JJJJ-MM-DD (bijvoorbeeld 2026-11-30)');
    expect(() => parseDay('x2026-02-03')).toThrow('is geen datum');
    expect(() => parseDay('2026-02-03x')).toThrow('is geen datum');
    expect(parseDay(' 2026-02-03 ')).toBe('2026-02-03');
  });

  it('step over month and year ends, and name a day in Dutch', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addWorkdays('2026-11-27', 1)).toBe('2026-11-30');
    expect(addWorkdays('2026-11-30', 0)).toBe('2026-11-30');
    expect(nthWorkdayOfMonth('2026-12', 1)).toBe('2026-12-01');
    expect(nthWorkdayOfMonth('2026-11', 1)).toBe('2026-11-02');
    expect(dayLabelNl('2027-01-08')).toBe('vrijdag 8 januari 2027');
  });
});

describe('the cycle rule', () => {
  it('does nothing for a released period, even when the data changed afterwards', () => {
    expect(decideCycleStep(facts({ released: true, gaps: 3, changedSinceConcept: true }))).toEqual({ state: 'vrijgegeven', action: 'none' });
  });

  it('holds a held period whatever else is true', () => {
    expect(decideCycleStep(facts({ held: true, concept, today: '2026-12-01', release: 'automatic' }))).toEqual({ state: 'aangehouden', action: 'none' });
  });

  it('waits without a notice before the data deadline and on a day off, and notices the gaps after it', () => {
    expect(decideCycleStep(facts({ gaps: 2, today: '2026-11-05' }))).toMatchObject({ state: 'wacht op gegevens', action: 'none', why: 'before deadline' });
    expect(decideCycleStep(facts({ gaps: 2, today: '2026-11-06' }))).toMatchObject({ state: 'wacht op gegevens', action: 'notice gaps' });
    expect(decideCycleStep(facts({ gaps: 2, today: '2026-11-07', workday: false }))).toEqual({ state: 'wacht op gegevens', action: 'none', why: 'no working day' });
  });

  it('sends a concept once the figures are complete, and a new one when the data changed since', () => {
    expect(decideCycleStep(facts())).toEqual({ state: 'concept verstuurd', action: 'send concept' });
    expect(decideCycleStep(facts({ concept, changedSinceConcept: true }))).toEqual({ state: 'concept verstuurd', action: 'send concept' });
  });

  it('waits through the last review day, then releases (automatisch) or reminds (handmatig)', () => {
    expect(decideCycleStep(facts({ concept, today: '2026-11-17' }))).toEqual({ state: 'concept verstuurd', action: 'none', why: 'in review' });
    expect(decideCycleStep(facts({ concept, today: '2026-11-18', release: 'automatic' }))).toEqual({ state: 'concept verstuurd', action: 'release' });
    expect(decideCycleStep(facts({ concept, today: '2026-11-18', release: 'manual' }))).toEqual({ state: 'concept verstuurd', action: 'remind' });
  });

  it('reminds the silent from the reminder day on, on working days, during the review only', () => {
    expect(decideCycleStep(facts({ concept, today: '2026-11-12', reminderDue: true }))).toEqual({ state: 'concept verstuurd', action: 'remind silent' });
    expect(decideCycleStep(facts({ concept, today: '2026-11-14', reminderDue: true, workday: false }))).toMatchObject({ action: 'none', why: 'in review' });
    expect(decideCycleStep(facts({ concept, today: '2026-11-18', reminderDue: true, release: 'manual' }))).toEqual({ state: 'concept verstuurd', action: 'remind' });
  });

  it('stops the automatic release after the review when a municipality made an Opmerking', () => {
    expect(decideCycleStep(facts({ concept, today: '2026-11-18', release: 'automatic', remarked: true }))).toEqual({ state: 'concept verstuurd', action: 'stopped by remark' });
    expect(decideCycleStep(facts({ concept, today: '2026-11-18', release: 'manual', remarked: true }))).toEqual({ state: 'concept verstuurd', action: 'remind' });
  });

  it('names the first 20 gaps in a notice and counts the rest', () => {
    const missing = Array.from({ length: 23 }, (_, i) => ({ municipality: `Gemeente ${i + 1}`, indicator: 'instroom', month: '2026-10' }));
    const notice = gapsNotice('Werkbedrijf', parsePeriod('2026-09'), '2026-11-06', missing);
    expect(notice.text).toContain('Er ontbreken 23 waarden:');
    expect(notice.text).toContain('- Gemeente 20 · instroom · 2026-10');
    expect(notice.text).not.toContain('Gemeente 21 ');
    expect(notice.text).toContain('- … en 3 meer');
  });

  it('writes the gaps notice for the beheerders, with what to do', () => {
    const notice = gapsNotice('Werkbedrijf', parsePeriod('2026-09'), '2026-11-06', [{ municipality: 'Tiel', indicator: 'instroom', month: '2026-10' }]);
    expect(notice.subject).toBe('Werkbedrijf: cijfers september–oktober 2026 nog niet compleet');
    expect(notice.text.split('\n').slice(0, 4)).toEqual([
      'De cijfers over september–oktober 2026 (2026-09) zijn nog niet compleet; ze werden uiterlijk vrijdag 6 november 2026 verwacht.',
      'Er ontbreekt 1 waarde:',
      '- Tiel · instroom · 2026-10',
      '',
    ]);
    expect(notice.text.split('\n').slice(4)).toEqual([
      'Lees de ontbrekende cijfers in (rapportbode import BESTAND, of zet het bestand in de ingest-bucket). Zodra ze compleet zijn, gaat het concept naar de reviewers; tot dan gaat er niets naar de AB-leden of de reviewers.',
      'Deze melding komt hoogstens eens per werkdag.',
    ]);
    const twenty = Array.from({ length: 20 }, (_, i) => ({ municipality: `Gemeente ${i + 1}`, indicator: 'instroom', month: '2026-10' }));
    expect(gapsNotice('Werkbedrijf', parsePeriod('2026-09'), '2026-11-06', twenty).text).not.toContain('meer');
  });
});

describe('the cycle notices', () => {
  const period = parsePeriod('2026-09');
  const sent = { runId: '2026-09-concept-2', mails: 7, reviewEndsOn: '2026-11-17', changes: [] };

  it('tell the beheerders a concept went out, until when it is reviewed, and how it is released', () => {
    const manual = conceptNotice('Werkbedrijf', period, { ...sent, release: 'manual' });
    expect(manual.subject).toBe('Werkbedrijf: concept september–oktober 2026 naar de reviewers');
    expect(manual.text.split('\n')).toEqual([
      'Concept 2026-09-concept-2 over september–oktober 2026 is naar de reviewers en gbo-leden verstuurd (7 mails: ieder één per gemeente die hij beoordeelt, met een persoonlijke link om te reageren).',
      'De review loopt tot en met dinsdag 17 november 2026.',
      'Daarna geeft u het vrij: rapportbode release 2026-09-concept-2.',
    ]);
    const automatic = conceptNotice('Werkbedrijf', period, { ...sent, release: 'automatic', changes: ['toelichting gewijzigd'] });
    expect(automatic.text.split('\n')).toEqual([
      'Concept 2026-09-concept-2 over september–oktober 2026 is naar de reviewers en gbo-leden verstuurd (7 mails: ieder één per gemeente die hij beoordeelt, met een persoonlijke link om te reageren).',
      'Het vervangt het vorige concept, omdat er daarna iets is gewijzigd:',
      '- toelichting gewijzigd',
      'De review loopt tot en met dinsdag 17 november 2026.',
      'Daarna gaat de definitieve versie vanzelf naar de AB-leden, tenzij u de periode aanhoudt: rapportbode release --aanhouden 2026-09-concept-2.',
    ]);
  });

  it('remind once that a reviewed concept waits for release, and say when the final went out', () => {
    const reminder = reminderNotice('Werkbedrijf', period, '2026-09-concept-2', '2026-11-17');
    expect(reminder.subject).toBe('Werkbedrijf: september–oktober 2026 wacht op vrijgave');
    expect(reminder.text).toBe(
      [
        'De review van 2026-09-concept-2 over september–oktober 2026 liep tot en met dinsdag 17 november 2026.',
        'Geef het concept vrij met rapportbode release 2026-09-concept-2; dan gaat de definitieve versie naar de AB-leden. Of houd de periode aan met rapportbode release --aanhouden 2026-09-concept-2.',
        'Deze herinnering komt eenmaal per concept.',
      ].join('\n'),
    );
    const released = releasedNotice('Werkbedrijf', period, '2026-09-final', 'voltooid');
    expect(released).toEqual({
      subject: 'Werkbedrijf: september–oktober 2026 definitief verstuurd',
      text: 'Na de review is 2026-09-final over september–oktober 2026 automatisch naar de AB-leden verstuurd (status: voltooid). Zie rapportbode deliveries 2026-09-final.',
    });
  });
});

describe('the review day by day (core/review)', () => {
  it('puts the reminder on the review’s n-th working day, the default 3 kept before the last day', () => {
    // Sent Monday 9 November 2026: review day 1 is Tuesday 10, day 3 Thursday 12.
    expect(reminderDayFor('2026-11-09', { reviewWorkdays: 5, reminderWorkday: 1 })).toBe('2026-11-10');
    expect(reminderDayFor('2026-11-09', { reviewWorkdays: 5 })).toBe('2026-11-12');
    expect(reminderDayFor('2026-11-09', { reviewWorkdays: 3 })).toBe('2026-11-11');
    expect(reminderDayFor('2026-11-09', { reviewWorkdays: 1 })).toBeUndefined();
  });

  it('ends an answer link at midnight in Amsterdam five days after the review’s last day', () => {
    expect(ANSWER_LINK_GRACE_DAYS).toBe(5);
    expect(answerLinkExpiry('2026-11-16').toISOString()).toBe('2026-11-21T23:00:00.000Z');
    expect(answerLinkExpiry('2026-06-15').toISOString()).toBe('2026-06-20T22:00:00.000Z');
  });

  it('ends an Amsterdam day at its midnight, winter and summer time alike (endOfAmsterdamDay)', () => {
    expect(endOfAmsterdamDay('2026-12-28').toISOString()).toBe('2026-12-28T23:00:00.000Z');
    expect(endOfAmsterdamDay('2026-07-01').toISOString()).toBe('2026-07-01T22:00:00.000Z');
    // The days the clocks change: Saturday before the last Sunday ends in winter time, the Sunday in summer time.
    expect(endOfAmsterdamDay('2026-03-28').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(endOfAmsterdamDay('2026-03-29').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(endOfAmsterdamDay('2026-10-25').toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });
});
