/**
 * DOCX to a LayoutDocument: word/document.xml's paragraphs and tables. A cell's grid position is the sum
 * of the gridSpans before it; a vMerge continuation is the rowspan of the cell above, so (as in HTML) it is
 * left out of its row while still taking its grid columns.
 */
import { unzipSync, strFromU8 } from "fflate";
import { Parser } from "htmlparser2";
import { CorruptDocumentError } from "./errors";
import type { LayoutCell, LayoutDocument, LayoutRow, LayoutTable } from "./types";

interface DocxCell {
  text: string;
  span: number;
  continuesMerge: boolean;
}

export function documentXmlOf(bytes: Uint8Array): string {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (file) => file.name === "word/document.xml" });
  } catch (error) {
    throw new CorruptDocumentError("Word（DOCX）", error instanceof Error ? "压缩包不完整" : undefined);
  }
  const xml = files["word/document.xml"];
  if (!xml) throw new CorruptDocumentError("Word（DOCX）", "缺少 word/document.xml");
  return strFromU8(xml);
}

export function parseDocx(bytes: Uint8Array): LayoutDocument {
  return parseDocumentXml(documentXmlOf(bytes));
}

export function parseDocumentXml(xml: string): LayoutDocument {
  const paragraphs: string[] = [];
  const tables: LayoutTable[] = [];
  const tableStack: DocxCell[][][] = [];
  let cell: DocxCell | undefined;
  let paragraph = "";
  let inText = false;

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const table = tableStack[tableStack.length - 1];
        if (name === "w:tbl") tableStack.push([]);
        else if (name === "w:tr" && table) table.push([]);
        else if (name === "w:tc" && table) {
          cell = { text: "", span: 1, continuesMerge: false };
          table[table.length - 1]?.push(cell);
        } else if (name === "w:gridspan" && cell) cell.span = Math.max(1, Number(attributes["w:val"] ?? 1) || 1);
        else if (name === "w:vmerge" && cell) cell.continuesMerge = (attributes["w:val"] ?? "continue") === "continue";
        else if (name === "w:t") inText = true;
        else if ((name === "w:tab" || name === "w:br") && !cell) paragraph += name === "w:tab" ? "\t" : "\n";
        else if (name === "w:p" && !cell) paragraph = "";
      },
      ontext(text) {
        if (!inText) return;
        if (cell) cell.text += text;
        else if (tableStack.length === 0) paragraph += text;
      },
      onclosetag(name) {
        if (name === "w:t") inText = false;
        else if (name === "w:tc") cell = undefined;
        else if (name === "w:p" && tableStack.length === 0) {
          const text = paragraph.trim();
          if (text) paragraphs.push(text);
          paragraph = "";
        } else if (name === "w:tbl") {
          const raw = tableStack.pop();
          // Tables nested in a layout table are tables of their own.
          if (raw) tables.push(toLayout(raw, tables.length + 1));
        }
      },
    },
    { xmlMode: true, lowerCaseTags: true, lowerCaseAttributeNames: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
  return { format: "docx", paragraphs, tables, ...(paragraphs[0] ? { title: paragraphs[0] } : {}) };
}

function toLayout(raw: DocxCell[][], index: number): LayoutTable {
  const rows: LayoutRow[] = raw.map((cells, r) => {
    const out: LayoutCell[] = [];
    let col = 0;
    for (const c of cells) {
      if (!c.continuesMerge) out.push({ text: c.text.trim(), col, span: c.span });
      col += c.span;
    }
    return { cells: out, where: `第${index}个表格第${r + 1}行` };
  });
  return { rows: rows.filter((r) => r.cells.length > 0), where: `第${index}个表格` };
}
