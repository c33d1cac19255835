import { describe, expect, it } from 'vitest';
import { planConceptMailing, planMailing } from '../../functions/core/mailing-plan';
import type { Organisation, Recipient } from '../../functions/core/organisation';
import { sampleRecipients } from '../../functions/local/sample-data';
import { testOrganisation } from '../support/organisation';

/** The demo organisation: eight municipalities, Neder-Betuwe opted out. */
const demo = testOrganisation();

const person = (municipality: string, role: Recipient['role'], n: number): Recipient => ({
  email: `${role}-${n}@${municipality.toLowerCase()}.example`,
  name: `${role} ${n}`,
  role,
  municipality,
});

describe('the mailing plan', () => {
  it('mails each participating municipality once, To its AB-leden with its beleidsmedewerkers in cc', () => {
    const plan = planMailing(demo, sampleRecipients(demo));
    expect(plan.messages).toHaveLength(7);
    const tiel = plan.messages.find((m) => m.municipality === 'Tiel');
    expect(tiel?.to.every((r) => r.role === 'ab-lid' && r.municipality === 'Tiel')).toBe(true);
    expect(tiel?.cc.every((r) => r.role === 'beleidsmedewerker' && r.municipality === 'Tiel')).toBe(true);
  });

  it('sends Neder-Betuwe nothing when it has opted out', () => {
    const plan = planMailing(demo, sampleRecipients(demo));
    expect(plan.messages.some((m) => m.municipality === 'Neder-Betuwe')).toBe(false);
    expect(plan.optedOut).toEqual(['Neder-Betuwe']);
  });

  it('never mails reviewers in a final run', () => {
    const plan = planMailing(demo, sampleRecipients(demo));
    expect(plan.messages.flatMap((m) => [...m.to, ...m.cc]).some((r) => r.role === 'reviewer')).toBe(false);
  });

  it('reports a municipality without AB-lid as a problem instead of mailing only its cc', () => {
    const organisation: Organisation = { name: 'W', municipalities: [{ name: 'Tiel', optedOut: false }] };
    const plan = planMailing(organisation, [person('Tiel', 'beleidsmedewerker', 1)]);
    expect(plan.messages).toHaveLength(0);
    expect(plan.problems).toEqual([{ municipality: 'Tiel', reason: expect.stringMatching(/geen AB-lid/) }]);
  });

  it('spreads more than 50 addresses over messages that each have a To and at most 50 addresses', () => {
    const organisation: Organisation = { name: 'W', municipalities: [{ name: 'Tiel', optedOut: false }] };
    const recipients = [
      ...Array.from({ length: 5 }, (_, i) => person('Tiel', 'ab-lid', i)),
      ...Array.from({ length: 120 }, (_, i) => person('Tiel', 'beleidsmedewerker', i)),
    ];
    const plan = planMailing(organisation, recipients);
    expect(plan.messages.map((m) => m.key)).toEqual(['Tiel#1', 'Tiel#2', 'Tiel#3']);
    for (const m of plan.messages) {
      expect(m.to.length).toBeGreaterThan(0);
      expect(m.to.length + m.cc.length).toBeLessThanOrEqual(50);
    }
    const everyone = plan.messages.flatMap((m) => [...m.to, ...m.cc].map((r) => r.email));
    expect(new Set(everyone).size).toBe(125);
    expect(everyone).toHaveLength(125);
  });

  it('refuses to split when there are too few AB-leden to carry every cc', () => {
    const organisation: Organisation = { name: 'W', municipalities: [{ name: 'Tiel', optedOut: false }] };
    const recipients = [person('Tiel', 'ab-lid', 1), ...Array.from({ length: 60 }, (_, i) => person('Tiel', 'beleidsmedewerker', i))];
    const plan = planMailing(organisation, recipients);
    expect(plan.messages).toHaveLength(0);
    expect(plan.problems[0]?.reason).toBe('61 adressen vragen 2 berichten van hoogstens 50, maar er zijn maar 1 AB-leden om ze aan te richten');
  });
});

describe('the concept mailing plan', () => {
  const organisation: Organisation = { name: 'W', municipalities: [{ name: 'Tiel', optedOut: false }, { name: 'Buren', optedOut: true }, { name: 'Culemborg', optedOut: false }] };
  const board = [person('Tiel', 'ab-lid', 1), person('Culemborg', 'ab-lid', 1), person('Tiel', 'beleidsmedewerker', 1)];

  /** A plan's messages as [municipality, the one addressee]: keys are per person, not per part. */
  const perPerson = (plan: ReturnType<typeof planConceptMailing>) => plan.messages.map((m) => [m.municipality, m.to.map((r) => r.email), m.cc]);

  it('sends each participating municipality’s document to each reviewer in a mail of their own (one answer link each)', () => {
    const reviewers = Array.from({ length: 3 }, (_, i) => ({ ...person('x', 'reviewer', i), municipality: null }));
    const plan = planConceptMailing(organisation, [...board, ...reviewers]);
    expect(perPerson(plan)).toEqual([
      ['Tiel', ['reviewer-0@x.example'], []],
      ['Tiel', ['reviewer-1@x.example'], []],
      ['Tiel', ['reviewer-2@x.example'], []],
      ['Culemborg', ['reviewer-0@x.example'], []],
      ['Culemborg', ['reviewer-1@x.example'], []],
      ['Culemborg', ['reviewer-2@x.example'], []],
    ]);
    expect(plan.optedOut).toEqual(['Buren']);
    expect(plan.problems).toEqual([]);
  });

  it('keys each message by municipality and person, the same whoever else is on the list', () => {
    const reviewers = Array.from({ length: 3 }, (_, i) => ({ ...person('x', 'reviewer', i), municipality: null }));
    const keys = planConceptMailing(organisation, [...board, ...reviewers]).messages.map((m) => m.key);
    expect(new Set(keys).size).toBe(6);
    expect(keys.every((k) => /^(Tiel|Culemborg)#[A-Za-z0-9_-]{10}$/.test(k))).toBe(true);
    // reviewer-0 left the list: reviewer-1 keeps its key, so a later attempt never takes one person's mail for another's.
    const later = planConceptMailing(organisation, [...board, ...reviewers.slice(1)]).messages.map((m) => m.key);
    expect(later).toEqual(keys.filter((_, i) => i % 3 !== 0));
  });

  it('sends a gbo-lid only its own municipality’s concept, and the reviewers every one', () => {
    const reviewer = { ...person('x', 'reviewer', 1), municipality: null };
    const gboTiel = person('Tiel', 'gbo-lid', 1);
    const gboBuren = person('Buren', 'gbo-lid', 1);
    const plan = planConceptMailing(organisation, [...board, reviewer, gboTiel, gboBuren]);
    expect(perPerson(plan)).toEqual([
      ['Tiel', ['reviewer-1@x.example'], []],
      ['Tiel', ['gbo-lid-1@tiel.example'], []],
      ['Culemborg', ['reviewer-1@x.example'], []],
    ]);
    expect(plan.problems).toEqual([]);
  });

  it('never sends a gbo-lid the final', () => {
    const plan = planMailing(organisation, [...board, person('Tiel', 'gbo-lid', 1)]);
    expect(plan.messages.flatMap((m) => [...m.to, ...m.cc]).map((r) => r.role)).not.toContain('gbo-lid');
  });

  it('mails the concept with gbo-leden alone, and names a municipality that has none', () => {
    const plan = planConceptMailing(organisation, [...board, person('Tiel', 'gbo-lid', 1)]);
    expect(plan.messages.map((m) => [m.municipality, m.to.map((r) => r.email)])).toEqual([['Tiel', ['gbo-lid-1@tiel.example']]]);
    expect(plan.problems).toEqual([{ municipality: 'Culemborg', reason: expect.stringContaining('rapportbode recipients add --gemeente Culemborg --rol gbo-lid') }]);
    expect(planConceptMailing(organisation, board).problems[0]?.reason).toContain('er zijn geen reviewers of gbo-leden');
  });
});
