/**
 * How findings name the places of a report. Every template label comes from the catalogue (and
 * template-2019.ts for the 2019 layout); this module only adds the connecting words (表格, 行, 列) the
 * way reviewers write them.
 */
import {
  OVERVIEW_FIELDS,
  SECTION_ORDINALS,
  SECTION_TITLES,
  activeDisclosureLabel,
  APPLICATION_SUBGROUPS,
  applicationColumnLabel,
  resultColumnLabel,
  reviewGroupFullLabel,
  type ActiveDisclosureColumn,
  type ActiveDisclosureRow,
  type ApplicationColumnKey,
  type ResultColumnKey,
  type ReviewGroupKey,
  type SectionName,
} from "../catalogue";
import {
  ACTIVE_DISCLOSURE_2019_CELLS,
  ACTIVE_DISCLOSURE_2021_CELLS,
  anyApplicationRow,
  type AnyActiveDisclosureColumnKey,
  type AnyActiveDisclosureRowKey,
  type AnyApplicationRowKey,
} from "./layouts";

export const quoted = (text: string): string => `“${text}”`;

/** “第二部分表格”, “第三部分表格”, “第四部分表格”. */
const tableName = (section: "activeDisclosure" | "applications" | "reviewLitigation"): string =>
  `${SECTION_ORDINALS[section]}表格`;

/** One data cell of table 二, with its row and column as the template labels them. */
export interface ActiveDisclosureCell {
  row: ActiveDisclosureRow["key"];
  column: ActiveDisclosureColumn["key"];
  rowLabel: string;
  columnLabel: string;
}
/** All data cells of table 二 (2021 template) in render order; layouts.ts has the 2019 ones. */
export const ACTIVE_DISCLOSURE_CELLS: readonly ActiveDisclosureCell[] = ACTIVE_DISCLOSURE_2021_CELLS;

/** The label of a table 二 column, e.g. 本年收费金额（单位：万元）. */
export function activeDisclosureColumnLabel(column: ActiveDisclosureColumn["key"]): string {
  return ACTIVE_DISCLOSURE_CELLS.find((c) => c.column === column)?.columnLabel ?? column;
}

export function activeDisclosureRowName(row: ActiveDisclosureRow["key"]): string {
  return `${tableName("activeDisclosure")}${quoted(activeDisclosureLabel(row))}行`;
}
/** e.g. 第二部分表格“规章”行“本年制发件数”. */
export function activeDisclosureCellName(row: ActiveDisclosureRow["key"], column: ActiveDisclosureColumn["key"]): string {
  const cell = ACTIVE_DISCLOSURE_CELLS.find((c) => c.row === row && c.column === column);
  return `${activeDisclosureRowName(row)}${quoted(cell?.columnLabel ?? column)}`;
}

/** A table 二 row or cell named by its labels in either layout, e.g. 第二部分表格“规范性文件”行“本年新制作数量”. */
export function activeDisclosurePlaceName(rowLabel: string, columnLabel?: string): string {
  return `${tableName("activeDisclosure")}${quoted(rowLabel)}行${columnLabel === undefined ? "" : quoted(columnLabel)}`;
}
/** The label of a 2019 table 二 column, e.g. 本年增/减. */
export function activeDisclosure2019ColumnLabel(column: AnyActiveDisclosureColumnKey): string {
  return ACTIVE_DISCLOSURE_2019_CELLS.find((c) => c.column === column)?.columnLabel ?? column;
}
/** A cell of the 2019 layout by its keys, e.g. 第二部分表格“行政许可”行“本年增/减”. */
export function activeDisclosure2019CellName(row: AnyActiveDisclosureRowKey, column: AnyActiveDisclosureColumnKey): string {
  const cell = ACTIVE_DISCLOSURE_2019_CELLS.find((c) => c.row === row && c.column === column);
  return activeDisclosurePlaceName(cell?.rowLabel ?? row, cell?.columnLabel ?? column);
}

/** e.g. 第三部分表格“自然人”列. */
export function applicationColumnName(column: ApplicationColumnKey): string {
  return `${tableName("applications")}${quoted(applicationColumnLabel(column))}列`;
}
/** Label with its group, e.g. “（三）不予公开1.属于国家秘密”; rows of either template (2019's （六）其他处理 too). */
export function applicationRowLabel(row: AnyApplicationRowKey): string {
  const found = anyApplicationRow(row);
  if (!found) return row;
  return found.subgroup ? `${APPLICATION_SUBGROUPS[found.subgroup]}${found.label}` : found.label;
}
/** e.g. 第三部分表格“（三）不予公开1.属于国家秘密”行. */
export function applicationRowName(row: AnyApplicationRowKey): string {
  return `${tableName("applications")}${quoted(applicationRowLabel(row))}行`;
}
/** e.g. 第三部分表格“一、本年新收政府信息公开申请数量”行“自然人”列. */
export function applicationCellName(row: AnyApplicationRowKey, column: ApplicationColumnKey): string {
  return `${applicationRowName(row)}${quoted(applicationColumnLabel(column))}列`;
}

/** e.g. 第四部分表格“行政诉讼·复议后起诉”. */
export function reviewGroupName(group: ReviewGroupKey): string {
  return `${tableName("reviewLitigation")}${quoted(reviewGroupFullLabel(group))}`;
}
/** e.g. 第四部分表格“行政复议”“结果维持”. */
export function reviewCellName(group: ReviewGroupKey, column: ResultColumnKey): string {
  return `${reviewGroupName(group)}${quoted(resultColumnLabel(column))}`;
}

/** e.g. “一、总体情况”; the preamble is “导语”. */
export const sectionName = (section: SectionName): string => quoted(SECTION_TITLES[section]);

/** e.g. “一、总体情况”“（二）依申请公开”; the untitled intro paragraph is named by the section alone. */
export function overviewFieldName(field: keyof typeof OVERVIEW_FIELDS): string {
  const label = OVERVIEW_FIELDS[field];
  return label ? `${sectionName("overview")}${quoted(label)}` : `${sectionName("overview")}开头段落`;
}

/** "2025-01-31" → "2025年1月31日". */
export function chineseDate(isoDate: string): string {
  const [year, month, day] = isoDate.split("-");
  return `${year}年${Number(month)}月${Number(day)}日`;
}
