import { SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { PublishMessage, PublishQueue } from "../service/ports";

const BATCH_SIZE = 10; // the SQS maximum per SendMessageBatch

export class SqsPublishQueue implements PublishQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(messages: PublishMessage[]): Promise<void> {
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

/**
 * Locally (and in tests) the worker runs in the same process: the same code, no queue in between.
 * Like SQS with maxReceiveCount, a message that throws is tried again a few times, then set aside
 * (logged, as the DLQ would hold it) so that one bad report never stops the others.
 */
export class InProcessPublishQueue implements PublishQueue {
  constructor(
    private readonly process: (message: PublishMessage) => Promise<void>,
    private readonly maxReceiveCount = 3,
  ) {}

  async enqueue(messages: PublishMessage[]): Promise<void> {
    // Sequential keeps the local emulators calm and the run summary in a predictable order.
    for (const message of messages) {
      for (let receive = 1; receive <= this.maxReceiveCount; receive += 1) {
        try {
          await this.process(message);
          break;
        } catch (error) {
          const final = receive === this.maxReceiveCount;
          console.error(JSON.stringify({ level: "error", msg: final ? "publish message dead-lettered" : "publish message failed, retrying", ...message, receive, error: String(error) }));
        }
      }
    }
  }
}
