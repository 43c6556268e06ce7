import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  emfRecord,
  emitMetrics,
  emitPublishOutcome,
  emitRequestMetrics,
  emitRunCompleted,
  emitRunStarted,
  METRIC_NAMES,
  metricSink,
} from "../../functions/metrics";

/**
 * The rules of the Embedded Metric Format specification that CloudWatch Logs enforces, checked on a
 * parsed line: `_aws` with a millisecond Timestamp and CloudWatchMetrics directives, each naming a
 * namespace, dimension sets of root members holding strings, and metrics whose values are root
 * members holding numbers.
 */
function assertValidEmf(doc: Record<string, unknown>): void {
  const aws = doc["_aws"] as { Timestamp: unknown; CloudWatchMetrics: unknown };
  expect(typeof aws.Timestamp).toBe("number");
  expect(Number.isInteger(aws.Timestamp)).toBe(true);
  expect(Array.isArray(aws.CloudWatchMetrics)).toBe(true);
  for (const directive of aws.CloudWatchMetrics as { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit?: string }[] }[]) {
    expect(directive.Namespace).toMatch(/^[^:].{0,254}$/);
    expect(directive.Dimensions.length).toBeGreaterThan(0);
    for (const set of directive.Dimensions) {
      expect(set.length).toBeLessThanOrEqual(30);
      for (const name of set) expect(typeof doc[name], `dimension ${name}`).toBe("string");
    }
    expect(directive.Metrics.length).toBeGreaterThan(0);
    expect(directive.Metrics.length).toBeLessThanOrEqual(100);
    for (const metric of directive.Metrics) {
      expect(typeof doc[metric.Name], `metric ${metric.Name}`).toBe("number");
      expect(["Seconds", "Milliseconds", "Count", "None"]).toContain(metric.Unit);
    }
  }
}

describe("the EMF writer", () => {
  const lines: string[] = [];
  const originalWrite = metricSink.write;
  const originalService = process.env.METRICS_SERVICE;
  beforeEach(() => {
    lines.length = 0;
    metricSink.write = (line) => void lines.push(line);
  });
  afterEach(() => {
    metricSink.write = originalWrite;
    if (originalService === undefined) delete process.env.METRICS_SERVICE;
    else process.env.METRICS_SERVICE = originalService;
  });
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, any>);

  it("writes one JSON line per record, in the DisclosureReports namespace with the Service dimension", () => {
    process.env.METRICS_SERVICE = "DisclosureReports-yiyuan";
    emitMetrics([{ name: "Things", value: 3, unit: "Count" }], { timestamp: new Date("2025-01-20T02:00:00.123Z"), properties: { runId: "r-1" } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain("\n");
    const [doc] = records();
    assertValidEmf(doc!);
    expect(doc).toEqual({
      _aws: {
        Timestamp: Date.parse("2025-01-20T02:00:00.123Z"),
        CloudWatchMetrics: [{ Namespace: "DisclosureReports", Dimensions: [["Service"]], Metrics: [{ Name: "Things", Unit: "Count" }] }],
      },
      Service: "DisclosureReports-yiyuan",
      Things: 3,
      runId: "r-1",
    });
  });

  it("does not let a property take the place of a dimension or a value", () => {
    process.env.METRICS_SERVICE = "county-a";
    const doc = emfRecord([{ name: "Things", value: 1, unit: "Count" }], { properties: { Service: "forged", Things: 99 } });
    expect(doc["Service"]).toBe("county-a");
    expect(doc["Things"]).toBe(1);
  });

  it("names the Service after the deployment, and falls back to the namespace locally", () => {
    delete process.env.METRICS_SERVICE;
    expect(emfRecord([{ name: "X", value: 1, unit: "Count" }])["Service"]).toBe("DisclosureReports");
    process.env.METRICS_SERVICE = "DisclosureReports-other";
    expect(emfRecord([{ name: "X", value: 1, unit: "Count" }])["Service"]).toBe("DisclosureReports-other");
  });

  it("counts each publish outcome under its own metric", () => {
    emitPublishOutcome("published");
    emitPublishOutcome("skipped");
    emitPublishOutcome("failed", { runId: "r-2" });
    const docs = records();
    docs.forEach(assertValidEmf);
    expect(docs.map((d) => d["_aws"].CloudWatchMetrics[0].Metrics[0].Name)).toEqual(["ReportsPublished", "ReportsSkipped", "ReportsFailed"]);
    expect(docs.map((d) => d[d["_aws"].CloudWatchMetrics[0].Metrics[0].Name])).toEqual([1, 1, 1]);
    expect(docs[2]!["runId"]).toBe("r-2");
  });

  it("counts a run's start when it started, and its completion with its duration when it completed", () => {
    const run = { runId: "20250120020000-abcd1234", startedAt: "2025-01-20T02:00:00.000Z" };
    emitRunStarted(run);
    emitRunCompleted(run, new Date("2025-01-20T02:07:30.000Z"));
    const docs = records();
    docs.forEach(assertValidEmf);
    const byMetric = Object.fromEntries(
      docs.flatMap((d) => (d["_aws"].CloudWatchMetrics[0].Metrics as { Name: string; Unit: string }[]).map((m) => [m.Name, { value: d[m.Name], unit: m.Unit, at: d["_aws"].Timestamp }])),
    );
    const completedAt = Date.parse("2025-01-20T02:07:30.000Z");
    expect(byMetric).toEqual({
      [METRIC_NAMES.runsStarted]: { value: 1, unit: "Count", at: Date.parse(run.startedAt) },
      [METRIC_NAMES.runsCompleted]: { value: 1, unit: "Count", at: completedAt },
      [METRIC_NAMES.runDuration]: { value: 450, unit: "Seconds", at: completedAt },
    });
    expect(docs).toHaveLength(2);
    expect(docs.every((d) => d["runId"] === run.runId)).toBe(true);
  });

  it("counts every request and a 5xx only for 5xx statuses", () => {
    for (const status of [200, 404, 500, 503]) emitRequestMetrics(status, { route: "GET /v1/agencies" });
    const docs = records();
    docs.forEach(assertValidEmf);
    expect(docs.map((d) => [d[METRIC_NAMES.requests], d[METRIC_NAMES.http5xx]])).toEqual([
      [1, 0],
      [1, 0],
      [1, 1],
      [1, 1],
    ]);
  });

  it("never throws, even when the sink does", () => {
    metricSink.write = () => {
      throw new Error("stdout closed");
    };
    expect(() => emitPublishOutcome("published")).not.toThrow();
  });
});
