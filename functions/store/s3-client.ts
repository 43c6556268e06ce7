import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { translateAwsErrors } from "./aws-errors";

/**
 * How long one S3 attempt may take: longer than DynamoDB's (a report page or the year's open data is
 * uploaded in one PUT), still far below the functions' timeouts so a stalled S3 fails the attempt.
 */
export const S3_TIMEOUTS = { connectionTimeout: 2_000, requestTimeout: 10_000 } as const;

/** An S3 client: path-style for a local endpoint, connection and request timeouts everywhere. */
export function createS3Client(config: S3ClientConfig = {}): S3Client {
  const client = new S3Client({
    forcePathStyle: Boolean(config.endpoint),
    maxAttempts: 5,
    requestHandler: { ...S3_TIMEOUTS, throwOnRequestTimeout: true },
    ...config,
  });
  return translateAwsErrors(client, "S3");
}
