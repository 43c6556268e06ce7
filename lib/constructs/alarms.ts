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
   * When set: an alarm on publish work not done within `expectedMinutes` (default 60), watched on the
   * publish queue itself (see addRunNotCompleted). `retention` is the queue's message retention: a
   * message never gets older than that, so a longer expected time could never fire.
   */
  readonly publishRuns?: { readonly queue: sqs.IQueue; readonly retention: Duration; readonly expectedMinutes?: number };
}

/** The run alarm looks at the oldest publish message every 5 minutes. */
export const RUN_ALARM_PERIOD = Duration.minutes(5);
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
    if (props.publishRuns) this.addRunNotCompleted(props.publishRuns.queue, props.publishRuns.retention, props.publishRuns.expectedMinutes ?? DEFAULT_RUN_EXPECTED_MINUTES);
    for (const [name, fn] of Object.entries(props.functions)) {
      this.add(
        `${name}Errors`,
        fn.metricErrors({ period: Duration.minutes(5), statistic: "Sum" }),
        `${name}: the function reported errors`,
      );
    }
  }

  /**
   * A publish run not completed (year files written) within its expected time, seen on the publish
   * queue: a run enqueues one message per agency when it starts, and the message that writes its
   * year files once the last outcome is counted; the run is completed only when that last message
   * is processed and deleted. So while a run is open, one of its messages is in the queue (waiting,
   * in flight or retried, keeping its first enqueue time) or in the DLQ (the DLQ alarm). The age of
   * the oldest message in the queue above the expected time is therefore a run, or a manual
   * publish, that is late: stuck, failing until dead-lettered, or a backlog larger than planned.
   * A plain SQS metric with a static threshold, so the alarm is valid in every partition (no metric
   * math, no backdated custom metrics). SQS stops counting a message in this metric after its third
   * receive; by its fifth it is in the DLQ and PublishDlqNotEmpty fires.
   */
  private addRunNotCompleted(queue: sqs.IQueue, retention: Duration, expectedMinutes: number): void {
    const longest = retention.toMinutes();
    if (!Number.isInteger(expectedMinutes) || expectedMinutes < RUN_ALARM_PERIOD.toMinutes() || expectedMinutes >= longest) {
      throw new Error(
        `publishRuns.expectedMinutes must be a whole number of minutes from ${RUN_ALARM_PERIOD.toMinutes()} to less than the queue's retention (${longest})`,
      );
    }
    this.add(
      "PublishRunNotCompleted",
      queue.metricApproximateAgeOfOldestMessage({ period: RUN_ALARM_PERIOD, statistic: "Maximum" }),
      `Publish runs: a publish message has waited more than ${expectedMinutes} minutes, so a run (or a publish) has not completed in time ` +
        "(a backlog, a failing step, or messages on their way to the DLQ): GET /v1/years/{year}/publish-runs/{runId}, fix the cause, " +
        "then POST …/resume (docs/operations.md)",
      { evaluationPeriods: 1, datapointsToAlarm: 1 },
      expectedMinutes * 60,
    );
  }

  private add(
    id: string,
    metric: cloudwatch.IMetric,
    description: string,
    evaluation = { evaluationPeriods: 1, datapointsToAlarm: 1 },
    threshold = 0,
  ): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold,
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
