import type { S3Client } from "@aws-sdk/client-s3";
import type { PublishMessage, PublishQueue, SiteStore } from "../service/ports";
import { S3SiteStore } from "./s3-site-store";
import { SqsPublishQueue } from "./sqs-publish-queue";

/**
 * The S3 and SQS clients, created on first use. Most API requests touch neither, and loading those
 * two SDK clients was the larger part of a cold start (docs/performance.md); in AWS they come from
 * the Lambda runtime's SDK (lib/constructs/service-function.ts), imported only when a publish needs
 * them. Each client is still created once per container.
 */
export class LazySiteStore implements SiteStore {
  private store?: Promise<SiteStore>;

  constructor(private readonly options: { bucket: string; forcePathStyle: boolean; s3Client?: S3Client }) {}

  private load(): Promise<SiteStore> {
    // createS3Client gives the client its connection and request timeouts (functions/store/s3-client.ts).
    return (this.store ??= import("./s3-client").then(
      ({ createS3Client }) =>
        new S3SiteStore(this.options.s3Client ?? createS3Client({ forcePathStyle: this.options.forcePathStyle }), this.options.bucket),
    ));
  }

  async put(key: string, body: string | Uint8Array, contentType: string, options?: { immutable?: boolean }): Promise<void> {
    return (await this.load()).put(key, body, contentType, options);
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.load()).get(key);
  }
}

export class LazySqsPublishQueue implements PublishQueue {
  private queue?: Promise<PublishQueue>;

  constructor(private readonly queueUrl: string) {}

  async enqueue(messages: PublishMessage[]): Promise<void> {
    this.queue ??= SqsPublishQueue.create(this.queueUrl);
    return (await this.queue).enqueue(messages);
  }
}
