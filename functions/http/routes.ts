import * as z from "zod";
import { SECTION_NAMES } from "../report/catalogue";
import {
  agencyIdSchema,
  agencyInputSchema,
  publishBodySchema,
  publishRunBodySchema,
  sectionInputSchemas,
  sectionNameSchema,
  yearSchema,
} from "../report/schemas";

/**
 * Every route of the API as data: the router registers from it and /v1/openapi.json is generated
 * from it, so the document cannot drift from what is served.
 */
export type Access = "public" | "anyToken" | "agency" | "countyAdmin";

export interface RouteDefinition {
  operationId: string;
  method: "get" | "put" | "post";
  /** OpenAPI-style path with {params}. */
  path: string;
  summary: string;
  access: Access;
  requestBody?: z.ZodType;
  /** Status → description (and schema where the body is JSON). */
  responses: Record<number, { description: string; schema?: z.ZodType; html?: boolean }>;
  ifMatch?: boolean;
  idempotencyKey?: boolean;
}

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })),
  }),
});

export const findingSchema = z.object({
  ruleId: z.string(),
  severity: z.enum(["ERROR", "WARNING", "INFO"]),
  path: z.string(),
  expected: z.string().optional(),
  actual: z.string().optional(),
  message: z.string(),
});
export const findingsSummarySchema = z.object({
  findings: z.array(findingSchema),
  errors: z.number().int(),
  warnings: z.number().int(),
  infos: z.number().int(),
});

const agencySchema = agencyInputSchema.extend({ agencyId: agencyIdSchema, hasRulemakingPower: z.boolean() });
const statusSchema = z.enum(["draft", "submitted", "published"]);
const versionSchema = z.object({
  version: z.number().int(),
  publishedAt: z.string(),
  publishedBy: z.string(),
  correctionNote: z.string().optional(),
  files: z.array(z.string()),
});
const reportSchema = z.object({
  agencyId: z.string(),
  year: z.number().int(),
  title: z.string(),
  templateVersion: z.literal("2021"),
  agency: agencySchema,
  status: statusSchema,
  reopened: z.boolean(),
  revision: z.number().int(),
  deadline: z.string(),
  late: z.boolean(),
  sections: z.record(
    z.enum(SECTION_NAMES),
    z.object({ data: z.unknown(), etag: z.string(), version: z.number().int(), updatedAt: z.string(), updatedBy: z.string() }),
  ),
  versions: z.array(versionSchema),
  inForceBaseline: z
    .object({ fromYear: z.number().int(), regulations: z.number().int(), normativeDocuments: z.number().int() })
    .optional()
    .describe("开启年度时记录的上年度现行有效件数"),
  findingCounts: z.object({ errors: z.number().int(), warnings: z.number().int(), infos: z.number().int() }),
});
const publishResultSchema = z.object({
  version: z.number().int(),
  publishedAt: z.string(),
  url: z.string(),
  files: z.array(z.string()),
});
const boardSchema = z.object({
  year: z.number().int(),
  reports: z.array(
    z.object({
      agencyId: z.string(),
      fullName: z.string(),
      kind: z.string(),
      status: z.enum(["notStarted", "draft", "hasErrors", "submitted", "published"]),
      statusLabel: z.string(),
      deadline: z.string(),
      late: z.boolean(),
      errors: z.number().int(),
      warnings: z.number().int(),
      latestVersion: z.number().int(),
    }),
  ),
});
const runSummarySchema = z.object({
  runId: z.string(),
  year: z.number().int(),
  status: z.string(),
  outcomes: z.array(z.object({ agencyId: z.string(), outcome: z.string(), reason: z.string().optional() })),
});

const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, { description: ERROR_DESCRIPTIONS[s] ?? "错误", schema: errorBodySchema }]));
const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "请求格式错误（非法 JSON 或路径参数）",
  401: "缺少或无效的登录凭证",
  403: "无权访问",
  404: "不存在",
  409: "状态冲突（已发布或正在发布）",
  412: "If-Match 与当前 ETag 不一致",
  413: "请求体超过 1 MB",
  415: "请求体不是 JSON",
  422: "数据未通过校验，或仍有错误（含 findings）",
  428: "替换已有章节须提供 If-Match",
};

const sectionRoutes: RouteDefinition[] = [
  {
    operationId: "getSection",
    method: "get",
    path: "/v1/agencies/{agencyId}/reports/{year}/sections/{section}",
    summary: "读取一个章节（响应头带 ETag）",
    access: "agency",
    responses: { 200: { description: "章节数据" }, ...errors(400, 401, 403, 404) },
  },
  {
    operationId: "putSection",
    method: "put",
    path: "/v1/agencies/{agencyId}/reports/{year}/sections/{section}",
    summary: "写入一个章节。合计项可省略（由系统计算）；替换已有章节须带 If-Match。请求体按 section 取以下结构之一。",
    access: "agency",
    requestBody: z.union(SECTION_NAMES.map((name) => sectionInputSchemas[name].meta({ title: name })) as never),
    ifMatch: true,
    responses: {
      200: { description: "已替换（返回存储的数据，含计算出的合计）" },
      201: { description: "已创建" },
      ...errors(400, 401, 403, 404, 409, 412, 413, 415, 422, 428),
    },
  },
];

export const ROUTES: RouteDefinition[] = [
  {
    operationId: "health",
    method: "get",
    path: "/v1/health",
    summary: "健康检查",
    access: "public",
    responses: { 200: { description: "正常", schema: z.object({ status: z.literal("ok") }) } },
  },
  {
    operationId: "openapi",
    method: "get",
    path: "/v1/openapi.json",
    summary: "本 API 的 OpenAPI 3.1 文档",
    access: "public",
    responses: { 200: { description: "OpenAPI 文档" } },
  },
  {
    operationId: "putAgency",
    method: "put",
    path: "/v1/agencies/{agencyId}",
    summary: "创建或更新机构",
    access: "countyAdmin",
    requestBody: agencyInputSchema,
    responses: {
      200: { description: "已更新", schema: agencySchema },
      201: { description: "已创建", schema: agencySchema },
      ...errors(400, 401, 403, 413, 415, 422),
    },
  },
  {
    operationId: "listAgencies",
    method: "get",
    path: "/v1/agencies",
    summary: "机构列表",
    access: "anyToken",
    responses: { 200: { description: "机构列表", schema: z.object({ agencies: z.array(agencySchema) }) }, ...errors(401) },
  },
  {
    operationId: "getAgency",
    method: "get",
    path: "/v1/agencies/{agencyId}",
    summary: "机构信息",
    access: "anyToken",
    responses: { 200: { description: "机构", schema: agencySchema }, ...errors(400, 401, 404) },
  },
  {
    operationId: "getReport",
    method: "get",
    path: "/v1/agencies/{agencyId}/reports/{year}",
    summary: "整份报告：各章节及其 ETag、状态、版本历史、检查结果计数（不含跨年度规则）",
    access: "agency",
    responses: { 200: { description: "报告", schema: reportSchema }, ...errors(400, 401, 403, 404) },
  },
  ...sectionRoutes,
  {
    operationId: "getFindings",
    method: "get",
    path: "/v1/agencies/{agencyId}/reports/{year}/findings",
    summary: "运行全部检查规则（含跨年度规则）",
    access: "agency",
    responses: { 200: { description: "检查结果", schema: findingsSummarySchema }, ...errors(400, 401, 403, 404) },
  },
  {
    operationId: "preview",
    method: "get",
    path: "/v1/agencies/{agencyId}/reports/{year}/preview",
    summary: "按发布样式预览报告（HTML）",
    access: "agency",
    responses: { 200: { description: "HTML 页面", html: true }, ...errors(400, 401, 403, 404) },
  },
  {
    operationId: "submit",
    method: "post",
    path: "/v1/agencies/{agencyId}/reports/{year}/submit",
    summary: "提交报告（草稿 → 已提交）；仍有错误时返回 422 及检查结果",
    access: "agency",
    responses: { 200: { description: "已提交", schema: reportSchema }, ...errors(400, 401, 403, 404, 409, 422) },
  },
  {
    operationId: "publish",
    method: "post",
    path: "/v1/agencies/{agencyId}/reports/{year}/publish",
    summary: "发布报告到网站；支持 Idempotency-Key；更正须填写 correctionNote",
    access: "countyAdmin",
    requestBody: publishBodySchema,
    idempotencyKey: true,
    responses: {
      200: { description: "已发布（或同一幂等键的首次结果）", schema: publishResultSchema },
      ...errors(400, 401, 403, 404, 409, 413, 415, 422),
    },
  },
  {
    operationId: "reopen",
    method: "post",
    path: "/v1/agencies/{agencyId}/reports/{year}/reopen",
    summary: "重新开放已发布的报告以便更正（成为其自身的更正草稿）",
    access: "countyAdmin",
    responses: { 200: { description: "已重新开放", schema: reportSchema }, ...errors(400, 401, 403, 404, 409) },
  },
  {
    operationId: "yearBoard",
    method: "get",
    path: "/v1/years/{year}/reports",
    summary: "全县年度报告看板：各机构状态、期限、是否逾期、错误与警告数",
    access: "countyAdmin",
    responses: { 200: { description: "看板", schema: boardSchema }, ...errors(400, 401, 403) },
  },
  {
    operationId: "startPublishRun",
    method: "post",
    path: "/v1/years/{year}/publish-runs",
    summary: "立即运行年度发布任务（与定时任务同一代码）",
    access: "countyAdmin",
    requestBody: publishRunBodySchema,
    responses: { 201: { description: "运行结果", schema: runSummarySchema }, ...errors(400, 401, 403, 413, 415, 422) },
  },
  {
    operationId: "getPublishRun",
    method: "get",
    path: "/v1/years/{year}/publish-runs/{runId}",
    summary: "一次发布任务的结果",
    access: "countyAdmin",
    responses: { 200: { description: "运行结果", schema: runSummarySchema }, ...errors(400, 401, 403, 404) },
  },
];

export const PATH_PARAMETERS: Record<string, z.ZodType> = {
  agencyId: agencyIdSchema,
  year: yearSchema,
  section: sectionNameSchema,
  runId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
};
