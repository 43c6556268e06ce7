import type { SQSClient } from "@aws-sdk/client-sqs";
import type { PublishMessage, PublishQueue } from "../service/ports";

const BATCH_SIZE = 10; // the SQS maximum per SendMessageBatch

export class SqsPublishQueue implements PublishQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

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
