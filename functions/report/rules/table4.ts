/** Rules of table 四 (政府信息公开行政复议、行政诉讼情况), format-spec §6.4. */
import {
  SECTION_ORDINALS,
  LITIGATION_HEADING,
  RESULT_COLUMNS,
  RESULT_TOTAL_COLUMN,
  REVIEW_HEADING,
  reviewGroupFullLabel,
  type ReviewGroupKey,
} from "../catalogue";
import type { Rule } from "../findings";
import { defineRule, type RuleDefinition } from "./define";
import { overviewFieldName, quoted, reviewCellName, reviewGroupName } from "./labels";
import { countAt, reportYear, sectionOf } from "./read";
import { COMPARES_WITH_PAST, clausesOf, namesAnotherYear, overviewTexts, statedCounts } from "./text-numbers";

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
const PARTS_LABEL = RESULT_COLUMNS.map((column) => column.label).join("、");

/** T4-01…T4-03 are one identity applied to each group: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结. */
function groupTotalRule(id: string, group: ReviewGroupKey): RuleDefinition {
  return {
    id,
    severity: "ERROR",
    // Table 四 is the same on both templates (format-spec §5).
    templates: ["2021", "2019"],
    description: `${reviewGroupFullLabel(group)}：${quoted(RESULT_TOTAL_COLUMN.label)}等于${PARTS_LABEL}之和。`,
    *findings({ report }) {
      const section = sectionOf(report, "reviewLitigation");
      const parts = RESULT_COLUMNS.map((column) => countAt(section, group, column.key));
      const declared = countAt(section, group, RESULT_TOTAL_COLUMN.key);
      if (declared === undefined || parts.some((part) => part === undefined)) return;
      const partSum = sum(parts as number[]);
      if (declared === partSum) return;
      yield {
        path: `reviewLitigation.${group}.${RESULT_TOTAL_COLUMN.key}`,
        expected: String(partSum),
        actual: String(declared),
        message: `${reviewGroupName(group)}：${quoted(RESULT_TOTAL_COLUMN.label)}（${declared}）不等于${PARTS_LABEL}之和（${partSum}）`,
      };
    },
  };
}

export const T401 = defineRule(groupTotalRule("T4-01", "review"));
export const T402 = defineRule(groupTotalRule("T4-02", "litigationDirect"));
export const T403 = defineRule(groupTotalRule("T4-03", "litigationAfterReview"));

// Only the number right after the heading (案件/共/共计 may stand between) is read: “行政复议、行政诉讼
// 各0件” or “行政复议和诉讼2件” name two things at once and are not compared.
const REVIEW_PHRASE = new RegExp(`${REVIEW_HEADING}(?:案件)?(?:共计|共)?(?<count>\\d+)(?:件|起)`, "dgu");
const LITIGATION_PHRASE = new RegExp(`${LITIGATION_HEADING}(?:案件)?(?:共计|共)?(?<count>\\d+)(?:件|起)`, "dgu");

export const T4N1 = defineRule({
  id: "T4-N1",
  severity: "WARNING",
  description: `${SECTION_ORDINALS.overview}文字中写明的${REVIEW_HEADING}、${LITIGATION_HEADING}案件数与${SECTION_ORDINALS.reviewLitigation}表格的${quoted(RESULT_TOTAL_COLUMN.label)}一致。`,
  *findings({ report }) {
    const year = reportYear(report);
    const section = sectionOf(report, "reviewLitigation");
    if (year === undefined || !section) return;
    const reviewTotal = countAt(section, "review", RESULT_TOTAL_COLUMN.key);
    const directTotal = countAt(section, "litigationDirect", RESULT_TOTAL_COLUMN.key);
    const afterReviewTotal = countAt(section, "litigationAfterReview", RESULT_TOTAL_COLUMN.key);
    const litigationTotal = directTotal === undefined || afterReviewTotal === undefined ? undefined : directTotal + afterReviewTotal;
    const totalLabel = RESULT_TOTAL_COLUMN.key;

    for (const { field, text } of overviewTexts(report)) {
      for (const clause of clausesOf(text)) {
        if (namesAnotherYear(clause, year) || COMPARES_WITH_PAST.test(clause)) continue;
        if (reviewTotal !== undefined) {
          for (const stated of statedCounts(clause, REVIEW_PHRASE)) {
            if (stated.value === reviewTotal) continue;
            yield {
              path: `overview.${field}`,
              expected: String(reviewTotal),
              actual: String(stated.value),
              message: `${overviewFieldName(field)}中${quoted(stated.phrase)}与${reviewCellName("review", totalLabel)}（${reviewTotal}）不一致`,
            };
          }
        }
        if (litigationTotal !== undefined) {
          for (const stated of statedCounts(clause, LITIGATION_PHRASE)) {
            if (stated.value === litigationTotal) continue;
            yield {
              path: `overview.${field}`,
              expected: String(litigationTotal),
              actual: String(stated.value),
              message: `${overviewFieldName(field)}中${quoted(stated.phrase)}与${reviewCellName("litigationDirect", totalLabel)}与${quoted(reviewGroupFullLabel("litigationAfterReview"))}${quoted(RESULT_TOTAL_COLUMN.label)}之和（${litigationTotal}）不一致`,
            };
          }
        }
      }
    }
  },
});

export const TABLE4_RULES: readonly Rule[] = [T401, T402, T403, T4N1];
