import { logger } from "../log";
import type { PublishMessage, PublishQueue } from "../service/ports";

/** As the stack's PUBLISH_MAX_RECEIVE_COUNT (lib/disclosure-stack.ts): tries before a message is dead-lettered. */
export const IN_PROCESS_MAX_RECEIVE_COUNT = 5;

/**
 * Locally (and in tests) the worker runs in the same process: the same code, no queue in between.
 * Like SQS with maxReceiveCount, a message that throws is tried again a few times, then set aside
 * (logged, as the DLQ would hold it) so that one bad report never stops the others; a run left
 * without an outcome for it is finished by resuming it (docs/operations.md).
 */
export class InProcessPublishQueue implements PublishQueue {
  constructor(
    private readonly process: (message: PublishMessage) => Promise<void>,
    private readonly maxReceiveCount = IN_PROCESS_MAX_RECEIVE_COUNT,
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
          logger.error(final ? "publish message dead-lettered" : "publish message failed, retrying", { ...message, receive, error });
        }
      }
    }
  }
}
