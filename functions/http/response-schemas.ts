import * as z from "zod";
import { AGENCY_KINDS, REPORT_STATUS_LABELS, SECTION_NAMES, TEMPLATE_VERSION, type SectionName } from "../report/catalogue";
import { agencyIdSchema } from "../report/identifiers";
import { agencyInputSchema, storedSectionSchemas } from "../report/schemas";
import type { ErrorCode } from "../service/errors";

export { runViewSchema } from "./run-schemas";

/**
 * The exact shapes of what the API sends. Every object is closed (z.strictObject → additionalProperties
 * false), so a field the handlers add without documenting it fails the contract test.
 */

const integer = () => z.number().int();
const timestamp = () => z.string().describe("ISO 8601 时间（UTC）");

export const findingSchema = z.strictObject({
  ruleId: z.string().describe("规则编号，如 T3-01"),
  severity: z.enum(["ERROR", "WARNING", "INFO"]),
  path: z.string().describe("报告中的位置，如 applications.rows.totalProcessed.naturalPerson"),
  expected: z.string().optional(),
  actual: z.string().optional(),
  message: z.string().describe("中文说明，按模板的表、行、列称呼单元格"),
  needsAcknowledgement: z.boolean().describe("为 true 时，发布须在 acknowledgements 中对该规则填写说明"),
});
export const findingsSummarySchema = z.strictObject({
  findings: z.array(findingSchema),
  errors: integer(),
  warnings: integer(),
  infos: integer(),
});

/** The agency resource (GET/PUT /v1/agencies…); a report's snapshot of it is reportAgencySchema. */
export const agencySchema = agencyInputSchema.extend({ agencyId: agencyIdSchema, hasRulemakingPower: z.boolean() });
/** The agency as a report carries (and publishes) it: without the reminder address. */
export const reportAgencySchema = agencySchema.omit({ reminderEmail: true });
export const agencyListSchema = z.strictObject({ agencies: z.array(agencySchema) });

const reportStatusSchema = z.enum(["draft", "submitted", "published"]);
const acknowledgementRecordSchema = z.strictObject({ ruleId: z.string(), note: z.string(), by: z.string(), at: timestamp() });
const versionSchema = z.strictObject({
  version: integer(),
  publishedAt: timestamp(),
  publishedBy: z.string(),
  correctionNote: z.string().optional(),
  acknowledgements: z.array(acknowledgementRecordSchema).optional(),
  files: z.array(z.string()),
  imported: z
    .strictObject({
      importedAt: timestamp(),
      sourceKey: z.string().describe("网站上保存的原始文件"),
      format: z.enum(["html", "pdf", "docx", "text"]),
      publishedAtInDocument: z.string().optional().describe("原文所载的发布日期"),
      reviewCount: integer().describe("导入时未能准确读取的单元格数"),
    })
    .optional()
    .describe("导入的历史报告（在其他平台发布，按原文照录）"),
  aggregatedMembers: integer()
    .optional()
    .describe("本级政府报告：表二、表三、表四为采用的成员单位报告汇总，汇总了几个成员单位（页面上有相应说明）"),
  editions: z
    .boolean()
    .optional()
    .describe("本版本有 Word 与 PDF 文件（v{n}.docx、v{n}.pdf，页面上有下载链接），由发布工作进程生成"),
});

const adoptedAggregateSchema = z
  .strictObject({
    memberCount: integer(),
    members: z.array(z.string()).describe("汇总的成员单位（机构 ID）"),
    adoptedAt: timestamp(),
  })
  .describe("本章节是采用的成员单位报告汇总（POST …/aggregate）；此后再 PUT 本章节即不再是汇总");

/**
 * A section of an imported historical report: as the document printed it — a 2019-template table in
 * its own shape (template-2019.ts), and null wherever the importer could not read a cell or field.
 */
const importedSectionDataSchema = z
  .record(z.string(), z.unknown())
  .describe("导入的历史报告的章节：按原文照录，2019 年版格式的表格为其自身结构；未能读取的单元格或文字为 null");

/** The section bodies as stored and returned: every total present. */
export function sectionBodySchema(section: SectionName): z.ZodType {
  return storedSectionSchemas[section];
}

const sectionEntrySchema = (section: SectionName) =>
  z.strictObject({
    data: z.union([sectionBodySchema(section), importedSectionDataSchema]),
    etag: z.string(),
    version: integer(),
    updatedAt: timestamp(),
    updatedBy: z.string(),
    computedTotals: z
      .array(z.string())
      .describe("由系统计算的合计项（相对于章节的路径）；原样写回时会按新的单元格重新计算"),
    adoptedAggregate: adoptedAggregateSchema.optional(),
  });

export const reportSchema = z.strictObject({
  agencyId: z.string(),
  year: integer(),
  title: z.string(),
  templateVersion: z.literal(TEMPLATE_VERSION),
  agency: reportAgencySchema,
  status: reportStatusSchema,
  reopened: z.boolean(),
  revision: integer(),
  createdAt: timestamp(),
  updatedAt: timestamp(),
  submittedAt: timestamp().optional(),
  deadline: z.string().describe("法定公开期限（YYYY-MM-DD，县所在时区）"),
  late: z.boolean(),
  sections: z.strictObject(
    Object.fromEntries(SECTION_NAMES.map((name) => [name, sectionEntrySchema(name).optional()])) as Record<
      SectionName,
      z.ZodOptional<ReturnType<typeof sectionEntrySchema>>
    >,
  ),
  versions: z.array(versionSchema),
  inForceBaseline: z
    .strictObject({ fromYear: integer(), regulations: integer(), normativeDocuments: integer() })
    .optional()
    .describe("开启年度时记录的上年度现行有效件数"),
  findingCounts: z
    .strictObject({ errors: integer(), warnings: integer(), infos: integer() })
    .describe("读取报告时为报告最近一次修改时存储的计数（另加按当前时间判断的 P-01），不含跨年度和跨单位规则（T2-X1、T3-X1、N-06）；提交的应答为提交时运行全部规则的计数；完整检查见 /findings"),
});

export const agencyReportsSchema = z.strictObject({
  agencyId: z.string(),
  fullName: z.string(),
  reports: z.array(
    z.strictObject({
      year: integer(),
      title: z.string(),
      status: reportStatusSchema,
      reopened: z.boolean(),
      deadline: z.string(),
      late: z.boolean(),
      versionCount: integer().describe("已发布的版本数"),
    }),
  ),
});

export const publishResultSchema = z.strictObject({
  version: integer(),
  publishedAt: timestamp(),
  url: z.string(),
  files: z.array(z.string()),
  editions: z
    .strictObject({ docx: z.string().describe("Word 版（.docx）网址"), pdf: z.string().describe("PDF 版网址") })
    .optional()
    .describe("本版本的 Word 与 PDF 文件：由发布工作进程在发布后数秒内生成（此前该网址返回 404）；报告目录下的 report.docx / report.pdf 始终为最新版本"),
});

const checkSummarySchema = z.strictObject({ id: z.string(), title: z.string(), failed: integer(), agencyIds: z.array(z.string()) });
/** The county summary of the inspection pre-check (GET …/inspection, and the board with ?inspection=true). */
const inspectionSummarySchema = z.strictObject({
  agencies: integer(),
  clean: integer(),
  withDeductions: integer(),
  checks: z.array(checkSummarySchema),
  mostCommon: z.array(checkSummarySchema),
});

export const boardSchema = z.strictObject({
  year: integer(),
  reports: z.array(
    z.strictObject({
      agencyId: z.string(),
      fullName: z.string(),
      kind: z.enum(AGENCY_KINDS),
      status: z.enum(Object.keys(REPORT_STATUS_LABELS) as [keyof typeof REPORT_STATUS_LABELS]),
      statusLabel: z.string(),
      deadline: z.string(),
      late: z.boolean(),
      errors: integer(),
      warnings: integer(),
      latestVersion: integer(),
      inspection: z
        .strictObject({ clean: z.boolean(), deductions: z.array(z.string()).describe("评估时会扣分的检查项（同 GET …/inspection）") })
        .optional()
        .describe("?inspection=true 时：该机构的考评预检结果"),
    }),
  ),
  inspectionSummary: inspectionSummarySchema
    .optional()
    .describe("?inspection=true 时：全县考评预检汇总（多少机构无扣分项，最常见的问题）"),
});


export const healthSchema = z.strictObject({ status: z.literal("ok") });

/** The one error shape; `code` lists exactly the codes that the status can carry. */
export function errorBodySchema(codes: readonly ErrorCode[]) {
  return z.strictObject({
    error: z.strictObject({
      code: z.enum(codes as [ErrorCode, ...ErrorCode[]]),
      message: z.string().describe("中文说明"),
      details: z.array(
        z.strictObject({
          path: z.string().describe("字段路径，如 activeDisclosure.normativeDocuments.repealed、headers.if-match、path.year"),
          label: z.string().describe("字段的中文名称，如 第三部分表格“（一）予以公开”行“自然人”列"),
          message: z.string(),
        }),
      ),
      findings: z.array(findingSchema).optional().describe("FINDINGS_BLOCK、ACKNOWLEDGEMENT_REQUIRED：相关检查结果"),
      ruleIds: z.array(z.string()).optional().describe("ACKNOWLEDGEMENT_REQUIRED、ACKNOWLEDGEMENT_NOT_NEEDED：涉及的规则"),
      currentEtag: z.string().optional().describe("PRECONDITION_FAILED：当前 ETag"),
      version: integer().optional().describe("CONFLICT（已发布）、SERVICE_UNAVAILABLE（已发布但网站文件未写完）：版本号"),
    }),
  });
}

const reviewEntrySchema = z.strictObject({
  path: z.string(),
  reason: z.string().describe("为何不能确定（中文）"),
  candidates: z.array(z.union([z.number(), z.string()])).optional().describe("文件允许的各种读法"),
});

export const importResultSchema = z.strictObject({
  format: z.enum(["html", "pdf", "docx", "text"]),
  templateVersion: z.enum(["2021", "2019"]),
  reportYear: integer().nullable(),
  agencyName: z.string().nullable(),
  title: z.string().nullable(),
  publishedAt: z.string().optional(),
  sections: z
    .record(z.string(), z.unknown())
    .describe("各章节，结构同 PUT 的请求体（2019 年模板为其自身结构）；未能确定的单元格为 null"),
  review: z.array(reviewEntrySchema),
  provenance: z.record(z.string(), z.string()).describe("每个已读取单元格的来源文字与位置"),
});

const findingCountsSchema = z.strictObject({ errors: integer(), warnings: integer(), infos: integer() });
const importCounts = {
  cellsRead: integer().describe("表二、三、四中准确读取的单元格数"),
  review: z.array(reviewEntrySchema).describe("未能准确读取、须核对的单元格"),
  findings: findingCountsSchema.describe("导入后运行检查规则的结果计数（历史报告照录，不因错误而拒绝）"),
};
export const historyImportSchema = z.strictObject({
  mode: z.literal("history").describe("以往年度：作为已发布的历史报告保存"),
  agencyId: z.string(),
  year: integer(),
  templateVersion: z.enum(["2021", "2019"]),
  version: integer(),
  url: z.string().describe("网站上的报告页面"),
  sourceUrl: z.string().describe("网站上保存的原始文件"),
  ...importCounts,
});
export const draftImportSchema = z.strictObject({
  mode: z.literal("draft").describe("本年度：写入草稿的各章节"),
  agencyId: z.string(),
  year: integer(),
  templateVersion: z.literal("2021"),
  written: z.array(z.strictObject({ section: z.enum(SECTION_NAMES), etag: z.string() })).describe("已写入的章节及其新的 ETag"),
  notWritten: z
    .array(z.strictObject({ section: z.enum(SECTION_NAMES), reason: z.string() }))
    .describe("有未能准确读取的单元格而未写入的章节：请核对 review 后手工填写"),
  ...importCounts,
});

// ---------------------------------------------------------------- the county office's toolkit

const cellValue = z.union([z.number(), z.string()]);
const aggregateMemberSchema = z.strictObject({
  agencyId: z.string(),
  fullName: z.string(),
  kind: z.enum(AGENCY_KINDS),
  status: reportStatusSchema,
  tableErrors: z.array(findingSchema).describe("该成员自身表格的 T3/T4 错误"),
  unreadableCells: z.array(z.strictObject({ path: z.string(), label: z.string(), value: z.string() })),
});
export const aggregateAdoptionSchema = z.strictObject({
  agencyId: z.string(),
  year: integer(),
  memberCount: integer().describe("汇总了几个成员单位的报告"),
  members: z.array(z.strictObject({ agencyId: z.string(), fullName: z.string(), status: reportStatusSchema })),
  inconsistentMembers: z
    .array(z.strictObject({ agencyId: z.string(), fullName: z.string() }))
    .describe("自身表格不符合勾稽关系、照样计入汇总的成员"),
  written: z
    .array(z.strictObject({ section: z.enum(["activeDisclosure", "applications", "reviewLitigation"]), etag: z.string() }))
    .describe("已写入的章节及其新的 ETag"),
  note: z.string().describe("发布页面上的汇总说明"),
});
export const aggregateSchema = z.strictObject({
  year: integer(),
  members: z.array(aggregateMemberSchema),
  inconsistentMembers: z.array(aggregateMemberSchema).describe("自身表格不符合勾稽关系的成员（不隐藏）"),
  excluded: z
    .array(z.strictObject({ agencyId: z.string(), fullName: z.string(), reason: z.string() }))
    .describe("已提交或已发布、但未能计入的报告及原因（如不是本年度的报告、同一机构的第二份报告）；通常为空"),
  notIncluded: z.array(z.strictObject({ agencyId: z.string(), fullName: z.string(), reason: z.string() })),
  sections: z.strictObject({
    activeDisclosure: storedSectionSchemas.activeDisclosure,
    applications: storedSectionSchemas.applications,
    reviewLitigation: storedSectionSchemas.reviewLitigation,
  }),
  cells: z.array(
    z.strictObject({ path: z.string(), label: z.string(), value: cellValue, contributors: z.array(z.string()).describe("该单元格非零的成员") }),
  ),
  note: z.string(),
});

const diffRunSchema = z.strictObject({ op: z.enum(["equal", "insert", "delete"]), text: z.string() });
export const comparisonSchema = z.strictObject({
  year: integer().optional(),
  previousYear: integer().optional(),
  activeDisclosureCompared: z.boolean(),
  changedCells: z.array(
    z.strictObject({
      path: z.string(),
      label: z.string(),
      before: cellValue.nullable(),
      after: cellValue.nullable(),
      change: cellValue.nullable(),
      beforeShown: z.string(),
      afterShown: z.string(),
    }),
  ),
  sections: z.array(
    z.strictObject({
      section: z.enum(["overview", "problemsAndImprovements", "otherMatters"]),
      heading: z.string(),
      similarity: z.number().describe("字符 3-gram 的 Jaccard 相似度，0–1"),
      fields: z.array(
        z.strictObject({
          path: z.string(),
          label: z.string(),
          similarity: z.number(),
          unchanged: z.boolean(),
          diff: z.array(diffRunSchema),
          inserted: integer(),
          deleted: integer(),
        }),
      ),
    }),
  ),
});

const checkOutcomeSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  basis: z.string(),
  result: z.enum(["pass", "fail", "notApplicable"]),
  evidence: z.array(z.strictObject({ path: z.string().optional(), ruleId: z.string().optional(), message: z.string() })),
});
export const reportInspectionSchema = z.strictObject({
  agencyId: z.string(),
  fullName: z.string(),
  kind: z.enum(AGENCY_KINDS),
  kindLabel: z.string(),
  year: integer(),
  clean: z.boolean(),
  deductions: z.array(z.string()),
  checks: z.array(checkOutcomeSchema),
});
export const yearInspectionSchema = z.strictObject({
  year: integer(),
  agencies: z.array(reportInspectionSchema),
  summary: inspectionSummarySchema,
});
