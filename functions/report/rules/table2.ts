/** Rules of table 二 (主动公开政府信息情况), format-spec §6.2. */
import {
  SECTION_ORDINALS,
  INDEX_GROUPS,
  AGENCY_KIND_LABELS,
  DOC_COUNT_KEYS,
  DOC_ROW_KEYS,
  OTHER_MATTERS_FIELDS,
  PROCESSING_FEE_FIELDS,
  TEMPLATE_VERSION,
  activeDisclosureLabel,
  docCountLabel,
} from "../catalogue";
import type { Rule } from "../findings";
import { wanYuanToFen, yuanToFen } from "../money";
import { WAN_YUAN_PATTERN, YUAN_PATTERN } from "../money";
import { defineRule } from "./define";
import { activeDisclosureCellName, activeDisclosureRowName, overviewFieldName, quoted, sectionName } from "./labels";
import { activeDisclosureTemplateOf, agencyKind, countAt, isPreviousYear, reportYear, sectionOf, valueAt } from "./read";
import { COMPARES_WITH_PAST, clausesOf, namesAnotherYear, overviewTexts, statedCounts } from "./text-numbers";

const label = {
  issued: quoted(docCountLabel("issued")),
  repealed: quoted(docCountLabel("repealed")),
  inForce: quoted(docCountLabel("inForce")),
};

export const T201 = defineRule({
  id: "T2-01",
  severity: "ERROR",
  description: `无规章制定权的机关（县级政府及其部门、乡镇、街道），${quoted(activeDisclosureLabel("regulations"))}行各栏应为0。`,
  *findings({ report }) {
    // Only 省级 and 设区的市 governments and 国务院部门 make 规章; the agency record says which this is.
    // Anything but an explicit true is read as “no power”, the case of every county-level organ.
    if (valueAt(report, "agency", "hasRulemakingPower") === true) return;
    const section = sectionOf(report, "activeDisclosure");
    for (const column of DOC_COUNT_KEYS) {
      const value = countAt(section, "regulations", column);
      if (value === undefined || value === 0) continue;
      yield {
        path: `activeDisclosure.regulations.${column}`,
        expected: "0",
        actual: String(value),
        message: `${activeDisclosureCellName("regulations", column)}：本机关无规章制定权，应为0（实为${value}）`,
      };
    }
  },
});

export const T202 = defineRule({
  id: "T2-02",
  severity: "WARNING",
  description: `${label.inForce}不小于${label.issued}减${label.repealed}之差（${DOC_ROW_KEYS.map(activeDisclosureLabel).join("、")}各行）。`,
  *findings({ report }) {
    const section = sectionOf(report, "activeDisclosure");
    for (const row of DOC_ROW_KEYS) {
      const issued = countAt(section, row, "issued");
      const repealed = countAt(section, row, "repealed");
      const inForce = countAt(section, row, "inForce");
      if (issued === undefined || repealed === undefined || inForce === undefined) continue;
      const minimum = issued - repealed;
      if (inForce >= minimum) continue;
      yield {
        path: `activeDisclosure.${row}.inForce`,
        expected: `≥${minimum}`,
        actual: String(inForce),
        message: `${activeDisclosureRowName(row)}：${label.inForce}（${inForce}）小于${label.issued}（${issued}）减${label.repealed}（${repealed}）之差（${minimum}）`,
      };
    }
  },
});

export const T2X1 = defineRule({
  id: "T2-X1",
  severity: "WARNING",
  requiresAcknowledgement: true,
  description: `跨年度：本年${label.inForce}等于上年度${label.inForce}加本年${label.issued}减${label.repealed}（两年均为2021年版格式时检查；文件失效、集中清理等可合理打破，须说明）。`,
  *findings({ report, previous }) {
    // Without last year's report in the system there is nothing to compare: skipped, not failed.
    if (!previous) return;
    // The 2019 columns (本年新制作/新公开/对外公开总数量) cannot be converted: both years must be 2021,
    // and so must both tables 二 (an imported 2021 report may print table 二 in 2019 columns).
    if (valueAt(report, "templateVersion") !== TEMPLATE_VERSION || valueAt(previous, "templateVersion") !== TEMPLATE_VERSION) return;
    if (activeDisclosureTemplateOf(report) !== TEMPLATE_VERSION || activeDisclosureTemplateOf(previous) !== TEMPLATE_VERSION) return;
    if (!isPreviousYear(report, previous)) return;
    const section = sectionOf(report, "activeDisclosure");
    const previousSection = sectionOf(previous, "activeDisclosure");
    for (const row of DOC_ROW_KEYS) {
      const previousInForce = countAt(previousSection, row, "inForce");
      const issued = countAt(section, row, "issued");
      const repealed = countAt(section, row, "repealed");
      const inForce = countAt(section, row, "inForce");
      if (previousInForce === undefined || issued === undefined || repealed === undefined || inForce === undefined) continue;
      const expected = previousInForce + issued - repealed;
      if (inForce === expected) continue;
      yield {
        path: `activeDisclosure.${row}.inForce`,
        expected: String(expected),
        actual: String(inForce),
        message: `${activeDisclosureCellName(row, "inForce")}（${inForce}）不等于上年度报告的${label.inForce}（${previousInForce}）加${label.issued}（${issued}）减${label.repealed}（${repealed}）之结果（${expected}）`,
      };
    }
  },
});

// Phrases that name one column of the 行政规范性文件 row. “规章和规范性文件N件” names two rows and
// is not matched, because nothing but 行政 may stand between the verb and 规范性文件.
const NORMATIVE_DOCUMENT_PHRASES = [
  { column: "issued", pattern: /(?:制发|印发|出台|制定)了?(?:行政)?规范性文件(?:共计|共)?(?<count>\d+)(?:件|个|份)/dgu },
  { column: "inForce", pattern: /现行有效的?(?:行政)?规范性文件(?:共计|共)?(?<count>\d+)(?:件|个|份)/dgu },
  { column: "inForce", pattern: /(?:行政)?规范性文件现行有效的?(?:共计|共)?(?<count>\d+)(?:件|个|份)/dgu },
] as const;

export const T2N1 = defineRule({
  id: "T2-N1",
  severity: "WARNING",
  description: `${SECTION_ORDINALS.overview}文字中写明的${activeDisclosureLabel("normativeDocuments")}${label.issued}或${label.inForce}与${SECTION_ORDINALS.activeDisclosure}表格一致。`,
  *findings({ report }) {
    const year = reportYear(report);
    const section = sectionOf(report, "activeDisclosure");
    if (year === undefined || !section) return;
    for (const { field, text } of overviewTexts(report)) {
      for (const clause of clausesOf(text)) {
        if (namesAnotherYear(clause, year) || COMPARES_WITH_PAST.test(clause)) continue;
        for (const { column, pattern } of NORMATIVE_DOCUMENT_PHRASES) {
          const tableValue = countAt(section, "normativeDocuments", column);
          if (tableValue === undefined) continue;
          for (const stated of statedCounts(clause, pattern)) {
            if (stated.value === tableValue) continue;
            yield {
              path: `overview.${field}`,
              expected: String(tableValue),
              actual: String(stated.value),
              message: `${overviewFieldName(field)}中${quoted(stated.phrase)}与${activeDisclosureCellName("normativeDocuments", column)}（${tableValue}）不一致`,
            };
          }
        }
      }
    }
  },
});

export const T2I1 = defineRule({
  id: "T2-I1",
  severity: "INFO",
  description: `提示：${INDEX_GROUPS[2].label}填报了${activeDisclosureLabel("administrativeFees")}金额，或该金额与${SECTION_ORDINALS.otherMatters}信息处理费相同，可能误将信息处理费填入${SECTION_ORDINALS.activeDisclosure}表格。`,
  *findings({ report }) {
    const amount = valueAt(sectionOf(report, "activeDisclosure"), "administrativeFees", "amountWanYuan");
    if (typeof amount !== "string" || !WAN_YUAN_PATTERN.test(amount)) return;
    const amountFen = wanYuanToFen(amount);
    if (amountFen === 0) return;
    const cell = activeDisclosureCellName("administrativeFees", "amountWanYuan");
    const processingFee = valueAt(sectionOf(report, "otherMatters"), "processingFee", "amountYuan");
    const processingFeeName = `${sectionName("otherMatters")}${quoted(OTHER_MATTERS_FIELDS.processingFee)}${quoted(PROCESSING_FEE_FIELDS.amountYuan)}`;
    if (typeof processingFee === "string" && YUAN_PATTERN.test(processingFee) && yuanToFen(processingFee) === amountFen) {
      yield {
        path: "activeDisclosure.administrativeFees.amountWanYuan",
        actual: amount,
        message: `${cell}（${amount}万元）与${processingFeeName}（${processingFee}元）金额相同，请确认未将信息处理费填入${quoted(activeDisclosureLabel("administrativeFees"))}`,
      };
      return;
    }
    const kind = agencyKind(report);
    if (kind === "town" || kind === "subdistrict") {
      yield {
        path: "activeDisclosure.administrativeFees.amountWanYuan",
        actual: amount,
        message: `${cell}为${amount}万元：${AGENCY_KIND_LABELS[kind]}一般不收取${activeDisclosureLabel("administrativeFees")}，请确认未将信息处理费（应填入${sectionName("otherMatters")}）填入此栏`,
      };
    }
  },
});

export const TABLE2_RULES: readonly Rule[] = [T201, T202, T2X1, T2N1, T2I1];
