import * as z from "zod";
import { SECTION_NAMES } from "../report/catalogue";
import { storedSectionSchemas } from "../report/schemas";
// The agency resource (its own change records, with the reminder address) and a report's snapshot of it.
import { agencySchema, reportAgencySchema } from "./response-schemas";

/** The audit trail as the API shows it (GET …/revisions, …/revisions/{revision}, /v1/agencies/{agencyId}/revisions). */

const integer = () => z.number().int();
const timestamp = () => z.string().describe("ISO 8601 时间（UTC）");

const leafSchema = z.union([z.number(), z.string(), z.boolean(), z.null()]);

export const cellChangeSchema = z.strictObject({
  path: z.string().describe("从报告根开始的位置，如 applications.rows.granted.naturalPerson"),
  label: z.string().optional().describe("该位置的中文名称（表、行、列）"),
  before: leafSchema.describe("修改前的值（原来没有为 null）"),
  after: leafSchema.describe("修改后的值（删去为 null）"),
});

export const revisionRecordSchema = z.strictObject({
  revision: integer().describe("报告的修订号：每次修改加一，本条记录即该次修改之后的状态"),
  action: z
    .enum(["sectionWritten", "submitted", "reopened", "published", "opened", "imported", "agencyChanged"])
    .describe("sectionWritten 写入章节；submitted 提交；reopened 重新开放；published 发布；opened 年度开放时创建；imported 导入；agencyChanged 机构名称或类别变更"),
  actor: z.string().describe("操作人（登录凭证的 sub；定时任务为 system）"),
  at: timestamp(),
  status: z.enum(["draft", "submitted", "published"]).describe("修改后的报告状态"),
  section: z.enum(SECTION_NAMES).optional(),
  sectionVersion: integer().optional().describe("写入后章节的版本（ETag）"),
  changes: z.array(cellChangeSchema).optional().describe("写入章节时：每个改变的单元格或文字，修改前 → 修改后"),
  version: integer().optional().describe("发布时：发布的版本号"),
  correctionNote: z.string().optional(),
  acknowledgements: z.array(z.strictObject({ ruleId: z.string(), note: z.string(), by: z.string(), at: timestamp() })).optional(),
  agency: z.strictObject({ before: reportAgencySchema, after: reportAgencySchema }).optional(),
  source: z
    .strictObject({ contentType: z.string(), bytes: integer(), sha256: z.string(), key: z.string().optional() })
    .optional()
    .describe("导入时：原始文件"),
});

export const revisionPageSchema = z.strictObject({
  agencyId: z.string(),
  year: integer(),
  revisions: z.array(revisionRecordSchema).describe("新的在前"),
  nextBefore: integer().optional().describe("下一页（更早的记录）：作为 before 参数传入；没有更多时不出现"),
});

export const revisionContentSchema = z.strictObject({
  agencyId: z.string(),
  year: integer(),
  revision: revisionRecordSchema,
  sections: z
    .strictObject(Object.fromEntries(SECTION_NAMES.map((name) => [name, storedSectionSchemas[name].optional()])))
    .describe("该次修改之后各章节的数据"),
});

export const agencyRevisionPageSchema = z.strictObject({
  agencyId: z.string(),
  revisions: z.array(
    z.strictObject({
      revision: integer().describe("机构信息的修改序号（1 为创建）"),
      at: timestamp(),
      actor: z.string(),
      before: agencySchema.optional().describe("修改前（创建时没有）"),
      after: agencySchema,
    }),
  ),
  nextBefore: integer().optional().describe("下一页：作为 before 参数传入"),
});
