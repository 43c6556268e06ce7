import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { createRuntime } from "./runtime";
import type { PublishMessage } from "./service/ports";

const runtime = createRuntime();

/** One SQS message per report; only the messages that failed for infrastructure reasons are retried. */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse["batchItemFailures"] = [];
  for (const record of event.Records) {
    try {
      const outcome = await runtime.publishing.processMessage(JSON.parse(record.body) as PublishMessage);
      console.log(JSON.stringify({ level: "info", msg: "publish outcome", ...outcome }));
    } catch (error) {
      console.error(JSON.stringify({ level: "error", msg: "publish failed, will retry", messageId: record.messageId, error: String(error) }));
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
