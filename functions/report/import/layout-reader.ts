/**
 * Reads tables 二、三、四 from laid-out tables (HTML, DOCX, PDF rebuilt from positions): rows are found by
 * their labels, cells are mapped to columns through the header grid, and every cell is either exact with
 * its provenance or in review with the reason.
 */
import { APPLICATION_COLUMNS, REVIEW_COLUMNS, REVIEW_GROUPS, type ApplicationRow } from "../catalogue";
import { type ImportSink, readCell } from "./cells";
import { hasCjkLabel, normalizeLabel, usesKnownTypo } from "./labels";
import {
  blockFor,
  matchApplicationRow,
  matchTable2Column,
  matchTable2Row,
  ROWS_2019,
  ROWS_2021,
  table2BlockIndex,
  TABLE2_ITEM_HEADER,
  type Table2Column,
  type Template,
} from "./table-specs";
import type { LayoutCell, LayoutRow, LayoutTable } from "./types";

const cellText = (cells: readonly LayoutCell[]) => cells.map((c) => c.text).join("");
const compact = (text: string) => text.replace(/\s+/g, "");
const typoNote = (label: string) => {
  const typo = usesKnownTypo(label);
  return typo ? `；标签按原文“${typo}”记录` : "";
};

/** Splits a row into its label cells and the value cells after the last label. */
export function splitRow(row: LayoutRow): { label: string; values: LayoutCell[] } {
  let lastLabel = -1;
  row.cells.forEach((cell, i) => {
    if (hasCjkLabel(cell.text)) lastLabel = i;
  });
  return { label: cellText(row.cells.slice(0, lastLabel + 1)), values: row.cells.slice(lastLabel + 1) };
}

export function classifyTable(table: LayoutTable): "二" | "三" | "四" | undefined {
  const text = normalizeLabel(table.rows.map((r) => cellText(r.cells)).join(""));
  if (text.includes("第二十条")) return "二";
  if (text.includes("本年新收") || text.includes("勾稽关系")) return "三";
  if (text.includes("复议后起诉") || text.includes("未经复议")) return "四";
  return undefined;
}

// ---------------------------------------------------------------- table 二

export function readTable2(rows: readonly LayoutRow[], sink: ImportSink, fallbackTemplate: Template): Template {
  /** Rows found, as "block index (2019 numbering):row key". */
  const found = new Set<string>();
  const templatesSeen = new Set<Template>();
  let blockIndex: number | undefined;
  let header: { template: Template; column: Table2Column; col: number; span: number }[] = [];

  for (const row of rows) {
    const whole = cellText(row.cells);
    const titled = table2BlockIndex(whole);
    if (titled !== undefined && !row.cells.slice(1).some((c) => /\d/.test(c.text) && !hasCjkLabel(c.text))) {
      blockIndex = titled;
      header = [];
      continue;
    }
    if (blockIndex === undefined || row.cells.length === 0) continue;
    if (normalizeLabel(row.cells[0]!.text) === TABLE2_ITEM_HEADER) {
      header = [];
      for (const cell of row.cells.slice(1)) {
        const match = matchTable2Column(cell.text, blockIndex);
        if (match) {
          header.push({ ...match, col: cell.col, span: cell.span });
          templatesSeen.add(match.template);
        }
      }
      continue;
    }
    const { label, values } = splitRow(row);
    const rowSpec = matchTable2Row(label, blockIndex);
    if (!rowSpec) continue;
    const template = header[0]?.template ?? fallbackTemplate;
    const block = blockFor(template, blockIndex);
    if (!block || !block.rows.some((r) => r.key === rowSpec.key)) continue;
    found.add(`${blockIndex}:${rowSpec.key}`);
    const columns = header.length > 0 ? header : block.columns.map((column, i) => ({ template, column, col: i + 1, span: 1 }));
    const assignment = assignToHeader(values, columns);
    const mapping = assignment.byGrid ? "按表头网格对应列" : "按表头列的顺序对应列";
    for (const column of block.columns) {
      const path = `activeDisclosure.${rowSpec.key}.${column.key}`;
      const cell = assignment.cells.get(column.key);
      if (!assignment.ok) {
        sink.unread(path, `原文“${compact(label)}”行有 ${values.length} 个数据单元格，与表头的 ${columns.length} 列对应不上（${row.where}）`);
        continue;
      }
      if (!cell) {
        sink.unread(path, `原文“${compact(label)}”行没有“${column.label}”列（${row.where}）`);
        continue;
      }
      writeTable2Cell(sink, path, column, cell, `“${compact(label)}”行“${column.label}”列，${row.where}，${mapping}${typoNote(label)}`);
    }
  }

  const template: Template = templatesSeen.has("2019") && !templatesSeen.has("2021") ? "2019" : templatesSeen.has("2021") ? "2021" : fallbackTemplate;
  for (const [index, block] of table2BlocksOf(template)) {
    for (const row of block.rows) {
      if (found.has(`${index}:${row.key}`)) continue;
      for (const column of block.columns) {
        sink.unread(`activeDisclosure.${row.key}.${column.key}`, `原文第二部分表格中没有“${row.label}”行（${block.title}），此格不能从文件确定`);
      }
      if (row.key === "centralizedProcurement") sink.unread("activeDisclosure.centralizedProcurement.totalAmountUnit", `原文第二部分表格中没有“${row.label}”行，采购总金额的单位不能从文件确定`);
    }
  }
  sink.set("activeDisclosure.kind", template);
  return template;
}

function table2BlocksOf(template: Template): [number, NonNullable<ReturnType<typeof blockFor>>][] {
  const out: [number, NonNullable<ReturnType<typeof blockFor>>][] = [];
  for (let i = 0; i < 5; i++) {
    const block = blockFor(template, i);
    if (block) out.push([i, block]);
  }
  return out;
}

function assignToHeader(
  values: readonly LayoutCell[],
  columns: readonly { column: Table2Column; col: number; span: number }[],
): { ok: boolean; byGrid: boolean; cells: Map<string, LayoutCell> } {
  // A data cell belongs to the header column its first grid column falls in (published tables span data
  // cells differently from their headers); when that is not one-to-one, the order decides if counts agree.
  const byGrid = new Map<string, LayoutCell>();
  let gridOk = true;
  for (const value of values) {
    const column = columns.find((c) => value.col >= c.col && value.col < c.col + c.span);
    if (!column || byGrid.has(column.column.key)) {
      gridOk = false;
      break;
    }
    byGrid.set(column.column.key, value);
  }
  if (gridOk && byGrid.size === columns.length) return { ok: true, byGrid: true, cells: byGrid };
  if (values.length === columns.length) {
    return { ok: true, byGrid: false, cells: new Map(columns.map((c, i) => [c.column.key, values[i]!])) };
  }
  if (gridOk && byGrid.size > 0) return { ok: true, byGrid: true, cells: byGrid };
  return { ok: false, byGrid: false, cells: new Map() };
}

function writeTable2Cell(sink: ImportSink, path: string, column: Table2Column, cell: LayoutCell, where: string): void {
  const reading = readCell(cell.text, column.kind);
  if (!reading.ok) {
    sink.unread(path, `${reading.reason}（${where}）`);
    if (column.key === "totalAmount") sink.set(path.replace(/totalAmount$/, "totalAmountUnit"), null);
    return;
  }
  const note = reading.note ? `；${reading.note}` : "";
  sink.exact(path, reading.value, `“${cell.text.trim()}”（${where}${note}）`);
  if (column.key === "totalAmount") {
    const unitPath = path.replace(/totalAmount$/, "totalAmountUnit");
    if (reading.unit) sink.exact(unitPath, reading.unit, `“${cell.text.trim()}”中的单位（${where}）`);
    else sink.unread(unitPath, `原文采购总金额“${cell.text.trim()}”未注明单位（${where}）`);
  }
}

// ---------------------------------------------------------------- table 三

/**
 * Reads table 三. Which template it follows is decided by its rows: the three （六） items are 2021, the
 * single （六）其他处理 row is 2019; a 2021 report with the single row keeps 2021 and lists the three items
 * for review, recording the printed single row in provenance.
 */
export function readTable3(rows: readonly LayoutRow[], sink: ImportSink, fallbackTemplate: Template): Template {
  const found = new Map<string, { row: LayoutRow; label: string; values: LayoutCell[] }>();
  for (const row of rows) {
    const { label, values } = splitRow(row);
    if (values.length === 0 || !label) continue;
    const spec = matchApplicationRow(label);
    if (!spec || found.has(spec.key)) continue;
    found.set(spec.key, { row, label, values });
  }
  const hasSubRows = ["otherNoCorrection", "otherFeeUnpaid", "otherOther"].some((k) => found.has(k));
  const hasSingle = found.has("otherDisposal");
  const template: Template = hasSubRows ? "2021" : fallbackTemplate;
  const expected = expectedApplicationRows(template);
  for (const spec of expected) {
    const hit = found.get(spec.key);
    if (!hit && template === "2021" && spec.subgroup === "other" && hasSingle) {
      const single = found.get("otherDisposal")!;
      const printed = single.values.map((v) => v.text.trim()).join("、");
      for (const column of APPLICATION_COLUMNS) {
        sink.unread(
          `applications.rows.${spec.key}.${column.key}`,
          `原文表格只有 2019 年版的单行“${compact(single.label)}”（${printed}，${single.row.where}），没有 2021 年版（六）下的三项，此格不能从文件确定`,
        );
      }
      continue;
    }
    writeApplicationRow(sink, spec, hit);
  }
  if (template === "2021" && hasSingle && !hasSubRows) {
    const single = found.get("otherDisposal")!;
    APPLICATION_COLUMNS.forEach((column, i) => {
      const cell = single.values[i];
      if (cell) sink.provenance[`applications.rows.otherDisposal.${column.key}`] = `“${cell.text.trim()}”（2019 年版单行“${compact(single.label)}”“${column.label}”列，${single.row.where}；2021 年版表格中无此键，仅作记录）`;
    });
  }
  return template;
}

function expectedApplicationRows(template: Template): readonly ApplicationRow[] {
  return template === "2021" ? ROWS_2021 : ROWS_2019;
}

function writeApplicationRow(
  sink: ImportSink,
  spec: ApplicationRow,
  hit: { row: LayoutRow; label: string; values: LayoutCell[] } | undefined,
): void {
  for (const [i, column] of APPLICATION_COLUMNS.entries()) {
    const path = `applications.rows.${spec.key}.${column.key}`;
    if (!hit) {
      sink.unread(path, `原文第三部分表格中没有“${spec.label}”行，此格不能从文件确定`);
      continue;
    }
    if (hit.values.length !== APPLICATION_COLUMNS.length) {
      sink.unread(path, `原文“${compact(hit.label)}”行有 ${hit.values.length} 个数据单元格，与表头的 ${APPLICATION_COLUMNS.length} 列对应不上（${hit.row.where}）`);
      continue;
    }
    const cell = hit.values[i]!;
    const where = `“${compact(hit.label)}”行“${column.label}”列，${hit.row.where}${typoNote(hit.label)}`;
    const reading = readCell(cell.text, "count");
    if (reading.ok) sink.exact(path, reading.value, `“${cell.text.trim()}”（${where}${reading.note ? `；${reading.note}` : ""}）`);
    else sink.unread(path, `${reading.reason}（${where}）`);
  }
}

// ---------------------------------------------------------------- table 四

const REVIEW_CELL_COUNT = REVIEW_GROUPS.length * REVIEW_COLUMNS.length;

export function readTable4(rows: readonly LayoutRow[], sink: ImportSink): void {
  // The data row is the one whose cells after any label are values; some reports put a label before them.
  const candidates = rows.map((r) => ({ row: r, values: splitRow(r).values })).filter((c) => c.values.length > 0);
  const hit = candidates.find((c) => c.values.length === REVIEW_CELL_COUNT);
  const dataRow = hit ? { cells: hit.values, where: hit.row.where } : undefined;
  const partialRow = dataRow ? undefined : candidates[0] && { cells: candidates[0].values, where: candidates[0].row.where };
  REVIEW_GROUPS.forEach((group, g) => {
    REVIEW_COLUMNS.forEach((column, c) => {
      const path = `reviewLitigation.${group.key}.${column.key}`;
      const label = `${group.parent ? `${group.parent}·` : ""}${group.label}“${column.label}”`;
      if (!dataRow) {
        sink.unread(
          path,
          partialRow
            ? `原文第四部分数据行有 ${partialRow.cells.length} 个单元格，与表头的 ${REVIEW_CELL_COUNT} 列对应不上（${partialRow.where}）`
            : "原文第四部分表格中没有数据行，此格不能从文件确定",
        );
        return;
      }
      const cell = dataRow.cells[g * REVIEW_COLUMNS.length + c]!;
      const reading = readCell(cell.text, "count");
      const where = `${label}列，${dataRow.where}`;
      if (reading.ok) sink.exact(path, reading.value, `“${cell.text.trim()}”（${where}）`);
      else sink.unread(path, `${reading.reason}（${where}）`);
    });
  });
}
