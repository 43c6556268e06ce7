import * as z from "zod";
import { SECTION_NAMES, SECTION_TITLES, type SectionName } from "../report/catalogue";
import type { ErrorCode } from "../service/errors";
import { CORS_ALLOW_HEADERS, CORS_ALLOW_METHODS, CORS_EXPOSE_HEADERS } from "./cors";
import { STATUS_BY_CODE } from "./errors";
import { errorBodySchema } from "./response-schemas";
import { PATH_PARAMETERS, ROUTES, type ResponseHeader, type RouteDefinition } from "./routes";

// z.core.$ZodType: classic schemas and the zod/mini ones of the path parameters alike.
const jsonSchema = (schema: z.core.$ZodType, io: "input" | "output") => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
};

const HEADER_DOCS: Record<ResponseHeader, { description: string; schema: Record<string, unknown> }> = {
  ETag: { description: "章节的版本标识；替换该章节时作为 If-Match 发回", schema: { type: "string", pattern: '^"\\d+"$' } },
  "Computed-Totals": {
    description: "由系统计算的合计项，逗号分隔的章节内路径（如 rows.granted.total）；原样写回时重新计算",
    schema: { type: "string" },
  },
  Location: { description: "新建资源的地址", schema: { type: "string" } },
  "Retry-After": { description: "建议的重试等待秒数", schema: { type: "string", pattern: "^\\d+$" } },
  "WWW-Authenticate": { description: "Bearer 认证质询", schema: { type: "string" } },
};

/** Error codes by the status they are sent with, read from the one mapping in errors.ts. */
function codesFor(status: number): ErrorCode[] {
  return (Object.entries(STATUS_BY_CODE) as [ErrorCode, number][]).filter(([, s]) => s === status).map(([code]) => code);
}

const resolve = <T>(value: T | ((section: SectionName) => T), section: SectionName | undefined): T =>
  typeof value === "function" ? (value as (section: SectionName) => T)(section!) : value;

function parameters(route: RouteDefinition, path: string) {
  const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const params: Record<string, unknown>[] = names.map((name) => ({
    name,
    in: "path",
    required: true,
    schema: jsonSchema(PATH_PARAMETERS[name]!, "input"),
  }));
  for (const [name, { schema, description }] of Object.entries(route.query ?? {})) {
    params.push({ name, in: "query", required: false, description, schema: jsonSchema(schema, "input") });
  }
  if (route.ifMatch) {
    params.push({
      name: "If-Match",
      in: "header",
      required: false,
      description:
        '替换已有章节时必填：上次读取该章节得到的 ETag 原值，如 "3"（也接受 W/"3" 或逗号分隔的多个）。不接受 *（428）；格式不正确（如不带引号的 3）返回 400。新建章节时不带。',
      schema: { type: "string", examples: ['"3"'] },
    });
  }
  if (route.idempotencyKey) {
    params.push({
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description: "同一键的重试返回首次发布的结果，不会重复发布",
      schema: { type: "string", pattern: "^[A-Za-z0-9._:-]{1,128}$" },
    });
  }
  return params;
}

function operation(route: RouteDefinition, path: string, section: SectionName | undefined) {
  const responses = Object.fromEntries(
    Object.entries(route.responses).map(([statusText, r]) => {
      const status = Number(statusText);
      const headers = Object.fromEntries([
        ...(r.headers ?? []).map((h) => [h, { ...HEADER_DOCS[h], required: true }]),
        ...(r.optionalHeaders ?? []).map((h) => [h, { ...HEADER_DOCS[h], required: false }]),
      ]);
      const schema = status >= 400 ? errorBodySchema(r.codes ?? codesFor(status)) : r.schema ? resolve(r.schema, section) : undefined;
      return [
        statusText,
        {
          description: r.description,
          ...(Object.keys(headers).length > 0 ? { headers } : {}),
          ...(r.html
            ? { content: { "text/html": { schema: { type: "string" } } } }
            : schema
              ? { content: { "application/json": { schema: jsonSchema(schema, "output") } } }
              : {}),
        },
      ];
    }),
  );
  const access = {
    public: "无需登录。",
    anyToken: "任何有效令牌。",
    agency: "角色：该机构的 agencyEditor，或 countyAdmin。",
    countyAdmin: "角色：countyAdmin（县政务公开办）。",
  }[route.access];
  const body = route.requestBody ? resolve(route.requestBody, section) : undefined;
  return {
    operationId: section ? `${route.operationId}${section[0]!.toUpperCase()}${section.slice(1)}` : route.operationId,
    summary: section ? `${route.summary}：${SECTION_TITLES[section]}` : route.summary,
    description: [access, route.description].filter(Boolean).join("\n\n"),
    tags: [route.tag],
    ...(route.access === "public" ? { security: [] } : {}),
    parameters: parameters(route, path),
    ...(route.document
      ? {
          requestBody: {
            required: true,
            content: Object.fromEntries(
              route.document.contentTypes.map((type) => [type, { schema: { type: "string", contentMediaType: type } }]),
            ),
          },
        }
      : {}),
    ...(body
      ? {
          requestBody: {
            required: !route.optionalBody,
            content: {
              "application/json": {
                schema: jsonSchema(body, "input"),
                ...(route.example ? { example: route.example } : {}),
              },
            },
          },
        }
      : {}),
    responses,
  };
}

/** Every path answers a CORS preflight without a token (see cors.ts). */
function preflight(path: string, operationId: string) {
  const header = (description: string) => ({ description, schema: { type: "string" } });
  return {
    operationId: `${operationId}Preflight`,
    summary: "CORS 预检（浏览器自动发送，无需令牌）",
    tags: ["系统"],
    security: [],
    parameters: [
      ...[...path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } })),
      { name: "Origin", in: "header", required: true, schema: { type: "string" } },
      { name: "Access-Control-Request-Method", in: "header", required: true, schema: { type: "string" } },
    ],
    responses: {
      204: {
        description: `允许的来源得到 Access-Control-Allow-*（方法 ${CORS_ALLOW_METHODS}；请求头 ${CORS_ALLOW_HEADERS}）；不允许的来源没有 CORS 响应头。响应中可读取的头：${CORS_EXPOSE_HEADERS}。`,
        headers: {
          "Access-Control-Allow-Origin": header("请求的 Origin（仅允许的来源）"),
          "Access-Control-Allow-Methods": header(CORS_ALLOW_METHODS),
          "Access-Control-Allow-Headers": header(CORS_ALLOW_HEADERS),
          "Access-Control-Max-Age": header("预检结果缓存秒数"),
        },
      },
    },
  };
}

/** The OpenAPI 3.1 document, generated from the same route table and zod schemas the router uses. */
export function buildOpenApiDocument(serverUrl = "/"): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    // The section in the path selects the body schemas: one documented path per section.
    const variants: [string, SectionName | undefined][] = route.perSection
      ? SECTION_NAMES.map((section) => [route.path.replace("{section}", section), section])
      : [[route.path, undefined]];
    for (const [path, section] of variants) {
      const item = (paths[path] ??= {});
      item[route.method] = operation(route, path, section);
      item.options ??= preflight(path, section ? `${route.operationId}${section[0]!.toUpperCase()}${section.slice(1)}` : route.operationId);
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "disclosure-reports — 政府信息公开工作年度报告服务",
      version: "1.0.0",
      description:
        "按《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）编写、检查与发布年度报告。契约的文字说明见仓库 docs/api.md。",
      license: { name: "Proprietary", identifier: "LicenseRef-Proprietary" },
    },
    servers: [{ url: serverUrl, description: "本服务（相对地址）" }],
    tags: [
      { name: "系统", description: "健康检查、本文档与 CORS 预检" },
      { name: "模板", description: "表单所需的字段、标签、填写说明与空白章节" },
      { name: "机构", description: "县内各机关" },
      { name: "报告", description: "年度报告的分章节编写、检查与提交" },
      { name: "发布", description: "县政务公开办的发布、更正、看板与年度发布任务" },
      { name: "工具", description: "汇总报告、年度比较与考评预检" },
    ],
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
    security: [{ bearer: [] }],
    paths,
  };
}
