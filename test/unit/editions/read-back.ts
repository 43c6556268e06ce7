/**
 * Reads the editions back the way a user's tools do: the DOCX as its WordprocessingML (unzipped
 * with fflate), the PDF through poppler's command-line tools. poppler-utils must be installed:
 * a missing tool throws, so the tests fail rather than skip.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";

// ---------------------------------------------------------------- DOCX

export interface DocxCell {
  text: string;
  gridSpan: number;
  /** "restart" opens a vertical merge, "continue" is a slot covered by the cell above. */
  vMerge: "restart" | "continue" | undefined;
  /** First grid column of the cell. */
  column: number;
}
export interface DocxRow {
  cells: DocxCell[];
  cantSplit: boolean;
  tblHeader: boolean;
}
export interface DocxTable {
  gridColumns: number;
  rows: DocxRow[];
}

export function unzipDocx(bytes: Uint8Array): Record<string, string> {
  const files = unzipSync(bytes);
  return Object.fromEntries(Object.entries(files).map(([name, data]) => [name, strFromU8(data)]));
}

const XML_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const decodeXml = (text: string) => text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => XML_ENTITIES[name]!);

/** The text of a fragment: its `w:t` runs joined, `w:br` as a line break. */
export function xmlText(fragment: string): string {
  let text = "";
  for (const match of fragment.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:br\/>/g)) text += match[1] === undefined ? "\n" : decodeXml(match[1]);
  return text;
}

/** Every paragraph of the body outside tables, in order (text only). */
export function bodyParagraphs(documentXml: string): { style: string; text: string }[] {
  const withoutTables = documentXml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, "");
  return [...withoutTables.matchAll(/<w:p>([\s\S]*?)<\/w:p>/g)].map((m) => ({
    style: /<w:pStyle w:val="([^"]+)"\/>/.exec(m[1]!)?.[1] ?? "",
    text: xmlText(m[1]!),
  }));
}

export function docxTables(documentXml: string): DocxTable[] {
  return [...documentXml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((table) => {
    const gridColumns = [...table[1]!.matchAll(/<w:gridCol /g)].length;
    const rows = [...table[1]!.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map((row) => {
      let column = 0;
      const cells = [...row[1]!.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((cell) => {
        const gridSpan = Number(/<w:gridSpan w:val="(\d+)"\/>/.exec(cell[1]!)?.[1] ?? 1);
        const merge = /<w:vMerge( w:val="restart")?\/>/.exec(cell[1]!);
        const placed: DocxCell = {
          text: xmlText(cell[1]!),
          gridSpan,
          vMerge: merge ? (merge[1] ? "restart" : "continue") : undefined,
          column,
        };
        column += gridSpan;
        return placed;
      });
      return { cells, cantSplit: row[1]!.includes("<w:cantSplit/>"), tblHeader: row[1]!.includes("<w:tblHeader/>") };
    });
    return { gridColumns, rows };
  });
}

/** The rows a cell spans: 1 + the continuation cells below it in the same column. */
export function rowSpanOf(table: DocxTable, rowIndex: number, cell: DocxCell): number {
  if (cell.vMerge !== "restart") return 1;
  let span = 1;
  for (let r = rowIndex + 1; r < table.rows.length; r++) {
    const below = table.rows[r]!.cells.find((c) => c.column === cell.column);
    if (below?.vMerge !== "continue") break;
    span++;
  }
  return span;
}

// ---------------------------------------------------------------- PDF

export interface PdfReadBack {
  /** `pdftotext -layout`, one entry per page. */
  layoutPages: string[];
  /** `pdftotext` in reading order (each cell's lines together). */
  readingText: string;
  /** Runs of text stacked in one box (a table cell's wrapped lines), from `pdftotext -tsv` word boxes. */
  textBoxes: string[];
  fonts: string;
  info: string;
}

function run(tool: string, args: string[]): string {
  return execFileSync(tool, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

export function readPdf(bytes: Uint8Array): PdfReadBack {
  const dir = mkdtempSync(join(tmpdir(), "edition-"));
  const file = join(dir, "report.pdf");
  writeFileSync(file, bytes);
  const layout = run("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"]);
  return {
    layoutPages: layout.split("\f").filter((page, index, all) => index < all.length - 1 || page.trim() !== ""),
    readingText: run("pdftotext", ["-enc", "UTF-8", file, "-"]),
    textBoxes: stackedTextBoxes(run("pdftotext", ["-tsv", "-enc", "UTF-8", file, "-"])),
    fonts: run("pdffonts", [file]),
    info: run("pdfinfo", [file]),
  };
}

/** The whitespace-separated numbers that end a line ("规章  1  2  3" → ["1","2","3"]). */
export function trailingNumbers(line: string): string[] {
  const tokens = line.trim().split(/\s+/);
  const numbers: string[] = [];
  for (let i = tokens.length - 1; i >= 0 && /^\d+(\.\d+)?$/.test(tokens[i]!); i--) numbers.unshift(tokens[i]!);
  return numbers;
}

export const withoutWhitespace = (text: string) => text.replace(/\s+/g, "");

interface WordBox {
  page: number;
  left: number;
  top: number;
  width: number;
  height: number;
  text: string;
}

/**
 * Joins the words that sit directly under one another into boxes: a word continues a box when it
 * starts within one and a half lines below the box's last word and overlaps it horizontally. A
 * table cell's wrapped label becomes one box; neighbouring cells stay apart (their padding puts
 * them further away). Words without spaces between them on one line are one TSV word already.
 */
export function stackedTextBoxes(tsv: string): string[] {
  const words: WordBox[] = tsv
    .split("\n")
    .slice(1)
    .map((line) => line.split("\t"))
    .filter((fields) => fields[0] === "5" && fields.length >= 12)
    .map((f) => ({ page: Number(f[1]), left: Number(f[6]), top: Number(f[7]), width: Number(f[8]), height: Number(f[9]), text: f.slice(11).join("\t") }));
  words.sort((a, b) => a.page - b.page || a.top - b.top || a.left - b.left);
  const boxes: WordBox[][] = [];
  for (const word of words) {
    const box = boxes.find((candidate) => {
      const last = candidate.at(-1)!;
      const below = word.top - last.top;
      const overlaps = word.left < last.left + last.width && last.left < word.left + word.width;
      return last.page === word.page && below > last.height / 2 && below < last.height * 1.25 && overlaps;
    });
    if (box) box.push(word);
    else boxes.push([word]);
  }
  return boxes.map((box) => box.map((w) => w.text).join(""));
}
