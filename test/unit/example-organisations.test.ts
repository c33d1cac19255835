import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { organisationToYaml, parseOrganisationFile } from '../../functions/core/organisation-file';

/** The organisation files shipped as examples: the demo's (two-monthly) and a quarterly one. */
const EXAMPLES = {
  'werkzaak-rivierenland': path.resolve(import.meta.dirname, '../../examples/werkzaak-rivierenland/organisatie.yaml'),
  'sociaal-domein-bel-huizen': path.resolve(import.meta.dirname, '../../examples/sociaal-domein-bel-huizen/organisatie.yaml'),
} as const;

function readExample(file: string) {
  return parseOrganisationFile(readFileSync(file, 'utf8'), path.basename(file));
}

describe('the example organisation files', () => {
  it('read without a problem, each in its own rhythm', () => {
    const demo = readExample(EXAMPLES['werkzaak-rivierenland']);
    expect(demo.name).toBe('Werkzaak Rivierenland');
    expect(demo.periodLength).toBe(2);
    expect(demo.municipalities.filter((m) => m.optedOut).map((m) => m.name)).toEqual(['Neder-Betuwe']);
    const quarterly = readExample(EXAMPLES['sociaal-domein-bel-huizen']);
    expect(quarterly.periodLength).toBe(3);
    expect(quarterly.indicators.length).toBeGreaterThan(0);
  });

  it('give the demo a goal for every indicator in every year it covers', () => {
    const { indicators } = readExample(EXAMPLES['werkzaak-rivierenland']);
    const years = new Set(indicators.flatMap((i) => Object.keys(i.goals)));
    expect(years.size).toBeGreaterThan(0);
    for (const indicator of indicators) expect(Object.keys(indicator.goals).sort()).toEqual([...years].sort());
  });

  it.each(Object.entries(EXAMPLES))('read back %s unchanged after an export', (_, file) => {
    const config = readExample(file);
    const exported = organisationToYaml(config);
    expect(parseOrganisationFile(exported, 'export.yaml')).toStrictEqual(config);
    // Exporting what was read from an export writes the same file again.
    expect(organisationToYaml(parseOrganisationFile(exported, 'export.yaml'))).toBe(exported);
  });
});
