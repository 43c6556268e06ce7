/**
 * How findings name the places of a report. Every template label comes from the catalogue; this
 * module only adds the connecting words (表格, 行, 列) the way reviewers write them.
 */
import {
  ACTIVE_DISCLOSURE_BLOCKS,
  OVERVIEW_FIELDS,
  SECTION_ORDINALS,
  SECTION_TITLES,
  activeDisclosureLabel,
  applicationColumnLabel,
  applicationRowFullLabel,
  resultColumnLabel,
  reviewGroupFullLabel,
  type ActiveDisclosureColumn,
  type ActiveDisclosureRow,
  type ApplicationColumnKey,
  type ApplicationRowKey,
  type ResultColumnKey,
  type ReviewGroupKey,
  type SectionName,
} from "../catalogue";

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
/** All data cells of table 二 in render order. */
export const ACTIVE_DISCLOSURE_CELLS: readonly ActiveDisclosureCell[] = ACTIVE_DISCLOSURE_BLOCKS.flatMap((block) =>
  block.rows.flatMap((row) =>
    block.columns.map((column) => ({ row: row.key, column: column.key, rowLabel: row.label, columnLabel: column.label })),
  ),
);

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

/** e.g. 第三部分表格“自然人”列. */
export function applicationColumnName(column: ApplicationColumnKey): string {
  return `${tableName("applications")}${quoted(applicationColumnLabel(column))}列`;
}
/** e.g. 第三部分表格“（三）不予公开1.属于国家秘密”行. */
export function applicationRowName(row: ApplicationRowKey): string {
  return `${tableName("applications")}${quoted(applicationRowFullLabel(row))}行`;
}
/** e.g. 第三部分表格“一、本年新收政府信息公开申请数量”行“自然人”列. */
export function applicationCellName(row: ApplicationRowKey, column: ApplicationColumnKey): string {
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
