import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffOrganisation } from '../../functions/core/organisation-diff';
import { organisationToYaml, parseOrganisationFile } from '../../functions/core/organisation-file';
import { refusal } from '../support/organisation';

const DEMO = readFileSync('examples/werkzaak-rivierenland/organisatie.yaml', 'utf8');
const QUARTERLY = readFileSync('examples/sociaal-domein-bel-huizen/organisatie.yaml', 'utf8');

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('the organisation file', () => {
  it('reads the demo organisation with its own words mapped to the model', () => {
    const config = parseOrganisationFile(DEMO, 'organisatie.yaml');
    expect(config.name).toBe('Werkzaak Rivierenland');
    expect(config.periodLength).toBe(2);
    expect(config.municipalities.find((m) => m.name === 'Neder-Betuwe')?.optedOut).toBe(true);
    const werkend = config.indicators.find((i) => i.id === 'werkend');
    expect(werkend).toMatchObject({ unit: 'percentage', aggregation: 'last', weight: 'bijstand', higherIsBetter: true, goals: { '2026': 18 } });
    expect(config.calendar).toEqual({ dataDeadlineWorkday: 5, reviewWorkdays: 5, release: 'manual', reminderWorkday: 3 });
  });

  it('reads a quarterly organisation with minutes and its own indicators', () => {
    const config = parseOrganisationFile(QUARTERLY, 'organisatie.yaml');
    expect(config.periodLength).toBe(3);
    expect(config.indicators.map((i) => i.unit)).toContain('minuten');
    expect(config.calendar.release).toBe('automatic');
  });

  it.each([DEMO, QUARTERLY])('writes back what it read: the export parses to the same organisation and applying it changes nothing', (text) => {
    const config = parseOrganisationFile(text, 'organisatie.yaml');
    const again = parseOrganisationFile(organisationToYaml(config), 'export.yaml');
    expect(again).toEqual(config);
    expect(diffOrganisation(config, again).lines).toEqual([]);
  });

  it('reads publicatie (besloten unless the file says openbaar), writes it back, and names the line of a wrong value', () => {
    expect(parseOrganisationFile(DEMO, 'organisatie.yaml').publication).toBe('besloten');
    const text = DEMO.replace(/^drempel: (\d+)/m, 'drempel: $1\npublicatie: openbaar');
    const config = parseOrganisationFile(text, 'organisatie.yaml');
    expect(config.publication).toBe('openbaar');
    expect(parseOrganisationFile(organisationToYaml(config), 'export.yaml').publication).toBe('openbaar');
    expect(diffOrganisation(parseOrganisationFile(DEMO, 'organisatie.yaml'), config).lines).toEqual(['publicatie: "besloten" → "openbaar"']);
    // A version stored before the key existed reads as besloten: no change to report.
    const { publication: _, ...stored } = parseOrganisationFile(DEMO, 'organisatie.yaml');
    expect(diffOrganisation(stored, parseOrganisationFile(DEMO, 'organisatie.yaml')).lines).toEqual([]);
    expect(organisationToYaml(stored)).toContain('publicatie: besloten');
    const wrong = text.replace('publicatie: openbaar', 'publicatie: iedereen');
    expect(refusal(wrong)).toContain(`organisatie.yaml:${lineOf(wrong, 'publicatie')} publicatie: "iedereen" is niet een van besloten, openbaar`);
  });

  it('reads onderdrukking, writes it back, and names the line of a value that is not one of the three', () => {
    const text = DEMO.replace(/^drempel: (\d+)/m, 'drempel: $1\nonderdrukking: kosten');
    const config = parseOrganisationFile(text, 'organisatie.yaml');
    expect(config.suppressionStrategy).toBe('kosten');
    expect(parseOrganisationFile(organisationToYaml(config), 'export.yaml').suppressionStrategy).toBe('kosten');
    // Without the key: the default, written out, so the version stored says what planned its reports.
    expect(parseOrganisationFile(DEMO, 'organisatie.yaml').suppressionStrategy).toBe('afronden');
    expect(diffOrganisation(parseOrganisationFile(DEMO, 'organisatie.yaml'), config).lines).toEqual(['onderdrukking: "afronden" → "kosten"']);
    const wrong = text.replace('onderdrukking: kosten', 'onderdrukking: weglaten');
    expect(refusal(wrong)).toContain(`organisatie.yaml:${lineOf(wrong, 'onderdrukking')} onderdrukking: "weglaten" is niet een van kleinste, kosten, afronden`);
  });

  it('names the line and key of a unit that is not one of the four', () => {
    const text = DEMO.replace('eenheid: dagen', 'eenheid: euro');
    expect(refusal(text)).toContain(`organisatie.yaml:${lineOf(text, 'eenheid: euro')} indicatoren[9].eenheid: "euro" is niet een van aantal, procent, dagen, minuten`);
  });

  it('refuses an unknown key (a typo) by its line', () => {
    const text = DEMO.replace('  - naam: Tiel\n', '  - naam: Tiel\n    ontvangd: false\n');
    expect(refusal(text)).toContain(`organisatie.yaml:${lineOf(text, 'ontvangd')} gemeenten[4].ontvangd: onbekende sleutel`);
  });

  it('refuses a municipality or an indicator id named twice', () => {
    const text = DEMO.replace('  - naam: Zaltbommel\n', '  - naam: Zaltbommel\n  - naam: tiel\n').replace('  - id: trajecten', '  - id: jongeren');
    const message = refusal(text);
    expect(message).toContain('gemeenten[8].naam: "tiel" staat er al eerder in');
    expect(message).toContain('indicatoren[10].id: "jongeren" staat er al eerder in');
  });

  it('refuses a goal for a year that is not written out', () => {
    expect(refusal(DEMO.replace('{2025: 16, 2026: 18', '{25: 16, 2026: 18'))).toMatch(/indicatoren\[12\]\.doelen\.25: is geen jaar/);
  });

  it('refuses a weight that names no count indicator', () => {
    expect(refusal(DEMO.replace('gewicht: bijstand', 'gewicht: doorlooptijd'))).toContain('indicatoren[12].gewicht: "doorlooptijd" is geen indicator met eenheid aantal');
  });

  it('refuses a control or bidi character in a name', () => {
    expect(refusal(DEMO.replace('naam: Buren', 'naam: "Bu\\u202Eren"'))).toContain('gemeenten[0].naam: bevat een stuur- of richtingsteken');
    expect(refusal(DEMO.replace('naam: Buren', 'naam: "Bu\\u0007ren"'))).toContain('gemeenten[0].naam: bevat een stuur- of richtingsteken');
  });

  it('refuses a tab indent with its line', () => {
    const text = DEMO.replace('  gegevens_uiterlijk: 5', '\tgegevens_uiterlijk: 5');
    expect(refusal(text)).toContain(`organisatie.yaml:${lineOf(text, '\tgegevens_uiterlijk')} springt in met een tab`);
  });

  it('refuses money as a unit and a missing key, naming every problem at once', () => {
    const message = refusal(DEMO.replace('drempel: 5\n', '').replace('eenheid: procent', 'eenheid: euro'));
    expect(message).toContain('drempel: ontbreekt');
    expect(message).toContain('indicatoren[12].eenheid: "euro" is niet een van');
  });
});

describe('the difference between two versions', () => {
  it('lists municipalities, indicators, goals and texts that change', () => {
    const before = parseOrganisationFile(DEMO, 'a.yaml');
    const after = parseOrganisationFile(
      DEMO.replace('{2025: 2350, 2026: 2250, 2027: 2200}', '{2025: 2350, 2026: 2250, 2027: 2150, 2028: 2100}')
        .replace(/ {2}- naam: Buren\n( {4}.*\n)*/, '')
        .replace('drempel: 5', 'drempel: 10')
        .replace('    ontvangt: false        # voert de Participatiewet niet via Werkzaak uit\n', ''),
      'b.yaml',
    );
    const diff = diffOrganisation(before, after);
    expect(diff.removedMunicipalities).toEqual(['Buren']);
    expect(diff.lines).toEqual(
      expect.arrayContaining(['gemeente verwijderd: Buren', 'Neder-Betuwe ontvangt het rapport weer', 'doel bijstand 2027: 2.200 → 2.150', 'doel bijstand 2028: nieuw 2.100', 'drempel: 5 → 10']),
    );
  });
});
