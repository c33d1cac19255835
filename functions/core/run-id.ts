import { InvalidInputError } from './errors';
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
  if (!Number.isInteger(conceptNumber) || conceptNumber < 1) throw new InvalidInputError(`concept number ${conceptNumber} is not a positive whole number`);
  return `${periodId(period)}-concept-${conceptNumber}`;
}

export interface ParsedRunId {
  readonly period: Period;
  readonly kind: RunKind;
  /** Set for concept runs. */
  readonly conceptNumber?: number;
}

const RUN_ID_PATTERN = /^(\d{4}-\d{2})-(final|concept-(\d+))$/;

/** The period and kind a run id names; an operator's typo gets an example of a real id. */
export function parseRunId(runId: string): ParsedRunId {
  const match = RUN_ID_PATTERN.exec(runId.trim());
  if (!match) throw new InvalidInputError(`"${runId}" is not a run id; run ids look like 2026-09-final or 2026-09-concept-1 (see rapportbode runs)`);
  const period = parsePeriod(match[1] as string);
  if (match[2] === 'final') return { period, kind: 'final' };
  return { period, kind: 'concept', conceptNumber: Number(match[3]) };
}
