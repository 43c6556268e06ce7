import { App, Duration, Stack } from "aws-cdk-lib";
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import { Template } from "aws-cdk-lib/assertions";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { describe, expect, it } from "vitest";
import { Alarms, type AlarmsProps } from "../../lib/constructs/alarms";
import { synth } from "./helpers";

/** The Alarms construct on its own, with stand-ins for what the stack hands it. */
function synthAlarms(publishRuns?: { expectedMinutes?: number }, overrides: Partial<AlarmsProps> = {}) {
  const stack = new Stack(new App(), "AlarmsTest", { env: { account: "123456789012", region: "cn-north-1" } });
  const fn = new lambda.Function(stack, "Fn", {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: "index.handler",
    code: lambda.Code.fromInline("exports.handler = async () => {};"),
  });
  const publishQueue = new sqs.Queue(stack, "PublishQueue");
  new Alarms(stack, "Alarms", {
    functions: { Fn: fn },
    deadLetterQueues: { Dlq: new sqs.Queue(stack, "Dlq") },
    httpApi: new apigwv2.HttpApi(stack, "Api"),
    table: new dynamodb.Table(stack, "Table", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING } }),
    ...(publishRuns ? { publishRuns: { queue: publishQueue, retention: Duration.days(4), ...publishRuns } } : {}),
    ...overrides,
  });
  const template = Template.fromStack(stack);
  const queueId = Object.keys(template.findResources("AWS::SQS::Queue")).find((id) => id.startsWith("PublishQueue"))!;
  const all = Object.values(template.findResources("AWS::CloudWatch::Alarm")).map((r) => r["Properties"] as Record<string, any>);
  const runAlarms = all.filter((a) => a["MetricName"] === "ApproximateAgeOfOldestMessage");
  return { template, all, runAlarms, queueId };
}

describe("the publish-run alarm", () => {
  it("watches the age of the oldest message of the publish queue, every 5 minutes", () => {
    const { runAlarms, queueId } = synthAlarms({});
    expect(runAlarms).toHaveLength(1);
    expect(runAlarms[0]).toMatchObject({
      Namespace: "AWS/SQS",
      MetricName: "ApproximateAgeOfOldestMessage",
      Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [queueId, "QueueName"] } }],
      Statistic: "Maximum",
      Period: 300,
    });
    // A plain metric and a static threshold: nothing that an alarm in any partition could refuse.
    expect(runAlarms[0]!["Metrics"]).toBeUndefined();
  });

  it("fires when a message has waited longer than the expected hour, and not on missing data", () => {
    const { runAlarms } = synthAlarms({});
    expect(runAlarms[0]).toMatchObject({
      ComparisonOperator: "GreaterThanThreshold",
      Threshold: 3600,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      TreatMissingData: "notBreaching",
    });
    expect(runAlarms[0]!["AlarmDescription"]).toMatch(/resume/);
  });

  it("follows the expected time it is given, within the queue's retention", () => {
    expect(synthAlarms({ expectedMinutes: 30 }).runAlarms[0]!["Threshold"]).toBe(1800);
    expect(synthAlarms({ expectedMinutes: 4 * 24 * 60 - 1 }).runAlarms[0]!["Threshold"]).toBe((4 * 24 * 60 - 1) * 60);
    expect(() => synthAlarms({ expectedMinutes: 0 })).toThrow(/expectedMinutes/);
    expect(() => synthAlarms({ expectedMinutes: 2.5 })).toThrow(/expectedMinutes/);
    // A message is never older than the queue's retention: such an alarm could never fire.
    expect(() => synthAlarms({ expectedMinutes: 4 * 24 * 60 })).toThrow(/retention/);
  });

  it("notifies the alarm topic, on alarm and back to OK, like the other alarms", () => {
    const { runAlarms, template } = synthAlarms({}, { email: "ops@example.gov.cn" });
    const [topicId] = Object.keys(template.findResources("AWS::SNS::Topic"));
    expect(runAlarms[0]!["AlarmActions"]).toEqual([{ Ref: topicId }]);
    expect(runAlarms[0]!["OKActions"]).toEqual([{ Ref: topicId }]);
  });

  it("is absent unless publishRuns is given, leaving the other alarms as they were", () => {
    const without = synthAlarms();
    const withRuns = synthAlarms({});
    expect(without.runAlarms).toEqual([]);
    expect(withRuns.all).toHaveLength(without.all.length + 1);
  });

  it("in the stack, watches the queue the publish worker consumes", () => {
    const synthesized = synth({}, { bundle: false });
    const template = synthesized.template;
    synthesized.cleanup();
    const alarms = Object.values(template.findResources("AWS::CloudWatch::Alarm")).map((r) => r["Properties"] as Record<string, any>);
    const run = alarms.filter((a) => a["MetricName"] === "ApproximateAgeOfOldestMessage");
    expect(run).toHaveLength(1);
    const queueRef = run[0]!["Dimensions"][0].Value["Fn::GetAtt"][0] as string;
    const mappings = Object.values(template.findResources("AWS::Lambda::EventSourceMapping")).map((r) => r["Properties"] as Record<string, any>);
    expect(mappings.some((m) => JSON.stringify(m["EventSourceArn"]).includes(queueRef))).toBe(true);
  });
});
