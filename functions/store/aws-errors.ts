import { DependencyFailedError, ServiceUnavailableError } from "../service/errors";

/**
 * The one place AWS SDK errors become the service's errors (functions/service/errors.ts), so the
 * service and the HTTP layer never look at `$metadata`. The adapters' clients run every call through
 * `translateAwsErrors`: throttling after the SDK's retries, timeouts and unreachable endpoints become
 * ServiceUnavailableError (503 + Retry-After); any other error an AWS service answered with becomes
 * DependencyFailedError (500, logged with its cause). Conditional failures pass through untouched:
 * the repositories read them as answers, not failures.
 */

const PASSED_THROUGH = new Set(["ConditionalCheckFailedException", "TransactionCanceledException", "NoSuchKey", "NotFound"]);

const THROTTLING = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "SlowDown",
  "ServiceUnavailable",
  "TooManyRequestsException",
]);

/** Error names the SDK and Node give a request that timed out or never got an answer. */
const UNREACHABLE_NAMES = new Set(["TimeoutError", "RequestTimeout", "RequestTimeoutException", "AbortError"]);
/** Node's socket error codes for a peer that is down, gone or unreachable. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/**
 * True when the dependency could not be reached or did not answer in time: a timeout, a refused or
 * reset connection, or an SDK error without any HTTP response. A service that answered with an error
 * status has $metadata.httpStatusCode and is not counted here.
 */
export function isUnreachableError(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false;
  const code = (error as Error & { code?: unknown }).code;
  if (UNREACHABLE_NAMES.has(error.name) || (typeof code === "string" && NETWORK_CODES.has(code))) return true;
  const metadata = (error as Error & { $metadata?: { httpStatusCode?: number; attempts?: number } }).$metadata;
  // The SDK's retry middleware stamps $metadata.attempts on what it rethrows; no status = no answer.
  if (metadata && metadata.attempts !== undefined && metadata.httpStatusCode === undefined) return true;
  return isUnreachableError((error as Error & { cause?: unknown }).cause, depth + 1);
}

/** The service's error for an error an AWS call threw (after the SDK's own retries). */
export function translateAwsError(error: unknown, service: string): unknown {
  if (!(error instanceof Error) || PASSED_THROUGH.has(error.name)) return error;
  if (error instanceof ServiceUnavailableError || error instanceof DependencyFailedError) return error;
  if (THROTTLING.has(error.name)) return new ServiceUnavailableError("throttled", { cause: error, dependency: service });
  if (isUnreachableError(error)) return new ServiceUnavailableError("unreachable", { cause: error, dependency: service });
  if ("$metadata" in error) return new DependencyFailedError(service, { cause: error });
  return error;
}

interface MiddlewareClient {
  middlewareStack: {
    add(
      middleware: (next: (args: unknown) => Promise<unknown>) => (args: unknown) => Promise<unknown>,
      options: { step: "initialize"; name: string; priority?: "high" | "low" },
    ): void;
  };
}

/**
 * Adds the translation to a client as its outermost middleware (the initialize step runs outside
 * the retry step, so what it sees is the final error after every retry).
 */
export function translateAwsErrors<T>(client: T, service: string): T {
  (client as unknown as MiddlewareClient).middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        throw translateAwsError(error, service);
      }
    },
    { step: "initialize", name: "translateAwsErrors", priority: "high" },
  );
  return client;
}
