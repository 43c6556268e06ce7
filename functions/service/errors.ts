/**
 * The one error hierarchy of the service. Use cases throw these; functions/http/errors.ts is the
 * single place that maps them to HTTP statuses. Messages are Chinese because clerks read them.
 */
export interface ErrorDetail {
  path: string;
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
  | "CORRECTION_NOTE_REQUIRED"
  | "PUBLISH_IN_PROGRESS"
  | "SERVICE_UNAVAILABLE"
  | "INTERNAL";

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** Extra fields of the error body, e.g. the findings that block a submit. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
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
    super("PRECONDITION_REQUIRED", message, [{ path: "headers.if-match", message: "缺少 If-Match 请求头" }]);
  }
}
export class PreconditionFailedError extends AppError {
  constructor(message: string, readonly currentEtag?: string) {
    super("PRECONDITION_FAILED", message, [{ path: "headers.if-match", message: "版本标识已过期" }], {
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
  constructor() {
    super("UNSUPPORTED_MEDIA_TYPE", "请求体应为 JSON（Content-Type: application/json）");
  }
}
export class ValidationError extends AppError {
  constructor(details: ErrorDetail[], message = "提交的数据未通过校验") {
    super("VALIDATION_FAILED", message, details);
  }
}
/** Submit or publish refused while ERROR findings remain; the body carries the findings. */
export class FindingsBlockError extends AppError {
  constructor(message: string, findings: unknown[]) {
    super(
      "FINDINGS_BLOCK",
      message,
      (findings as { path: string; message: string }[]).map((f) => ({ path: f.path, message: f.message })),
      { findings },
    );
  }
}
export class AcknowledgementRequiredError extends AppError {
  constructor(ruleIds: string[], findings: unknown[]) {
    super(
      "ACKNOWLEDGEMENT_REQUIRED",
      `发布前须对以下警告填写说明：${ruleIds.join("、")}`,
      ruleIds.map((ruleId) => ({ path: "acknowledgements", message: `缺少对规则 ${ruleId} 的说明` })),
      { ruleIds, findings },
    );
  }
}
export class CorrectionNoteRequiredError extends AppError {
  constructor() {
    super("CORRECTION_NOTE_REQUIRED", "更正已发布的报告须填写更正说明（correctionNote）", [
      { path: "correctionNote", message: "缺少更正说明" },
    ]);
  }
}
export class PublishInProgressError extends AppError {
  constructor() {
    super("PUBLISH_IN_PROGRESS", "该报告正在发布中，请稍后重试");
  }
}
/** The version is committed but some site files are not written yet; retrying the publish finishes them. */
export class SiteSyncPendingError extends AppError {
  constructor(readonly version: number) {
    super("SERVICE_UNAVAILABLE", `报告已发布为第 ${version} 版，但网站文件尚未全部更新；请重试同一请求以完成`, [], { version });
  }
}
