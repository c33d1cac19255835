import { describe, expect, it } from 'vitest';
import { municipalIndicators } from '../../functions/core/catalogue';
import { organisationIntoFile, organisationToYaml, parseOrganisationFile } from '../../functions/core/organisation-file';
import { diffOrganisation } from '../../functions/core/organisation-diff';
import { demoOrganisation } from '../../functions/local/demo-data';
import { refusal } from '../support/organisation';

/** A small organisation file whose second indicator the municipalities deliver; lines numbered as in the file. */
const FILE = `naam: Werkbedrijf Test
afzender: '"Werkbedrijf Test" <rapport@test.example>'
contactpersoon:
  naam: A. Jansen
  functie: Adviseur
  email: a.jansen@test.example
  telefoon: "0344 123 456"
beheerders: [beheer@test.example]
ritme: tweemaandelijks
drempel: 5
risico: De cijfers zeggen niets over de financiële verdeling.
kalender:
  gegevens_uiterlijk: 5
  reviewdagen: 5
  vrijgeven: handmatig
  zonder_gemeentecijfers: doorgaan
gemeenten:
  - naam: Tiel
    aanleveraars: [Cijfers@Tiel.example, beleid@tiel.example]
  - naam: Buren
    ontvangt: false
    aanleveraars: [cijfers@buren.example]
indicatoren:
  - id: bijstand
    naam: Huishoudens in de bijstand
    eenheid: aantal
    meting: stand
    hoger_is_beter: false
  - id: dagbesteding
    naam: Arbeidsmatige dagbesteding
    eenheid: aantal
    meting: stand
    hoger_is_beter: true
    onderdrukken: true
    bron: gemeente
`;

describe('indicators a municipality delivers, in the organisation file', () => {
  it('reads bron, aanleveraars (lower case) and zonder_gemeentecijfers; bron organisatie and wachten are the defaults', () => {
    const config = parseOrganisationFile(FILE, 'organisatie.yaml');
    expect(config.calendar.withoutMunicipalFigures).toBe('continue');
    expect(config.municipalities).toEqual([
      { name: 'Tiel', optedOut: false, suppliers: ['cijfers@tiel.example', 'beleid@tiel.example'] },
      { name: 'Buren', optedOut: true, suppliers: ['cijfers@buren.example'] },
    ]);
    expect(municipalIndicators(config.indicators).map((i) => i.id)).toEqual(['dagbesteding']);
    expect(config.indicators[0]).not.toHaveProperty('source');

    const plain = parseOrganisationFile(FILE.replace('  zonder_gemeentecijfers: doorgaan\n', '').replace('    bron: gemeente\n', '    bron: organisatie\n').replace(/ {4}aanleveraars: .*\n/g, ''), 'organisatie.yaml');
    expect(plain.calendar).toEqual({ dataDeadlineWorkday: 5, reviewWorkdays: 5, release: 'manual' });
    expect(municipalIndicators(plain.indicators)).toEqual([]);
  });

  it('names the line and field of a wrong source, a wrong choice, a bad or repeated address', () => {
    const text = FILE.replace('bron: gemeente', 'bron: gemeenten')
      .replace('zonder_gemeentecijfers: doorgaan', 'zonder_gemeentecijfers: ja')
      .replace('Cijfers@Tiel.example, beleid@tiel.example', 'cijfers@tiel.example, cijfers@tiel.example')
      .replace('[cijfers@buren.example]', '[cijfers-buren]');
    expect(refusal(text)).toBe(
      [
        'organisatie.yaml is niet toegepast; er is niets gewijzigd:',
        '  organisatie.yaml:16 kalender.zonder_gemeentecijfers: "ja" is niet een van doorgaan, wachten',
        '  organisatie.yaml:19 gemeenten[0].aanleveraars[1]: "cijfers@tiel.example" staat er al eerder in',
        '  organisatie.yaml:22 gemeenten[1].aanleveraars[0]: is geen e-mailadres (naam@domein.nl)',
        '  organisatie.yaml:35 indicatoren[1].bron: "gemeenten" is niet een van organisatie, gemeente',
      ].join('\n'),
    );
  });

  it('refuses a municipality without aanleveraars when an indicator is delivered, and aanleveraars with nothing to deliver', () => {
    expect(refusal(FILE.replace('    aanleveraars: [cijfers@buren.example]\n', ''))).toContain(
      'organisatie.yaml:20 gemeenten[1].aanleveraars: ontbreekt: dagbesteding wordt door de gemeenten aangeleverd (bron: gemeente); noem wie dat voor Buren doet',
    );
    expect(refusal(FILE.replace('    bron: gemeente\n', ''))).toContain(
      'organisatie.yaml:19 gemeenten[0].aanleveraars: geen indicator heeft bron: gemeente, dus er valt niets aan te leveren',
    );
  });

  it('exports what it read, both ways, and applying the export gives the same organisation', () => {
    const config = parseOrganisationFile(FILE, 'organisatie.yaml');
    const exported = organisationToYaml(config);
    expect(exported).toContain('zonder_gemeentecijfers: doorgaan');
    expect(exported).toContain('bron: gemeente');
    expect(exported).toMatch(/aanleveraars:\n\s+- cijfers@tiel.example\n\s+- beleid@tiel.example/);
    expect(parseOrganisationFile(exported, 'export.yaml')).toStrictEqual(config);
    const moved = { ...config, municipalities: config.municipalities.map((m) => (m.name === 'Tiel' ? { ...m, suppliers: ['nieuw@tiel.example'] } : m)) };
    const intoFile = organisationIntoFile(moved, FILE);
    expect(intoFile).toContain('nieuw@tiel.example');
    expect(intoFile).not.toContain('beleid@tiel.example');
    expect(parseOrganisationFile(intoFile, 'export.yaml')).toStrictEqual(moved);
  });

  it('names a changed source, changed aanleveraars and a changed zonder_gemeentecijfers in the difference', () => {
    const before = parseOrganisationFile(FILE, 'organisatie.yaml');
    const after = parseOrganisationFile(
      FILE.replace('  zonder_gemeentecijfers: doorgaan\n', '').replace('[cijfers@buren.example]', '[cijfers@buren.example, twee@buren.example]').replace('    onderdrukken: true\n    bron: gemeente\n', '    onderdrukken: true\n').replace(/ {4}aanleveraars: .*\n/g, ''),
      'organisatie.yaml',
    );
    expect(diffOrganisation(before, after).lines).toEqual([
      'Tiel: aanleveraars cijfers@tiel.example, beleid@tiel.example → (geen)',
      'Buren: aanleveraars cijfers@buren.example → (geen)',
      'indicator dagbesteding: bron "gemeente" → "organisatie"',
      'zonder_gemeentecijfers: "doorgaan" → "wachten"',
    ]);
  });

  it('gives the example organisation one indicator its municipalities deliver, and every municipality an aanleveraar', () => {
    const demo = demoOrganisation();
    expect(municipalIndicators(demo.indicators).map((i) => i.id)).toEqual(['dagbesteding']);
    expect(demo.municipalities.every((m) => (m.suppliers ?? []).length > 0)).toBe(true);
  });
});
