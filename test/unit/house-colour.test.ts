import { describe, expect, it } from 'vitest';
import { editionFiles } from '../../functions/core/edition-site';
import { contrastWithWhite, organisationToYaml, parseOrganisationFile } from '../../functions/core/organisation-file';
import { demoReportModel } from '../../functions/bench/demo-model';
import { testOrganisation } from '../support/organisation';

const FILE = `naam: Werkbedrijf Test
afzender: '"Werkbedrijf Test" <rapport@test.example>'
contactpersoon: {naam: A. Jansen, functie: Adviseur, email: a.jansen@test.example, telefoon: "0344 123 456"}
beheerders: [beheer@test.example]
ritme: kwartaal
drempel: 5
risico: De cijfers zeggen niets over de financiële verdeling.
gemeenten: [{naam: Tiel}]
indicatoren: [{id: bijstand, naam: Bijstand, eenheid: aantal, meting: stand, hoger_is_beter: false}]
`;

describe('the organisation\'s colour (huisstijl) on the web edition', () => {
  it('is read from the organisation file and written back by the export', () => {
    const config = parseOrganisationFile(`${FILE}huisstijl: {kleur: "#00566B"}\n`, 'organisatie.yaml');
    expect(config.colour).toBe('#00566b');
    expect(parseOrganisationFile(organisationToYaml(config), 'export.yaml').colour).toBe('#00566b');
  });

  it('is refused when white text on it, or it on white, would be hard to read', () => {
    expect(() => parseOrganisationFile(`${FILE}huisstijl: {kleur: "#ffdd57"}\n`, 'organisatie.yaml')).toThrow(/organisatie\.yaml:10 huisstijl\.kleur: heeft te weinig contrast met wit \(1,3:1\); kies een donkerder kleur \(minstens 4,5:1\)/);
    expect(() => parseOrganisationFile(`${FILE}huisstijl: {kleur: blauw}\n`, 'organisatie.yaml')).toThrow(/huisstijl\.kleur: is geen kleur/);
    expect(contrastWithWhite('#000000')).toBeCloseTo(21, 5);
  });

  it('colours every page of the edition through a stylesheet in the reader\'s folder', () => {
    const period = { year: 2026, firstMonth: 9, length: 2 } as const;
    const files = editionFiles([{ period, model: demoReportModel(period, testOrganisation()), colour: '#7a1f5c' }]);
    const text = (path: string) => new TextDecoder().decode(files.find((f) => f.path === path)?.bytes);
    expect(text('tiel/huisstijl.css')).toContain('--rb-color-primary:#7a1f5c');
    expect(text('tiel/index.html')).toContain('<link rel="stylesheet" href="huisstijl.css">');
    expect(text('tiel/2026-09/index.html')).toContain('<link rel="stylesheet" href="../huisstijl.css">');
    expect(text('organisatie/indicator/bijstand/index.html')).toContain('<link rel="stylesheet" href="../../huisstijl.css">');
  });
});
