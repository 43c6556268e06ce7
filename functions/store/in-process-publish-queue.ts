import type { PublishMessage, PublishQueue } from "../service/ports";

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
