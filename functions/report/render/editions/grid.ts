import type { EditionCell, EditionTable } from "./html-blocks";

/** A cell at its grid position: the HTML table model's row- and colspans resolved to coordinates. */
export interface PlacedCell {
  cell: EditionCell;
  row: number;
  column: number;
}

export interface TableGrid {
  columnCount: number;
  rowCount: number;
  cells: PlacedCell[];
  /** `owner[row][column]`: the cell covering that slot (a spanning cell covers several). */
  owner: PlacedCell[][];
}

/**
 * Places the cells as an HTML table does: each cell takes the next column its row has free
 * (slots taken by a rowspan from above are skipped). Throws on a ragged table, which would be a
 * renderer bug the print editions must not paper over.
 */
export function placeTable(table: EditionTable): TableGrid {
  const owner: PlacedCell[][] = table.rows.map(() => []);
  const cells: PlacedCell[] = [];
  table.rows.forEach((row, rowIndex) => {
    let column = 0;
    for (const cell of row.cells) {
      while (owner[rowIndex]![column]) column++;
      const placed: PlacedCell = { cell, row: rowIndex, column };
      cells.push(placed);
      for (let r = rowIndex; r < rowIndex + cell.rowSpan; r++) {
        if (!owner[r]) throw new Error(`table ${table.kind}: rowspan past the last row`);
        for (let c = column; c < column + cell.colSpan; c++) owner[r]![c] = placed;
      }
      column += cell.colSpan;
    }
  });
  const columnCount = Math.max(...owner.map((slots) => slots.length));
  owner.forEach((slots, rowIndex) => {
    for (let c = 0; c < columnCount; c++) {
      if (!slots[c]) throw new Error(`table ${table.kind}: row ${rowIndex + 1} has no cell in column ${c + 1}`);
    }
  });
  return { columnCount, rowCount: table.rows.length, cells, owner };
}

/**
 * Relative print widths of the grid columns. The label columns of 二 and 三 need room for the
 * template's long row labels; data columns share the rest equally. Other tables: equal widths.
 */
const COLUMN_WEIGHTS: Record<string, readonly number[]> = {
  t2: [1.6, 1, 1, 1],
  // 三、本年度办理结果 (a narrow column of two characters a line) · （三）不予公开 · item labels · 7 data columns.
  t3: [0.7, 1.15, 3, 1, 1, 1, 1, 1, 1, 1],
};

/** Column widths in the caller's unit, summing to `total` (integers when `integer`, e.g. Word's twips). */
export function columnWidths(kind: string, columnCount: number, total: number, integer = false): number[] {
  const weights = COLUMN_WEIGHTS[kind]?.length === columnCount ? COLUMN_WEIGHTS[kind]! : Array<number>(columnCount).fill(1);
  const sum = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => (w / sum) * total);
  if (!integer) return widths;
  const rounded = widths.map(Math.floor);
  rounded[rounded.length - 1]! += total - rounded.reduce((a, b) => a + b, 0);
  return rounded;
}

/** Rows at the top that belong to the table's header (`<thead>`): repeated on each page. */
export function headerRowCount(table: EditionTable): number {
  let count = 0;
  while (table.rows[count]?.inHead) count++;
  return count;
}

/** A row of only title and column-heading cells (table 二's block heads): kept with the row after it. */
export function isHeadingRow(table: EditionTable, rowIndex: number): boolean {
  const row = table.rows[rowIndex];
  return row !== undefined && !row.inHead && row.cells.length > 0 && row.cells.every((c) => c.role === "title" || c.role === "column");
}

/**
 * Horizontal alignment in print: the corner note and the item labels of 三 (row labels that sit
 * right of a group cell) read left-aligned, as the template prints them; headings, the other
 * labels and the numbers are centred.
 */
export function cellAlignment(placed: PlacedCell): "left" | "center" {
  const itemLabel = placed.cell.role === "row" && placed.column > 0;
  return placed.cell.role === "note" || itemLabel ? "left" : "center";
}
