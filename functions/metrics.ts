/**
 * CloudWatch metrics in the Embedded Metric Format: one JSON line on stdout per record, which
 * CloudWatch Logs turns into metrics of the namespace below (no PutMetricData call, no SDK, no extra
 * latency). https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 *
 * A library (aws-embedded-metrics, Powertools Metrics) would add a dependency and a buffer to flush
 * for what is a dozen lines of JSON; the functions emit a handful of metrics at known points.
 */

export const METRICS_NAMESPACE = "DisclosureReports";

/**
 * The one dimension every metric carries: which deployment emitted it. Each county's stack sets
 * METRICS_SERVICE to its stack name, so two counties in one account never share a metric (and
 * lib/constructs/alarms.ts watches the same value). Locally and in tests: "DisclosureReports".
 */
export const SERVICE_DIMENSION = "Service";
export const serviceName = (): string => process.env.METRICS_SERVICE || METRICS_NAMESPACE;

/** The metric names, shared with the alarms (lib/constructs/alarms.ts). */
export const METRIC_NAMES = {
  reportsPublished: "ReportsPublished",
  reportsSkipped: "ReportsSkipped",
  reportsFailed: "ReportsFailed",
  runsStarted: "RunsStarted",
  runsCompleted: "RunsCompleted",
  runDuration: "RunDurationSeconds",
  requests: "Requests",
  http5xx: "Http5xx",
} as const;

export type MetricUnit = "Count" | "Seconds" | "Milliseconds" | "None";

export interface MetricValue {
  name: string;
  value: number;
  unit: MetricUnit;
}

export interface MetricOptions {
  /** The time the values are counted at; default now. */
  timestamp?: Date;
  /** Extra members of the log line (searchable in Logs Insights, not dimensions). */
  properties?: Record<string, string | number | boolean>;
}

/** The EMF document of one record: the values, the Service dimension and the directive naming them. */
export function emfRecord(values: MetricValue[], options: MetricOptions = {}): Record<string, unknown> {
  const timestamp = (options.timestamp ?? new Date()).getTime();
  return {
    ...options.properties,
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        {
          Namespace: METRICS_NAMESPACE,
          Dimensions: [[SERVICE_DIMENSION]],
          Metrics: values.map(({ name, unit }) => ({ Name: name, Unit: unit })),
        },
      ],
    },
    [SERVICE_DIMENSION]: serviceName(),
    ...Object.fromEntries(values.map(({ name, value }) => [name, value])),
  };
}

/**
 * Where records go. In Lambda, stdout (the function's log stream, where EMF is read); elsewhere
 * nowhere, so local runs and tests don't print them — a test replaces `write` to read them.
 */
export const metricSink = {
  write: (line: string): void => {
    if (process.env.AWS_LAMBDA_FUNCTION_NAME) process.stdout.write(`${line}\n`);
  },
};

/** Emits one record. Never throws: a metric must not fail the work it measures. */
export function emitMetrics(values: MetricValue[], options: MetricOptions = {}): void {
  if (values.length === 0) return;
  try {
    metricSink.write(JSON.stringify(emfRecord(values, options)));
  } catch {
    // Nothing to do: the work itself has succeeded.
  }
}

const count = (name: string, value = 1): MetricValue => ({ name, value, unit: "Count" });

/** One report of a publish run got its outcome (counted once, when first recorded). */
export function emitPublishOutcome(outcome: "published" | "skipped" | "failed", properties?: MetricOptions["properties"]): void {
  const name = { published: METRIC_NAMES.reportsPublished, skipped: METRIC_NAMES.reportsSkipped, failed: METRIC_NAMES.reportsFailed }[outcome];
  emitMetrics([count(name)], { properties });
}

/** A publish run started (counted when it starts). */
export function emitRunStarted(run: { runId: string; startedAt: string }): void {
  emitMetrics([count(METRIC_NAMES.runsStarted)], { timestamp: new Date(run.startedAt), properties: { runId: run.runId } });
}

/**
 * A publish run completed: its year files are written. Counted when it completes, with its duration
 * from start to year files written. (The alarm on late runs watches the publish queue, not these:
 * lib/constructs/alarms.ts.)
 */
export function emitRunCompleted(run: { runId: string; startedAt: string }, completedAt: Date): void {
  const durationSeconds = Math.max(0, (completedAt.getTime() - new Date(run.startedAt).getTime()) / 1000);
  emitMetrics([count(METRIC_NAMES.runsCompleted), { name: METRIC_NAMES.runDuration, value: durationSeconds, unit: "Seconds" }], {
    timestamp: completedAt,
    properties: { runId: run.runId },
  });
}

/** One answered HTTP request: counted, and counted as a 5xx when it was one (the api answers its own 500/503). */
export function emitRequestMetrics(status: number, properties?: MetricOptions["properties"]): void {
  emitMetrics([count(METRIC_NAMES.requests), count(METRIC_NAMES.http5xx, status >= 500 ? 1 : 0)], { properties });
}
