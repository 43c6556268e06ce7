import * as z from "zod";
import "./zod-chinese";
import { WAN_YUAN_PATTERN, wanYuanToFen, YUAN_PATTERN } from "./money";
import { OTHER_MATTERS_PARTS, OVERVIEW_PARTS, PREAMBLE_PARTS, PROBLEMS_PARTS } from "./layout-parts";
// The patterns (money.ts), the parts of the narrative sections (layout-parts.ts) and the ids (identifiers.ts)
// live in modules without classic zod, so the rules, the renderer, the labels and a cold start read them
// without building these schemas.
import {
  APPLICANT_COLUMNS,
  OTHER_MATTERS_FIELDS,
  OVERVIEW_FIELDS,
  PREAMBLE_FIELDS,
  PROBLEMS_FIELDS,
  APPLICATION_ROW_KEYS,
  RESULT_COLUMNS,
  REVIEW_GROUPS,
  type ApplicationRowKey,
  type SectionName,
} from "./catalogue";
// Types only: template-2019.ts builds its schemas from this module's, so a value import would be a cycle.
import type { ActiveDisclosure2019, Applications2019 } from "./template-2019-schemas";

/** Counts of documents, decisions, requests and cases (S-04). */
export const countSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const wanYuanSchema = z
  .string()
  .regex(WAN_YUAN_PATTERN, { error: "应为以万元为单位的非负小数（最多 6 位小数，不含千位分隔符和单位），如 \"12.5\"" });

export const yuanSchema = z
  .string()
  .regex(YUAN_PATTERN, { error: "应为以元为单位的非负小数（最多 2 位小数），如 \"0\" 或 \"300.00\"" });

// Control characters other than line breaks and tabs have no place in a published report.
// A lone surrogate cannot be written as UTF-8: the page and open data would show U+FFFD instead.
const plainText = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/u, { error: "包含不允许的控制字符" })
    .regex(/^\P{Cs}*$/u, { error: "包含无效的 Unicode 字符（不成对的代理项）" });
export const longTextSchema = plainText(20_000);
// Names and short texts are shown, compared and searched as they are: invisible direction overrides
// (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C) can make a name read as another, and
// zero-width characters (U+200B–U+200D, U+2060, U+FEFF) make two equal-looking names differ.
// NFC makes a name typed with combining marks equal to its precomposed form. `overwrite` keeps the
// schema a string (a transform would make it a pipe the OpenAPI output cannot describe).
const requiredShortText = (max = 200) =>
  plainText(max)
    .regex(/^[^\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]*$/u, { error: "包含不可见的文字方向控制字符（如 U+202E），请删除后重新输入" })
    .regex(/^[^\u200b-\u200d\u2060\ufeff]*$/u, { error: "包含零宽字符（如 U+200B），请删除后重新输入" })
    .overwrite((text) => text.normalize("NFC"))
    .trim()
    .min(1);
const isoDate = z.iso.date({ error: "应为 YYYY-MM-DD 格式的日期" });

// ---------------------------------------------------------------- agency

import { agencyKindSchema, publishRunKindsSchema } from "./identifiers";

export const agencyInputSchema = z.strictObject({
  fullName: requiredShortText(100),
  kind: agencyKindSchema,
  hasRulemakingPower: z.boolean().optional(),
  reminderEmail: z
    .email({ error: "电子邮箱格式不正确" })
    .optional()
    .describe("接收催报邮件的工作邮箱：只用于催报，不写入报告、不公开；省略则不向该机构发送催报邮件"),
});

export type AgencyInput = z.infer<typeof agencyInputSchema>;

export interface Agency {
  agencyId: string;
  fullName: string;
  kind: z.infer<typeof agencyKindSchema>;
  hasRulemakingPower: boolean;
}

/**
 * The agency as its own resource (GET/PUT /v1/agencies/{agencyId}): the Agency every report
 * snapshots and publishes, plus what belongs to no report — the address reminders are e-mailed to.
 * Kept apart from Agency so a report's snapshot, and so the public open data, can never carry it.
 */
export interface AgencyRecord extends Agency {
  reminderEmail?: string;
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

// ---------------------------------------------------------------- the agency's own layout of a narrative section
//
// Agencies number and title the parts of 一, 五 and 六 their own way (“1.主动公开方面。…” inside the
// text, “（一）存在问题”, “1.依申请公开信息处理费收费情况。”) and order 六 as they like. The fields still
// say which part is which (the rules and open data read them); `headings` and `order` only record how
// the agency laid them out. Both are optional: without them the page uses the template's wording.

/** One heading line as the agency wrote it, numbering included; "" = no heading line (the text carries its own). */
const agencyHeadingSchema = plainText(200)
  .trim()
  .regex(/^[^\r\n\u2028\u2029]*$/u, { error: "小标题应为一行文字，不能包含换行" });

type LayoutLabels<F extends string> = Record<F, string>;
const partName = <F extends string>(field: F, labels: LayoutLabels<F>) => (labels[field] ? `“${field}”（${labels[field]}）` : `“${field}”`);

function layoutHeadingsSchema<F extends string>(fields: readonly [F, ...F[]]) {
  const shape = Object.fromEntries(fields.map((field) => [field, agencyHeadingSchema.optional()])) as Record<
    F,
    z.ZodOptional<typeof agencyHeadingSchema>
  >;
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys" ? `小标题（headings）只能用于以下部分：${fields.join("、")}；不认识：${issue.keys.join("、")}` : undefined,
  });
}

function layoutOrderSchema<F extends string>(fields: readonly [F, ...F[]]) {
  return z.array(z.enum(fields, { error: `顺序（order）中的部分名应为：${fields.join("、")}` })).max(fields.length);
}

/**
 * `order` must list every part present exactly once and nothing else; `headings` may only name parts
 * present. `present` says which parts the section has (a field set, or always there).
 */
function checkLayout<F extends string>(labels: LayoutLabels<F>, present: (section: Record<string, unknown>) => readonly F[]) {
  return (section: { headings?: Partial<Record<F, string>>; order?: readonly F[] }, ctx: z.RefinementCtx) => {
    const has = new Set(present(section as Record<string, unknown>));
    const seen = new Set<F>();
    section.order?.forEach((field, index) => {
      if (seen.has(field)) {
        ctx.addIssue({ code: "custom", path: ["order", index], message: `顺序（order）中${partName(field, labels)}重复出现` });
      } else if (!has.has(field)) {
        ctx.addIssue({ code: "custom", path: ["order", index], message: `顺序（order）列出了未填写的部分${partName(field, labels)}` });
      }
      seen.add(field);
    });
    if (section.order) {
      const missing = [...has].filter((field) => !seen.has(field));
      if (missing.length > 0) {
        ctx.addIssue({
          code: "custom",
          path: ["order"],
          message: `顺序（order）应列出全部已填写的部分，缺少：${missing.map((field) => partName(field, labels)).join("、")}`,
        });
      }
    }
    for (const field of Object.keys(section.headings ?? {}) as F[]) {
      if (section.headings?.[field] !== undefined && !has.has(field)) {
        ctx.addIssue({ code: "custom", path: ["headings", field], message: `小标题（headings）给了未填写的部分${partName(field, labels)}` });
      }
    }
  };
}

const fieldsSet = <F extends string>(fields: readonly F[]) => (section: Record<string, unknown>) =>
  fields.filter((field) => section[field] !== undefined);

export const preambleSchema = z
  .strictObject({
    basisText: longTextSchema.optional(),
    /** Omitted: the calendar year of the report (the system fills it). */
    statisticsPeriod: z.strictObject({ from: isoDate, to: isoDate }).optional(),
    downloadNote: longTextSchema.optional(),
    contact: contactSchema,
    /** The agency's order of the paragraphs; the period and contact sentences are always there. */
    order: layoutOrderSchema(PREAMBLE_PARTS).optional(),
  })
  .superRefine(
    checkLayout(PREAMBLE_FIELDS, (section) =>
      PREAMBLE_PARTS.filter((field) => field === "statisticsPeriod" || field === "contact" || section[field] !== undefined),
    ),
  );

export const overviewSchema = z
  .strictObject({
    intro: longTextSchema.optional(),
    proactiveDisclosure: longTextSchema,
    requestDisclosure: longTextSchema,
    informationManagement: longTextSchema,
    platformBuilding: longTextSchema,
    supervisionAndGuarantee: longTextSchema,
    headings: layoutHeadingsSchema(OVERVIEW_PARTS).optional(),
    order: layoutOrderSchema(OVERVIEW_PARTS).optional(),
  })
  .superRefine(checkLayout(OVERVIEW_FIELDS, fieldsSet(OVERVIEW_PARTS)));

export const problemsAndImprovementsSchema = z
  .strictObject({
    previousYearRectification: longTextSchema.optional(),
    problems: longTextSchema,
    improvements: longTextSchema,
    headings: layoutHeadingsSchema(PROBLEMS_PARTS).optional(),
    order: layoutOrderSchema(PROBLEMS_PARTS).optional(),
  })
  .superRefine(checkLayout(PROBLEMS_FIELDS, fieldsSet(PROBLEMS_PARTS)));

export const processingFeeSchema = z.strictObject({
  charged: z.boolean(),
  amountYuan: yuanSchema,
  chargedRequests: countSchema.optional(),
  feeNoticesIssued: countSchema.optional(),
  statement: longTextSchema.optional(),
});

export const otherMattersSchema = z
  .strictObject({
    processingFee: processingFeeSchema,
    superiorWorkPoints: longTextSchema.optional(),
    deputyProposals: longTextSchema.optional(),
    innovations: longTextSchema.optional(),
    other: longTextSchema.optional(),
    headings: layoutHeadingsSchema(OTHER_MATTERS_PARTS).optional(),
    order: layoutOrderSchema(OTHER_MATTERS_PARTS).optional(),
  })
  .superRefine(checkLayout(OTHER_MATTERS_FIELDS, fieldsSet(OTHER_MATTERS_PARTS)));

// ---------------------------------------------------------------- table 二

function amountFenMatches(amountWanYuan: string, amountFen: number): boolean {
  try {
    return wanYuanToFen(amountWanYuan) === amountFen;
  } catch {
    return true; // the amount itself is invalid and reported at its own path
  }
}

const docCountsSchema = z.strictObject({ issued: countSchema, repealed: countSchema, inForce: countSchema });
const decisionsSchema = z.strictObject({ decisions: countSchema });

export const activeDisclosureSchema = z.strictObject({
  /** format-spec §9 writes the template tag into the body; it may be omitted, and only "2021" is authored. */
  kind: z.literal("2021", { error: "主动公开情况表的模板版本应为 \"2021\"" }).optional(),
  regulations: docCountsSchema,
  normativeDocuments: docCountsSchema,
  administrativeLicensing: decisionsSchema,
  administrativePenalty: decisionsSchema,
  administrativeCoercion: decisionsSchema,
  administrativeFees: z
    .strictObject({
      amountWanYuan: wanYuanSchema,
      /** Derived (§9): when a client sends it, it must equal amountWanYuan in 分 exactly. */
      amountFen: countSchema.optional(),
    })
    .refine((fees) => fees.amountFen === undefined || amountFenMatches(fees.amountWanYuan, fees.amountFen), {
      error: "amountFen 应等于本年收费金额（万元）折合的分数（1 万元 = 1,000,000 分）",
      path: ["amountFen"],
    }),
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

export const publishRunBodySchema = z.strictObject({ kinds: publishRunKindsSchema });
export type PublishBody = z.infer<typeof publishBodySchema>;
export type PublishRunBody = z.infer<typeof publishRunBodySchema>;

// ---------------------------------------------------------------- imported content (issue 9)
//
// Authoring only ever writes the strict 2021 shapes above, never null: `Sections` and `ReportContent`
// stay exactly that, and the write path (PUT, complete, store) keeps using them. A published report
// imported into history is different: it may be on the 2019 template (template-2019.ts), and every
// cell or field the importer could not read from the document is `null` (its review list says why).
// Rules, the renderer and open data accept that wider content; every authored ReportContent is one.

export type TemplateVersion = ReportContent["templateVersion"];

/** T with `null` allowed for every value at any depth: a field or cell the document did not yield. */
export type Unread<T> = T extends string | number | boolean
  ? T | null
  : T extends readonly (infer Element)[]
    ? readonly Unread<Element>[] | null
    : T extends object
      ? { [K in keyof T]: Unread<T[K]> } | null
      : T | null;

/** Section bodies as imported: either template's table shapes, cells not read are null. */
export interface ImportedSections {
  preamble?: Unread<Preamble>;
  overview?: Unread<Overview>;
  activeDisclosure?: Unread<ActiveDisclosure | ActiveDisclosure2019>;
  applications?: Unread<Applications | Applications2019>;
  reviewLitigation?: Unread<ReviewLitigation>;
  problemsAndImprovements?: Unread<ProblemsAndImprovements>;
  otherMatters?: Unread<OtherMatters>;
}

/** A report imported from a published document (history): its template as printed, null where not read. */
export interface ImportedReportContent extends Omit<ReportContent, "sections"> {
  sections: ImportedSections;
}

/** What rules, renderer and open data read: authored content (strict) or imported content. */
export type AnyReportContent = ReportContent | ImportedReportContent;
