/**
 * Plain text: a report exported as text (one cell per line, tab- or space-separated cells) or a crawler's
 * extraction with the cells run together. Both are read by the flattened-text reader; a crawler header
 * (`标题:`, `发布时间:` lines before the body) gives the title and the publication date.
 */
import { normalizeDate } from "./html";
import type { LayoutDocument } from "./types";

const BODY_MARKER = /^=+\s*正文\s*=+$/m;

export function parsePlainText(raw: string): LayoutDocument {
  const text = raw.replace(/\r\n?/g, "\n");
  const marker = BODY_MARKER.exec(text);
  const header = marker ? text.slice(0, marker.index) : "";
  const body = marker ? text.slice(marker.index + marker[0].length) : text;
  const title = /^标题[:：]\s*(.+)$/m.exec(header)?.[1]?.trim();
  const publishedAt = normalizeDate(/^发布时间[:：]\s*(.+)$/m.exec(header)?.[1]);
  return {
    format: "text",
    ...(title ? { title } : {}),
    ...(publishedAt ? { publishedAt } : {}),
    paragraphs: body.split("\n"),
    tables: [],
    flattenedText: body,
  };
}
