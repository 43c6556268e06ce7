import type { Context } from "hono";
import type * as z from "zod";
import type { SectionName } from "../report/catalogue";
import { detail } from "../service/error-details";
import { BadRequestError, type ErrorDetail, UnsupportedMediaTypeError, ValidationError } from "../service/errors";
import type { SectionPrecondition } from "../service/report-service";
import { PATH_PARAMETERS } from "./path-parameters";
import type { RouteEntry } from "./route-table";
import type { RouteDefinition } from "./routes";

/**
 * Everything the API reads from a request — path parameters, headers, the JSON body — is parsed and
 * validated here, at the edge; the services receive typed commands.
 */

export type PathParams = Record<string, string | number> & { year?: number; section?: SectionName };

export function validatePath(route: RouteEntry, raw: Record<string, string>): PathParams {
  const details: ErrorDetail[] = [];
  const params: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) {
    const schema = PATH_PARAMETERS[name];
    if (!schema) {
      params[name] = value;
      continue;
    }
    const parsed = schema.safeParse(value);
    if (parsed.success) params[name] = parsed.data;
    else details.push(detail(`path.${name}`, parsed.error.issues[0]?.message ?? "取值无效"));
  }
  if (details.length > 0) throw new BadRequestError(`路径参数无效：${route.path}`, details);
  return params as PathParams;
}

/** The route's query parameters, validated; one it doesn't declare is refused rather than ignored. */
export function validateQuery(route: RouteDefinition, raw: Record<string, string>): Record<string, unknown> {
  const declared = route.query ?? {};
  const details: ErrorDetail[] = [];
  const query: Record<string, unknown> = {};
  for (const name of Object.keys(raw)) {
    if (!route.query) break;
    if (!(name in declared)) details.push(detail(`query.${name}`, `不支持的查询参数；可用的有：${Object.keys(declared).join("、")}`));
  }
  for (const [name, { schema }] of Object.entries(declared)) {
    const parsed = schema.safeParse(raw[name]);
    if (parsed.success) query[name] = parsed.data;
    else details.push(detail(`query.${name}`, parsed.error.issues[0]?.message ?? "取值无效"));
  }
  if (details.length > 0) throw new BadRequestError(`查询参数无效：${route.path}`, details);
  return query;
}

/** The ETags this service issues: a section's version number, quoted. */
const ETAG = /^(W\/)?"(\d{1,15})"$/;

/**
 * If-Match → what a replace must match. "*" is passed on as such (the service refuses it on an
 * existing section); a weak tag is compared like its strong form (the tag names a version, not bytes);
 * an unquoted or foreign tag is a malformed header, never "modified by someone else".
 */
export function parseIfMatch(header: string | undefined): SectionPrecondition {
  if (header === undefined || header.trim() === "") return { kind: "none" };
  const tags = header.split(",").map((tag) => tag.trim());
  if (tags.length === 1 && tags[0] === "*") return { kind: "any" };
  const versions: number[] = [];
  for (const tag of tags) {
    const match = ETAG.exec(tag);
    if (!match) {
      throw new BadRequestError(`If-Match 格式不正确：${tag.slice(0, 40)}`, [
        detail("headers.if-match", "应为读取章节时响应头 ETag 的原值（含双引号），如 \"3\""),
      ]);
    }
    versions.push(Number(match[2]));
  }
  return { kind: "versions", versions };
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,128}$/;

export function parseIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(header)) {
    throw new BadRequestError("Idempotency-Key 应为 1–128 位字母、数字或 . _ : -", [detail("headers.idempotency-key", "格式不正确")]);
  }
  return header;
}

/** Reads and validates the JSON body against the route's schema (for a section: the section's schema). */
export async function readBody(c: Context, route: RouteDefinition, params: PathParams): Promise<unknown> {
  const text = await c.req.text();
  let json: unknown;
  if (text.trim() === "" && route.optionalBody) {
    json = {};
  } else {
    const contentType = c.req.header("content-type") ?? "";
    if (!/^application\/(.+\+)?json\b/i.test(contentType)) throw new UnsupportedMediaTypeError();
    try {
      json = JSON.parse(text) as unknown;
    } catch {
      throw new BadRequestError("请求体不是合法的 JSON", [detail("body", "JSON 语法错误")]);
    }
    // JSON.parse keeps the last of two equal keys: the client would believe the other value was stored.
    const duplicate = findDuplicateKey(text);
    if (duplicate) {
      const path = [route.bodyPathPrefix?.(params) ?? "", ...duplicate].filter(Boolean).join(".") || "body";
      throw new BadRequestError(`请求体中字段“${duplicate.at(-1)}”出现了不止一次`, [detail(path, "字段名重复，请只保留一个")]);
    }
  }
  const schema = typeof route.requestBody === "function" ? route.requestBody(params.section!) : route.requestBody!;
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ValidationError(issuesToDetails(parsed.error.issues, route.bodyPathPrefix?.(params) ?? ""));
  return parsed.data;
}

interface ScanFrame {
  keys?: Set<string>;
  /** The current key (object) or index (array), for the duplicate's path. */
  segment: string | number;
  expectingKey: boolean;
}

/**
 * The path of the first key that occurs twice in one object of `text`, which JSON.parse has already
 * accepted. One pass over the text with an explicit stack: linear in its length, however deep.
 * Keys are compared as decoded ("a" and "\u0061" are the same key).
 */
export function findDuplicateKey(text: string): (string | number)[] | undefined {
  const stack: ScanFrame[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 0x22 /* " */) {
      let end = i + 1;
      while (text.charCodeAt(end) !== 0x22) end += text.charCodeAt(end) === 0x5c /* \ */ ? 2 : 1;
      const top = stack.at(-1);
      if (top?.keys && top.expectingKey) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes("\\") ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
        if (top.keys.has(key)) return [...stack.slice(0, -1).map((frame) => frame.segment), key];
        top.keys.add(key);
        top.segment = key;
        top.expectingKey = false;
      }
      i = end;
    } else if (char === 0x7b /* { */) {
      stack.push({ keys: new Set(), segment: "", expectingKey: true });
    } else if (char === 0x5b /* [ */) {
      stack.push({ segment: 0, expectingKey: false });
    } else if (char === 0x7d /* } */ || char === 0x5d /* ] */) {
      stack.pop();
    } else if (char === 0x2c /* , */) {
      const top = stack.at(-1);
      if (top?.keys) top.expectingKey = true;
      else if (top) top.segment = (top.segment as number) + 1;
    }
  }
  return undefined;
}

/** zod issues → error details with dotted paths rooted at `prefix`, one per field. */
export function issuesToDetails(issues: readonly z.core.$ZodIssue[], prefix: string): ErrorDetail[] {
  // A problem with the body as a whole (not an object, say) is reported at "body".
  const pathOf = (segments: readonly PropertyKey[]) => [prefix, ...segments.map(String)].filter(Boolean).join(".") || "body";
  const details = issues.flatMap((issue) =>
    // An unknown field is reported at its own path, so the client sees exactly what to remove.
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => detail(pathOf([...issue.path, key]), "不允许的字段"))
      : [detail(pathOf(issue.path), issue.message)],
  );
  // zod can report one field twice (e.g. a type error and a refinement); the clerk needs it once.
  const seen = new Set<string>();
  return details.filter((d) => (seen.has(d.path) ? false : (seen.add(d.path), true)));
}

/** A document upload (import): its bytes, once its Content-Type is one the route reads. */
export async function readDocument(c: Context, route: RouteEntry): Promise<Uint8Array> {
  const mime = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!route.document!.contentTypes.includes(mime)) {
    throw new UnsupportedMediaTypeError(`不支持的文件类型：${mime || "（未声明）"}；可导入 HTML、PDF、DOCX 或纯文本`);
  }
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.length === 0) throw new BadRequestError("请求体为空：请上传报告文件", [detail("body", "文件为空")]);
  return bytes;
}
