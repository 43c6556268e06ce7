/**
 * Every data cell of tables 二, 三 and 四, in render order, with its path and its name as the
 * catalogue labels it, and a defensive reader for stored (possibly imported) values. The aggregate,
 * the comparison and the inspection all walk the tables through this one list.
 */
import { APPLICATION_COLUMNS, APPLICATION_ROW_KEYS, REVIEW_COLUMNS, REVIEW_GROUPS } from "../catalogue";
import { wanYuanToFen } from "../money";
import { ACTIVE_DISCLOSURE_CELLS, activeDisclosureCellName, applicationCellName, reviewCellName } from "../rules/labels";
import { isCount, isNoValueMarker, valueAt } from "../rules/read";
import { WAN_YUAN_PATTERN } from "../money";
import type { ReportContent } from "../schemas";

export type TableSection = "activeDisclosure" | "applications" | "reviewLitigation";

export interface TableCell {
  section: TableSection;
  /** Keys below the section, e.g. ["rows", "newReceived", "naturalPerson"]. */
  keys: readonly string[];
  /** Dotted path from the report's sections, e.g. "applications.rows.newReceived.naturalPerson". */
  path: string;
  /** e.g. 第三部分表格“一、本年新收政府信息公开申请数量”行“自然人”列. */
  label: string;
  kind: "count" | "amountWanYuan";
}

function cell(section: TableSection, keys: readonly string[], label: string, kind: TableCell["kind"] = "count"): TableCell {
  return { section, keys, path: [section, ...keys].join("."), label, kind };
}

export const TABLE_CELLS: readonly TableCell[] = [
  ...ACTIVE_DISCLOSURE_CELLS.map((c) =>
    cell("activeDisclosure", [c.row, c.column], activeDisclosureCellName(c.row, c.column), c.column === "amountWanYuan" ? "amountWanYuan" : "count"),
  ),
  ...APPLICATION_ROW_KEYS.flatMap((row) =>
    APPLICATION_COLUMNS.map((column) => cell("applications", ["rows", row, column.key], applicationCellName(row, column.key))),
  ),
  ...REVIEW_GROUPS.flatMap((group) =>
    REVIEW_COLUMNS.map((column) => cell("reviewLitigation", [group.key, column.key], reviewCellName(group.key, column.key))),
  ),
];

/** What a stored cell holds. */
export type CellValue =
  | { state: "count"; value: number }
  | { state: "amount"; text: string; fen: number }
  /** Blank, null, missing (or its whole row missing), or a marker such as “/”, “—”, “无” (S-03). */
  | { state: "blank"; raw: unknown }
  /** Something that is not a valid value of the cell (S-04/S-05 name it). */
  | { state: "invalid"; raw: unknown };

export function readCell(report: ReportContent, tableCell: TableCell): CellValue {
  const raw = valueAt(report, "sections", tableCell.section, ...tableCell.keys);
  if (isNoValueMarker(raw)) return { state: "blank", raw };
  if (tableCell.kind === "count") return isCount(raw) ? { state: "count", value: raw } : { state: "invalid", raw };
  if (typeof raw !== "string" || !WAN_YUAN_PATTERN.test(raw)) return { state: "invalid", raw };
  return { state: "amount", text: raw, fen: wanYuanToFen(raw) };
}

/** Exact 分 → 万元 decimal text with no trailing zeros ("12.5", "0", "0.000001"); BigInt keeps it exact. */
export function fenToWanYuan(fen: bigint): string {
  const negative = fen < 0n;
  const magnitude = negative ? -fen : fen;
  const whole = magnitude / 1_000_000n;
  const fraction = (magnitude % 1_000_000n).toString().padStart(6, "0").replace(/0+$/u, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}
