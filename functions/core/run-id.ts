import { InvalidInputError } from './errors';
import type { PeriodLength } from './organisation';
import { type Period, parsePeriod, periodId } from './periods';

export type RunKind = 'final' | 'concept';

/**
 * A run is named by its period and kind, so a duplicated or retried trigger for the same period
 * lands on the same run (and the same delivery ledger) instead of starting a second mailing.
 * There is one final run per period (`2026-09-final`), sent once. Concepts are numbered
 * (`2026-09-concept-1`, `-2`, …): a concept is redone after the figures or commentary change,
 * and each version keeps its own ledger and archive.
 */
export function runIdFor(period: Period, kind: RunKind, conceptNumber = 1): string {
  if (kind === 'final') return `${periodId(period)}-final`;
  if (!Number.isInteger(conceptNumber) || conceptNumber < 1) throw new InvalidInputError(`conceptnummer ${conceptNumber} is geen geheel getal groter dan 0`);
  return `${periodId(period)}-concept-${conceptNumber}`;
}

export interface ParsedRunId {
  readonly period: Period;
  readonly kind: RunKind;
  /** Set for concept runs. */
  readonly conceptNumber?: number;
}

const RUN_ID_PATTERN = /^(\d{4}-\d{2})-(final|concept-(\d+))$/;

/** The parts of a run id, checked for its form only; an operator's typo gets an example of a real id. */
export function runIdParts(runId: string): { readonly periodKey: string; readonly kind: RunKind; readonly conceptNumber?: number } {
  const match = RUN_ID_PATTERN.exec(runId.trim());
  if (!match) throw new InvalidInputError(`"${runId}" is geen run-id; run-ids zien eruit als 2026-09-final of 2026-09-concept-1 (zie rapportbode runs)`);
  if (match[2] === 'final') return { periodKey: match[1] as string, kind: 'final' };
  return { periodKey: match[1] as string, kind: 'concept', conceptNumber: Number(match[3]) };
}

/** The period and kind a run id names, in the organisation's rhythm. */
export function parseRunId(runId: string, length: PeriodLength): ParsedRunId {
  const { periodKey, kind, conceptNumber } = runIdParts(runId);
  const period = parsePeriod(periodKey, length);
  return kind === 'final' ? { period, kind } : { period, kind, conceptNumber: conceptNumber as number };
}
