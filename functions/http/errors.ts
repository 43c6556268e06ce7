import type { ContentfulStatusCode } from "hono/utils/http-status";
import { logger } from "../log";
import { AppError, type ErrorCode, type ErrorDetail, PreconditionFailedError, PreconditionRequiredError } from "../service/errors";

/** The single mapping from the service's error hierarchy to HTTP. */
export const STATUS_BY_CODE: Record<ErrorCode, ContentfulStatusCode> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PUBLISH_IN_PROGRESS: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  VALIDATION_FAILED: 422,
  FINDINGS_BLOCK: 422,
  ACKNOWLEDGEMENT_REQUIRED: 422,
  ACKNOWLEDGEMENT_NOT_NEEDED: 422,
  DOCUMENT_REJECTED: 422,
  CORRECTION_NOTE_REQUIRED: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  PRECONDITION_REQUIRED: 428,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
};

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: ErrorDetail[] } & Record<string, unknown>;
}

export interface HttpError {
  status: ContentfulStatusCode;
  headers: Record<string, string>;
  body: ErrorBody;
}

const THROTTLING = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "SlowDown",
  "ServiceUnavailable",
  "TransactionConflict",
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
 * True when the dependency (DynamoDB, S3, SQS) could not be reached or did not answer in time: a
 * timeout, a refused or reset connection, or an SDK error without any HTTP response. A service that
 * answered with an error status has $metadata.httpStatusCode and is not counted here.
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

const unavailable = (message: string): HttpError => ({
  status: 503,
  headers: { "Retry-After": "1" },
  body: { error: { code: "SERVICE_UNAVAILABLE", message, details: [] } },
});

export function toHttpError(error: unknown): HttpError {
  if (error instanceof AppError) {
    const headers: Record<string, string> = {};
    if ((error instanceof PreconditionFailedError || error instanceof PreconditionRequiredError) && error.currentEtag) {
      headers.ETag = error.currentEtag;
    }
    if (error.code === "UNAUTHENTICATED") headers["WWW-Authenticate"] = 'Bearer realm="disclosure-reports"';
    if (error.code === "SERVICE_UNAVAILABLE") headers["Retry-After"] = "1";
    if (error.code === "SERVICE_UNAVAILABLE" || error.code === "INTERNAL") {
      // Raised by the service for a dependency it could not use: the operator must see why.
      logger.error("service unavailable", { code: error.code, error: error.message, cause: (error as Error & { cause?: unknown }).cause });
    }
    return {
      status: STATUS_BY_CODE[error.code],
      headers,
      body: { error: { code: error.code, message: error.message, details: error.details, ...error.extra } },
    };
  }
  // Anything else is ours to fix or AWS's to recover from: log it whole, tell the caller nothing internal.
  const name = error instanceof Error ? error.name : "UnknownError";
  if (THROTTLING.has(name)) {
    logger.error("dependency throttled after retries", { name, error });
    return unavailable("服务繁忙，请稍后重试");
  }
  if (isUnreachableError(error)) {
    logger.error("dependency unreachable or timed out", { name, error });
    return unavailable("服务暂时不可用，请稍后重试");
  }
  logger.error("unhandled error", { name, error });
  return { status: 500, headers: {}, body: { error: { code: "INTERNAL", message: "服务内部错误，请稍后重试", details: [] } } };
}
