/**
 * importReport: a published 政府信息公开工作年度报告 (HTML, PDF, DOCX or text) to the report in our section
 * shapes, by rules alone. Every cell is exact with its provenance or listed for review; the document is
 * recorded as published, never corrected. The format parsers are loaded on first use so that the api's
 * cold start never pays for them.
 */
import { ImportSink } from "./cells";
import { NotAReportError, UnsupportedFormatError } from "./errors";
import { classifyTable, readTable2, readTable3, readTable4 } from "./layout-reader";
import { readIdentity, readNarratives } from "./narrative";
import type { Template } from "./table-specs";
import { IMPORT_CONTENT_TYPES, type ImportFormat, type ImportResult, type LayoutDocument } from "./types";

export type { ImportResult, ReviewEntry } from "./types";
export * from "./errors";

export { IMPORT_CONTENT_TYPES } from "./types";

export function formatOf(contentType: string): ImportFormat | undefined {
  const mime = contentType.split(";")[0]!.trim().toLowerCase();
  for (const [format, types] of Object.entries(IMPORT_CONTENT_TYPES) as [ImportFormat, readonly string[]][]) {
    if (types.includes(mime)) return format;
  }
  return undefined;
}

export interface ImportOptions {
  /** Where pdfjs-dist's cmaps/ and standard_fonts/ are when the code is bundled without node_modules. */
  pdfAssetsDir?: string;
}

async function layoutOf(bytes: Uint8Array, contentType: string, format: ImportFormat, options: ImportOptions): Promise<LayoutDocument> {
  switch (format) {
    case "html": {
      const [{ decodeDocument }, { parseHtml }] = await Promise.all([import("./decode"), import("./html")]);
      const { text, encodingNote } = await decodeDocument(bytes, contentType);
      return { ...parseHtml(text), ...(encodingNote ? { encodingNote } : {}) };
    }
    case "text": {
      const [{ decodeDocument }, { parsePlainText }] = await Promise.all([import("./decode"), import("./plain-text")]);
      const { text, encodingNote } = await decodeDocument(bytes, contentType);
      return { ...parsePlainText(text), ...(encodingNote ? { encodingNote } : {}) };
    }
    case "pdf":
      return (await import("./pdf")).parsePdf(bytes, options);
    case "docx":
      return (await import("./docx")).parseDocx(bytes);
  }
}

export async function importReport(bytes: Uint8Array, contentType: string, options: ImportOptions = {}): Promise<ImportResult> {
  const format = formatOf(contentType);
  if (!format) throw new UnsupportedFormatError(contentType);
  const layout = await layoutOf(bytes, contentType, format, options);
  return assemble(layout);
}

/** Template by year (format-spec §1): 2019–2020 → 2019; a table's own columns or rows override it. */
const templateForYear = (year: number | null): Template => (year !== null && year <= 2020 ? "2019" : "2021");

export async function assemble(layout: LayoutDocument): Promise<ImportResult> {
  const text = layout.paragraphs.join("\n");
  const identity = readIdentity(layout.title, layout.flattenedText ?? text);
  const sink = new ImportSink();
  if (layout.encodingNote) sink.note("format", layout.encodingNote);
  const yearTemplate = templateForYear(identity.reportYear);

  let table2: Template | undefined;
  let table3: Template | undefined;
  let table4 = false;
  if (layout.flattenedText !== undefined) {
    const { readFlattenedTables } = await import("./flattened");
    const read = readFlattenedTables(layout.flattenedText, sink, yearTemplate);
    table2 = read.table2;
    table3 = read.table3;
    table4 = read.table4;
  } else {
    const byKind = { 二: [] as LayoutDocument["tables"], 三: [] as LayoutDocument["tables"], 四: [] as LayoutDocument["tables"] };
    for (const table of layout.tables) {
      const kind = classifyTable(table);
      if (kind) byKind[kind].push(table);
    }
    // A table a report splits into several (narrative between its parts) is read as one.
    const rowsOf = (tables: LayoutDocument["tables"]) => tables.flatMap((t) => t.rows);
    if (byKind.二.length > 0) table2 = readTable2(rowsOf(byKind.二), sink, yearTemplate);
    if (byKind.三.length > 0) table3 = readTable3(rowsOf(byKind.三), sink, table2 ?? yearTemplate);
    if (byKind.四.length > 0) {
      readTable4(rowsOf(byKind.四), sink);
      table4 = true;
    }
  }
  if (table2 === undefined && table3 === undefined && !table4) throw new NotAReportError();

  // The template is 2021 as soon as either table shows 2021 columns or rows; a report mixing the two
  // keeps the 2019 body for the table that is printed in 2019 columns, and says so.
  const templateVersion: Template = table2 === "2021" || table3 === "2021" ? "2021" : table2 === "2019" || table3 === "2019" ? "2019" : yearTemplate;
  if (table2 === undefined) notMissingTable(sink, "activeDisclosure", "第二部分");
  if (table3 === undefined) notMissingTable(sink, "applications", "第三部分");
  if (!table4) notMissingTable(sink, "reviewLitigation", "第四部分");
  if (table2 && table2 !== templateVersion) {
    sink.note("activeDisclosure", `第二部分表格按 ${table2} 年版格式印制，与报告其余部分（${templateVersion} 年版）不同；已按原文的 ${table2} 年版列导入`);
  }
  if (identity.reportYear !== null && templateForYear(identity.reportYear) !== templateVersion) {
    sink.note("templateVersion", `报告年度 ${identity.reportYear} 应使用 ${templateForYear(identity.reportYear)} 年版格式，原文表格为 ${templateVersion} 年版`);
  }
  readNarratives(layout.flattenedText ?? text, sink, identity.reportYear, identity.agencyName);
  if (identity.reportYear === null) sink.note("reportYear", "标题中没有找到报告年度");
  if (identity.agencyName === null) sink.note("agencyName", "标题中没有找到机关名称");

  return {
    format: layout.format,
    templateVersion,
    reportYear: identity.reportYear,
    agencyName: identity.agencyName,
    title: identity.title,
    ...(layout.publishedAt ? { publishedAt: layout.publishedAt } : {}),
    sections: sink.sections,
    review: sink.review,
    provenance: sink.provenance,
  };
}

function notMissingTable(sink: ImportSink, section: string, ordinal: string): void {
  sink.set(section, null);
  sink.note(section, `原文中没有找到${ordinal}的表格，整个部分不能从文件确定`);
}
