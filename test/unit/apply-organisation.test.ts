import { describe, expect, it } from 'vitest';
import type { OrganisationConfig, OrganisationVersion } from '../../functions/core/organisation';
import { demoOrganisation } from '../../functions/local/demo-data';
import { type OrganisationDeps, applyOrganisation, changeOrganisation } from '../../functions/usecases/organisation';
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
      applyOrganisation: async (config: OrganisationConfig, basedOn: number | null, applied: { at: string; by: string }) => {
        if ((versions.at(-1)?.version ?? null) !== basedOn) throw new Error('conflict');
        const version = { version: (basedOn ?? 0) + 1, config, appliedAt: applied.at, appliedBy: applied.by };
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
    ['recipients', { recipientsOf: 'Buren' }, 'gemeente Buren: 1 ontvanger(s), 0 cijfer(s)'],
    ['figures', { figuresOf: 'Buren' }, 'gemeente Buren: 0 ontvanger(s), 1 cijfer(s)'],
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
