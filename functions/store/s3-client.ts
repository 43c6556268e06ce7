import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { buildS3Client } from "./build-s3-client";

export { S3_TIMEOUTS } from "./build-s3-client";

/**
 * The service's S3 client, created synchronously, for the tools (local run, tests, bench). Not for
 * functions/ code, which must not import the SDK statically (see ./build-s3-client.ts).
 */
export function createS3Client(config: S3ClientConfig = {}): S3Client {
  return buildS3Client(S3Client, config);
}
