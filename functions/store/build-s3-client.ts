import type { S3Client, S3ClientConfig } from "@aws-sdk/client-s3";
import { translateAwsErrors } from "./aws-errors";

/**
 * How long one S3 attempt may take: longer than DynamoDB's (a report page or the year's open data is
 * uploaded in one PUT), still far below the functions' timeouts so a stalled S3 fails the attempt.
 */
export const S3_TIMEOUTS = { connectionTimeout: 2_000, requestTimeout: 10_000 } as const;

/**
 * Every S3 client of the service: path-style for a local endpoint, connection and request timeouts,
 * AWS errors translated. The SDK's class is passed in, not imported (type imports only), so the
 * functions can import the SDK dynamically (functions/store/lazy-adapters.ts) while the tools import
 * it statically (./s3-client.ts): esbuild hoists a static import of an external module to the top
 * of an ESM bundle, even from a module only reached through import(), and the S3 client would then
 * load at every cold start (api init 4.6× its baseline, bench (a)).
 */
export function buildS3Client(Client: typeof S3Client, config: S3ClientConfig = {}): S3Client {
  const client = new Client({
    forcePathStyle: Boolean(config.endpoint),
    maxAttempts: 5,
    requestHandler: { ...S3_TIMEOUTS, throwOnRequestTimeout: true },
    ...config,
  });
  return translateAwsErrors(client, "S3");
}
