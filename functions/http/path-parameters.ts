// zod/mini (see functions/report/identifiers.ts): every request validates its path with these.
import * as z from "zod/mini";
import { TEMPLATE_VERSION } from "../report/catalogue";
import { agencyIdSchema, positiveIntegerSchema, sectionNameSchema, yearSchema } from "../report/identifiers";

/** Templates that reports are authored in (the 2019 one only comes in through imports). */
export const TEMPLATE_VERSIONS = [TEMPLATE_VERSION] as const;

/** The schema of every path parameter a route can have, by name. */
export const PATH_PARAMETERS: Record<string, z.ZodMiniType> = {
  agencyId: agencyIdSchema,
  year: yearSchema,
  section: sectionNameSchema,
  revision: positiveIntegerSchema("修订号", 99_999_999),
  runId: z.string().check(z.regex(/^[A-Za-z0-9-]{1,64}$/, { error: "任务编号应为 1–64 位字母、数字或连字符" })),
  templateVersion: z.enum(TEMPLATE_VERSIONS, { error: "模板版本应为 2021（2019 年模板仅用于导入的历史报告）" }),
};
