import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import { METRIC_NAMESPACE, METRIC_SERVICE, RUNS_NOT_COMPLETED } from './metric-names';

/** CloudWatch embedded metrics (EMF): a JSON line on stdout that CloudWatch turns into a metric. */
const metrics = new Metrics({ namespace: METRIC_NAMESPACE, serviceName: METRIC_SERVICE });

/**
 * Outside Lambda (the CLI) a metric line would only land among the operator's output; tests that
 * read the metric ask for it with POWERTOOLS_METRICS_DISABLED=false.
 */
const enabled = process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined || process.env.POWERTOOLS_METRICS_DISABLED === 'false';

/**
 * Records how a run ended, as the alarm on unfinished runs reads it. The run id and status travel
 * as metadata: in the log line, not as dimensions (one metric per run would cost per run).
 */
export function recordRunOutcome(runId: string, status: 'completed' | 'partial' | 'failed'): void {
  if (!enabled) return;
  metrics.addMetric(RUNS_NOT_COMPLETED, MetricUnit.Count, status === 'completed' ? 0 : 1);
  metrics.addMetadata('runId', runId);
  metrics.addMetadata('status', status);
  metrics.publishStoredMetrics();
}
