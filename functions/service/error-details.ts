import { SECTION_NAMES, SECTION_TITLES, type SectionName } from "../report/catalogue";
import { fieldLabel } from "../report/field-labels";
import type { ErrorDetail } from "./errors";

/** Fields of the API's own bodies, headers and path, named as the portal's forms and docs name them. */
const API_FIELD_LABELS = new Map<string, string>(Object.entries({
  body: "请求体",
  fullName: "机构全称",
  kind: "机构类型",
  hasRulemakingPower: "是否有规章制定权",
  reminderEmail: "催报邮箱",
  acknowledgements: "警告说明（acknowledgements）",
  ruleId: "规则编号",
  note: "说明",
  correctionNote: "更正说明",
  kinds: "机构类型",
  step: "提醒步骤（距期限的天数）",
  deadline: "期限（MM-DD）",
  "headers.if-match": "If-Match 请求头",
  "headers.idempotency-key": "Idempotency-Key 请求头",
  "path.agencyId": "路径中的机构标识（agencyId）",
  "path.year": "路径中的年度（year）",
  "path.section": "路径中的章节名（section）",
  "path.runId": "路径中的任务编号（runId）",
  "path.templateVersion": "路径中的模板版本（templateVersion）",
}));

/** The Chinese label of a detail's path: a report field by the template's words, else the API field. */
export function labelOf(path: string): string {
  if (path === "") return "请求体";
  const first = path.split(".")[0] as SectionName;
  if ((SECTION_NAMES as readonly string[]).includes(first)) return fieldLabel(path) ?? SECTION_TITLES[first];
  const known = API_FIELD_LABELS.get(path);
  if (known) return known;
  // acknowledgements.0.note → 警告说明（acknowledgements）第 1 项 · 说明
  const segments = path.split(".");
  const named = segments.map((segment) => (/^\d+$/.test(segment) ? `第 ${Number(segment) + 1} 项` : (API_FIELD_LABELS.get(segment) ?? segment)));
  return named.join(" · ");
}

export function detail(path: string, message: string): ErrorDetail {
  return { path, label: labelOf(path), message };
}
