import type { Benchmark, Figure } from './organisation';

export interface ImportCounts {
  readonly rows: number;
  /** Keys that had no value yet. */
  readonly new: number;
  /** Keys whose value the import replaces (last write wins). */
  readonly changed: number;
  /** Keys that already had this value: not written again, so a repeated file changes nothing. */
  readonly unchanged: number;
}

export const figureKey = (f: Figure): string => `${f.municipality}\u0000${f.indicator}\u0000${f.month}`;
export const benchmarkKey = (b: Benchmark): string => `${b.indicator}\u0000${b.year}`;

/** Compares incoming values with those in force: what to write, and how many are new, changed, unchanged. */
export function planImport<T extends { readonly value: number }>(
  incoming: readonly T[],
  current: Iterable<T>,
  key: (value: T) => string,
): { readonly toWrite: T[]; readonly counts: ImportCounts } {
  const inForce = new Map<string, number>();
  for (const c of current) inForce.set(key(c), c.value);
  const toWrite: T[] = [];
  let added = 0;
  let changed = 0;
  for (const value of incoming) {
    const existing = inForce.get(key(value));
    if (existing === value.value) continue;
    if (existing === undefined) added++;
    else changed++;
    toWrite.push(value);
  }
  return { toWrite, counts: { rows: incoming.length, new: added, changed, unchanged: incoming.length - added - changed } };
}
