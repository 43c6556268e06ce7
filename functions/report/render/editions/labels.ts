/**
 * Wording of the Word and PDF files that is not part of the national template and not on the HTML
 * page (the page's own chrome is in ../ui-labels.ts, template labels in ../../catalogue.ts).
 */
export const EDITION_UI = {
  /** A downloaded file may outlive later corrections, so it names its version instead of claiming to be current. */
  version: "版本",
  /** Footer of every page, “第1页　共3页”: the text around the page number and the page count. */
  pageNumberParts: ["第", "页　共", "页"] as const,
  pageNumber: (page: number, pages: number) => `第${page}页　共${pages}页`,
} as const;

/** Content types of the two editions, for the object's Content-Type. */
export const DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
export const PDF_CONTENT_TYPE = "application/pdf";
