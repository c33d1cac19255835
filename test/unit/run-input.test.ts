import { describe, expect, it } from 'vitest';
import type { Figure, OrganisationVersion } from '../../functions/core/organisation';
import type { ImageRecord } from '../../functions/core/report-images';
import { type RunInput, changesSince } from '../../functions/core/run-input';
import { testOrganisation } from '../support/organisation';

const organisation: OrganisationVersion = { version: 4, config: testOrganisation(), appliedAt: '2026-11-01T08:00:00Z', appliedBy: 'beheer' };

const figure = (municipality: string, indicator: string, month: string, value: number): Figure => ({ municipality, indicator, month, value });

const image: ImageRecord = {
  period: '2026-09',
  id: 'abcd1234',
  section: 'kerngetallen',
  municipality: null,
  alt: 'Foto van de werkplaats',
  source: 'Werkzaak',
  key: 'images/2026-09/abcd1234.png',
  width: 800,
  height: 600,
  contentType: 'image/png',
  size: 1000,
  addedBy: 'beheer',
  addedAt: '2026-11-02T08:00:00Z',
};

const frozen: RunInput = {
  organisation,
  figures: [figure('Tiel', 'bijstand', '2026-10', 1234), figure('Buren', 'doorlooptijd', '2026-10', 26.4), figure('Buren', 'werkend', '2026-10', 16.9)],
  benchmarks: [{ indicator: 'bijstand', year: 2025, value: 30.5 }],
  commentary: 'Een rustige periode.',
  images: [image],
  issuedOn: '2026-11-06T07:00:00Z',
};

describe('what changed since a concept was reviewed', () => {
  it('is nothing when only the issue date differs', () => {
    expect(changesSince(frozen, { ...frozen, issuedOn: '2026-11-20T07:00:00Z' })).toEqual([]);
  });

  it('names each changed, added and removed figure in its own unit, sorted, and no unchanged one', () => {
    const current: RunInput = {
      ...frozen,
      figures: [figure('Tiel', 'bijstand', '2026-10', 9999), figure('Buren', 'doorlooptijd', '2026-10', 27), figure('Culemborg', 'werkend', '2026-10', 17.25), figure('Buren', 'werkend', '2026-10', 16.9)],
    };

    expect(changesSince(frozen, current)).toEqual([
      'Buren · doorlooptijd · 2026-10: 26,4 → 27,0',
      'Culemborg · werkend · 2026-10: (geen) → 17,3',
      'Tiel · bijstand · 2026-10: 1.234 → 9.999',
    ]);
    expect(changesSince(current, frozen)).toContain('Culemborg · werkend · 2026-10: 17,3 → (geen)');
  });

  it('names a changed, added or removed benchmark as the report prints it', () => {
    expect(changesSince(frozen, { ...frozen, benchmarks: [{ indicator: 'bijstand', year: 2025, value: -1.5 }] })).toEqual(['benchmark · bijstand · 2025: +30,5% → −1,5%']);
    expect(changesSince(frozen, { ...frozen, benchmarks: [] })).toEqual(['benchmark · bijstand · 2025: +30,5% → (geen)']);
    const level = { ...frozen, benchmarks: [{ indicator: 'werkend', year: 2025, value: 17.25 }] };
    expect(changesSince({ ...frozen, benchmarks: [] }, level)).toEqual(['benchmark · werkend · 2025: (geen) → 17,3%']);
    const two = { ...frozen, benchmarks: [...frozen.benchmarks, { indicator: 'werkend', year: 2025, value: 17 }] };
    expect(changesSince(two, { ...two, benchmarks: [{ indicator: 'bijstand', year: 2025, value: 1 }, { indicator: 'werkend', year: 2025, value: 17 }] })).toEqual(['benchmark · bijstand · 2025: +30,5% → +1,0%']);
  });

  it('says the commentary changed, but not when none and empty meet', () => {
    expect(changesSince(frozen, { ...frozen, commentary: 'Een drukke periode.' })).toEqual(['toelichting gewijzigd']);
    expect(changesSince(frozen, { ...frozen, commentary: null })).toEqual(['toelichting gewijzigd']);
    expect(changesSince({ ...frozen, commentary: null }, { ...frozen, commentary: '' })).toEqual([]);
    expect(changesSince({ ...frozen, commentary: '' }, { ...frozen, commentary: null })).toEqual([]);
  });

  it('names an image taken away, added, or changed in any part a reader sees', () => {
    expect(changesSince(frozen, { ...frozen, images: [] })).toEqual(['afbeelding weggehaald of gewijzigd: Foto van de werkplaats']);
    expect(changesSince({ ...frozen, images: [] }, frozen)).toEqual(['afbeelding toegevoegd of gewijzigd: Foto van de werkplaats']);
    for (const change of [{ alt: 'Andere foto' }, { source: 'Gemeente' }, { key: 'images/2026-09/abcd1234.jpg' }, { id: 'efgh5678' }, { section: 'gemeente', municipality: 'Tiel' }] as const) {
      const changed = { ...image, ...change };
      expect(changesSince(frozen, { ...frozen, images: [changed] }), JSON.stringify(change)).toEqual([
        'afbeelding weggehaald of gewijzigd: Foto van de werkplaats',
        `afbeelding toegevoegd of gewijzigd: ${changed.alt}`,
      ]);
    }
  });

  it('names a new organisation version with what changed in it, first', () => {
    const config = testOrganisation();
    const renamed: OrganisationVersion = { ...organisation, version: 5, config: { ...config, name: 'Werkbedrijf Nieuw', suppressionThreshold: 10 } };
    const lines = changesSince(frozen, { ...frozen, organisation: renamed, commentary: 'Anders.' });
    expect(lines[0]).toBe(`organisatie: versie 4 → 5 (naam: "${config.name}" → "Werkbedrijf Nieuw"; drempel: ${config.suppressionThreshold} → 10)`);
    expect(lines).toHaveLength(2);
    expect(changesSince(frozen, { ...frozen, organisation: { ...organisation, version: 5 } })).toEqual(['organisatie: versie 4 → 5']);
  });

  it('lists twenty changes and counts the rest', () => {
    const many = Array.from({ length: 23 }, (_, i) => figure('Tiel', 'bijstand', `20${10 + i}-01`, i));
    const lines = changesSince({ ...frozen, figures: [] }, { ...frozen, figures: many });
    expect(lines).toHaveLength(21);
    expect(lines[19]).toBe('Tiel · bijstand · 2029-01: (geen) → 19');
    expect(lines[20]).toBe('… en 3 wijzigingen meer');
    expect(changesSince({ ...frozen, figures: [] }, { ...frozen, figures: many.slice(0, 20) })).toHaveLength(20);
  });
});
