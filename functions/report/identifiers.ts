// zod/mini, not classic zod: these are built at every cold start (each request's path names an agency,
// a year or a section), and classic zod alone costs the api's init more than its whole budget
// (docs/performance.md). Mini schemas are zod schemas: the classic ones compose them as they are.
import * as z from "zod/mini";
import { AGENCY_KINDS, SECTION_NAMES } from "./catalogue";
import "./zod-chinese";

/** A string that is there and not empty. */
export const nonEmptyStringSchema = () => z.string().check(z.minLength(1));

/** An agency's id: lower-case letters, digits and hyphens, as in its pages' URLs. */
export const agencyIdSchema = z.string().check(
  z.regex(/^[a-z0-9][a-z0-9-]{1,62}$/, { error: "机构标识应为 2–63 位小写字母、数字或连字符，且以字母或数字开头" }),
);

/** A year as written in a path or event: canonical decimal digits only (not "0x7E9", "2025.0", "+2025"). */
export const yearSchema = z.pipe(
  z.union([z.pipe(z.string().check(z.regex(/^[1-9]\d{3}$/, { error: "年度应为四位数字，如 2024" })), z.transform(Number)), z.number()]),
  z
    .number({ error: "年度应为数字" })
    .check(
      z.int({ error: "年度应为整数" }),
      z.minimum(2019, { error: "年度应在 2019–2100 之间" }),
      z.maximum(2100, { error: "年度应在 2019–2100 之间" }),
    ),
);

export const sectionNameSchema = z.enum(SECTION_NAMES, { error: `章节名应为：${SECTION_NAMES.join("、")}` });

/** A positive integer written as such ("12", not "012", "1e1" or "+12"), at most `max`. */
export const positiveIntegerSchema = (label: string, max: number) =>
  z.pipe(
    z.pipe(z.string().check(z.regex(/^[1-9]\d{0,8}$/, { error: `${label}应为正整数` })), z.transform(Number)),
    z.number().check(z.maximum(max, { error: `${label}不能大于 ${max}` })),
  );

export const agencyKindSchema = z.enum(AGENCY_KINDS);

/** Which kinds of agency a publish run covers (absent: every kind). */
export const publishRunKindsSchema = z.optional(z.array(agencyKindSchema).check(z.minLength(1), z.maxLength(AGENCY_KINDS.length)));
