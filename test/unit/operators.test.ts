import { describe, expect, it } from 'vitest';
import { withoutBlocked } from '../../functions/core/blocked-addresses';
import { planConceptMailing } from '../../functions/core/mailing-plan';
import type { Organisation, Recipient } from '../../functions/core/organisation';
import { parseRunId, runIdFor } from '../../functions/core/run-id';

const organisation: Organisation = {
  name: 'Werkzaak',
  municipalities: [
    { name: 'Tiel', optedOut: false },
    { name: 'Buren', optedOut: false },
    { name: 'Neder-Betuwe', optedOut: true },
  ],
};
const recipients: Recipient[] = [
  { email: 'ab@tiel.example', name: 'AB Tiel', role: 'ab-lid', municipality: 'Tiel' },
  { email: 'ab@buren.example', name: 'AB Buren', role: 'ab-lid', municipality: 'Buren' },
  { email: 'gbo@werkzaak.example', name: 'GBO', role: 'reviewer', municipality: null },
  { email: 'beleid@werkzaak.example', name: 'Team Beleid', role: 'reviewer', municipality: null },
];

describe('the concept mailing', () => {
  it("sends each reviewer one message per participating municipality and no municipality's own recipients", () => {
    const plan = planConceptMailing(organisation, recipients);
    expect(plan.messages.map((m) => [m.municipality, m.to.map((r) => r.email)])).toEqual([
      ['Tiel', ['gbo@werkzaak.example']],
      ['Tiel', ['beleid@werkzaak.example']],
      ['Buren', ['gbo@werkzaak.example']],
      ['Buren', ['beleid@werkzaak.example']],
    ]);
    for (const m of plan.messages) expect(m.cc).toEqual([]);
    expect(plan.optedOut).toEqual(['Neder-Betuwe']);
  });

  it('reports what would stop the final already: a municipality without AB-lid is a problem of the concept too', () => {
    const plan = planConceptMailing(organisation, recipients.filter((r) => r.email !== 'ab@buren.example'));
    // The reviewers still get Buren's document to review; the concept does not end completed.
    expect([...new Set(plan.messages.map((m) => m.municipality))]).toEqual(['Tiel', 'Buren']);
    expect(plan.problems).toEqual([{ municipality: 'Buren', reason: expect.stringMatching(/^de definitieve versie kan niet worden verstuurd: geen AB-lid/) }]);
  });

  it('is a problem, not an empty mailing, when there are no reviewers and no gbo-leden', () => {
    const plan = planConceptMailing(organisation, recipients.filter((r) => r.role !== 'reviewer'));
    expect(plan.messages).toEqual([]);
    expect(plan.problems).toEqual([
      { municipality: '(concept)', reason: 'er zijn geen reviewers of gbo-leden om het concept aan te sturen; voeg er een toe met: rapportbode recipients add --rol reviewer (of --gemeente NAAM --rol gbo-lid)' },
    ]);
  });
});

describe('blocked addresses', () => {
  it('are left out of a run with a warning that says how to clear them', () => {
    const { recipients: kept, warnings } = withoutBlocked(recipients, [
      { email: 'ab@buren.example', reason: 'bounced', detail: 'Permanent/General: smtp; 550 5.1.1 user unknown', since: '2026-11-01T07:00:03Z', runId: '2026-09-final' },
    ]);
    expect(kept.map((r) => r.email)).not.toContain('ab@buren.example');
    expect(kept).toHaveLength(3);
    expect(warnings).toEqual([
      'ab@buren.example (Buren, ab-lid) overgeslagen: onbestelbaar op 01-11-2026 (Permanent/General: smtp; 550 5.1.1 user unknown); na verbetering van het adres: rapportbode recipients clear-bounce --email ab@buren.example',
    ]);
  });

  it('are matched without regard to case, and a complaint is named as one, also for a reviewer', () => {
    const reviewer = recipients.find((r) => r.role === 'reviewer') as (typeof recipients)[number];
    const { recipients: kept, warnings } = withoutBlocked(recipients, [
      { email: reviewer.email.toUpperCase(), reason: 'complaint', detail: 'abuse', since: '2026-11-02T07:00:00Z', runId: '2026-09-concept-1' },
    ]);
    expect(kept).toHaveLength(recipients.length - 1);
    expect(warnings).toEqual([
      `${reviewer.email} (reviewer, reviewer) overgeslagen: klacht op 02-11-2026 (abuse); na verbetering van het adres: rapportbode recipients clear-bounce --email ${reviewer.email}`,
    ]);
  });
});

describe('run ids', () => {
  it('name one final run per period and numbered concepts', () => {
    expect(runIdFor({ year: 2026, firstMonth: 9, length: 2 }, 'final')).toBe('2026-09-final');
    expect(runIdFor({ year: 2026, firstMonth: 9, length: 2 }, 'concept', 2)).toBe('2026-09-concept-2');
    expect(parseRunId('2026-09-concept-2', 2)).toEqual({ period: { year: 2026, firstMonth: 9, length: 2 }, kind: 'concept', conceptNumber: 2 });
    expect(parseRunId('2026-09-final', 2)).toEqual({ period: { year: 2026, firstMonth: 9, length: 2 }, kind: 'final' });
  });

  it('refuses something that is not a run id, with an example', () => {
    expect(() => parseRunId('september', 2)).toThrow(/run-ids zien eruit als 2026-09-final/);
    expect(() => parseRunId('2026-10-final', 2)).toThrow(/begint niet met een periode.*bedoelt u 2026-09\?/);
  });
});
