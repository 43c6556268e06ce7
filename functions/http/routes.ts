import * as z from "zod";
import type { SectionName } from "../report/catalogue";
import { agencyInputSchema, publishBodySchema, publishRunBodySchema, sectionInputSchemas } from "../report/schemas";
import type { ErrorCode } from "../service/errors";
import { type OperationId, ROUTE_TABLE, type RouteEntry } from "./route-table";
import { emptySectionSchema, templateDescriptorSchema } from "../report/template";
import {
  agencyListSchema,
  aggregateAdoptionSchema,
  aggregateSchema,
  comparisonSchema,
  reportInspectionSchema,
  yearInspectionSchema,
  agencyReportsSchema,
  agencySchema,
  boardSchema,
  findingsSummarySchema,
  healthSchema,
  importResultSchema,
  draftImportSchema,
  historyImportSchema,
  publishResultSchema,
  reportSchema,
  runViewSchema,
  sectionBodySchema,
} from "./response-schemas";
import { reminderRunBodySchema, reminderRunSchema } from "./reminder-schemas";
import { agencyRevisionPageSchema, revisionContentSchema, revisionPageSchema } from "./revision-schemas";

/**
 * Every route of the API as data: the router registers from it (./route-table.ts, without the
 * schemas), enforces its access from it, validates bodies and query parameters with its schemas,
 * and /v1/openapi.json is generated from it, so neither the document nor the checks can drift from
 * what is served.
 */
export type { Access } from "./route-table";

/** Response headers the service sends, documented where they are sent. */
export type ResponseHeader = "ETag" | "Computed-Totals" | "Location" | "Retry-After" | "WWW-Authenticate";

export interface ResponseDefinition {
  description: string;
  /** For an error status: the codes this route sends with it (default: every code of the status). */
  codes?: readonly ErrorCode[];
  /** Headers sent with some responses of this status only (e.g. no ETag when the section doesn't exist). */
  optionalHeaders?: ResponseHeader[];
  /** The JSON body; per-section routes give a function of the section. */
  schema?: z.ZodType | ((section: SectionName) => z.ZodType);
  html?: boolean;
  headers?: ResponseHeader[];
}

/** A route's documentation and schemas (ROUTES merges them with its RouteEntry). */
export interface RouteDocs {
  summary: string;
  description?: string;
  tag: "机构" | "报告" | "发布" | "模板" | "工具" | "系统";
  /** The JSON body; per-section routes give a function of the section. */
  requestBody?: z.ZodType | ((section: SectionName) => z.ZodType);
  responses: Record<number, ResponseDefinition>;
  /** Example request body for the document. */
  example?: unknown;
  /** Query parameters (all optional); others are refused with 400. */
  query?: Record<string, { schema: z.ZodType; description: string }>;
}

export type RouteDefinition = RouteEntry & RouteDocs;

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "请求格式错误：非法 JSON、路径参数或请求头格式不正确",
  401: "缺少或无效的登录凭证",
  403: "无权访问：角色不符或不是本机关的报告",
  404: "机构、报告、章节或任务不存在",
  409: "状态冲突：报告已发布，或正在发布",
  412: "If-Match 与当前 ETag 不一致（响应头 ETag 为当前值）",
  413: "请求体超过上限（JSON 1 MB，导入的文件 4 MB）",
  415: "请求体类型不支持（应为 JSON，导入时为 HTML、PDF、DOCX 或纯文本）",
  422: "数据未通过校验，或仍有错误（含 findings），或警告说明不符，或文件不是可导入的年度报告",
  428: "替换已有章节须提供 If-Match（取自上次读取的 ETag；不接受 *）",
  500: "服务内部错误",
  503: "服务暂时不可用（AWS 限流或发布后网站文件未写完），按 Retry-After 重试",
};
const ERROR_HEADERS: Partial<Record<number, Pick<ResponseDefinition, "headers" | "optionalHeaders">>> = {
  401: { headers: ["WWW-Authenticate"] },
  // The current ETag, when the section exists.
  412: { optionalHeaders: ["ETag"] },
  428: { headers: ["ETag"] },
  503: { headers: ["Retry-After"] },
};

/**
 * Error responses: a status, or [status, the codes this route sends with it]. Every route can also
 * answer 500, and every route that reads the table 503.
 */
const errors = (...statuses: (number | [number, ErrorCode[]])[]): Record<number, ResponseDefinition> =>
  Object.fromEntries(
    [...statuses, 500].map((entry) => {
      const [status, codes] = typeof entry === "number" ? [entry, undefined] : entry;
      return [status, { description: ERROR_DESCRIPTIONS[status]!, ...ERROR_HEADERS[status], ...(codes ? { codes } : {}) }];
    }),
  );
const VALIDATION: [number, ErrorCode[]] = [422, ["VALIDATION_FAILED"]];
/** Why a publish can be refused with 422. */
const PUBLISH_REFUSALS: ErrorCode[] = [
  "VALIDATION_FAILED",
  "FINDINGS_BLOCK",
  "ACKNOWLEDGEMENT_REQUIRED",
  "ACKNOWLEDGEMENT_NOT_NEEDED",
  "CORRECTION_NOTE_REQUIRED",
  "IDEMPOTENCY_KEY_REUSED",
];

/** A positive integer written as such ("12", not "012", "1e1" or "+12"). */
const positiveInteger = (label: string, max: number) =>
  z
    .string()
    .regex(/^[1-9]\d{0,8}$/, { error: `${label}应为正整数` })
    .transform(Number)
    .pipe(z.number().max(max, { error: `${label}不能大于 ${max}` }));
const PAGE_LIMIT = {
  schema: positiveInteger("每页条数（limit）", 100).default(20),
  description: "每页条数，1–100，默认 20",
};

const sectionHeaders: ResponseHeader[] = ["ETag", "Computed-Totals"];

/** What each route documents and validates, by operationId; method, path and access are in ./route-table.ts. */
const ROUTE_DOCS: Record<OperationId, RouteDocs> = {
  health: {
    summary: "健康检查",
    tag: "系统",
    responses: { 200: { description: "正常", schema: healthSchema }, ...errors() },
  },
  openapi: {
    summary: "本 API 的 OpenAPI 3.1 文档",
    tag: "系统",
    responses: { 200: { description: "OpenAPI 文档", schema: z.record(z.string(), z.unknown()) }, ...errors() },
  },
  getTemplate: {
    summary: "年度报告模板：每个章节的字段（路径、中文标签、类型、是否必填、是否计算、限制、填写说明）与表格版式",
    tag: "模板",
    responses: { 200: { description: "模板说明", schema: templateDescriptorSchema }, ...errors(400, 401) },
  },
  getTemplateSection: {
    summary: "一个章节的空白、可直接提交的请求体，用于开始填写表单",
    tag: "模板",
    responses: {
      200: { description: "空白章节：body 填好 mustFill 所列字段后即可作为 PUT 的请求体", schema: (section) => emptySectionSchema.extend({ section: z.literal(section) }) },
      ...errors(400, 401),
    },
  },
  previewImport: {
    summary: "读取一份已发布的年度报告（HTML、PDF、DOCX 或纯文本，4 MB 以内），返回各章节与待核对的单元格；不保存任何内容",
    description:
      "按规则读取（不使用人工智能、不联网）：每个单元格或按原文准确读取（provenance 给出来源），或列入 review 并说明原因与可能的读法；原文照录，不作更正。",
    tag: "报告",
    responses: { 200: { description: "读取结果", schema: importResultSchema }, ...errors(400, 401, 413, 415, [422, ["DOCUMENT_REJECTED"]]) },
  },
  putAgency: {
    summary: "创建或更新机构",
    tag: "机构",
    requestBody: agencyInputSchema,
    example: { fullName: "沂源县悦庄镇人民政府", kind: "town" },
    responses: {
      200: { description: "已更新", schema: agencySchema },
      201: { description: "已创建", schema: agencySchema, headers: ["Location"] },
      ...errors(400, 401, 403, 413, 415, VALIDATION, 503),
    },
  },
  listAgencies: {
    summary: "机构列表",
    tag: "机构",
    responses: { 200: { description: "机构列表", schema: agencyListSchema }, ...errors(401, 503) },
  },
  getAgency: {
    summary: "机构信息",
    tag: "机构",
    responses: { 200: { description: "机构", schema: agencySchema }, ...errors(400, 401, 404, 503) },
  },
  listAgencyRevisions: {
    summary: "机构信息的修改记录（创建与每次变更：改前 → 改后，谁、何时），新的在前，分页",
    tag: "机构",
    query: {
      limit: PAGE_LIMIT,
      before: { schema: positiveInteger("before", 99_999_999).optional(), description: "只列出序号小于它的记录（上一页响应的 nextBefore）" },
    },
    responses: { 200: { description: "修改记录", schema: agencyRevisionPageSchema }, ...errors(400, 401, 403, 404, 503) },
  },
  listAgencyReports: {
    summary: "机构的各年度报告：状态、公开期限、是否逾期、已发布版本数（新年度在前）",
    tag: "报告",
    responses: { 200: { description: "年度列表", schema: agencyReportsSchema }, ...errors(400, 401, 403, 404, 503) },
  },
  getReport: {
    summary: "整份报告：各章节及其 ETag、状态、版本历史、检查结果计数（不含跨年度规则）",
    tag: "报告",
    responses: { 200: { description: "报告", schema: reportSchema }, ...errors(400, 401, 403, 404, 503) },
  },
  getSection: {
    summary: "读取一个章节",
    description:
      "响应头 ETag 是替换该章节时 If-Match 须带的值；Computed-Totals 列出由系统计算的合计项（逗号分隔，相对于章节的路径）。",
    tag: "报告",
    responses: {
      200: { description: "章节数据（含全部合计）", schema: sectionBodySchema, headers: sectionHeaders },
      ...errors(400, 401, 403, 404, 503),
    },
  },
  putSection: {
    summary: "写入一个章节",
    description: [
      "新建章节不带 If-Match；替换已有章节须带上次读取得到的 ETag（If-Match: \"3\"，也接受 W/\"3\"；不接受 *，不带引号的 3 返回 400）。",
      "合计项（表三、表四各行的“总计”列，（七）总计行，统计期限）可以省略，由系统计算；读取后原样写回的计算值会按新的单元格重新计算，",
      "改成其他数值的合计项按填报值保存（由检查规则核对）。",
    ].join(""),
    tag: "报告",
    requestBody: (section) => sectionInputSchemas[section],
    responses: {
      200: { description: "已替换（返回存储的数据，含计算出的合计）", schema: sectionBodySchema, headers: sectionHeaders },
      201: { description: "已创建", schema: sectionBodySchema, headers: [...sectionHeaders, "Location"] },
      ...errors(400, 401, 403, 404, 409, 412, 413, 415, VALIDATION, 428, 503),
    },
  },
  listRevisions: {
    summary: "修改记录：每次写入章节（改了哪些单元格，改前 → 改后）、提交、重新开放、发布、导入和机构变更，谁、何时；新的在前，分页",
    description: "记录由修改它的同一事务写入，之后不能修改或删除。翻页：把响应中的 nextBefore 作为 before 参数。",
    tag: "报告",
    query: {
      limit: PAGE_LIMIT,
      before: { schema: positiveInteger("before", 99_999_999).optional(), description: "只列出修订号小于它的记录（上一页响应的 nextBefore）" },
    },
    responses: { 200: { description: "修改记录", schema: revisionPageSchema }, ...errors(400, 401, 403, 404, 503) },
  },
  getRevision: {
    summary: "第 n 次修改之后的报告：该次修改的记录与当时各章节的数据",
    tag: "报告",
    responses: { 200: { description: "该次修改之后的报告", schema: revisionContentSchema }, ...errors(400, 401, 403, 404, 503) },
  },
  importReport: {
    summary: "导入一份已发布的年度报告：以往年度保存为历史报告（县政务公开办），本年度写入草稿（本机关编辑）",
    description: [
      "请求体为文件本身（HTML、PDF、DOCX 或纯文本，4 MB 以内）。以往年度（早于当前报告年度）：须为 countyAdmin；按原文照录保存为已发布的第 1 版，",
      "标明为导入，运行检查规则并记录结果（不因错误拒绝），原始文件保存在网站 reports/{year}/{agencyId}/source.{ext} 并从报告页面链接；该年度已有报告时返回 409。",
      "本年度：完整读取的章节按 PUT 的规则写入草稿（草稿已有章节时，If-Match 须逗号分隔列出草稿全部已有章节的 ETag，顺序不限，缺少时 428，不符时 412，均不写入），有未能准确读取单元格的章节不写入，列在 notWritten，",
      "须核对的单元格在 review 中。文件中的报告年度与路径不一致时返回 422。",
    ].join(""),
    tag: "报告",
    responses: {
      200: { description: "已写入本年度草稿", schema: draftImportSchema },
      201: { description: "已保存为历史报告", schema: historyImportSchema, headers: ["Location"] },
      ...errors(400, 401, 403, 404, [409, ["CONFLICT"]], 412, 413, 415, [422, ["DOCUMENT_REJECTED"]], 428, 503),
      // Several sections, so no single current ETag to send back: the message lists them.
      428: { description: ERROR_DESCRIPTIONS[428]! },
    },
  },
  getFindings: {
    summary: "运行全部检查规则（含跨年度规则）；needsAcknowledgement 为 true 的警告在发布时须填写说明",
    tag: "报告",
    responses: { 200: { description: "检查结果", schema: findingsSummarySchema }, ...errors(400, 401, 403, 404, 503) },
  },
  preview: {
    summary: "按发布样式预览报告（HTML）",
    tag: "报告",
    responses: { 200: { description: "HTML 页面", html: true }, ...errors(400, 401, 403, 404, 503) },
  },
  submit: {
    summary: "提交报告（草稿 → 已提交）；仍有错误时返回 422 及检查结果",
    tag: "报告",
    responses: {
      200: { description: "已提交", schema: reportSchema },
      ...errors(400, 401, 403, 404, [409, ["CONFLICT"]], [422, ["FINDINGS_BLOCK"]], 503),
    },
  },
  publish: {
    summary: "发布报告到网站",
    description: [
      "支持 Idempotency-Key（同一键的重试返回首次结果；同一键用于内容不同的请求返回 422 IDEMPOTENCY_KEY_REUSED）。needsAcknowledgement 的警告须在 acknowledgements 中逐条说明，",
      "多余的说明（没有对应警告的规则）返回 422 ACKNOWLEDGEMENT_NOT_NEEDED。更正已发布的报告须填写 correctionNote。",
    ].join(""),
    tag: "发布",
    requestBody: publishBodySchema,
    example: { acknowledgements: [{ ruleId: "T3-X1", note: "上年结转数据经核实无误" }] },
    responses: {
      200: { description: "已发布（或同一幂等键的首次结果）", schema: publishResultSchema },
      ...errors(400, 401, 403, 404, 409, 413, 415, [422, PUBLISH_REFUSALS], 503),
    },
  },
  reopen: {
    summary: "重新开放已发布的报告以便更正（成为其自身的更正草稿）",
    tag: "发布",
    responses: { 200: { description: "已重新开放", schema: reportSchema }, ...errors(400, 401, 403, 404, [409, ["CONFLICT"]], 503) },
  },
  yearBoard: {
    summary: "全县年度报告看板：各机构状态、期限、是否逾期、错误与警告数；?inspection=true 时另附考评预检（每个机构的扣分项与全县汇总）",
    tag: "发布",
    query: {
      inspection: {
        schema: z
          .enum(["true", "false"], { error: "inspection 应为 true 或 false" })
          .optional()
          .transform((value) => value === "true"),
        description: "true：每个机构附考评预检的结果（inspection），并附全县汇总（inspectionSummary）；需读取每份报告，比看板本身慢",
      },
    },
    responses: { 200: { description: "看板", schema: boardSchema }, ...errors(400, 401, 403, 503) },
  },
  startPublishRun: {
    summary: "立即运行年度发布任务（与定时任务同一代码）",
    tag: "发布",
    requestBody: publishRunBodySchema,
    example: { kinds: ["town", "subdistrict"] },
    responses: {
      201: { description: "运行结果", schema: runViewSchema, headers: ["Location"] },
      ...errors(400, 401, 403, 413, 415, VALIDATION, 503),
    },
  },
  startReminderRun: {
    summary: "立即发送公开期限提醒：尚未提交或仍有错误的机构各收到一条（门户 Webhook，HMAC 签名），县政务公开办收到汇总；同一机构、期限与步骤不重复发送",
    description:
      "Webhook 请求头 X-Disclosure-Signature: t=<unix 秒>,v1=<hex>，hex 为以 REMINDER_WEBHOOK_SECRET 为密钥、对 \"<t>.\" 加原始请求体计算的 HMAC-SHA256；X-Disclosure-Delivery 与 Idempotency-Key 为投递编号（重试不变）。",
    tag: "工具",
    requestBody: reminderRunBodySchema,
    example: { step: 3, deadline: "01-31" },
    responses: {
      201: { description: "提醒任务的结果", schema: reminderRunSchema, headers: ["Location"] },
      ...errors(400, 401, 403, 413, 415, VALIDATION, 503),
    },
  },
  getReminderRun: {
    summary: "一次提醒任务的结果",
    tag: "工具",
    responses: { 200: { description: "提醒任务的结果", schema: reminderRunSchema }, ...errors(400, 401, 403, 404, 503) },
  },
  yearAggregate: {
    summary: "汇总报告：各成员单位（本级政府以外）已提交或已发布报告的表二、三、四逐格相加，并列出每格的来源单位与不符合勾稽关系的成员",
    tag: "工具",
    responses: { 200: { description: "汇总结果", schema: aggregateSchema }, ...errors(400, 401, 403, 503) },
  },
  adoptAggregate: {
    summary: "本级政府报告采用成员单位报告的汇总：表二、三、四写入草稿，发布的页面注明汇总了几个成员单位",
    description: [
      "县政务公开办（countyAdmin）为本级政府（countyGovernment）的报告操作。按 GET /v1/years/{year}/aggregate 的汇总结果，把第二、三、四部分按 PUT 的规则写入草稿：",
      "If-Match 须逗号分隔列出这三个章节中已有章节的全部 ETag（顺序不限，如 If-Match: \"3\", \"2\", \"1\"；三个都还没有时不带 If-Match），缺少时 428，与当前不符时 412，均不写入；",
      "逐个写入时若有他人修改了其中某个章节，则停止并返回 412，该章节不被覆盖。合计由系统计算，每个章节各有一条审计记录。此后再 PUT 其中任一章节，页面上的汇总说明即不再显示。",
      "不符合勾稽关系的成员照样计入，并在 inconsistentMembers 中列出。",
    ].join(""),
    tag: "工具",
    responses: {
      200: { description: "已写入草稿", schema: aggregateAdoptionSchema },
      ...errors(400, 401, 403, 404, [409, ["CONFLICT", "PUBLISH_IN_PROGRESS"]], 412, VALIDATION, 428, 503),
      // Three sections, so no single current ETag to send back: the message lists them.
      428: { description: ERROR_DESCRIPTIONS[428]! },
    },
  },
  yearInspection: {
    summary: "考评预检：评估时会扣分的问题，每个单位一份清单，并有全县汇总",
    tag: "工具",
    responses: { 200: { description: "预检结果", schema: yearInspectionSchema }, ...errors(400, 401, 403, 503) },
  },
  reportInspection: {
    summary: "一份报告的考评预检清单",
    tag: "工具",
    responses: { 200: { description: "预检清单", schema: reportInspectionSchema }, ...errors(400, 401, 403, 404, 503) },
  },
  reportComparison: {
    summary: "与上一年度已发布报告的比较：变化的单元格（前、后、变化量），各文字部分的字符级差异与相似度",
    tag: "工具",
    responses: { 200: { description: "比较结果", schema: comparisonSchema }, ...errors(400, 401, 403, 404, 503) },
  },
  getPublishRun: {
    summary: "一次发布任务的结果",
    tag: "发布",
    responses: { 200: { description: "运行结果", schema: runViewSchema }, ...errors(400, 401, 403, 404, 503) },
  },
  resumePublishRun: {
    summary: "续跑发布任务：为尚无结果的机构（如消息进入死信队列）重新排队，已有结果的不重复发布",
    tag: "发布",
    responses: { 200: { description: "运行结果", schema: runViewSchema }, ...errors(400, 401, 403, 404, 503) },
  },
};

export const ROUTES: RouteDefinition[] = ROUTE_TABLE.map((entry) => ({ ...entry, ...ROUTE_DOCS[entry.operationId] }));


export { PATH_PARAMETERS, TEMPLATE_VERSIONS } from "./path-parameters";
