import PDFDocument from "pdfkit";
import { buildEditionDocument, type EditionDocument, type EditionView } from "./document";
import type { EditionFonts } from "./fonts";
import { cellAlignment, columnWidths, headerRowCount, isHeadingRow, placeTable, type PlacedCell } from "./grid";
import type { EditionBlock, EditionTable } from "./html-blocks";
import { EDITION_UI } from "./labels";

/**
 * The PDF edition, laid out with pdfkit: A4 portrait, Noto Sans SC embedded as a subset, tables
 * drawn cell by cell from the same grid as the Word edition. A table row never breaks across pages
 * (a row that does not fit starts the next page, the header rows repeated above it); a rowspan
 * cell that runs over a page break is drawn on both pages with its label. Page numbers in the
 * footer. This module loads pdfkit and fontkit, so it is only reached by dynamic import (index.ts).
 */

type Doc = PDFKit.PDFDocument;

// Points (1/72 in). A4 is 595.28 × 841.89.
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { top: 68, bottom: 68, left: 62, right: 62 };
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const FOOTER_BASELINE_FROM_BOTTOM = 40;

const SIZE = { title: 17, facts: 10, heading2: 13.5, heading3: 11.5, body: 11, table: 8.5, footer: 9 };
const LINE_GAP = { body: 5, table: 1.5 };
const CELL_PADDING = { x: 3, y: 3.5 };
const MIN_ROW_HEIGHT = 18;
const BODY_INDENT = 2 * SIZE.body; // two characters, as Chinese paragraphs begin

const REGULAR = "NotoSansSC-Regular";
const BOLD = "NotoSansSC-Bold";

export async function renderPdfWithFonts(view: EditionView, fonts: EditionFonts): Promise<Uint8Array> {
  const document = buildEditionDocument(view);
  const creationDate = view.publishedAt ? new Date(view.publishedAt) : new Date(0);
  const doc = new PDFDocument({
    size: "A4",
    margins: MARGIN,
    bufferPages: true,
    // No default font: pdfkit would otherwise load Helvetica's metrics, which the report never uses.
    font: null as unknown as string,
    lang: "zh-CN",
    displayTitle: true,
    pdfVersion: "1.7",
    info: { Title: document.title, Author: view.content.agency.fullName, CreationDate: creationDate },
  });
  const chunks: Uint8Array[] = [];
  doc.on("data", (chunk: Uint8Array) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on("end", () => resolve());
    doc.on("error", reject);
  });

  doc.registerFont(REGULAR, Buffer.from(fonts.regular));
  doc.registerFont(BOLD, Buffer.from(fonts.bold));
  layOut(doc, document);
  numberPages(doc);
  doc.end();
  await finished;
  return new Uint8Array(Buffer.concat(chunks));
}

// ---------------------------------------------------------------- flow

const pageBottom = (doc: Doc) => doc.page.height - doc.page.margins.bottom;

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > pageBottom(doc)) doc.addPage();
}

function layOut(doc: Doc, document: EditionDocument): void {
  doc.font(BOLD).fontSize(SIZE.title);
  doc.text(document.title, MARGIN.left, MARGIN.top, { width: TEXT_WIDTH, align: "center", lineGap: 4 });
  if (document.facts) {
    doc.moveDown(0.4);
    doc.font(REGULAR).fontSize(SIZE.facts).text(document.facts, MARGIN.left, doc.y, { width: TEXT_WIDTH, align: "center" });
  }
  doc.moveDown(0.8);
  if (document.correction) drawCorrection(doc, document.correction);
  document.blocks.forEach((block, index) => drawBlock(doc, block, document.blocks[index + 1]));
}

function drawBlock(doc: Doc, block: EditionBlock, next: EditionBlock | undefined): void {
  switch (block.kind) {
    case "heading": {
      const size = block.level <= 2 ? SIZE.heading2 : SIZE.heading3;
      doc.font(BOLD).fontSize(size);
      const height = doc.heightOfString(block.text, { width: TEXT_WIDTH });
      // Keep a heading with what follows: its first lines, or the top of its table.
      const following = next?.kind === "table" ? 4 * MIN_ROW_HEIGHT : 3 * (SIZE.body + LINE_GAP.body);
      doc.moveDown(block.level <= 2 ? 0.5 : 0.25);
      ensureSpace(doc, height + following);
      doc.text(block.text, MARGIN.left, doc.y, { width: TEXT_WIDTH, indent: block.level <= 2 ? BODY_INDENT * (size / SIZE.body) : BODY_INDENT });
      doc.moveDown(0.3);
      return;
    }
    case "paragraph":
      doc.font(REGULAR).fontSize(SIZE.body).fillColor(block.placeholder ? "#595959" : "black");
      ensureSpace(doc, SIZE.body + LINE_GAP.body);
      doc.text(block.text, MARGIN.left, doc.y, { width: TEXT_WIDTH, indent: BODY_INDENT, lineGap: LINE_GAP.body, align: "justify" });
      doc.fillColor("black");
      doc.moveDown(0.15);
      return;
    case "table":
      doc.moveDown(0.3);
      drawTable(doc, block.table);
      doc.moveDown(0.6);
      return;
  }
}

function drawCorrection(doc: Doc, correction: NonNullable<EditionDocument["correction"]>): void {
  const inner = TEXT_WIDTH - 2 * 8;
  doc.font(BOLD).fontSize(SIZE.body);
  const headingHeight = doc.heightOfString(correction.heading, { width: inner });
  doc.font(REGULAR);
  const textHeight = correction.paragraphs.reduce((sum, p) => sum + doc.heightOfString(p, { width: inner, lineGap: LINE_GAP.body }), 0);
  const height = headingHeight + textHeight + 2 * 8 + 4;
  ensureSpace(doc, Math.min(height, pageBottom(doc) - MARGIN.top));
  const top = doc.y;
  const startPage = doc.page;
  doc.font(BOLD).text(correction.heading, MARGIN.left + 8, top + 8, { width: inner });
  doc.moveDown(0.2);
  doc.font(REGULAR);
  for (const p of correction.paragraphs) doc.text(p, MARGIN.left + 8, doc.y, { width: inner, lineGap: LINE_GAP.body });
  const bottom = doc.y + 8;
  // The frame of a note too long for one page would be wrong on either page: such a note goes unframed.
  if (doc.page === startPage) doc.rect(MARGIN.left, top, TEXT_WIDTH, bottom - top).lineWidth(0.8).stroke();
  doc.x = MARGIN.left;
  doc.y = bottom;
  doc.moveDown(0.8);
}

// ---------------------------------------------------------------- tables

interface CellBox {
  placed: PlacedCell;
  x: number;
  width: number;
}

function drawTable(doc: Doc, table: EditionTable): void {
  const grid = placeTable(table);
  const widths = columnWidths(table.kind, grid.columnCount, TEXT_WIDTH);
  const left = (column: number) => MARGIN.left + widths.slice(0, column).reduce((a, b) => a + b, 0);
  const boxes: CellBox[] = grid.cells.map((placed) => ({
    placed,
    x: left(placed.column),
    width: widths.slice(placed.column, placed.column + placed.cell.colSpan).reduce((a, b) => a + b, 0),
  }));
  const heights = rowHeights(doc, boxes, grid.rowCount);
  const headRows = headerRowCount(table);
  const headHeight = heights.slice(0, headRows).reduce((a, b) => a + b, 0);

  // A heading row (table 二's block title and column heads) goes only with the first row it heads.
  const withHeadedRows = (row: number) => {
    let end = row;
    while (isHeadingRow(table, end) && end + 1 < grid.rowCount) end++;
    return heights.slice(row, end + 1).reduce((a, b) => a + b, 0);
  };
  // A table whose header and first row do not fit where it starts begins on the next page.
  if (doc.y + headHeight + withHeadedRows(headRows) > pageBottom(doc) && doc.y > MARGIN.top) doc.addPage();

  // Split the body rows into page runs; every row goes whole onto one page.
  const runs: { from: number; to: number }[] = [];
  let runStart = 0;
  let y = doc.y + headHeight;
  for (let row = headRows; row < grid.rowCount; row++) {
    const firstOfRun = row === runStart || (runStart === 0 && row === headRows);
    if (!firstOfRun && y + withHeadedRows(row) > pageBottom(doc)) {
      runs.push({ from: runStart, to: row - 1 });
      runStart = row;
      y = MARGIN.top + headHeight;
    }
    y += heights[row]!;
  }
  runs.push({ from: runStart, to: grid.rowCount - 1 });

  runs.forEach((run, index) => {
    if (index > 0) doc.addPage();
    let top = doc.y;
    // Each continuation page repeats the header rows (`<thead>`) above its rows.
    if (index > 0 && headRows > 0) top = drawRows(doc, boxes, heights, 0, headRows - 1, top);
    top = drawRows(doc, boxes, heights, run.from, run.to, top);
    doc.x = MARGIN.left;
    doc.y = top;
  });
}

/** Heights of the rows: each fits its one-row cells; a rowspan cell's surplus goes to its last row. */
function rowHeights(doc: Doc, boxes: CellBox[], rowCount: number): number[] {
  const heights = Array<number>(rowCount).fill(MIN_ROW_HEIGHT);
  const needed = (box: CellBox) => textHeight(doc, box) + 2 * CELL_PADDING.y;
  for (const box of boxes) {
    if (box.placed.cell.rowSpan === 1) heights[box.placed.row] = Math.max(heights[box.placed.row]!, needed(box));
  }
  for (const box of boxes) {
    const { row } = box.placed;
    const span = box.placed.cell.rowSpan;
    if (span === 1) continue;
    const available = heights.slice(row, row + span).reduce((a, b) => a + b, 0);
    const surplus = needed(box) - available;
    if (surplus > 0) heights[row + span - 1]! += surplus;
  }
  return heights;
}

function useCellFont(doc: Doc, box: CellBox): void {
  doc.font(box.placed.cell.header ? BOLD : REGULAR).fontSize(SIZE.table);
}

function textHeight(doc: Doc, box: CellBox): number {
  useCellFont(doc, box);
  return doc.heightOfString(box.placed.cell.text, { width: box.width - 2 * CELL_PADDING.x, lineGap: LINE_GAP.table });
}

/** Draws rows `from`..`to` (and the parts of rowspan cells within them) at `top`; returns the bottom. */
function drawRows(doc: Doc, boxes: CellBox[], heights: number[], from: number, to: number, top: number): number {
  const rowTop = (row: number) => top + heights.slice(from, row).reduce((a, b) => a + b, 0);
  for (const box of boxes) {
    const first = box.placed.row;
    const last = first + box.placed.cell.rowSpan - 1;
    if (last < from || first > to) continue;
    const y0 = rowTop(Math.max(first, from));
    const y1 = rowTop(Math.min(last, to) + 1);
    doc.rect(box.x, y0, box.width, y1 - y0).lineWidth(0.6).stroke();
    const text = box.placed.cell.text;
    if (text === "") continue;
    const height = textHeight(doc, box);
    const ty = y0 + Math.max(CELL_PADDING.y, (y1 - y0 - height) / 2);
    doc.text(text, box.x + CELL_PADDING.x, ty, {
      width: box.width - 2 * CELL_PADDING.x,
      height: height + 1,
      align: cellAlignment(box.placed),
      lineGap: LINE_GAP.table,
    });
  }
  return rowTop(to + 1);
}

// ---------------------------------------------------------------- page numbers

function numberPages(doc: Doc): void {
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    // Writing inside the bottom margin must not start a new page.
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(REGULAR).fontSize(SIZE.footer);
    doc.text(EDITION_UI.pageNumber(index - range.start + 1, range.count), MARGIN.left, doc.page.height - FOOTER_BASELINE_FROM_BOTTOM, {
      width: TEXT_WIDTH,
      align: "center",
      lineBreak: false,
    });
    doc.page.margins.bottom = bottomMargin;
  }
}
