import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";

/** An S3 client for the tests, the benchmarks and the local tools; path-style for a local endpoint. */
export function createS3Client(config: S3ClientConfig = {}): S3Client {
  return new S3Client({ forcePathStyle: Boolean(config.endpoint), maxAttempts: 5, ...config });
}
