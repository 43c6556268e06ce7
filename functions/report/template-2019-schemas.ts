/**
 * The zod schemas of the 2019 template's table 二 and table 三 (its labels and layout are in
 * template-2019.ts). Source: format-spec.md §3.2, §4.3, §9.
 */
import * as z from "zod";
import "./zod-chinese";
import { applicantCountsInputSchema, applicantCountsSchema, countSchema } from "./schemas";
import {
  type Application2019RowKey,
  APPLICATION_ROW_KEYS_2019,
  PROCUREMENT_AMOUNT_PATTERN,
  PROCUREMENT_AMOUNT_UNITS,
} from "./template-2019";

export const signedCountSchema = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);
export const procurementAmountSchema = z
  .string()
  .regex(PROCUREMENT_AMOUNT_PATTERN, { error: "应为不含单位和千位分隔符的非负金额，如 \"251000\"" });

const docCounts2019Schema = z.strictObject({
  newlyMade: countSchema,
  newlyPublished: countSchema,
  totalPublished: countSchema,
});
const itemCounts2019Schema = z.strictObject({ previousYearItems: countSchema, changeThisYear: signedCountSchema });
const itemCountsWithDecisions2019Schema = itemCounts2019Schema.extend({ decisions: countSchema });

export const activeDisclosure2019Schema = z.strictObject({
  kind: z.literal("2019", { error: "2019 年版主动公开情况表的模板版本应为 \"2019\"" }),
  regulations: docCounts2019Schema,
  normativeDocuments: docCounts2019Schema,
  administrativeLicensing: itemCountsWithDecisions2019Schema,
  otherExternalServices: itemCountsWithDecisions2019Schema,
  administrativePenalty: itemCountsWithDecisions2019Schema,
  administrativeCoercion: itemCountsWithDecisions2019Schema,
  administrativeFees: itemCounts2019Schema,
  centralizedProcurement: z.strictObject({
    projectCount: countSchema,
    totalAmount: procurementAmountSchema,
    totalAmountUnit: z.enum(PROCUREMENT_AMOUNT_UNITS),
  }),
});

function applications2019SchemaWith<R extends z.ZodType, T extends z.ZodType>(row: R, totalRow: T) {
  const rows = Object.fromEntries(
    APPLICATION_ROW_KEYS_2019.map((key) => [key, key === "totalProcessed" ? totalRow : row]),
  ) as Record<Application2019RowKey, R | T>;
  return z.strictObject({ rows: z.strictObject(rows) });
}
export const applications2019Schema = applications2019SchemaWith(applicantCountsSchema, applicantCountsSchema);
export const applications2019InputSchema = applications2019SchemaWith(
  applicantCountsInputSchema,
  applicantCountsInputSchema.optional(),
);

export type ActiveDisclosure2019 = z.infer<typeof activeDisclosure2019Schema>;
export type Applications2019 = z.infer<typeof applications2019Schema>;
