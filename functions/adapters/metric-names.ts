/**
 * The embedded metrics the run function writes (adapters/metrics.ts) and the alarms read
 * (infra/operations.ts): one place, so code and alarm cannot drift apart.
 */
export const METRIC_NAMESPACE = 'Rapportbode';
/** Powertools puts the service on every metric as its one dimension. */
export const METRIC_SERVICE = 'rapportbode';
/** 1 for a run that ended partial or failed, 0 for one that completed. */
export const RUNS_NOT_COMPLETED = 'RunsNotCompleted';
