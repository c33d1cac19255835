import { describe, expect, it } from 'vitest';
import type { Indicator } from '../../functions/core/catalogue';
import type { OrganisationConfig } from '../../functions/core/organisation';
import { diffOrganisation, sameOrganisation } from '../../functions/core/organisation-diff';
import { testIndicator, testOrganisation } from '../support/organisation';

const base: OrganisationConfig = testOrganisation({
  name: 'Werkbedrijf',
  municipalities: [
    { name: 'Aa', optedOut: false, inhabitants: 1000 },
    { name: 'Bee', optedOut: true },
    { name: 'Cee', optedOut: false },
  ],
  indicators: [
    testIndicator('bijstand', { label: 'Bijstand', aggregation: 'last', goals: { '2026': 2250, '2027': 2200 } }),
    testIndicator('werkend', { label: 'Werkend', unit: 'percentage', aggregation: 'mean', goals: { '2026': 17.5 } }),
  ],
});

const withIndicator = (id: string, change: Partial<Indicator>): OrganisationConfig => ({
  ...base,
  indicators: base.indicators.map((i) => (i.id === id ? { ...i, ...change } : i)),
});

describe('the difference between two organisation versions', () => {
  it('describes a first version whole', () => {
    expect(diffOrganisation(null, base)).toEqual({
      removedMunicipalities: [],
      removedIndicators: [],
      lines: ['nieuwe organisatie: Werkbedrijf', 'gemeenten: Aa, Bee (ontvangt niet), Cee', 'indicatoren: bijstand, werkend'],
    });
  });

  it('is empty for the same organisation', () => {
    expect(diffOrganisation(base, structuredClone(base))).toEqual({ removedMunicipalities: [], removedIndicators: [], lines: [] });
    expect(sameOrganisation(base, structuredClone(base))).toBe(true);
    expect(sameOrganisation(base, { ...base, name: 'Ander' })).toBe(false);
  });

  it('names municipalities added, removed, opting in or out, and a changed number of inhabitants', () => {
    const after: OrganisationConfig = {
      ...base,
      municipalities: [
        { name: 'Aa', optedOut: true, inhabitants: 1000 },
        { name: 'Bee', optedOut: false },
        { name: 'Dee', optedOut: true },
        { name: 'Ee', optedOut: false },
      ],
    };
    const diff = diffOrganisation(base, after);
    expect(diff.lines).toEqual([
      'Aa ontvangt het rapport niet meer',
      'Bee ontvangt het rapport weer',
      'gemeente toegevoegd: Dee (ontvangt niet)',
      'gemeente toegevoegd: Ee',
      'gemeente verwijderd: Cee',
    ]);
    expect(diff.removedMunicipalities).toEqual(['Cee']);
    const inhabitants = { ...base, municipalities: [{ name: 'Aa', optedOut: false, inhabitants: 1200 }, { name: 'Bee', optedOut: true, inhabitants: 50 }, base.municipalities[2]!] };
    expect(diffOrganisation(base, inhabitants).lines).toEqual(['Aa: inwoners 1000 → 1200', 'Bee: inwoners – → 50']);
    expect(diffOrganisation(inhabitants, base).lines).toEqual(['Aa: inwoners 1200 → 1000', 'Bee: inwoners 50 → –']);
  });

  it('names each changed field of an indicator, and goals new, changed and ending, in the unit', () => {
    const changed = withIndicator('werkend', {
      label: 'Aan het werk',
      unit: 'dagen',
      aggregation: 'last',
      higherIsBetter: false,
      headline: true,
      suppress: true,
      goals: { '2026': 18.25, '2028': 20 },
    });
    expect(diffOrganisation(base, changed).lines).toEqual([
      'indicator werkend: naam "Werkend" → "Aan het werk"',
      'indicator werkend: eenheid "percentage" → "dagen"',
      'indicator werkend: meting "mean" → "last"',
      'indicator werkend: hoger_is_beter true → false',
      'indicator werkend: kerngetal false → true',
      'indicator werkend: onderdrukken false → true',
      'doel werkend 2026: 17,5 → 18,3',
      'doel werkend 2028: nieuw 20,0',
    ]);
    expect(diffOrganisation(base, withIndicator('bijstand', { goals: { '2026': 2250 } })).lines).toEqual(['doel bijstand 2027: vervalt (was 2.200)']);
    expect(diffOrganisation(base, withIndicator('bijstand', { weight: 'werkend' })).lines).toEqual(['indicator bijstand: gewicht (geen) → "werkend"']);
    expect(diffOrganisation(base, withIndicator('bijstand', { goals: { '2025': 2400, '2026': 2250, '2027': 2100 } })).lines).toEqual([
      'doel bijstand 2025: nieuw 2.400',
      'doel bijstand 2027: 2.200 → 2.100',
    ]);
  });

  it('names indicators added and removed, and a new order only when none was removed', () => {
    const added = { ...base, indicators: [...base.indicators, testIndicator('jongeren', { label: 'Jongeren' })] };
    expect(diffOrganisation(base, added).lines).toEqual(['indicator toegevoegd: jongeren (Jongeren)']);
    const removed = diffOrganisation(base, { ...base, indicators: [base.indicators[1]!] });
    expect(removed.lines).toEqual(['indicator verwijderd: bijstand (Bijstand)']);
    expect(removed.removedIndicators).toEqual(['bijstand']);
    expect(diffOrganisation(base, { ...base, indicators: [...base.indicators].reverse() }).lines).toEqual(['volgorde van de indicatoren gewijzigd']);
    expect(diffOrganisation(base, { ...added, indicators: [added.indicators[2]!, ...base.indicators] }).lines).toEqual(['indicator toegevoegd: jongeren (Jongeren)']);
  });

  it('names the organisation-wide settings that change, showing the old and new value', () => {
    const after: OrganisationConfig = {
      ...base,
      name: 'Werkbedrijf Nieuw',
      sender: '"Nieuw" <nieuw@werk.example>',
      replyTo: undefined,
      contact: { name: 'B. Jansen', role: 'Adviseur', email: 'b@werk.example', phone: '06 1' },
      administrators: ['x@werk.example', 'y@werk.example'],
      periodLength: 3,
      suppressionThreshold: 10,
      calendar: { dataDeadlineWorkday: 8, reviewWorkdays: 3, release: 'automatic' },
      riskNote: 'Andere tekst.',
    };
    const lines = diffOrganisation({ ...base, replyTo: 'antwoord@werk.example', calendar: { dataDeadlineWorkday: 5, reviewWorkdays: 5, release: 'manual', reminderWorkday: 2 } }, after).lines;
    expect(lines).toEqual([
      'naam: "Werkbedrijf" → "Werkbedrijf Nieuw"',
      `afzender: "${base.sender}" → ""Nieuw" <nieuw@werk.example>"`,
      'antwoordadres: "antwoord@werk.example" → (geen)',
      `contactpersoon: ${Object.values(base.contact).join(', ')} → B. Jansen, Adviseur, b@werk.example, 06 1`,
      `beheerders: ${base.administrators.join(', ')} → x@werk.example, y@werk.example`,
      'ritme: "tweemaandelijks" → "kwartaal"',
      `drempel: ${base.suppressionThreshold} → 10`,
      // It read "kalender: 5, 5, manual, 2 → 8, 3, automatic": the stored English words, no keys.
      'kalender.gegevens_uiterlijk: 5 → 8',
      'kalender.reviewdagen: 5 → 3',
      'kalender.vrijgeven: "handmatig" → "automatisch"',
      'kalender.herinnering: 2 → "standaard"',
      'risico: tekst gewijzigd',
    ]);
  });
});
