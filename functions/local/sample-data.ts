import type { Indicator } from '../core/catalogue';
import type { Benchmark, Figure, OrganisationConfig, Recipient } from '../core/organisation';
import { type MonthKey, parseMonthKey } from '../core/periods';
import { slug } from '../core/slug';

/**
 * Generated, deterministic data for any organisation file: figures that fit each indicator's
 * unit and measure, recipients per municipality, benchmarks. The demo runs on it, so an
 * organisation sees its own report before it imports real data. People are roles and addresses
 * are on the reserved `.example` domain: there is no personal data in it.
 */

/** Where an indicator has no goal to centre on: a plausible level by unit (per year for flows). */
const LEVEL_WITHOUT_GOAL: Record<Indicator['unit'], number> = { aantal: 1000, percentage: 20, dagen: 30, minuten: 45 };

/** 1–2 AB-leden and 1–2 beleidsmedewerkers per municipality, plus two reviewers at the sender's domain. */
export function sampleRecipients(config: OrganisationConfig): Recipient[] {
  const recipients: Recipient[] = [];
  for (const { name } of config.municipalities) {
    const domain = `${slug(name)}.example`;
    const random = seededRandom(`recipients:${name}`);
    const abCount = random() < 0.5 ? 1 : 2;
    const policyCount = random() < 0.5 ? 1 : 2;
    for (let i = 1; i <= abCount; i++) {
      recipients.push({ email: `ab-lid-${i}@${domain}`, name: `AB-lid ${i} ${name}`, role: 'ab-lid', municipality: name });
    }
    for (let i = 1; i <= policyCount; i++) {
      recipients.push({ email: `beleid-${i}@${domain}`, name: `Beleidsmedewerker ${i} ${name}`, role: 'beleidsmedewerker', municipality: name });
    }
  }
  const domain = senderDomain(config.sender);
  recipients.push(
    { email: `gbo-secretariaat@${domain}`, name: 'Secretariaat GBO', role: 'reviewer', municipality: null },
    { email: `team-beleid@${domain}`, name: 'Team Beleid', role: 'reviewer', municipality: null },
  );
  return recipients;
}

function senderDomain(sender: string): string {
  return /@([^>\s]+)>?\s*$/.exec(sender)?.[1]?.toLowerCase() ?? 'organisatie.example';
}

/**
 * Monthly values for every municipality and indicator for the given months. A value depends only
 * on (municipality, indicator, month), so any run over any period sees the same history. A
 * municipality's share of the counts follows its inhabitants when the file gives them.
 */
export function sampleFigures(config: OrganisationConfig, months: readonly MonthKey[]): Figure[] {
  const sizes = config.municipalities.map((m) => m.inhabitants ?? 25_000);
  const totalSize = sizes.reduce((a, b) => a + b, 0);
  const figures: Figure[] = [];
  config.municipalities.forEach(({ name }, i) => {
    const share = (sizes[i] as number) / totalSize;
    for (const indicator of config.indicators) {
      for (const month of months) {
        const { year, month: m } = parseMonthKey(month);
        const goal = indicator.goals[String(year)] ?? Object.values(indicator.goals).at(-1) ?? LEVEL_WITHOUT_GOAL[indicator.unit];
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
          if (indicator.unit === 'percentage') value = Math.min(100, value);
        }
        figures.push({ municipality: name, indicator: indicator.id, month, value });
      }
    }
  });
  return figures;
}

/** Divosa-like benchmark per indicator and year: the national change in % for counts, the level otherwise. */
export function sampleBenchmarks(indicators: readonly Indicator[], years: readonly number[]): Benchmark[] {
  return indicators.flatMap((indicator) =>
    years.map((year) => {
      const random = seededRandom(`benchmark|${indicator.id}|${year}`);
      const goal = indicator.goals[String(year)] ?? LEVEL_WITHOUT_GOAL[indicator.unit];
      const value = indicator.unit === 'aantal' ? Math.round((random() * 8 - 4) * 10) / 10 : Math.round(goal * (0.95 + random() * 0.15) * 10) / 10;
      return { indicator: indicator.id, year, value: indicator.unit === 'percentage' ? Math.min(100, value) : value };
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
