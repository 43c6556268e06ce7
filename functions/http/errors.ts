import type { ContentfulStatusCode } from "hono/utils/http-status";
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

export function toHttpError(error: unknown): HttpError {
  if (error instanceof AppError) {
    const headers: Record<string, string> = {};
    if ((error instanceof PreconditionFailedError || error instanceof PreconditionRequiredError) && error.currentEtag) {
      headers.ETag = error.currentEtag;
    }
    if (error.code === "UNAUTHENTICATED") headers["WWW-Authenticate"] = 'Bearer realm="disclosure-reports"';
    if (error.code === "SERVICE_UNAVAILABLE") headers["Retry-After"] = "1";
    return {
      status: STATUS_BY_CODE[error.code],
      headers,
      body: { error: { code: error.code, message: error.message, details: error.details, ...error.extra } },
    };
  }
  // Anything else is ours to fix or AWS's to recover from: log it whole, tell the caller nothing internal.
  const name = error instanceof Error ? error.name : "UnknownError";
  console.error(JSON.stringify({ level: "error", msg: "unhandled error", name, error: String(error), stack: (error as Error)?.stack }));
  if (THROTTLING.has(name)) {
    return {
      status: 503,
      headers: { "Retry-After": "1" },
      body: { error: { code: "SERVICE_UNAVAILABLE", message: "服务繁忙，请稍后重试", details: [] } },
    };
  }
  return { status: 500, headers: {}, body: { error: { code: "INTERNAL", message: "服务内部错误，请稍后重试", details: [] } } };
}
