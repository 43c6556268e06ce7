/**
 * The one error hierarchy of the service. Use cases throw these; functions/http/errors.ts is the
 * single place that maps them to HTTP statuses. Messages are Chinese because clerks read them.
 */
import type { FindingsSummary } from "../report/findings";
import { detail } from "./error-details";

export interface ErrorDetail {
  /** Dotted path of the field: "activeDisclosure.normativeDocuments.repealed", "headers.if-match", "path.year". */
  path: string;
  /** The field as the form names it, e.g. 第三部分表格“（一）予以公开”行“自然人”列. */
  label: string;
  message: string;
}

export type ErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PRECONDITION_REQUIRED"
  | "PRECONDITION_FAILED"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "VALIDATION_FAILED"
  | "FINDINGS_BLOCK"
  | "ACKNOWLEDGEMENT_REQUIRED"
  | "ACKNOWLEDGEMENT_NOT_NEEDED"
  | "DOCUMENT_REJECTED"
  | "CORRECTION_NOTE_REQUIRED"
  | "PUBLISH_IN_PROGRESS"
  | "IDEMPOTENCY_KEY_REUSED"
  | "SERVICE_UNAVAILABLE"
  | "INTERNAL";

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** Extra fields of the error body, e.g. the findings that block a submit. */
    readonly extra: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class BadRequestError extends AppError {
  constructor(message: string, details: ErrorDetail[] = []) {
    super("BAD_REQUEST", message, details);
  }
}
export class UnauthenticatedError extends AppError {
  constructor(message = "未登录或登录凭证无效") {
    super("UNAUTHENTICATED", message);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = "无权访问该资源") {
    super("FORBIDDEN", message);
  }
}
export class NotFoundError extends AppError {
  constructor(message: string) {
    super("NOT_FOUND", message);
  }
}
export class ConflictError extends AppError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super("CONFLICT", message, [], extra);
  }
}
export class PreconditionRequiredError extends AppError {
  constructor(message: string, readonly currentEtag?: string) {
    super("PRECONDITION_REQUIRED", message, [detail("headers.if-match", "缺少 If-Match 请求头，或不接受 *")]);
  }
}
export class PreconditionFailedError extends AppError {
  constructor(message: string, readonly currentEtag?: string) {
    super("PRECONDITION_FAILED", message, [detail("headers.if-match", "版本标识与当前版本不一致")], {
      ...(currentEtag ? { currentEtag } : {}),
    });
  }
}
export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super("PAYLOAD_TOO_LARGE", `请求体超过 ${Math.round(limitBytes / 1024)} KB 上限`);
  }
}
export class UnsupportedMediaTypeError extends AppError {
  constructor(message = "请求体应为 JSON（Content-Type: application/json）", options?: ErrorOptions) {
    super("UNSUPPORTED_MEDIA_TYPE", message, [], {}, options);
  }
}
/** A document that is not an importable report (no recognisable tables, corrupt, wrongly encoded). */
export class DocumentRejectedError extends AppError {
  constructor(message: string, options?: ErrorOptions & { details?: ErrorDetail[] }) {
    super("DOCUMENT_REJECTED", message, options?.details ?? [detail("body", message)], {}, options);
  }
}
export class ValidationError extends AppError {
  constructor(details: ErrorDetail[], message = "提交的数据未通过校验") {
    super("VALIDATION_FAILED", message, details);
  }
}
/** Submit or publish refused while ERROR findings remain; the body carries every finding. */
export class FindingsBlockError extends AppError {
  constructor(action: "提交" | "发布", summary: FindingsSummary) {
    super(
      "FINDINGS_BLOCK",
      `报告仍有 ${summary.errors} 项错误、${summary.warnings} 项警告，不能${action}；请先改正错误`,
      summary.findings.filter((f) => f.severity === "ERROR").map((f) => detail(f.path, f.message)),
      { findings: summary.findings },
    );
  }
}
export class AcknowledgementRequiredError extends AppError {
  constructor(ruleIds: string[], findings: unknown[]) {
    super(
      "ACKNOWLEDGEMENT_REQUIRED",
      `发布前须对以下警告填写说明：${ruleIds.join("、")}`,
      ruleIds.map((ruleId) => detail("acknowledgements", `缺少对规则 ${ruleId} 的说明`)),
      { ruleIds, findings },
    );
  }
}
/** Acknowledgements for rules that have no finding needing one (unknown IDs, or warnings the report doesn't have). */
export class UnneededAcknowledgementError extends AppError {
  constructor(ruleIds: string[]) {
    super(
      "ACKNOWLEDGEMENT_NOT_NEEDED",
      `以下规则没有需要说明的警告，请删除对应的说明：${ruleIds.join("、")}`,
      ruleIds.map((ruleId) => detail("acknowledgements", `规则 ${ruleId} 没有需要说明的警告`)),
      { ruleIds },
    );
  }
}
export class CorrectionNoteRequiredError extends AppError {
  constructor() {
    super("CORRECTION_NOTE_REQUIRED", "更正已发布的报告须填写更正说明（correctionNote）", [
      detail("correctionNote", "缺少更正说明"),
    ]);
  }
}
export class PublishInProgressError extends AppError {
  constructor() {
    super("PUBLISH_IN_PROGRESS", "该报告正在发布中，请稍后重试");
  }
}
/** An Idempotency-Key already used for a different publish request (other acknowledgements, a correction). */
export class IdempotencyKeyReuseError extends AppError {
  constructor() {
    super("IDEMPOTENCY_KEY_REUSED", "该 Idempotency-Key 已用于内容不同的另一次发布请求；新的发布请求请使用新的 Idempotency-Key", [
      detail("headers.idempotency-key", "与首次使用该键时的请求内容不一致"),
    ]);
  }
}
/** The version is committed but some site files are not written yet; retrying the publish finishes them. */
export class SiteSyncPendingError extends AppError {
  constructor(readonly version: number) {
    super("SERVICE_UNAVAILABLE", `报告已发布为第 ${version} 版，但网站文件尚未全部更新；请重试同一请求以完成`, [], { version });
  }
}

/**
 * A dependency (DynamoDB, S3, SQS) throttled, timed out or could not be reached, after the SDK's own
 * retries: worth a retry by the caller (503 + Retry-After; a publish message goes back to the queue).
 * Raised by the adapters (functions/store/aws-errors.ts), never by the use cases.
 */
export class ServiceUnavailableError extends AppError {
  readonly dependency: string;
  readonly reason: "throttled" | "unreachable";
  constructor(reason: "throttled" | "unreachable", options: { cause: unknown; dependency: string }) {
    super("SERVICE_UNAVAILABLE", reason === "throttled" ? "服务繁忙，请稍后重试" : "服务暂时不可用，请稍后重试", [], {}, { cause: options.cause });
    this.dependency = options.dependency;
    this.reason = reason;
  }
}

/** A dependency answered with an error that a retry of the same request won't fix: ours to look at (500). */
export class DependencyFailedError extends AppError {
  readonly dependency: string;
  constructor(dependency: string, options: { cause: unknown }) {
    super("INTERNAL", "服务内部错误，请稍后重试", [], {}, { cause: options.cause });
    this.dependency = dependency;
  }
}

/** An infrastructure failure, not a judgement on the report: a publish message with one is retried (and dead-lettered). */
export function isDependencyFailure(error: unknown): boolean {
  return error instanceof ServiceUnavailableError || error instanceof DependencyFailedError || error instanceof SiteSyncPendingError;
}
