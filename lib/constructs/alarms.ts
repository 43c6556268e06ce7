import { Duration, Stack } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import type * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import * as cwActions from "aws-cdk-lib/aws-cloudwatch-actions";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";

export interface AlarmsProps {
  readonly functions: Record<string, lambda.IFunction>;
  readonly deadLetterQueues: Record<string, sqs.IQueue>;
  /** The api answers its own 500/503 (the function does not fail), so the API's 5xx is watched. */
  readonly httpApi: apigwv2.IHttpApi;
  /** Throttled reads or writes on the table or its index. */
  readonly table: dynamodb.ITable;
  /** When set: an encrypted SNS topic with this e-mail subscribed is the action of every alarm. */
  readonly email?: string;
  /**
   * When set: an alarm on publish runs not completed within `expectedMinutes` (default 60), from the
   * EMF metrics the functions emit (functions/metrics.ts) under the `Service` dimension `service`,
   * which must be the METRICS_SERVICE the stack gives its functions.
   */
  readonly publishRuns?: { readonly service: string; readonly expectedMinutes?: number };
}

/** The namespace, dimension and metric names of functions/metrics.ts (kept apart: lib/ bundles no function code). */
export const RUN_METRICS = {
  namespace: "DisclosureReports",
  dimension: "Service",
  started: "RunsStarted",
  completed: "RunsCompleted",
} as const;

/**
 * The run alarm's time base: 15-minute periods over the last 24 hours. A run that stays open for
 * longer than that leaves the window (and the alarm returns to OK); by then it has been notified
 * for hours, and its dead letters keep the DLQ alarm in ALARM until they are dealt with.
 */
export const RUN_ALARM_PERIOD = Duration.minutes(15);
export const RUN_ALARM_WINDOW_PERIODS = 96;
export const DEFAULT_RUN_EXPECTED_MINUTES = 60;

/**
 * Alarms: any message in a dead-letter queue, any function error, any 5xx answered by the HTTP API
 * (the function's own 500/503 included), any throttled DynamoDB request, a publish run not completed
 * within its expected time. With an e-mail address, every alarm notifies it through one encrypted
 * SNS topic (alarm and back to OK).
 */
export class Alarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly topic?: sns.Topic;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);

    if (props.email) {
      // CloudWatch cannot publish to a topic encrypted with the AWS managed aws/sns key, so the topic
      // gets a customer-managed key whose policy lets CloudWatch use it.
      const key = new kms.Key(this, "TopicKey", {
        description: "Encrypts the alarm notification topic",
        enableKeyRotation: true,
      });
      key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: "AllowCloudWatchAlarms",
          principals: [new iam.ServicePrincipal("cloudwatch.amazonaws.com")],
          actions: ["kms:Decrypt", "kms:GenerateDataKey"],
          resources: ["*"],
          conditions: { StringEquals: { "aws:SourceAccount": Stack.of(this).account } },
        }),
      );
      this.topic = new sns.Topic(this, "Topic", {
        displayName: "Disclosure reports alarms",
        masterKey: key,
        enforceSSL: true,
      });
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
    }

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      this.add(
        `${name}NotEmpty`,
        queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: "Maximum" }),
        `${name}: at least one message is waiting in the dead-letter queue`,
      );
    }
    this.add(
      "HttpApi5xx",
      props.httpApi.metricServerError({ period: Duration.minutes(5), statistic: "Sum" }),
      "HTTP API: at least one 5xx answer (function errors, its own 500/503 such as DynamoDB or IdP outages, integration timeouts)",
    );
    const throttles = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: "AWS/DynamoDB",
        metricName,
        dimensionsMap: { TableName: props.table.tableName },
        period: Duration.minutes(5),
        statistic: "Sum",
      });
    this.add(
      "TableThrottled",
      new cloudwatch.MathExpression({
        label: "Throttled reads and writes",
        expression: "FILL(reads, 0) + FILL(writes, 0)",
        usingMetrics: { reads: throttles("ReadThrottleEvents"), writes: throttles("WriteThrottleEvents") },
        period: Duration.minutes(5),
      }),
      "DynamoDB: requests to the table were throttled (the api answers 503 once the SDK's retries run out)",
    );
    if (props.publishRuns) this.addRunNotCompleted(props.publishRuns.service, props.publishRuns.expectedMinutes ?? DEFAULT_RUN_EXPECTED_MINUTES);
    for (const [name, fn] of Object.entries(props.functions)) {
      this.add(
        `${name}Errors`,
        fn.metricErrors({ period: Duration.minutes(5), statistic: "Sum" }),
        `${name}: the function reported errors`,
      );
    }
  }

  /**
   * A publish run not completed (year files written) within its expected time. Each run counts
   * RunsStarted 1 and RunsCompleted 0 in the minute it starts, and RunsCompleted 1 when it
   * completes, counted back in that same minute (functions/metrics.ts, emitRunCompleted). So
   * `started - completed`, filled with 0 where no run started, is per period the number of runs
   * started then and still open, and its running sum over the window is, at each period, the number
   * of runs open since then. A run open for `expectedMinutes` makes that many periods breach; once it
   * completes its periods net to 0 everywhere and the alarm returns to OK. A run that completes in
   * time never shows.
   */
  private addRunNotCompleted(service: string, expectedMinutes: number): void {
    const runMetric = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: RUN_METRICS.namespace,
        metricName,
        dimensionsMap: { [RUN_METRICS.dimension]: service },
        period: RUN_ALARM_PERIOD,
        statistic: "Sum",
      });
    const periods = Math.ceil(expectedMinutes / RUN_ALARM_PERIOD.toMinutes());
    if (periods < 1 || periods > RUN_ALARM_WINDOW_PERIODS) {
      throw new Error(`publishRuns.expectedMinutes must be between 1 and ${RUN_ALARM_WINDOW_PERIODS * RUN_ALARM_PERIOD.toMinutes()}`);
    }
    this.add(
      "PublishRunNotCompleted",
      new cloudwatch.MathExpression({
        label: "Publish runs open (started, year files not written)",
        expression: "RUNNING_SUM(FILL(started - completed, 0))",
        usingMetrics: { started: runMetric(RUN_METRICS.started), completed: runMetric(RUN_METRICS.completed) },
        period: RUN_ALARM_PERIOD,
      }),
      `Publish runs: a run has not completed within ${expectedMinutes} minutes (messages dead-lettered or its year files failing): ` +
        "GET /v1/years/{year}/publish-runs/{runId}, fix the cause, then POST …/resume (docs/operations.md)",
      { evaluationPeriods: RUN_ALARM_WINDOW_PERIODS, datapointsToAlarm: periods },
    );
  }

  private add(id: string, metric: cloudwatch.IMetric, description: string, evaluation = { evaluationPeriods: 1, datapointsToAlarm: 1 }): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      ...evaluation,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (this.topic) {
      const action = new cwActions.SnsAction(this.topic);
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
    this.alarms.push(alarm);
  }
}
