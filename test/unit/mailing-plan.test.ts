import { describe, expect, it } from 'vitest';
import { planMailing } from '../../functions/core/mailing-plan';
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
    expect(plan.messages).toHaveLength(3);
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
    expect(plan.problems[0]?.reason).toMatch(/vragen 2 berichten/);
  });
});
