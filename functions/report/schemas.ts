import * as z from "zod";
import "./zod-chinese";
import {
  AGENCY_KINDS,
  APPLICANT_COLUMNS,
  APPLICATION_ROW_KEYS,
  RESULT_COLUMNS,
  REVIEW_GROUPS,
  SECTION_NAMES,
  type ApplicationRowKey,
  type SectionName,
} from "./catalogue";

/** Counts of documents, decisions, requests and cases (S-04). */
export const countSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** 本年收费金额（单位：万元）: exact decimal, at most 6 fractional digits (= 分), no separators or units (S-05). */
export const WAN_YUAN_PATTERN = /^(0|[1-9]\d{0,8})(\.\d{1,6})?$/;
export const wanYuanSchema = z
  .string()
  .regex(WAN_YUAN_PATTERN, { error: "应为以万元为单位的非负小数（最多 6 位小数，不含千位分隔符和单位），如 \"12.5\"" });

/** 信息处理费 in 元: exact decimal, at most 2 fractional digits. */
export const YUAN_PATTERN = /^(0|[1-9]\d{0,11})(\.\d{1,2})?$/;
export const yuanSchema = z
  .string()
  .regex(YUAN_PATTERN, { error: "应为以元为单位的非负小数（最多 2 位小数），如 \"0\" 或 \"300.00\"" });

// Control characters other than line breaks and tabs have no place in a published report.
const plainText = (max: number) =>
  z.string().max(max).regex(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/u, { error: "包含不允许的控制字符" });
export const longTextSchema = plainText(20_000);
const requiredShortText = (max = 200) => plainText(max).trim().min(1);
const isoDate = z.iso.date({ error: "应为 YYYY-MM-DD 格式的日期" });

// ---------------------------------------------------------------- agency

export const agencyIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, {
  error: "机构标识应为 2–63 位小写字母、数字或连字符，且以字母或数字开头",
});
export const yearSchema = z.coerce
  .number({ error: "年度应为数字" })
  .int({ error: "年度应为整数" })
  .min(2019, { error: "年度应在 2019–2100 之间" })
  .max(2100, { error: "年度应在 2019–2100 之间" });
export const agencyKindSchema = z.enum(AGENCY_KINDS);

export const agencyInputSchema = z.strictObject({
  fullName: requiredShortText(100),
  kind: agencyKindSchema,
  hasRulemakingPower: z.boolean().optional(),
});

export interface Agency {
  agencyId: string;
  fullName: string;
  kind: z.infer<typeof agencyKindSchema>;
  hasRulemakingPower: boolean;
}

// ---------------------------------------------------------------- preamble and narrative sections

export const contactSchema = z.strictObject({
  organ: requiredShortText(),
  address: requiredShortText(),
  postcode: z.string().regex(/^\d{6}$/, { error: "邮编应为 6 位数字" }),
  phone: z.string().regex(/^[0-9()（）+\-\s转,，、]{5,40}$/, { error: "电话号码格式不正确" }),
  fax: z.string().regex(/^[0-9()（）+\-\s转,，、]{5,40}$/, { error: "传真号码格式不正确" }).optional(),
  email: z.email({ error: "电子邮箱格式不正确" }).optional(),
});

export const preambleSchema = z.strictObject({
  basisText: longTextSchema.optional(),
  /** Omitted: the calendar year of the report (the system fills it). */
  statisticsPeriod: z.strictObject({ from: isoDate, to: isoDate }).optional(),
  downloadNote: longTextSchema.optional(),
  contact: contactSchema,
});

export const overviewSchema = z.strictObject({
  intro: longTextSchema.optional(),
  proactiveDisclosure: longTextSchema,
  requestDisclosure: longTextSchema,
  informationManagement: longTextSchema,
  platformBuilding: longTextSchema,
  supervisionAndGuarantee: longTextSchema,
});

export const problemsAndImprovementsSchema = z.strictObject({
  previousYearRectification: longTextSchema.optional(),
  problems: longTextSchema,
  improvements: longTextSchema,
});

export const processingFeeSchema = z.strictObject({
  charged: z.boolean(),
  amountYuan: yuanSchema,
  chargedRequests: countSchema.optional(),
  feeNoticesIssued: countSchema.optional(),
  statement: longTextSchema.optional(),
});

export const otherMattersSchema = z.strictObject({
  processingFee: processingFeeSchema,
  superiorWorkPoints: longTextSchema.optional(),
  deputyProposals: longTextSchema.optional(),
  innovations: longTextSchema.optional(),
  other: longTextSchema.optional(),
});

// ---------------------------------------------------------------- table 二

const docCountsSchema = z.strictObject({ issued: countSchema, repealed: countSchema, inForce: countSchema });
const decisionsSchema = z.strictObject({ decisions: countSchema });

export const activeDisclosureSchema = z.strictObject({
  regulations: docCountsSchema,
  normativeDocuments: docCountsSchema,
  administrativeLicensing: decisionsSchema,
  administrativePenalty: decisionsSchema,
  administrativeCoercion: decisionsSchema,
  administrativeFees: z.strictObject({ amountWanYuan: wanYuanSchema }),
});

// ---------------------------------------------------------------- table 三

function applicantCountsSchemaWith<T extends z.ZodType>(total: T) {
  const shape = Object.fromEntries(APPLICANT_COLUMNS.map((c) => [c.key, countSchema])) as Record<
    (typeof APPLICANT_COLUMNS)[number]["key"],
    typeof countSchema
  >;
  return z.strictObject({ ...shape, total });
}
export const applicantCountsSchema = applicantCountsSchemaWith(countSchema);
export const applicantCountsInputSchema = applicantCountsSchemaWith(countSchema.optional());

function applicationsSchemaWith<R extends z.ZodType, T extends z.ZodType>(row: R, totalRow: T) {
  const rows = Object.fromEntries(
    APPLICATION_ROW_KEYS.map((key) => [key, key === "totalProcessed" ? totalRow : row]),
  ) as Record<ApplicationRowKey, R | T>;
  return z.strictObject({ rows: z.strictObject(rows) });
}
export const applicationsSchema = applicationsSchemaWith(applicantCountsSchema, applicantCountsSchema);
/** Written form: totals (the 总计 column and the whole （七）总计 row) may be omitted and are then computed. */
export const applicationsInputSchema = applicationsSchemaWith(
  applicantCountsInputSchema,
  applicantCountsInputSchema.optional(),
);

// ---------------------------------------------------------------- table 四

function resultCountsSchemaWith<T extends z.ZodType>(total: T) {
  const shape = Object.fromEntries(RESULT_COLUMNS.map((c) => [c.key, countSchema])) as Record<
    (typeof RESULT_COLUMNS)[number]["key"],
    typeof countSchema
  >;
  return z.strictObject({ ...shape, total });
}
function reviewLitigationSchemaWith<G extends z.ZodType>(group: G) {
  return z.strictObject(
    Object.fromEntries(REVIEW_GROUPS.map((g) => [g.key, group])) as Record<(typeof REVIEW_GROUPS)[number]["key"], G>,
  );
}
export const resultCountsSchema = resultCountsSchemaWith(countSchema);
export const reviewLitigationSchema = reviewLitigationSchemaWith(resultCountsSchema);
export const reviewLitigationInputSchema = reviewLitigationSchemaWith(resultCountsSchemaWith(countSchema.optional()));

// ---------------------------------------------------------------- sections

/** What a client may PUT for each section. */
export const sectionInputSchemas = {
  preamble: preambleSchema,
  overview: overviewSchema,
  activeDisclosure: activeDisclosureSchema,
  applications: applicationsInputSchema,
  reviewLitigation: reviewLitigationInputSchema,
  problemsAndImprovements: problemsAndImprovementsSchema,
  otherMatters: otherMattersSchema,
} as const satisfies Record<SectionName, z.ZodType>;

/** What is stored and returned: every total present. */
export const storedSectionSchemas = {
  ...sectionInputSchemas,
  preamble: preambleSchema.required({ statisticsPeriod: true }),
  applications: applicationsSchema,
  reviewLitigation: reviewLitigationSchema,
} as const satisfies Record<SectionName, z.ZodType>;

export const sectionNameSchema = z.enum(SECTION_NAMES, {
  error: `章节名应为：${SECTION_NAMES.join("、")}`,
});

export type Preamble = z.infer<(typeof storedSectionSchemas)["preamble"]>;
export type Overview = z.infer<typeof overviewSchema>;
export type ActiveDisclosure = z.infer<typeof activeDisclosureSchema>;
export type ApplicantCounts = z.infer<typeof applicantCountsSchema>;
export type Applications = z.infer<typeof applicationsSchema>;
export type ResultCounts = z.infer<typeof resultCountsSchema>;
export type ReviewLitigation = z.infer<typeof reviewLitigationSchema>;
export type ProblemsAndImprovements = z.infer<typeof problemsAndImprovementsSchema>;
export type OtherMatters = z.infer<typeof otherMattersSchema>;

export interface Sections {
  preamble: Preamble;
  overview: Overview;
  activeDisclosure: ActiveDisclosure;
  applications: Applications;
  reviewLitigation: ReviewLitigation;
  problemsAndImprovements: ProblemsAndImprovements;
  otherMatters: OtherMatters;
}
export type SectionInputs = { [K in SectionName]: z.infer<(typeof sectionInputSchemas)[K]> };

/** A report as the rules and the renderer see it: pure data, no storage or HTTP concerns. */
export interface ReportContent {
  year: number;
  templateVersion: "2021" | "2019";
  title: string;
  agency: Agency;
  sections: Partial<Sections>;
}

export const acknowledgementSchema = z.strictObject({
  ruleId: z.string().regex(/^[A-Z]\d?-[A-Z0-9]+$/, { error: "规则编号格式不正确" }),
  note: requiredShortText(2000),
});
export const publishBodySchema = z.strictObject({
  acknowledgements: z.array(acknowledgementSchema).max(50).optional(),
  correctionNote: plainText(5000).trim().min(1).optional(),
});

export const publishRunBodySchema = z.strictObject({
  kinds: z.array(agencyKindSchema).min(1).optional(),
});
