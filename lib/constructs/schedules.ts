import { Duration, Stack, TimeZone } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import { ScheduleTargetBase, type ScheduleTargetBaseProps } from "aws-cdk-lib/aws-scheduler-targets";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { AgencyKind, ReminderSchedule } from "../config";

/** Yearly-job input payloads (the contract with functions/jobs/handlers.ts's yearlyJobEventSchema). */
export type YearlyJobInput =
  | { action: "openYear" }
  | { action: "publishRun"; kinds: AgencyKind[] }
  | { action: "remind"; step: number; deadline: string };

/**
 * Lambda target that grants exactly `lambda:InvokeFunction` on the function. (The stock
 * `LambdaInvoke` target uses `grantInvoke`, which adds `<function arn>:*` as well.)
 */
class InvokeFunction extends ScheduleTargetBase implements scheduler.IScheduleTarget {
  constructor(
    private readonly fn: lambda.IFunction,
    props: ScheduleTargetBaseProps,
  ) {
    super(props, fn.functionArn);
  }

  protected addTargetActionToRole(role: iam.IRole): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "InvokeYearlyJob",
        actions: ["lambda:InvokeFunction"],
        resources: [this.fn.functionArn],
      }),
    );
  }
}

export interface YearlySchedulesProps {
  readonly target: lambda.IFunction;
  /** Receives the invocations the scheduler could not deliver. */
  readonly deadLetterQueue: sqs.IQueue;
  readonly timeZone: string;
  readonly openYear: string;
  readonly publishRuns: readonly { readonly cron: string; readonly kinds: readonly AgencyKind[] }[];
  /** Deadline reminders (lib/config.ts reminderSchedules); none when absent. */
  readonly reminders?: readonly ReminderSchedule[];
}

/**
 * EventBridge Scheduler schedules of the yearly job (design.md §6), in the county's time zone:
 * open the previous year, remind the agencies not yet submitted some days before each deadline,
 * then one publish run per deadline.
 */
export class YearlySchedules extends Construct {
  readonly role: iam.Role;
  readonly schedules: scheduler.Schedule[] = [];

  constructor(scope: Construct, id: string, props: YearlySchedulesProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // One role for all schedules, assumable only by EventBridge Scheduler on behalf of this
    // account's default schedule group (confused-deputy guard).
    this.role = new iam.Role(this, "Role", {
      description: "EventBridge Scheduler: invoke the yearly job",
      assumedBy: new iam.ServicePrincipal("scheduler.amazonaws.com", {
        conditions: {
          StringEquals: {
            "aws:SourceAccount": stack.account,
            "aws:SourceArn": stack.formatArn({
              service: "scheduler",
              resource: "schedule-group",
              resourceName: "default",
            }),
          },
        },
      }),
    });

    const timeZone = TimeZone.of(props.timeZone);
    const add = (scheduleId: string, cron: string, description: string, input: YearlyJobInput) => {
      const schedule = new scheduler.Schedule(this, scheduleId, {
        description,
        schedule: scheduler.ScheduleExpression.expression(cron, timeZone),
        timeWindow: scheduler.TimeWindow.off(),
        target: new InvokeFunction(props.target, {
          role: this.role,
          input: scheduler.ScheduleTargetInput.fromObject(input),
          deadLetterQueue: props.deadLetterQueue,
          retryAttempts: 10,
          maxEventAge: Duration.hours(24),
        }),
      });
      this.schedules.push(schedule);
    };

    add("OpenYear", props.openYear, "Open the previous calendar year as a reporting year", { action: "openYear" });
    props.publishRuns.forEach((run, i) => {
      add(
        `PublishRun${i + 1}`,
        run.cron,
        `Deadline publish run: ${run.kinds.join(", ")}`,
        { action: "publishRun", kinds: [...run.kinds] },
      );
    });
    for (const reminder of props.reminders ?? []) {
      add(
        `Reminder${reminder.deadline.replace("-", "")}D${reminder.step}`,
        reminder.cron,
        `Deadline reminder: ${reminder.step} days before ${reminder.deadline} (${reminder.kinds.join(", ")})`,
        { action: "remind", step: reminder.step, deadline: reminder.deadline },
      );
    }
  }
}
