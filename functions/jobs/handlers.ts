import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import * as z from "zod";
import { publishRunBodySchema } from "../report/schemas";
import type { PublishMessage } from "../service/ports";
import { currentReportYear, type PublishService } from "../service/publish-service";

const publishMessageSchema = z.object({
  runId: z.string().min(1),
  agencyId: z.string().min(1),
  year: z.number().int(),
});

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
        console.log(JSON.stringify({ level: "info", msg: "publish outcome", runId: message.runId, ...outcome }));
      } catch (error) {
        console.error(JSON.stringify({ level: "error", msg: "publish failed, will be retried", messageId: record.messageId, error: String(error) }));
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
}

export const yearlyJobEventSchema = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("openYear"), year: z.number().int().optional() }),
  z.strictObject({
    action: z.literal("publishRun"),
    kinds: publishRunBodySchema.shape.kinds,
    year: z.number().int().optional(),
  }),
]);

/**
 * The yearly job, invoked by EventBridge Scheduler in the county's time zone. Without an explicit
 * year it works on the previous calendar year there: on 1 January 2025 (Asia/Shanghai) that is 2024.
 */
export function createYearlyJobHandler(
  publishing: Pick<PublishService, "openYear" | "startRun">,
  timeZone: string,
  clock: () => Date = () => new Date(),
) {
  return async (event: unknown) => {
    const command = yearlyJobEventSchema.parse(event);
    const year = command.year ?? currentReportYear(clock(), timeZone);
    if (command.action === "openYear") {
      const result = await publishing.openYear(year);
      console.log(JSON.stringify({ level: "info", msg: "year opened", year, ...result }));
      return { action: command.action, year, ...result };
    }
    const run = await publishing.startRun(year, command.kinds ? { kinds: command.kinds } : {}, "schedule");
    console.log(JSON.stringify({ level: "info", msg: "publish run enqueued", year, runId: run.runId, reports: run.agencyIds.length }));
    return { action: command.action, year, runId: run.runId, enqueued: run.agencyIds.length };
  };
}
