import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OrganisationConfig } from '../../functions/core/organisation';
import { commentsOf, organisationIntoFile, parseOrganisationFile } from '../../functions/core/organisation-file';

const EXAMPLES = ['werkzaak-rivierenland', 'sociaal-domein-bel-huizen'].map((name) =>
  readFileSync(path.resolve(import.meta.dirname, `../../examples/${name}/organisatie.yaml`), 'utf8'),
);
const DEMO = EXAMPLES[0] as string;

describe('organisation export into the file as it was applied', () => {
  it.each(EXAMPLES.map((text, i) => [i, text]))('keeps every comment of example %s and reads back as the same organisation', (_, text) => {
    const config = parseOrganisationFile(text, 'organisatie.yaml');
    const exported = organisationIntoFile(config, text);
    expect(commentsOf(exported)).toEqual(commentsOf(text));
    expect(commentsOf(text).length).toBeGreaterThan(0);
    expect(parseOrganisationFile(exported, 'export.yaml')).toStrictEqual(config);
  });

  it('sets the values in force into the file: goals imported since, an opt-out, a new phone number, a removed indicator', () => {
    // Prepare: the file without goals, then what changed in force since it was applied.
    const applied = DEMO.replace(/^ +doelen: .*\n/gm, '');
    const file = parseOrganisationFile(applied, 'organisatie.yaml');
    const inForce: OrganisationConfig = {
      ...file,
      contact: { ...file.contact, phone: '0344 999 999' },
      municipalities: file.municipalities.map((m) => (m.name === 'Tiel' ? { ...m, optedOut: true } : m)),
      indicators: file.indicators.filter((i) => i.id !== 'no-riskpolis').map((i) => (i.id === 'bijstand' ? { ...i, goals: { 2026: 2450, 2027: 2400 } } : i)),
    };
    // Act
    const exported = organisationIntoFile(inForce, applied);
    // Assess: what a policy officer reads, and what applying it gives.
    expect(commentsOf(exported)).toEqual(commentsOf(applied));
    expect(exported).toContain('# voert de Participatiewet niet via Werkzaak uit');
    expect(exported).toMatch(/- id: bijstand\n(?: {4}.*\n)*? {4}doelen: \{2026: 2450, 2027: 2400\}/);
    expect(exported).toMatch(/- naam: Tiel\n {4}ontvangt: false/);
    expect(exported).toContain('telefoon: "0344 999 999"');
    expect(exported).not.toContain('id: no-riskpolis');
    expect(parseOrganisationFile(exported, 'export.yaml')).toStrictEqual(inForce);
  });

  it('keeps ja and nee as written, and adds no default no the file left out', () => {
    const applied = DEMO.replace('hoger_is_beter: false', 'hoger_is_beter: nee');
    const config = parseOrganisationFile(applied, 'organisatie.yaml');
    const exported = organisationIntoFile(config, applied);
    expect(exported).toContain('hoger_is_beter: nee');
    expect((exported.match(/onderdrukken:/g) ?? []).length).toBe((applied.match(/onderdrukken:/g) ?? []).length);
  });
});
