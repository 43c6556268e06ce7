/** Structural and type rules, format-spec §6.1. */
import { SECTION_NAMES, SECTION_TITLES, TEMPLATE_BASIS, TEMPLATE_VERSION } from "../catalogue";
import type { Rule } from "../findings";
import { wanYuanToFen } from "../money";
import { WAN_YUAN_PATTERN } from "../schemas";
import { optionalFeeCounts, tableEntries } from "./cells";
import { defineRule } from "./define";
import { activeDisclosureColumnLabel, quoted } from "./labels";
import { describeValue, isCount, isNoValueMarker, reportYear, sectionOf, valueAt } from "./read";

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
  description: "表格每个单元格都须填写数字；空白、“/”、“—”、“无”、“不适用”等均不可，无数据时填0。",
  *findings({ report }) {
    for (const entry of tableEntries(report)) {
      if (entry.type === "missingRow") {
        yield { path: entry.path, message: `${entry.name}未填写，各单元格均须填写数字（无数据时填0）` };
      } else if (isNoValueMarker(entry.value)) {
        // Quote a marker the clerk typed (“/”, “无”); blank and null cells have nothing to show.
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
  description: "件数、决定数、申请数、案件数均为非负整数。",
  *findings({ report }) {
    const counts = [
      ...Array.from(tableEntries(report)).flatMap((entry) =>
        entry.type === "cell" && entry.valueKind === "count" && !isNoValueMarker(entry.value) ? [entry] : [],
      ),
      ...optionalFeeCounts(report),
    ];
    for (const cell of counts) {
      if (isCount(cell.value)) continue;
      yield {
        path: cell.path,
        expected: "非负整数",
        actual: describeValue(cell.value),
        message: `${cell.name}应为非负整数（实为${describeValue(cell.value)}）`,
      };
    }
  },
});

export const S05 = defineRule({
  id: "S-05",
  severity: "ERROR",
  description: `${quoted(activeDisclosureColumnLabel("amountWanYuan"))}为非负小数，最多6位小数，不含千位分隔符和单位。`,
  *findings({ report }) {
    for (const entry of tableEntries(report)) {
      if (entry.type !== "cell" || entry.valueKind !== "amountWanYuan") continue;
      if (isNoValueMarker(entry.value) || isValidWanYuan(entry.value)) continue;
      yield {
        path: entry.path,
        expected: "以万元为单位的非负小数（最多6位小数）",
        actual: describeValue(entry.value),
        message: `${entry.name}应为以万元为单位的非负小数，最多6位小数，不含千位分隔符和单位（实为${quoted(describeValue(entry.value))}）`,
      };
    }
  },
});

export const S06 = defineRule({
  id: "S-06",
  severity: "WARNING",
  description: `数值明显过大（件数超过${IMPLAUSIBLE_COUNT}，或收费金额超过${IMPLAUSIBLE_AMOUNT_WAN_YUAN}万元），请核对是否录入有误。`,
  *findings({ report }) {
    const cells = [
      ...Array.from(tableEntries(report)).flatMap((entry) => (entry.type === "cell" ? [entry] : [])),
      ...Array.from(optionalFeeCounts(report), (count) => ({ ...count, valueKind: "count" as const })),
    ];
    for (const cell of cells) {
      if (cell.valueKind === "count" && isCount(cell.value) && cell.value > IMPLAUSIBLE_COUNT) {
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

export const STRUCTURAL_RULES: readonly Rule[] = [S01, S02, S03, S04, S05, S06];
