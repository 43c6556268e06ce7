/**
 * What the importer looks for in each table, built from the two catalogues (catalogue.ts for 2021 and
 * everything shared, template-2019.ts for 2019) so no label is written here.
 */
import {
  ACTIVE_DISCLOSURE_BLOCKS,
  ACTIVE_DISCLOSURE_ITEM_LABEL,
  APPLICATION_COLUMNS,
  APPLICATION_ROWS,
  APPLICATION_SUBGROUPS,
  REVIEW_COLUMNS,
  REVIEW_GROUPS,
  type ApplicationRow,
} from "../catalogue";
import { ACTIVE_DISCLOSURE_2019_BLOCKS, APPLICATION_ROWS_2019, OTHER_DISPOSAL_2019_ROW } from "../template-2019";
import type { CellKind } from "./cells";
import { labelCore, normalizeLabel } from "./labels";

export type Template = "2021" | "2019";

export interface Table2Column {
  key: string;
  label: string;
  kind: CellKind;
}
export interface Table2Row {
  key: string;
  label: string;
}
export interface Table2Block {
  title: string;
  columns: readonly Table2Column[];
  rows: readonly Table2Row[];
}

function kindOf(columnKey: string): CellKind {
  if (columnKey === "amountWanYuan") return "wanYuan";
  if (columnKey === "changeThisYear") return "signedCount";
  if (columnKey === "totalAmount") return "amountWithUnit";
  return "count";
}
const withKinds = (blocks: readonly { title: string; columns: readonly { key: string; label: string }[]; rows: readonly Table2Row[] }[]) =>
  blocks.map((b) => ({ title: b.title, rows: b.rows, columns: b.columns.map((c) => ({ ...c, kind: kindOf(c.key) })) }));

export const TABLE2_BLOCKS: Record<Template, Table2Block[]> = {
  "2021": withKinds(ACTIVE_DISCLOSURE_BLOCKS),
  "2019": withKinds(ACTIVE_DISCLOSURE_2019_BLOCKS),
};
export const TABLE2_ITEM_HEADER = normalizeLabel(ACTIVE_DISCLOSURE_ITEM_LABEL);

/** The block a title row names, as its index in the 2019 list (（一）（五）（六）（八）（九)). */
export function table2BlockIndex(text: string): number | undefined {
  const norm = normalizeLabel(text);
  const index = TABLE2_BLOCKS["2019"].findIndex((b) => norm.includes(normalizeLabel(b.title)));
  return index >= 0 ? index : undefined;
}
export function blockFor(template: Template, index2019: number): Table2Block | undefined {
  const title = TABLE2_BLOCKS["2019"][index2019]!.title;
  return TABLE2_BLOCKS[template].find((b) => b.title === title);
}

/** Which template a column header label belongs to, and its key. */
export function matchTable2Column(text: string, index2019: number): { template: Template; column: Table2Column } | undefined {
  const norm = normalizeLabel(text);
  if (!norm) return undefined;
  for (const template of ["2021", "2019"] as const) {
    const block = blockFor(template, index2019);
    const column = block?.columns.find((c) => normalizeLabel(c.label) === norm);
    if (column) return { template, column };
  }
  for (const template of ["2021", "2019"] as const) {
    const block = blockFor(template, index2019);
    const column = block?.columns.find((c) => norm.includes(normalizeLabel(c.label)) || normalizeLabel(c.label).includes(norm));
    if (column) return { template, column };
  }
  return undefined;
}

/**
 * The row a label names within a block. 行政规范性文件 (2021) and 规范性文件 (2019) are one row; a label
 * matches when it equals or contains the template label (or is contained in it).
 */
export function matchTable2Row(text: string, index2019: number): Table2Row | undefined {
  const norm = labelCore(text);
  if (!norm) return undefined;
  const rows = [...(blockFor("2021", index2019)?.rows ?? []), ...(blockFor("2019", index2019)?.rows ?? [])];
  let best: { row: Table2Row; score: number } | undefined;
  for (const row of rows) {
    const label = normalizeLabel(row.label);
    const score = norm === label ? 1000 : norm.includes(label) ? label.length : label.includes(norm) && norm.length >= 2 ? norm.length : 0;
    if (score > 0 && (!best || score > best.score)) best = { row, score };
  }
  return best?.row;
}

// ---------------------------------------------------------------- table 三

export const APPLICATION_COLUMN_KEYS = APPLICATION_COLUMNS.map((c) => c.key);
export const ROWS_2021: readonly ApplicationRow[] = APPLICATION_ROWS;
export const ROWS_2019 = APPLICATION_ROWS_2019;
export const OTHER_DISPOSAL_KEY = OTHER_DISPOSAL_2019_ROW.key;
export const OTHER_SUBROW_KEYS = ROWS_2021.filter((r) => r.subgroup === "other").map((r) => r.key);

/** Distinctive parts of labels that real reports wrap, abbreviate or misprint. */
const APPLICATION_ROW_ALIASES: Record<string, readonly string[]> = {
  newReceived: ["本年新收"],
  carriedOver: ["上年结转"],
  partiallyGranted: ["部分公开"],
  deniedThreeSecuritiesOneStability: ["三安全一稳定"],
  carriedForward: ["结转下年度"],
};
const SHORT_CORE = 3;

/**
 * The table 三 row a label names: the longest template label (or alias) the text contains. Short labels
 * (其他, 总计) must make up the whole text, with or without their number, so 其他 never matches 其他处理.
 * The 2019-style single （六）其他处理 row matches only when no item label does.
 */
export function matchApplicationRow(text: string): ApplicationRow | undefined {
  const norm = normalizeLabel(text);
  if (!norm) return undefined;
  let best: { row: ApplicationRow; score: number } | undefined;
  for (const row of ROWS_2021) {
    const full = normalizeLabel(row.label);
    const core = labelCore(row.label);
    const patterns = [full, core, ...(APPLICATION_ROW_ALIASES[row.key] ?? []).map(normalizeLabel)];
    for (const pattern of patterns) {
      const matches = pattern.length < SHORT_CORE ? norm === pattern || norm.endsWith(full) : norm.includes(pattern);
      if (matches && (!best || pattern.length > best.score)) best = { row, score: pattern.length };
    }
  }
  if (best) return best.row;
  if (norm.includes(labelCore(APPLICATION_SUBGROUPS.other))) return OTHER_DISPOSAL_2019_ROW;
  return undefined;
}

// ---------------------------------------------------------------- table 四

export const REVIEW_CELL_PATHS = REVIEW_GROUPS.flatMap((g) => REVIEW_COLUMNS.map((c) => `${g.key}.${c.key}`));
export const REVIEW_GROUP_KEYS = REVIEW_GROUPS.map((g) => g.key);
export const REVIEW_COLUMN_KEYS = REVIEW_COLUMNS.map((c) => c.key);
