/**
 * PDF to a LayoutDocument. PDF has no tables, only text items at positions: lines are rebuilt from y,
 * the table parts are the lines between the headings 二 and 五, a table row is a line of numbers with the
 * label fragments near it (labels wrap inside cells, above and below the numbers), and columns come from
 * x positions: header cells keep their x-range, numbers their centre, so a blank cell (which produces no
 * text at all) leaves its column empty instead of shifting the others.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { CorruptDocumentError } from "./errors";
import { findHeadings } from "./narrative";
import type { LayoutCell, LayoutDocument, LayoutRow, LayoutTable } from "./types";

interface Item {
  page: number;
  x: number;
  y: number;
  width: number;
  text: string;
}
interface Line {
  page: number;
  y: number;
  items: Item[];
  text: string;
}

const NUMBER = /^\d+(\.\d+)?$/;
const LINE_TOLERANCE = 2.5;
/** A label fragment belongs to the number row within this distance (a wrapped cell's half height). */
const LABEL_DISTANCE = 14;
/** Items closer than this on a line are one cell (pdf.js splits runs of one cell at font changes). */
const CELL_GAP = 4;

export interface PdfOptions {
  /** The pdfjs-dist package directory (its cmaps/ and standard_fonts/); by default resolved from node_modules. */
  pdfAssetsDir?: string;
}

async function loadItems(bytes: Uint8Array, options: PdfOptions): Promise<Item[]> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  // pdf.js runs its worker code in this thread when globalThis.pdfjsWorker is set: no worker thread, and
  // a bundler sees the worker module as a static dependency instead of a path resolved at run time.
  const host = globalThis as { pdfjsWorker?: unknown };
  // @ts-expect-error -- pdf.js ships no type declarations for its worker module
  host.pdfjsWorker ??= await import("pdfjs-dist/legacy/build/pdf.worker.mjs");
  const root = options.pdfAssetsDir ?? dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
  let doc;
  try {
    doc = await pdfjs.getDocument({
      data: new Uint8Array(bytes),
      cMapUrl: `${join(root, "cmaps")}/`,
      cMapPacked: true,
      standardFontDataUrl: `${join(root, "standard_fonts")}/`,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      verbosity: 0,
    }).promise;
  } catch (error) {
    throw new CorruptDocumentError("PDF", error instanceof Error ? error.name : undefined);
  }
  const items: Item[] = [];
  try {
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const height = page.view[3] ?? 842;
      const content = await page.getTextContent();
      for (const raw of content.items) {
        if (!("str" in raw) || !raw.str.trim()) continue;
        const [, , , , x, y] = raw.transform as number[];
        // Page numbers (“- 3 -”) sit in the bottom margin.
        if (y! < height * 0.07 && /^[-—\d\s]+$/.test(raw.str)) continue;
        items.push({ page: p, x: x!, y: y!, width: raw.width, text: raw.str });
      }
    }
  } finally {
    await doc.destroy();
  }
  return items;
}

function toLines(items: readonly Item[]): Line[] {
  const sorted = [...items].sort((a, b) => a.page - b.page || b.y - a.y || a.x - b.x);
  const lines: Line[] = [];
  for (const item of sorted) {
    const line = lines[lines.length - 1];
    if (line && line.page === item.page && Math.abs(line.y - item.y) <= LINE_TOLERANCE) line.items.push(item);
    else lines.push({ page: item.page, y: item.y, items: [item], text: "" });
  }
  for (const line of lines) {
    line.items.sort((a, b) => a.x - b.x);
    line.text = line.items.map((i) => i.text).join("");
  }
  return lines;
}

/** Joins items that touch into one cell: “本年” + “制发件数”. */
function cellsOf(items: readonly Item[]): { text: string; x: number; right: number }[] {
  const cells: { text: string; x: number; right: number }[] = [];
  for (const item of [...items].sort((a, b) => a.x - b.x)) {
    const last = cells[cells.length - 1];
    if (last && item.x - last.right < CELL_GAP && !(NUMBER.test(item.text) && NUMBER.test(last.text))) {
      last.text += item.text;
      last.right = item.x + item.width;
    } else cells.push({ text: item.text, x: item.x, right: item.x + item.width });
  }
  return cells;
}

const key = (page: number, y: number) => page * 100_000 - y;

function buildTable(lines: readonly Line[], name: string, fillColumns: boolean): LayoutTable {
  const items = lines.flatMap((l) => l.items);
  const numbers = items.filter((i) => NUMBER.test(i.text.trim()));
  const labels = items.filter((i) => !NUMBER.test(i.text.trim()));
  // Rows of numbers.
  const numberRows: { page: number; y: number; items: Item[] }[] = [];
  for (const item of [...numbers].sort((a, b) => key(a.page, a.y) - key(b.page, b.y) || a.x - b.x)) {
    const row = numberRows.find((r) => r.page === item.page && Math.abs(r.y - item.y) <= LINE_TOLERANCE);
    if (row) row.items.push(item);
    else numberRows.push({ page: item.page, y: item.y, items: [item] });
  }
  const attached = new Map<(typeof numberRows)[number], Item[]>(numberRows.map((r) => [r, []]));
  const loose: Item[] = [];
  for (const label of labels) {
    let best: (typeof numberRows)[number] | undefined;
    for (const row of numberRows) {
      if (row.page !== label.page) continue;
      const firstX = Math.min(...row.items.map((i) => i.x));
      if (label.x >= firstX) continue;
      if (Math.abs(row.y - label.y) > LABEL_DISTANCE) continue;
      if (!best || Math.abs(row.y - label.y) < Math.abs(best.y - label.y)) best = row;
    }
    if (best) attached.get(best)!.push(label);
    else loose.push(label);
  }
  const widest = Math.max(0, ...numberRows.map((r) => r.items.length));
  const centres = fillColumns
    ? (numberRows.find((r) => r.items.length === widest)?.items.map((i) => i.x + i.width / 2) ?? [])
    : [];

  const rows: (LayoutRow & { sort: number })[] = [];
  for (const row of numberRows) {
    const labelItems = attached.get(row)!.sort((a, b) => key(a.page, a.y) - key(b.page, b.y) || a.x - b.x);
    const label: LayoutCell[] = labelItems.length > 0 ? [{ text: labelItems.map((i) => i.text).join(""), col: 0, span: 1 }] : [];
    let values: LayoutCell[];
    if (fillColumns && centres.length > 0) {
      const slots: string[] = centres.map(() => "");
      for (const item of row.items) {
        const centre = item.x + item.width / 2;
        let nearest = 0;
        centres.forEach((c, i) => {
          if (Math.abs(c - centre) < Math.abs(centres[nearest]! - centre)) nearest = i;
        });
        slots[nearest] = slots[nearest] ? `${slots[nearest]} ${item.text}` : item.text;
      }
      values = slots.map((text, i) => ({ text, col: Math.round(centres[i]!), span: 1 }));
    } else {
      values = row.items.map((i) => ({ text: i.text, col: Math.round(i.x + i.width / 2), span: 1 }));
    }
    rows.push({ cells: [...label, ...values], where: `第${row.page}页 y=${Math.round(row.y)}`, sort: key(row.page, row.y) });
  }
  // Lines without numbers (block titles, headers) stay rows of their own, for the header grid.
  for (const line of toLines(loose)) {
    const cells = cellsOf(line.items).map((c) => ({ text: c.text, col: Math.round(c.x), span: Math.max(1, Math.round(c.right - c.x)) }));
    rows.push({ cells, where: `第${line.page}页 y=${Math.round(line.y)}`, sort: key(line.page, line.y) });
  }
  rows.sort((a, b) => a.sort - b.sort);
  return { rows: rows.map(({ cells, where }) => ({ cells, where })), where: name };
}

export async function parsePdf(bytes: Uint8Array, options: PdfOptions = {}): Promise<LayoutDocument> {
  const lines = toLines(await loadItems(bytes, options));
  if (lines.length === 0) return { format: "pdf", paragraphs: [], tables: [] };
  const text = lines.map((l) => l.text).join("\n");
  const starts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.text.length + 1;
  }
  const lineAt = (position: number) => {
    let index = 0;
    while (index + 1 < starts.length && starts[index + 1]! <= position) index++;
    return index;
  };
  const headings = findHeadings(text).map((h) => ({ ...h, line: lineAt(h.start) }));
  const lineOf = (key: string) => headings.find((h) => h.key === key)?.line;
  const bounds = [lineOf("activeDisclosure"), lineOf("applications"), lineOf("reviewLitigation"), lineOf("problemsAndImprovements") ?? lineOf("otherMatters")];
  const tables: LayoutTable[] = [];
  const inTable = new Set<number>();
  const names = ["第二部分表格", "第三部分表格", "第四部分表格"];
  for (let t = 0; t < 3; t++) {
    const from = bounds[t];
    const to = bounds.slice(t + 1).find((b) => b !== undefined) ?? lines.length;
    if (from === undefined) continue;
    const region = lines.slice(from + 1, to);
    for (let i = from + 1; i < to; i++) inTable.add(i);
    tables.push(buildTable(region, names[t]!, t > 0));
  }
  // Narrative: lines outside the tables; an indented line starts a paragraph.
  const paragraphs: string[] = [];
  const left = Math.min(...lines.map((l) => l.items[0]!.x));
  lines.forEach((line, i) => {
    if (inTable.has(i)) return;
    const indented = line.items[0]!.x - left > 12;
    const isHeading = headings.some((h) => h.line === i);
    if (paragraphs.length === 0 || indented || isHeading || headings.some((h) => h.line === i - 1)) paragraphs.push(line.text);
    else paragraphs[paragraphs.length - 1] += line.text;
  });
  const firstLines = lines.slice(0, 4).map((l) => l.text).join("");
  const title = /^.{2,60}?\d{4}年度?政府信息公开工作(年度)?报告/.exec(firstLines)?.[0];
  return { format: "pdf", ...(title ? { title } : {}), paragraphs, tables };
}
