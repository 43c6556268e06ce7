import type { SQSClient } from "@aws-sdk/client-sqs";
import type { PublishMessage, PublishQueue } from "../service/ports";
import { translateAwsErrors } from "./aws-errors";

/** SendMessageBatch takes at most 10 messages, and 256 KiB of bodies in all (SQS quotas). */
const BATCH_SIZE = 10;
export const BATCH_MAX_BYTES = 262_144;

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
    for (const entries of batches(messages)) {
      const result = await this.sqs.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }));
      if (result.Failed && result.Failed.length > 0) {
        const ids = result.Failed.map((f) => `${f.Id}: ${f.Code}`).join(", ");
        throw new Error(`SQS refused ${result.Failed.length} publish messages (${ids})`);
      }
    }
  }
}

/**
 * The messages in batches of at most 10 and 256 KiB: a run's messages are ~60 bytes, but an
 * open-year chunk of 100 agencies with long Chinese names is up to ~45 KB, so ten of them would not fit.
 */
function batches(messages: PublishMessage[]): { Id: string; MessageBody: string }[][] {
  const out: { Id: string; MessageBody: string }[][] = [];
  let current: { Id: string; MessageBody: string }[] = [];
  let bytes = 0;
  messages.forEach((message, i) => {
    const body = JSON.stringify(message);
    const size = Buffer.byteLength(body);
    if (size > BATCH_MAX_BYTES) throw new Error(`publish message ${i} is ${size} bytes, above SQS's ${BATCH_MAX_BYTES}`);
    if (current.length === BATCH_SIZE || bytes + size > BATCH_MAX_BYTES) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push({ Id: String(i), MessageBody: body });
    bytes += size;
  });
  if (current.length > 0) out.push(current);
  return out;
}
