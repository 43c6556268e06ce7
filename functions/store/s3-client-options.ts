import type { S3ClientConfig } from "@aws-sdk/client-s3";

/**
 * How long one S3 attempt may take: longer than DynamoDB's (a report page or the year's open data is
 * uploaded in one PUT), still far below the functions' timeouts so a stalled S3 fails the attempt.
 */
export const S3_TIMEOUTS = { connectionTimeout: 2_000, requestTimeout: 10_000 } as const;

/**
 * The options of every S3 client: path-style for a local endpoint, connection and request timeouts.
 * Kept apart from the SDK (type imports only) so the functions can import the SDK dynamically
 * (functions/store/lazy-adapters.ts) while tools create the same client synchronously (./s3-client).
 */
export function s3ClientOptions(config: S3ClientConfig = {}): S3ClientConfig {
  return {
    forcePathStyle: Boolean(config.endpoint),
    maxAttempts: 5,
    requestHandler: { ...S3_TIMEOUTS, throwOnRequestTimeout: true },
    ...config,
  };
}
