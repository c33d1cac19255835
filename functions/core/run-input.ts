import type { Unit } from './catalogue';
import { formatBenchmark, formatNumber } from './format';
import type { Benchmark, Figure, OrganisationVersion } from './organisation';
import { diffOrganisation } from './organisation-diff';
import type { ImageRecord } from './report-images';
import { countNl } from './words-nl';

/**
 * Everything a report is made from: the organisation version, the figures and benchmarks, the
 * commentary and the images of the period, and the date it is issued on. A concept freezes it in
 * its archived snapshot; the final is rendered from that same input, so nothing reaches the AB
 * that no reviewer could have seen.
 */
export interface RunInput {
  readonly organisation: OrganisationVersion;
  readonly figures: readonly Figure[];
  readonly benchmarks: readonly Benchmark[];
  readonly commentary: string | null;
  /** The images' records; their bytes stay in the archive bucket under `key` (an image is never changed in place). */
  readonly images: readonly ImageRecord[];
  /** ISO time the report is dated by. */
  readonly issuedOn: string;
}

/** Changes listed before "en N meer". */
const SHOWN_CHANGES = 20;

/**
 * What changed between a concept's frozen input and the data in force now, one Dutch line per
 * change (`Gemeente A · bijstand · 2026-10: 1.234 → 9.999`); empty when the concept still holds.
 * The issue date is not a change: the final keeps the concept's.
 */
export function changesSince(frozen: RunInput, current: RunInput): string[] {
  const lines: string[] = [];
  if (frozen.organisation.version !== current.organisation.version) {
    const diff = diffOrganisation(frozen.organisation.config, current.organisation.config).lines;
    lines.push(`organisatie: versie ${frozen.organisation.version} → ${current.organisation.version}${diff.length > 0 ? ` (${diff.join('; ')})` : ''}`);
  }
  const units = new Map<string, Unit>(current.organisation.config.indicators.map((i) => [i.id, i.unit]));
  const number = (indicator: string, value: number | undefined) => (value === undefined ? '(geen)' : formatNumber(value, units.get(indicator) ?? 'aantal'));

  const figureKey = (f: Figure) => `${f.municipality}\u0000${f.indicator}\u0000${f.month}`;
  const before = new Map(frozen.figures.map((f) => [figureKey(f), f]));
  const after = new Map(current.figures.map((f) => [figureKey(f), f]));
  const figureChanges: string[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(key);
    const b = after.get(key);
    if (a?.value === b?.value) continue;
    const f = (a ?? b) as Figure;
    figureChanges.push(`${f.municipality} · ${f.indicator} · ${f.month}: ${number(f.indicator, a?.value)} → ${number(f.indicator, b?.value)}`);
  }
  lines.push(...figureChanges.sort());

  const benchmarkKey = (b: Benchmark) => `${b.indicator}\u0000${b.year}`;
  const benchBefore = new Map(frozen.benchmarks.map((b) => [benchmarkKey(b), b]));
  const benchAfter = new Map(current.benchmarks.map((b) => [benchmarkKey(b), b]));
  for (const key of new Set([...benchBefore.keys(), ...benchAfter.keys()])) {
    const a = benchBefore.get(key);
    const b = benchAfter.get(key);
    if (a?.value === b?.value) continue;
    const x = (a ?? b) as Benchmark;
    const unit = units.get(x.indicator) ?? 'aantal';
    const text = (v: Benchmark | undefined) => (v === undefined ? '(geen)' : formatBenchmark(v.value, unit));
    lines.push(`benchmark · ${x.indicator} · ${x.year}: ${text(a)} → ${text(b)}`);
  }

  if ((frozen.commentary ?? '') !== (current.commentary ?? '')) lines.push('toelichting gewijzigd');

  const imageKey = (i: ImageRecord) => JSON.stringify([i.id, i.key, i.section, i.municipality, i.alt, i.source]);
  const imagesBefore = new Map(frozen.images.map((i) => [imageKey(i), i]));
  const imagesAfter = new Map(current.images.map((i) => [imageKey(i), i]));
  for (const [key, image] of imagesBefore) if (!imagesAfter.has(key)) lines.push(`afbeelding weggehaald of gewijzigd: ${image.alt}`);
  for (const [key, image] of imagesAfter) if (!imagesBefore.has(key)) lines.push(`afbeelding toegevoegd of gewijzigd: ${image.alt}`);

  if (lines.length <= SHOWN_CHANGES) return lines;
  return [...lines.slice(0, SHOWN_CHANGES), `… en ${countNl(lines.length - SHOWN_CHANGES, 'wijziging', 'wijzigingen')} meer`];
}
