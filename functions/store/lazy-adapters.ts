import type { S3Client } from "@aws-sdk/client-s3";
import { loadOnce } from "../load-once";
import type { PublishMessage, PublishQueue, SiteStore } from "../service/ports";
import { buildS3Client } from "./build-s3-client";
import { S3SiteStore } from "./s3-site-store";
import { SqsPublishQueue } from "./sqs-publish-queue";

/**
 * The S3 and SQS clients, created on first use. Most API requests touch neither, and loading those
 * two SDK clients was the larger part of a cold start (docs/performance.md); in AWS they come from
 * the Lambda runtime's SDK (lib/constructs/service-function.ts), imported only when a publish needs
 * them. Each client is still created once per container.
 */
export class LazySiteStore implements SiteStore {
  // The SDK is imported here, dynamically, never statically (see ./build-s3-client.ts).
  private readonly load = loadOnce(async (): Promise<SiteStore> => {
    const client =
      this.options.s3Client ?? buildS3Client((await import("@aws-sdk/client-s3")).S3Client, { forcePathStyle: this.options.forcePathStyle });
    return new S3SiteStore(client, this.options.bucket);
  });

  constructor(private readonly options: { bucket: string; forcePathStyle: boolean; s3Client?: S3Client }) {}

  async put(key: string, body: string | Uint8Array, contentType: string, options?: { immutable?: boolean }): Promise<void> {
    return (await this.load()).put(key, body, contentType, options);
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.load()).get(key);
  }

  async getBytes(key: string): Promise<Uint8Array | undefined> {
    return (await this.load()).getBytes(key);
  }

  async exists(key: string): Promise<boolean> {
    return (await this.load()).exists(key);
  }
}

export class LazySqsPublishQueue implements PublishQueue {
  private readonly load = loadOnce(() => SqsPublishQueue.create(this.queueUrl));

  constructor(private readonly queueUrl: string) {}

  async enqueue(messages: PublishMessage[]): Promise<void> {
    return (await this.load()).enqueue(messages);
  }
}
