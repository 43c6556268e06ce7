/** Shapes of an import: what every format parser produces, and what the importer returns. */

export type ImportFormat = "html" | "pdf" | "docx" | "text";

/**
 * The Content-Types the importer reads, by format. Kept here, with the types, so the HTTP route can
 * list them without loading the importer.
 */
export const IMPORT_CONTENT_TYPES = {
  html: ["text/html", "application/xhtml+xml"],
  pdf: ["application/pdf"],
  docx: ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
  text: ["text/plain"],
} as const satisfies Record<ImportFormat, readonly string[]>;

export interface ReviewEntry {
  /** Dotted path of the cell or field, e.g. "applications.rows.newReceived.total". */
  path: string;
  /** Why it is not read exactly, in Chinese. */
  reason: string;
  /** Every reading the document allows, when it allows several (or one it cannot confirm). */
  candidates?: (number | string)[];
}

export interface ImportResult {
  format: ImportFormat;
  templateVersion: "2021" | "2019";
  reportYear: number | null;
  agencyName: string | null;
  title: string | null;
  publishedAt?: string;
  /** Section bodies in the PUT shapes (2019 shapes from template-2019.ts); cells not read are null. */
  sections: Record<string, unknown>;
  review: ReviewEntry[];
  /** For each path read: the text it came from and where (element, page). */
  provenance: Record<string, string>;
}

/** One cell of a table as laid out in the document. */
export interface LayoutCell {
  text: string;
  /** First grid column the cell occupies (after row/col spans), and how many it spans. */
  col: number;
  span: number;
}

export interface LayoutRow {
  cells: LayoutCell[];
  /** Where the row is, for provenance: "第2个表格第5行", "第3页 y=284". */
  where: string;
}

export interface LayoutTable {
  rows: LayoutRow[];
  where: string;
}

/**
 * A document as its parser sees it: the narrative text (paragraphs in order, tables left out) and the tables.
 * `flattened` marks text whose table cells are run together (crawler text), which is read differently.
 */
export interface LayoutDocument {
  format: ImportFormat;
  title?: string;
  publishedAt?: string;
  paragraphs: string[];
  tables: LayoutTable[];
  /** The whole text in reading order with tables flattened into it (plain text input). */
  flattenedText?: string;
  /** The document declared an encoding its bytes are not in, and was read by what the bytes are. */
  encodingNote?: string;
}
