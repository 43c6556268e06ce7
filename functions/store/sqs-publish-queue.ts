import type { SQSClient } from "@aws-sdk/client-sqs";
import type { PublishMessage, PublishQueue } from "../service/ports";
import { translateAwsErrors } from "./aws-errors";

const BATCH_SIZE = 10; // the SQS maximum per SendMessageBatch

/** The SQS client's options: SendMessageBatch answers in milliseconds; a stalled attempt fails instead of holding the run. */
export const SQS_CLIENT_OPTIONS = {
  maxAttempts: 5,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
} as const;

export class SqsPublishQueue implements PublishQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  /** The queue with its own SQS client, the SDK imported on first use (not at cold start). */
  static async create(queueUrl: string): Promise<SqsPublishQueue> {
    const { SQSClient } = await import("@aws-sdk/client-sqs");
    const client = new SQSClient({ ...SQS_CLIENT_OPTIONS, requestHandler: { ...SQS_CLIENT_OPTIONS.requestHandler } });
    return new SqsPublishQueue(translateAwsErrors(client, "SQS"), queueUrl);
  }

  async enqueue(messages: PublishMessage[]): Promise<void> {
    // Imported when first used, not at cold start (see functions/store/lazy-adapters.ts).
    const { SendMessageBatchCommand } = await import("@aws-sdk/client-sqs");
    for (let start = 0; start < messages.length; start += BATCH_SIZE) {
      const batch = messages.slice(start, start + BATCH_SIZE);
      const result = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((message, i) => ({ Id: String(start + i), MessageBody: JSON.stringify(message) })),
        }),
      );
      if (result.Failed && result.Failed.length > 0) {
        const ids = result.Failed.map((f) => `${f.Id}: ${f.Code}`).join(", ");
        throw new Error(`SQS refused ${result.Failed.length} publish messages (${ids})`);
      }
    }
  }
}
