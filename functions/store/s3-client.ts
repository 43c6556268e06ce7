import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { translateAwsErrors } from "./aws-errors";
import { s3ClientOptions } from "./s3-client-options";

export { S3_TIMEOUTS } from "./s3-client-options";

/**
 * An S3 client with the service's options and error translation, for the tools (local run, tests,
 * bench). Not for functions/ code: this module imports the SDK statically, and esbuild hoists a
 * static import to the top of an ESM bundle even when the module itself is only reached through
 * `import()`, which loaded the whole S3 client at every cold start (api init 4.6× its baseline,
 * bench (a)). The functions go through LazySiteStore, which imports the SDK dynamically.
 */
export function createS3Client(config: S3ClientConfig = {}): S3Client {
  return translateAwsErrors(new S3Client(s3ClientOptions(config)), "S3");
}
