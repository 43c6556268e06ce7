import { App, Stack } from "aws-cdk-lib";
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import { Template } from "aws-cdk-lib/assertions";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { describe, expect, it } from "vitest";
import { METRIC_NAMES, METRICS_NAMESPACE, SERVICE_DIMENSION } from "../../functions/metrics";
import { Alarms, type AlarmsProps, RUN_METRICS } from "../../lib/constructs/alarms";

/** The Alarms construct on its own, with stand-ins for what the stack hands it. */
function synthAlarms(overrides: Partial<AlarmsProps> = {}) {
  const stack = new Stack(new App(), "AlarmsTest", { env: { account: "123456789012", region: "cn-north-1" } });
  const fn = new lambda.Function(stack, "Fn", {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: "index.handler",
    code: lambda.Code.fromInline("exports.handler = async () => {};"),
  });
  const alarms = new Alarms(stack, "Alarms", {
    functions: { Fn: fn },
    deadLetterQueues: { Dlq: new sqs.Queue(stack, "Dlq") },
    httpApi: new apigwv2.HttpApi(stack, "Api"),
    table: new dynamodb.Table(stack, "Table", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING } }),
    ...overrides,
  });
  const template = Template.fromStack(stack);
  const all = Object.values(template.findResources("AWS::CloudWatch::Alarm")).map((r) => r["Properties"] as Record<string, any>);
  const runAlarms = all.filter((a) => JSON.stringify(a["Metrics"] ?? []).includes(RUN_METRICS.started));
  return { stack, alarms, template, all, runAlarms };
}

describe("the publish-run alarm", () => {
  it("watches RunsStarted and RunsCompleted of this deployment's Service, summed per 15 minutes", () => {
    const { runAlarms } = synthAlarms({ publishRuns: { service: "DisclosureReports-yiyuan" } });
    expect(runAlarms).toHaveLength(1);
    const metrics = runAlarms[0]!["Metrics"] as { Id: string; Expression?: string; ReturnData?: boolean; MetricStat?: Record<string, any> }[];
    const stats = Object.fromEntries(metrics.filter((m) => m.MetricStat).map((m) => [m.Id, m.MetricStat]));
    expect(stats).toEqual({
      started: {
        Metric: { Namespace: "DisclosureReports", MetricName: "RunsStarted", Dimensions: [{ Name: "Service", Value: "DisclosureReports-yiyuan" }] },
        Period: 900,
        Stat: "Sum",
      },
      completed: {
        Metric: { Namespace: "DisclosureReports", MetricName: "RunsCompleted", Dimensions: [{ Name: "Service", Value: "DisclosureReports-yiyuan" }] },
        Period: 900,
        Stat: "Sum",
      },
    });
    const expression = metrics.find((m) => m.Expression)!;
    expect(expression.Expression).toBe("RUNNING_SUM(FILL(started - completed, 0))");
    expect(metrics.filter((m) => m.ReturnData !== false)).toEqual([expression]);
  });

  it("fires when a run has been open for the expected hour (4 of the last 96 quarter-hours), and not on missing data", () => {
    const { runAlarms } = synthAlarms({ publishRuns: { service: "s" } });
    expect(runAlarms[0]).toMatchObject({
      ComparisonOperator: "GreaterThanThreshold",
      Threshold: 0,
      EvaluationPeriods: 96,
      DatapointsToAlarm: 4,
      TreatMissingData: "notBreaching",
    });
    expect(runAlarms[0]!["AlarmDescription"]).toMatch(/resume/);
  });

  it("follows the expected time it is given, within its 24-hour window", () => {
    expect(synthAlarms({ publishRuns: { service: "s", expectedMinutes: 30 } }).runAlarms[0]!["DatapointsToAlarm"]).toBe(2);
    expect(synthAlarms({ publishRuns: { service: "s", expectedMinutes: 50 } }).runAlarms[0]!["DatapointsToAlarm"]).toBe(4);
    expect(() => synthAlarms({ publishRuns: { service: "s", expectedMinutes: 0 } })).toThrow(/expectedMinutes/);
    expect(() => synthAlarms({ publishRuns: { service: "s", expectedMinutes: 24 * 60 + 1 } })).toThrow(/expectedMinutes/);
  });

  it("notifies the alarm topic, on alarm and back to OK, like the other alarms", () => {
    const { runAlarms, template } = synthAlarms({ publishRuns: { service: "s" }, email: "ops@example.gov.cn" });
    const [topicId] = Object.keys(template.findResources("AWS::SNS::Topic"));
    expect(runAlarms[0]!["AlarmActions"]).toEqual([{ Ref: topicId }]);
    expect(runAlarms[0]!["OKActions"]).toEqual([{ Ref: topicId }]);
  });

  it("is absent unless publishRuns is given, leaving the other alarms as they were", () => {
    const without = synthAlarms();
    const withRuns = synthAlarms({ publishRuns: { service: "s" } });
    expect(without.runAlarms).toEqual([]);
    expect(withRuns.all).toHaveLength(without.all.length + 1);
  });

  it("watches the names the functions emit (functions/metrics.ts)", () => {
    expect(RUN_METRICS).toEqual({
      namespace: METRICS_NAMESPACE,
      dimension: SERVICE_DIMENSION,
      started: METRIC_NAMES.runsStarted,
      completed: METRIC_NAMES.runsCompleted,
    });
  });
});
