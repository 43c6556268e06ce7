import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
// zod/mini: the worker and the yearly job check every message and event with these, from cold start on
// (functions/report/identifiers.ts); classic zod and the body schemas are not loaded for them.
import * as z from "zod/mini";
import { agencyKindSchema, nonEmptyStringSchema as nonEmpty, publishRunKindsSchema } from "../report/identifiers";
import type { PublishRunBody } from "../report/schemas";
import type { PublishMessage, PublishRun } from "../service/ports";
import { currentReportYear } from "../report/deadline";
import type { PublishService } from "../service/publish-service";
import type { ReminderService } from "../service/reminder-service";

const runPublishMessageSchema = z.object({
  kind: z.optional(z.literal("publish")),
  runId: nonEmpty(),
  agencyId: nonEmpty(),
  year: z.int(),
});
const openYearMessageSchema = z.object({
  kind: z.literal("openYear"),
  year: z.int(),
  // As stored, not as a new agency's input is checked: a chunk that fails here is dropped whole, so
  // only what the worker cannot do without is required.
  agencies: z
    .array(z.object({ agencyId: nonEmpty(), fullName: z.string(), kind: agencyKindSchema, hasRulemakingPower: z.boolean() }))
    .check(z.minLength(1)),
});
const editionsMessageSchema = z.object({
  kind: z.literal("editions"),
  agencyId: nonEmpty(),
  year: z.int(),
  version: z.int().check(z.minimum(1)),
});
const publishMessageSchema = z.union([openYearMessageSchema, editionsMessageSchema, runPublishMessageSchema]);

/**
 * The publish worker: one SQS message per report. Only messages that failed for infrastructure
 * reasons are reported back, so SQS retries just those and the DLQ receives what keeps failing.
 */
export function createPublishWorkerHandler(publishing: Pick<PublishService, "processMessage">) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const batchItemFailures: SQSBatchResponse["batchItemFailures"] = [];
    for (const record of event.Records) {
      let message: PublishMessage;
      try {
        message = publishMessageSchema.parse(JSON.parse(record.body));
      } catch (error) {
        // A malformed message never gets better: log it and let it go rather than loop to the DLQ.
        console.error(JSON.stringify({ level: "error", msg: "malformed publish message dropped", messageId: record.messageId, error: String(error) }));
        continue;
      }
      try {
        const outcome = await publishing.processMessage(message);
        const msg = message.kind === "openYear" ? "year opening chunk" : message.kind === "editions" ? "editions rendered" : "publish outcome";
        const run = message.kind === "openYear" || message.kind === "editions" ? {} : { runId: message.runId };
        console.log(JSON.stringify({ level: "info", msg, ...run, ...outcome }));
      } catch (error) {
        console.error(JSON.stringify({ level: "error", msg: "publish failed, will be retried", messageId: record.messageId, error: String(error) }));
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
}

/** What the job needs of the publishing use cases (PublishService has it). */
export interface YearlyPublishing {
  startYearOpening(year: number): Promise<{ agencies: number; chunks: number }>;
  startRun(year: number, body: PublishRunBody, trigger: PublishRun["trigger"]): Promise<Pick<PublishRun, "runId" | "agencyIds">>;
}

export const yearlyJobEventSchema = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("openYear"), year: z.optional(z.int()) }),
  z.strictObject({
    action: z.literal("publishRun"),
    kinds: publishRunKindsSchema,
    year: z.optional(z.int()),
  }),
  /** A deadline reminder: `step` days before the deadline `deadline` (MM-DD), lib/constructs/schedules.ts. */
  z.strictObject({
    action: z.literal("remind"),
    step: z.int().check(z.minimum(1), z.maximum(365)),
    deadline: z.optional(z.string().check(z.regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/))),
    year: z.optional(z.int()),
  }),
]);

/**
 * The yearly job, invoked by EventBridge Scheduler in the county's time zone. Without an explicit
 * year it works on the previous calendar year there: on 1 January 2025 (Asia/Shanghai) that is 2024.
 * That is also the year a reminder is for: the schedules only remind in the calendar year of the
 * deadline (lib/config.ts refuses a step that would fall in the year before).
 */
export function createYearlyJobHandler(
  publishing: YearlyPublishing,
  timeZone: string,
  clock: () => Date = () => new Date(),
  reminders?: Pick<ReminderService, "startReminderRun">,
) {
  return async (event: unknown) => {
    const command = yearlyJobEventSchema.parse(event);
    const year = command.year ?? currentReportYear(clock(), timeZone);
    if (command.action === "remind") {
      if (!reminders) throw new Error("yearly job: reminders are not configured in this deployment");
      const run = await reminders.startReminderRun(year, {
        step: command.step,
        ...(command.deadline ? { deadline: command.deadline } : {}),
        trigger: "schedule",
      });
      const count = (outcome: string) => run.outcomes.filter((o) => o.outcome === outcome).length;
      const result = {
        action: command.action,
        year,
        runId: run.runId,
        step: command.step,
        reminded: run.recipients.length,
        sent: count("sent"),
        failed: count("failed"),
        alreadySent: count("alreadySent"),
      };
      console.log(JSON.stringify({ level: "info", msg: "reminder run finished", ...result }));
      // A failed delivery gave its marker back: failing the invocation makes Lambda retry it (only
      // what failed is sent again) and, if it keeps failing, lands it in the DLQ, whose alarm fires.
      if (result.failed > 0) throw new Error(`reminder run ${run.runId}: ${result.failed} deliveries failed`);
      return result;
    }
    if (command.action === "openYear") {
      // The drafts are made by the publish worker, a chunk of agencies per message.
      const result = await publishing.startYearOpening(year);
      console.log(JSON.stringify({ level: "info", msg: "year opening enqueued", year, ...result }));
      return { action: command.action, year, ...result };
    }
    const run = await publishing.startRun(year, command.kinds ? { kinds: command.kinds } : {}, "schedule");
    console.log(JSON.stringify({ level: "info", msg: "publish run enqueued", year, runId: run.runId, reports: run.agencyIds.length }));
    return { action: command.action, year, runId: run.runId, enqueued: run.agencyIds.length };
  };
}
