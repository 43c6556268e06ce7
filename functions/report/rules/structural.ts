/** Structural and type rules, format-spec §6.1. */
import { SECTION_NAMES, SECTION_TITLES, TEMPLATE_BASIS, TEMPLATE_VERSION } from "../catalogue";
import type { Rule } from "../findings";
import { wanYuanToFen } from "../money";
import { WAN_YUAN_PATTERN } from "../money";
import { ACTIVE_DISCLOSURE_2019_BLOCKS, PROCUREMENT_AMOUNT_PATTERN } from "../template-2019";
import { optionalFeeCounts, tableEntries } from "./cells";
import { defineRule } from "./define";
import { activeDisclosure2019CellName, activeDisclosure2019ColumnLabel, activeDisclosureColumnLabel, quoted } from "./labels";
import { activeDisclosureTemplateOf, describeValue, isCount, isNoValueMarker, isSignedCount, reportYear, sectionOf, valueAt } from "./read";

/** The structural rules hold on both templates (format-spec §6.1): imported 2019 history is checked too. */
const BOTH_TEMPLATES = ["2021", "2019"] as const;

/** Report years 2019–2020 used the 2019 template (国办公开办函〔2019〕60号); every later year the 2021 one. */
export function expectedTemplateVersion(year: number): "2019" | "2021" {
  return year <= 2020 ? "2019" : TEMPLATE_VERSION;
}

/** S-06 thresholds: typing errors and pasted unit text, never a block. */
export const IMPLAUSIBLE_COUNT = 1_000_000;
export const IMPLAUSIBLE_AMOUNT_WAN_YUAN = 10_000_000;
const IMPLAUSIBLE_AMOUNT_FEN = wanYuanToFen(String(IMPLAUSIBLE_AMOUNT_WAN_YUAN));

const isValidWanYuan = (value: unknown): value is string => typeof value === "string" && WAN_YUAN_PATTERN.test(value);

export const S01 = defineRule({
  id: "S-01",
  severity: "ERROR",
  templates: BOTH_TEMPLATES,
  description: "报告格式版本与报告年度相符：2019—2020年度使用2019年版格式，2021年度起使用2021年版格式。",
  *findings({ report }) {
    const year = reportYear(report);
    if (year === undefined) return;
    const expected = expectedTemplateVersion(year);
    const actual = valueAt(report, "templateVersion");
    if (actual === expected) return;
    const basis = expected === TEMPLATE_VERSION ? `（${TEMPLATE_BASIS}）` : "";
    yield {
      path: "templateVersion",
      expected,
      actual: describeValue(actual),
      message: `${year}年度报告应使用${expected}年版年度报告格式${basis}，实为${quoted(describeValue(actual))}`,
    };
  },
});

export const S02 = defineRule({
  id: "S-02",
  severity: "ERROR",
  templates: BOTH_TEMPLATES,
  description: `${SECTION_TITLES.preamble}和六个部分齐全（系统按模板生成标题和顺序，缺少的部分须补填）。`,
  *findings({ report }) {
    for (const name of SECTION_NAMES) {
      if (sectionOf(report, name)) continue;
      yield { path: name, message: `报告缺少${quoted(SECTION_TITLES[name])}，请填写后再提交` };
    }
  },
});

export const S03 = defineRule({
  id: "S-03",
  severity: "ERROR",
  templates: BOTH_TEMPLATES,
  description: "表格每个单元格都须填写数字；空白、“/”、“—”、“无”、“不适用”等均不可，无数据时填0。",
  *findings({ report }) {
    for (const entry of tableEntries(report)) {
      if (entry.type === "missingRow") {
        yield { path: entry.path, message: `${entry.name}未填写，各单元格均须填写数字（无数据时填0）` };
      } else if (entry.value === null) {
        // Only an import leaves null: the document's cell was blank or could not be read, which the
        // finding must not tell apart by guessing (the import's review list says which).
        yield {
          path: entry.path,
          actual: describeValue(entry.value),
          message: `${entry.name}没有数字（导入时未能从原文读取，请核对原文），无数据时应填0`,
        };
      } else if (isNoValueMarker(entry.value)) {
        // Quote a marker the clerk typed (“/”, “无”); blank cells have nothing to show.
        const typedMarker = typeof entry.value === "string" && entry.value.trim() !== "";
        const shown = typedMarker ? `（实为${quoted(describeValue(entry.value))}）` : "";
        yield {
          path: entry.path,
          actual: describeValue(entry.value),
          message: `${entry.name}未填写数字${shown}，无数据时应填0`,
        };
      }
    }
  },
});

export const S04 = defineRule({
  id: "S-04",
  severity: "ERROR",
  templates: BOTH_TEMPLATES,
  description: `件数、决定数、申请数、案件数均为非负整数（2019年版${quoted(activeDisclosure2019ColumnLabel("changeThisYear"))}为整数，可为负数）。`,
  *findings({ report }) {
    const counts = [
      ...Array.from(tableEntries(report)).flatMap((entry) =>
        entry.type === "cell" && (entry.valueKind === "count" || entry.valueKind === "signedCount") && !isNoValueMarker(entry.value)
          ? [entry]
          : [],
      ),
      ...Array.from(optionalFeeCounts(report), (count) => ({ ...count, valueKind: "count" as const })),
    ];
    for (const cell of counts) {
      if (cell.valueKind === "signedCount" ? isSignedCount(cell.value) : isCount(cell.value)) continue;
      const expected = cell.valueKind === "signedCount" ? "整数" : "非负整数";
      yield {
        path: cell.path,
        expected,
        actual: describeValue(cell.value),
        message: `${cell.name}应为${expected}（实为${describeValue(cell.value)}）`,
      };
    }
  },
});

export const S05 = defineRule({
  id: "S-05",
  severity: "ERROR",
  templates: BOTH_TEMPLATES,
  description: `${quoted(activeDisclosureColumnLabel("amountWanYuan"))}为非负小数，最多6位小数，不含千位分隔符和单位（2019年版${quoted(activeDisclosure2019ColumnLabel("totalAmount"))}为不含单位的非负金额）。`,
  *findings({ report }) {
    for (const entry of tableEntries(report)) {
      if (entry.type !== "cell" || isNoValueMarker(entry.value)) continue;
      if (entry.valueKind === "amountWanYuan" && !isValidWanYuan(entry.value)) {
        yield {
          path: entry.path,
          expected: "以万元为单位的非负小数（最多6位小数）",
          actual: describeValue(entry.value),
          message: `${entry.name}应为以万元为单位的非负小数，最多6位小数，不含千位分隔符和单位（实为${quoted(describeValue(entry.value))}）`,
        };
      } else if (entry.valueKind === "procurementAmount" && !(typeof entry.value === "string" && PROCUREMENT_AMOUNT_PATTERN.test(entry.value))) {
        yield {
          path: entry.path,
          expected: "不含单位和千位分隔符的非负金额",
          actual: describeValue(entry.value),
          message: `${entry.name}应为不含单位和千位分隔符的非负金额（实为${quoted(describeValue(entry.value))}）`,
        };
      }
    }
  },
});

export const S06 = defineRule({
  id: "S-06",
  severity: "WARNING",
  templates: BOTH_TEMPLATES,
  description: `数值明显过大（件数超过${IMPLAUSIBLE_COUNT}，或收费金额超过${IMPLAUSIBLE_AMOUNT_WAN_YUAN}万元），请核对是否录入有误。`,
  *findings({ report }) {
    const cells = [
      ...Array.from(tableEntries(report)).flatMap((entry) => (entry.type === "cell" ? [entry] : [])),
      ...Array.from(optionalFeeCounts(report), (count) => ({ ...count, valueKind: "count" as const })),
    ];
    for (const cell of cells) {
      // 本年增/减 may be negative: its size is what can be implausible.
      const isCountCell = (cell.valueKind === "count" && isCount(cell.value)) || (cell.valueKind === "signedCount" && isSignedCount(cell.value));
      if (isCountCell && Math.abs(cell.value as number) > IMPLAUSIBLE_COUNT) {
        yield {
          path: cell.path,
          expected: `≤${IMPLAUSIBLE_COUNT}`,
          actual: String(cell.value),
          message: `${cell.name}（${cell.value}）超过${IMPLAUSIBLE_COUNT}，请核对是否录入有误`,
        };
      }
      if (cell.valueKind === "amountWanYuan" && isValidWanYuan(cell.value) && wanYuanToFen(cell.value) > IMPLAUSIBLE_AMOUNT_FEN) {
        yield {
          path: cell.path,
          expected: `≤${IMPLAUSIBLE_AMOUNT_WAN_YUAN}`,
          actual: cell.value,
          message: `${cell.name}（${cell.value}万元）超过${IMPLAUSIBLE_AMOUNT_WAN_YUAN}万元，请核对金额单位是否为万元`,
        };
      }
    }
  },
});

/** Rows of the 2019 table 二 that count items: 上一年项目数量 and 本年增/减. */
const ITEM_COUNT_ROWS_2019 = ACTIVE_DISCLOSURE_2019_BLOCKS.flatMap((block) =>
  block.columns.some((column) => column.key === "changeThisYear") ? block.rows.map((row) => row.key) : [],
);

const previousItemsLabel = activeDisclosure2019ColumnLabel("previousYearItems");

export const S07 = defineRule({
  id: "S-07",
  severity: "WARNING",
  templates: BOTH_TEMPLATES,
  description: `2019年版格式：${quoted(previousItemsLabel)}加${quoted(activeDisclosure2019ColumnLabel("changeThisYear"))}不小于0。`,
  *findings({ report }) {
    // The layout decides, not the report's tag: a 2021 report may print table 二 in 2019 columns.
    if (activeDisclosureTemplateOf(report) !== "2019") return;
    const section = sectionOf(report, "activeDisclosure");
    for (const row of ITEM_COUNT_ROWS_2019) {
      const previousItems = valueAt(section, row, "previousYearItems");
      const change = valueAt(section, row, "changeThisYear");
      if (!isCount(previousItems) || !isSignedCount(change) || previousItems + change >= 0) continue;
      yield {
        path: `activeDisclosure.${row}.changeThisYear`,
        expected: `≥${-previousItems}`,
        actual: String(change),
        message: `${activeDisclosure2019CellName(row, "changeThisYear")}（${change}）与${quoted(previousItemsLabel)}（${previousItems}）之和为${previousItems + change}，项目数量不能小于0`,
      };
    }
  },
});

export const STRUCTURAL_RULES: readonly Rule[] = [S01, S02, S03, S04, S05, S06, S07];
