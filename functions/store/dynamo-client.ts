import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { translateAwsErrors } from "./aws-errors";

/**
 * How long one DynamoDB attempt may take. DynamoDB answers in milliseconds; an attempt that has not
 * connected within 1 s or answered within 3 s is an outage, and the caller is better served by a
 * 503 with Retry-After than by a request held until API Gateway's 29 s integration timeout.
 */
export const DYNAMODB_TIMEOUTS = { connectionTimeout: 1_000, requestTimeout: 3_000 } as const;
export const DYNAMODB_MAX_ATTEMPTS = 5;

type RetryStrategy = Awaited<ReturnType<DynamoDBClient["config"]["retryStrategy"]>>;
type RetryStrategyV2 = Extract<RetryStrategy, { refreshRetryTokenForRetry: unknown }>;

/**
 * The document client, created once per container. The endpoint comes from AWS_ENDPOINT_URL_DYNAMODB
 * when set (DynamoDB Local), so the same code talks to AWS and to the emulator. Its errors reach the
 * repositories already translated into the service's (functions/store/aws-errors.ts).
 */
export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    maxAttempts: DYNAMODB_MAX_ATTEMPTS,
    // throwOnRequestTimeout: without it the SDK only logs a warning when requestTimeout passes.
    requestHandler: { ...DYNAMODB_TIMEOUTS, throwOnRequestTimeout: true },
    ...config,
  });
  const defaultStrategy = client.config.retryStrategy;
  let strategy: Promise<RetryStrategy> | undefined;
  client.config.retryStrategy = () => (strategy ??= defaultStrategy().then(withoutTimeoutRetries));
  const documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return translateAwsErrors(documentClient, "DynamoDB");
}

/**
 * The SDK's own retry strategy (backoff, jitter, retry quota) except that an attempt that timed out
 * is not tried again: five 3 s attempts would hold the request 15 s. Throttling, refused and reset
 * connections (a restarting node) and 5xx answers are still retried as the SDK does.
 */
function withoutTimeoutRetries(strategy: RetryStrategy): RetryStrategy {
  if (!("refreshRetryTokenForRetry" in strategy)) return strategy;
  const inner = strategy as RetryStrategyV2;
  return {
    ...("mode" in inner ? { mode: (inner as { mode?: string }).mode } : {}),
    acquireInitialRetryToken: (scope) => inner.acquireInitialRetryToken(scope),
    refreshRetryTokenForRetry: (token, errorInfo) => {
      const error = (errorInfo as { error?: unknown }).error;
      if (error instanceof Error && error.name === "TimeoutError") return Promise.reject(error);
      return inner.refreshRetryTokenForRetry(token, errorInfo);
    },
    recordSuccess: (token) => inner.recordSuccess(token),
  } as RetryStrategyV2;
}
