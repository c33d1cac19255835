import type { Catalogue } from './catalogue';
import type { Benchmark, Figure, Organisation, Recipient } from './organisation';
import { type MonthKey, parseMonthKey } from './periods';

/**
 * The demo organisation: Werkzaak Rivierenland and its eight municipalities, with generated,
 * deterministic figures. Names of people are roles, addresses are on the reserved `.example`
 * domain: there is no personal data in it.
 */
export const DEMO_ORGANISATION_NAME = 'Werkzaak Rivierenland';

/** Relative size of each municipality (roughly its population in thousands). */
const MUNICIPALITY_SIZES: ReadonlyArray<readonly [string, number]> = [
  ['Buren', 28],
  ['Culemborg', 29],
  ['Maasdriel', 25],
  ['Neder-Betuwe', 25],
  ['Tiel', 42],
  ['West Betuwe', 52],
  ['West Maas en Waal', 20],
  ['Zaltbommel', 30],
];

export function demoOrganisation(): Organisation {
  return {
    name: DEMO_ORGANISATION_NAME,
    // Neder-Betuwe asked not to receive the report: it has no Participatiewet tasks at Werkzaak (seed 000).
    municipalities: MUNICIPALITY_SIZES.map(([name]) => ({ name, optedOut: name === 'Neder-Betuwe' })),
  };
}

export function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** 1–2 AB-leden and 1–2 beleidsmedewerkers per municipality, plus two internal reviewers. */
export function demoRecipients(organisation: Organisation = demoOrganisation()): Recipient[] {
  const recipients: Recipient[] = [];
  for (const { name } of organisation.municipalities) {
    const domain = `${slug(name)}.example`;
    const random = seededRandom(`recipients:${name}`);
    const abCount = random() < 0.5 ? 1 : 2;
    const policyCount = random() < 0.5 ? 1 : 2;
    for (let i = 1; i <= abCount; i++) {
      recipients.push({ email: `ab-lid-${i}@${domain}`, name: `AB-lid ${i} ${name}`, role: 'ab-lid', municipality: name });
    }
    for (let i = 1; i <= policyCount; i++) {
      recipients.push({
        email: `beleid-${i}@${domain}`,
        name: `Beleidsmedewerker ${i} ${name}`,
        role: 'beleidsmedewerker',
        municipality: name,
      });
    }
  }
  recipients.push(
    { email: 'gbo-secretariaat@werkzaak.example', name: 'Secretariaat GBO', role: 'reviewer', municipality: null },
    { email: 'team-beleid@werkzaak.example', name: 'Team Beleid', role: 'reviewer', municipality: null },
  );
  return recipients;
}

/**
 * Monthly values for every municipality and indicator for the given months. A value depends only
 * on (municipality, indicator, month), so any run over any period sees the same history.
 */
export function demoFigures(catalogue: Catalogue, months: readonly MonthKey[], organisation: Organisation = demoOrganisation()): Figure[] {
  const totalSize = MUNICIPALITY_SIZES.reduce((sum, [, size]) => sum + size, 0);
  const figures: Figure[] = [];
  for (const { name } of organisation.municipalities) {
    const share = (MUNICIPALITY_SIZES.find(([n]) => n === name)?.[1] ?? 25) / totalSize;
    for (const indicator of catalogue.indicators) {
      for (const month of months) {
        const { year, month: m } = parseMonthKey(month);
        const goal = indicator.goals[String(year)] ?? Object.values(indicator.goals).at(-1) ?? 100;
        const random = seededRandom(`${name}|${indicator.id}|${month}`);
        // A gentle seasonal wave and ±12% noise around the goal's level.
        const wave = 1 + 0.06 * Math.sin(((m - 1) / 12) * 2 * Math.PI);
        const noise = 0.88 + 0.24 * random();
        let value: number;
        if (indicator.unit === 'aantal') {
          const level = indicator.aggregation === 'sum' ? goal / 12 : goal;
          value = Math.max(0, Math.round(level * share * wave * noise));
        } else {
          value = Math.round(goal * wave * noise * 10) / 10;
        }
        figures.push({ municipality: name, indicator: indicator.id, month, value });
      }
    }
  }
  return figures;
}

/** Divosa benchmark per indicator and year: the national change in % for counts, the level otherwise. */
export function demoBenchmarks(catalogue: Catalogue, years: readonly number[]): Benchmark[] {
  return catalogue.indicators.flatMap((indicator) =>
    years.map((year) => {
      const random = seededRandom(`benchmark|${indicator.id}|${year}`);
      const goal = indicator.goals[String(year)] ?? 0;
      const value = indicator.unit === 'aantal' ? Math.round((random() * 8 - 4) * 10) / 10 : Math.round(goal * (0.95 + random() * 0.15) * 10) / 10;
      return { indicator: indicator.id, year, value };
    }),
  );
}

/** mulberry32 seeded by an FNV-1a hash of the key: stable across platforms and Node versions. */
export function seededRandom(key: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  let state = h >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
