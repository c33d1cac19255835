import { describe, expect, it } from 'vitest';
import { InMemoryOrganisationStore } from '../../functions/adapters/memory';
import { OrganisationStore } from '../../functions/adapters/organisation-store';
import { OrganisationChangedError } from '../../functions/usecases/organisation';
import type { OrganisationReader, OrganisationWriter } from '../../functions/usecases/ports';
import { testOrganisation } from '../support/organisation';
import { useEmulators } from './support';

type Store = OrganisationReader & OrganisationWriter & Pick<OrganisationStore, 'putFigures' | 'putBenchmarks'>;

const emulators = useEmulators();
const subjects: { name: string; make(): Promise<Store> }[] = [
  { name: 'in memory', make: async () => new InMemoryOrganisationStore() },
  { name: 'DynamoDB (dynalite)', make: async () => new OrganisationStore(await emulators.table()) },
];

const by = (who: string) => ({ at: '2026-11-02T09:00:00Z', by: who });

describe.each(subjects)('OrganisationReader and OrganisationWriter: $name', ({ make }) => {
  it('has no organisation before the first apply, then the version applied, each version kept', async () => {
    // Prepare
    const store = await make();
    const first = testOrganisation();
    const second = testOrganisation({ name: 'Werkzaak Tweede Versie' });
    // Act
    const before = await store.organisation();
    await store.applyOrganisation(first, null, by('a'));
    const applied = await store.applyOrganisation(second, 1, by('b'));
    // Assess
    expect(before).toBeNull();
    expect(applied).toMatchObject({ version: 2, appliedBy: 'b' });
    expect((await store.organisation())?.config.name).toBe('Werkzaak Tweede Versie');
    expect((await store.organisationVersion(1))?.config).toEqual(first);
    expect((await store.municipalities()).map((m) => m.name)).toEqual(second.municipalities.map((m) => m.name));
  });

  it('refuses the second of two applies on the same version, and the first stays in force', async () => {
    // Prepare: both operators read version 1
    const store = await make();
    await store.applyOrganisation(testOrganisation(), null, by('start'));
    // Act
    await store.applyOrganisation(testOrganisation({ name: 'Eerste' }), 1, by('a'));
    const second = store.applyOrganisation(testOrganisation({ name: 'Tweede' }), 1, by('b'));
    // Assess
    await expect(second).rejects.toBeInstanceOf(OrganisationChangedError);
    await expect(second).rejects.toThrow(/iemand anders heeft intussen .* er is niets gewijzigd/);
    expect(await store.organisation()).toMatchObject({ version: 2, appliedBy: 'a', config: { name: 'Eerste' } });
  });

  it('refuses a first apply when an organisation is in force already', async () => {
    // Prepare
    const store = await make();
    await store.applyOrganisation(testOrganisation({ name: 'Eerste' }), null, by('a'));
    // Act
    const again = store.applyOrganisation(testOrganisation({ name: 'Tweede' }), null, by('b'));
    // Assess
    await expect(again).rejects.toBeInstanceOf(OrganisationChangedError);
    expect((await store.organisation())?.config.name).toBe('Eerste');
  });

  it('keeps one recipient per municipality and address, sorted by municipality then address', async () => {
    // Prepare
    const store = await make();
    // Act
    await store.putRecipients([
      { municipality: 'Tiel', email: 'b@tiel.example', name: 'B', role: 'ab-lid' },
      { municipality: null, email: 'r@werkzaak.example', name: 'R', role: 'reviewer' },
      { municipality: 'Culemborg', email: 'c@culemborg.example', name: 'C', role: 'beleidsmedewerker' },
    ]);
    await store.putRecipients([{ municipality: 'Tiel', email: 'b@tiel.example', name: 'B. Nieuw', role: 'ab-lid' }]);
    // Assess
    expect(await store.recipients()).toEqual([
      { municipality: 'Culemborg', email: 'c@culemborg.example', name: 'C', role: 'beleidsmedewerker' },
      { municipality: 'Tiel', email: 'b@tiel.example', name: 'B. Nieuw', role: 'ab-lid' },
      { municipality: null, email: 'r@werkzaak.example', name: 'R', role: 'reviewer' },
    ]);
  });

  it('reads the figures of the months asked, the benchmarks, and the commentary of a period', async () => {
    // Prepare
    const store = await make();
    await store.putFigures([
      { municipality: 'Tiel', indicator: 'uitkeringen', month: '2026-08', value: 10 },
      { municipality: 'Tiel', indicator: 'uitkeringen', month: '2026-09', value: 11 },
      { municipality: 'Tiel', indicator: 'uitkeringen', month: '2026-10', value: 12 },
    ]);
    await store.putBenchmarks([{ indicator: 'uitkeringen', year: 2026, value: 3.5 }]);
    // Act
    await store.putCommentary('2026-09', 'Toelichting');
    // Assess
    const figures = await store.figures(['2026-08', '2026-09']);
    expect(figures.sort((a, b) => a.month.localeCompare(b.month)).map((f) => f.value)).toEqual([10, 11]);
    expect(await store.benchmarks()).toEqual([{ indicator: 'uitkeringen', year: 2026, value: 3.5 }]);
    expect(await store.commentary('2026-09')).toBe('Toelichting');
    expect(await store.commentary('2026-07')).toBeNull();
    expect(await store.blockedAddresses()).toEqual([]);
  });
});
