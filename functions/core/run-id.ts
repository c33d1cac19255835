import { type Period, periodId } from './periods';

export type RunKind = 'final' | 'concept';

/**
 * A run is named by its period and kind, so a duplicated or retried trigger for the same period
 * lands on the same run (and the same delivery ledger) instead of starting a second mailing.
 */
export function runIdFor(period: Period, kind: RunKind): string {
  return `${periodId(period)}-${kind}`;
}
