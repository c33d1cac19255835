import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { OrganisationConfig, OrganisationVersion } from '../../functions/core/organisation';
import { commentsOf, organisationIntoFile, parseOrganisationFile } from '../../functions/core/organisation-file';
import { DEMO_ORGANISATION_FILE, demoOrganisation } from '../../functions/local/demo-data';
import { keptGoalsNote } from '../../functions/cli/commands/organisation';
import { type OrganisationDeps, applyOrganisation, changeOrganisation, importGoals } from '../../functions/usecases/organisation';
import type { AuditEntry } from '../../functions/usecases/ports';

/** The use case's own ports in memory: an organisation store and an audit log. */
function inMemory(options: { recipientsOf?: string; figuresOf?: string } = {}) {
  const versions: OrganisationVersion[] = [];
  const audit: AuditEntry[] = [];
  const deps: OrganisationDeps = {
    store: {
      organisation: async () => versions.at(-1) ?? null,
      organisationVersion: async (v) => versions.find((x) => x.version === v) ?? null,
      municipalities: async () => [...(versions.at(-1)?.config.municipalities ?? [])],
      recipients: async () => (options.recipientsOf ? [{ email: 'a@b.example', name: 'A', role: 'ab-lid', municipality: options.recipientsOf }] : []),
      blockedAddresses: async () => [],
      figures: async (months) => (options.figuresOf ? [{ municipality: options.figuresOf, indicator: 'bijstand', month: months[1] as string, value: 3 }] : []),
      benchmarks: async () => [],
      commentary: async () => null,
      applyOrganisation: async (config: OrganisationConfig, basedOn: number | null, applied: { at: string; by: string; fileText?: string }) => {
        if ((versions.at(-1)?.version ?? null) !== basedOn) throw new Error('conflict');
        const version = { version: (basedOn ?? 0) + 1, config, appliedAt: applied.at, appliedBy: applied.by, ...(applied.fileText ? { fileText: applied.fileText } : {}) };
        versions.push(version);
        return version;
      },
    },
    audit: { audit: async (entries) => void audit.push(...entries) },
    now: () => new Date('2026-11-30T08:00:00Z'),
  };
  return { deps, versions, audit };
}

const demo = demoOrganisation();
const withoutBuren: OrganisationConfig = { ...demo, municipalities: demo.municipalities.filter((m) => m.name !== 'Buren') };

describe('applying an organisation', () => {
  it('puts the first version in force and records who applied what, before the change', async () => {
    // Prepare
    const { deps, versions, audit } = inMemory();
    // Act
    const result = await applyOrganisation(demo, { actor: 'a.devries', source: 'organisatie.yaml' }, deps);
    // Assess
    expect(result).toMatchObject({ applied: true, version: 1 });
    expect(versions).toHaveLength(1);
    expect(audit).toEqual([expect.objectContaining({ actor: 'a.devries', action: 'organisation applied', detail: expect.stringContaining('organisatie.yaml als versie 1') })]);
  });

  it('writes nothing when the file equals the version in force', async () => {
    const { deps, versions, audit } = inMemory();
    await applyOrganisation(demo, { actor: 'a', source: 'a.yaml' }, deps);
    const again = await applyOrganisation(structuredClone(demo), { actor: 'b', source: 'b.yaml' }, deps);
    expect(again).toMatchObject({ applied: false, version: 1 });
    expect(versions).toHaveLength(1);
    expect(audit).toHaveLength(1);
  });

  it('changes nothing on a dry run, but says what would change', async () => {
    const { deps, versions } = inMemory();
    await applyOrganisation(demo, { actor: 'a', source: 'a.yaml' }, deps);
    const dry = await applyOrganisation(withoutBuren, { actor: 'a', source: 'b.yaml', dryRun: true }, deps);
    expect(dry.applied).toBe(false);
    expect(dry.diff.lines).toContain('gemeente verwijderd: Buren');
    expect(versions).toHaveLength(1);
  });

  it.each([
    ['recipients', { recipientsOf: 'Buren' }, 'gemeente Buren: 1 ontvanger, 0 cijfers'],
    ['figures', { figuresOf: 'Buren' }, 'gemeente Buren: 0 ontvangers, 1 cijfer'],
  ])('refuses to remove a municipality that has %s unless forced, naming what stays stored', async (_, data, kept) => {
    const { deps, versions } = inMemory(data);
    await applyOrganisation(demo, { actor: 'a', source: 'a.yaml' }, deps);
    await expect(applyOrganisation(withoutBuren, { actor: 'a', source: 'b.yaml' }, deps)).rejects.toThrow(kept);
    expect(versions).toHaveLength(1);
    const forced = await applyOrganisation(withoutBuren, { actor: 'a', source: 'b.yaml', force: true }, deps);
    expect(forced).toMatchObject({ applied: true, version: 2, kept: [kept] });
  });

  it('removes a municipality without data without asking', async () => {
    const { deps } = inMemory();
    await applyOrganisation(demo, { actor: 'a', source: 'a.yaml' }, deps);
    expect(await applyOrganisation(withoutBuren, { actor: 'a', source: 'b.yaml' }, deps)).toMatchObject({ applied: true, version: 2 });
  });

  it('applies a change to the version in force through the same path', async () => {
    const { deps, versions } = inMemory();
    await applyOrganisation(demo, { actor: 'a', source: 'a.yaml' }, deps);
    const result = await changeOrganisation((c) => ({ ...c, suppressionThreshold: 10 }), { actor: 'b', source: 'drempel' }, deps);
    expect(result.diff.lines).toEqual(['drempel: 5 → 10']);
    expect(versions.at(-1)?.config.suppressionThreshold).toBe(10);
  });
});

describe('goals loaded with goals import, when the organisation file is applied again', () => {
  const withoutGoals: OrganisationConfig = { ...demo, indicators: demo.indicators.map((i) => ({ ...i, goals: {} })) };
  const newPhone: OrganisationConfig = { ...withoutGoals, contact: { ...withoutGoals.contact, phone: '0345 999 999' } };
  const goalsCsv = { name: 'doelen.csv', bytes: new TextEncoder().encode('indicator;jaar;doel\nbijstand;2026;2.450\nbijstand;2027;2.400\n') };

  it('keeps them when the file changes only the phone number, and says which goals stay', async () => {
    // Prepare
    const { deps, versions } = inMemory();
    await applyOrganisation(withoutGoals, { actor: 'a', source: 'organisatie.yaml' }, deps);
    await importGoals(goalsCsv, { actor: 'a' }, deps);
    // Act
    const result = await applyOrganisation(newPhone, { actor: 'a', source: 'organisatie.yaml' }, deps);
    // Assess
    expect(result.diff.lines).toEqual([expect.stringMatching(/^contactpersoon: .*0344 123 456 → .*0345 999 999$/)]);
    expect(versions.at(-1)?.config.indicators.find((i) => i.id === 'bijstand')?.goals).toEqual({ 2026: 2450, 2027: 2400 });
    expect(keptGoalsNote(result.keptGoals)).toBe(
      'Deze doelen staan niet in het bestand en blijven gelden: bijstand 2026 (2.450), bijstand 2027 (2.400).\n' +
        'Wilt u ze schrappen: pas het bestand toe met --forceer (rapportbode organisation export schrijft een bestand met alle doelen).',
    );
  });

  it('lets a goal named in the file override the stored one for that year only', async () => {
    const { deps, versions } = inMemory();
    await applyOrganisation(withoutGoals, { actor: 'a', source: 'organisatie.yaml' }, deps);
    await importGoals(goalsCsv, { actor: 'a' }, deps);
    const file = { ...newPhone, indicators: newPhone.indicators.map((i) => (i.id === 'bijstand' ? { ...i, goals: { 2027: 2300 } } : i)) };
    const result = await applyOrganisation(file, { actor: 'a', source: 'organisatie.yaml' }, deps);
    expect(result.diff.lines).toContain('doel bijstand 2027: 2.400 → 2.300');
    expect(versions.at(-1)?.config.indicators.find((i) => i.id === 'bijstand')?.goals).toEqual({ 2026: 2450, 2027: 2300 });
  });

  it('removes the goals the file does not name only when forced, listing each that goes', async () => {
    const { deps, versions } = inMemory();
    await applyOrganisation(withoutGoals, { actor: 'a', source: 'organisatie.yaml' }, deps);
    await importGoals(goalsCsv, { actor: 'a' }, deps);
    const result = await applyOrganisation(newPhone, { actor: 'a', source: 'organisatie.yaml', force: true }, deps);
    expect(result.diff.lines).toEqual(expect.arrayContaining(['doel bijstand 2026: vervalt (was 2.450)', 'doel bijstand 2027: vervalt (was 2.400)']));
    expect(versions.at(-1)?.config.indicators.find((i) => i.id === 'bijstand')?.goals).toEqual({});
  });
});

describe("the organisation file's comments", () => {
  const text = readFileSync(DEMO_ORGANISATION_FILE, 'utf8').replace(/^ +doelen: .*\n/gm, '');
  const apply = (file: string, deps: OrganisationDeps) => applyOrganisation(parseOrganisationFile(file, 'organisatie.yaml'), { actor: 'a', source: 'organisatie.yaml', fileText: file }, deps);

  it('stay with the version through a goals import, so the export has both; applying that export changes nothing', async () => {
    // Prepare
    const { deps, versions } = inMemory();
    await apply(text, deps);
    await importGoals({ name: 'doelen.csv', bytes: new TextEncoder().encode('indicator;jaar;doel\nbijstand;2026;2.450\n') }, { actor: 'a' }, deps);
    // Act: what organisation export writes.
    const current = versions.at(-1) as OrganisationVersion;
    const exported = organisationIntoFile(current.config, current.fileText as string);
    // Assess
    expect(commentsOf(exported)).toEqual(commentsOf(text));
    expect(exported).toContain('doelen: {2026: 2450}');
    expect(await apply(exported, deps)).toMatchObject({ applied: false, version: 2 });
  });

  it('make a new version when only they changed, so the export gives them back', async () => {
    const { deps, versions } = inMemory();
    await apply(text, deps);
    const result = await apply(text.replace('# voert de Participatiewet niet via Werkzaak uit', '# sinds 2024 zelf uitvoerend'), deps);
    expect(result.diff.lines).toEqual(['opmerkingen (#) in het bestand gewijzigd']);
    expect(versions.at(-1)?.fileText).toContain('# sinds 2024 zelf uitvoerend');
  });
});
