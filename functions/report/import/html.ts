/**
 * HTML as saved from a portal (or exported from Word) to a LayoutDocument: every <table> becomes a grid
 * with row and column spans resolved, every block element outside tables a paragraph. Labels split across
 * <p>/<span> inside a cell are joined; Word's inline CSS is ignored with the rest of the attributes.
 */
import { Parser } from "htmlparser2";
import type { LayoutCell, LayoutDocument, LayoutRow, LayoutTable } from "./types";

const BLOCK_TAGS = new Set([
  "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "table", "tr", "blockquote", "center", "header", "footer",
]);
const SKIPPED_TAGS = new Set(["script", "style", "noscript", "template"]);
/** Containers portals put the article in; when present, narrative outside them is page chrome. */
const ARTICLE_CONTAINER = /article_content|TRS_Editor|trs_editor|\bzoom\b|view_content|\bcontent_text\b/i;

interface RawCell {
  text: string;
  rowspan: number;
  colspan: number;
}
interface RawTable {
  rows: RawCell[][];
}

export function parseHtml(html: string): LayoutDocument {
  const tables: LayoutTable[] = [];
  const tableStack: RawTable[] = [];
  let cell: RawCell | undefined;
  const paragraphs: { text: string; inArticle: boolean }[] = [];
  let buffer = "";
  let skipDepth = 0;
  let depth = 0;
  let articleDepth: number | undefined;
  let inTitle = false;
  let htmlTitle = "";
  const meta: Record<string, string> = {};

  const flush = () => {
    const text = buffer.replace(/[\s\u00a0\u3000]+/g, " ").trim();
    if (text) paragraphs.push({ text, inArticle: articleDepth !== undefined });
    buffer = "";
  };

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        depth++;
        if (SKIPPED_TAGS.has(name)) skipDepth++;
        if (name === "title") inTitle = true;
        if (name === "meta" && attributes.name && attributes.content !== undefined) meta[attributes.name] = attributes.content;
        if (articleDepth === undefined && ARTICLE_CONTAINER.test(`${attributes.class ?? ""} ${attributes.id ?? ""}`)) {
          flush();
          articleDepth = depth;
        }
        if (name === "table") {
          if (tableStack.length === 0) flush();
          tableStack.push({ rows: [] });
          return;
        }
        const table = tableStack[tableStack.length - 1];
        if (table) {
          if (name === "tr") table.rows.push([]);
          else if (name === "td" || name === "th") {
            if (table.rows.length === 0) table.rows.push([]);
            cell = {
              text: "",
              rowspan: Math.max(1, Number.parseInt(attributes.rowspan ?? "1", 10) || 1),
              colspan: Math.max(1, Number.parseInt(attributes.colspan ?? "1", 10) || 1),
            };
            table.rows[table.rows.length - 1]!.push(cell);
          }
          return;
        }
        if (BLOCK_TAGS.has(name)) flush();
      },
      ontext(text) {
        if (inTitle) htmlTitle += text;
        if (skipDepth > 0) return;
        if (tableStack.length > 0) {
          if (cell) cell.text += text;
          return;
        }
        buffer += text;
      },
      onclosetag(name) {
        if (SKIPPED_TAGS.has(name)) skipDepth = Math.max(0, skipDepth - 1);
        if (name === "title") inTitle = false;
        if (name === "table") {
          const raw = tableStack.pop();
          cell = undefined;
          if (raw) tables.push(toGrid(raw, tables.length + 1));
        } else if (name === "td" || name === "th") cell = undefined;
        else if (tableStack.length === 0 && BLOCK_TAGS.has(name)) flush();
        if (articleDepth !== undefined && depth === articleDepth) {
          flush();
          articleDepth = undefined;
        }
        depth--;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  flush();

  const inArticle = paragraphs.filter((p) => p.inArticle);
  const chosen = inArticle.length > 0 ? inArticle : paragraphs;
  const title = meta.ArticleTitle?.trim() || htmlTitle.split("_")[0]?.trim() || undefined;
  const publishedAt = normalizeDate(meta.PubDate) ?? findPublishedDate(chosen.map((p) => p.text));
  return {
    format: "html",
    ...(title ? { title } : {}),
    ...(publishedAt ? { publishedAt } : {}),
    paragraphs: chosen.map((p) => p.text),
    tables,
  };
}

function toGrid(raw: RawTable, index: number): LayoutTable {
  // Standard HTML table model: a cell occupies the first free grid column of its row, after the cells
  // that earlier rows' rowspans carry down.
  const occupied: boolean[][] = [];
  const rows: LayoutRow[] = raw.rows.map((cells, r) => {
    const out: LayoutCell[] = [];
    let col = 0;
    for (const c of cells) {
      while (occupied[r]?.[col]) col++;
      for (let dr = 0; dr < c.rowspan; dr++) {
        const line = (occupied[r + dr] ??= []);
        for (let dc = 0; dc < c.colspan; dc++) line[col + dc] = true;
      }
      out.push({ text: c.text.replace(/[\s\u00a0\u3000]+/g, " ").trim(), col, span: c.colspan });
      col += c.colspan;
    }
    return { cells: out, where: `第${index}个表格第${r + 1}行` };
  });
  return { rows: rows.filter((r) => r.cells.length > 0), where: `第${index}个表格` };
}

export function normalizeDate(text: string | undefined): string | undefined {
  const m = text && /(\d{4})[-年./](\d{1,2})[-月./](\d{1,2})/.exec(text);
  return m ? `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}` : undefined;
}

function findPublishedDate(paragraphs: readonly string[]): string | undefined {
  for (const p of paragraphs.slice(0, 10)) {
    const m = /(发布日期|发布时间|时间)[:：]\s*(\d{4}-\d{1,2}-\d{1,2})/.exec(p);
    if (m) return normalizeDate(m[2]);
  }
  return undefined;
}
