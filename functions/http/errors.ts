import type { ContentfulStatusCode } from "hono/utils/http-status";
import { logger } from "../log";
import {
  AppError,
  DependencyFailedError,
  type ErrorCode,
  type ErrorDetail,
  PreconditionFailedError,
  PreconditionRequiredError,
  ServiceUnavailableError,
} from "../service/errors";

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

export function toHttpError(error: unknown): HttpError {
  if (error instanceof AppError) {
    const headers: Record<string, string> = {};
    if ((error instanceof PreconditionFailedError || error instanceof PreconditionRequiredError) && error.currentEtag) {
      headers.ETag = error.currentEtag;
    }
    if (error.code === "UNAUTHENTICATED") headers["WWW-Authenticate"] = 'Bearer realm="disclosure-reports"';
    if (error.code === "SERVICE_UNAVAILABLE") headers["Retry-After"] = "1";
    if (error.code === "SERVICE_UNAVAILABLE" || error.code === "INTERNAL") {
      // Raised for a dependency that could not be used: the operator must see which and why.
      const cause = (error as Error & { cause?: unknown }).cause;
      const msg =
        error instanceof ServiceUnavailableError
          ? error.reason === "throttled"
            ? "dependency throttled after retries"
            : "dependency unreachable or timed out"
          : error instanceof DependencyFailedError
            ? "dependency failed"
            : "service unavailable";
      const dependency = error instanceof ServiceUnavailableError || error instanceof DependencyFailedError ? error.dependency : undefined;
      logger.error(msg, { code: error.code, dependency, name: cause instanceof Error ? cause.name : undefined, error: error.message, cause });
    }
    return {
      status: STATUS_BY_CODE[error.code],
      headers,
      body: { error: { code: error.code, message: error.message, details: error.details, ...error.extra } },
    };
  }
  // Anything else is ours to fix (the adapters have already turned AWS's errors into AppErrors):
  // log it whole, tell the caller nothing internal.
  const name = error instanceof Error ? error.name : "UnknownError";
  logger.error("unhandled error", { name, error });
  return { status: 500, headers: {}, body: { error: { code: "INTERNAL", message: "服务内部错误，请稍后重试", details: [] } } };
}
