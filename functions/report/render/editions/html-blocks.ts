/**
 * Reads the page renderer's own HTML fragments back as blocks (headings, paragraphs, tables with
 * their spans), so the Word and PDF editions lay out exactly what the HTML page shows: labels,
 * spans, numbers and narrative text all come from the same renderers, never from a second copy.
 *
 * It understands only what render/ emits (escaped text, double-quoted attributes, no scripts);
 * screen-reader-only captions, column groups and the phone's scroll hint are not print content
 * and are dropped. Inline elements (`<span>`, `<a>`, `<wbr>`) are transparent.
 */

export type CellRole = "title" | "column" | "row" | "note" | "data";

export interface EditionCell {
  text: string;
  colSpan: number;
  rowSpan: number;
  /** A `<th>`: bold in print. */
  header: boolean;
  /** What the cell is in the template's layout, from the renderer's classes. */
  role: CellRole;
}

export interface EditionRow {
  cells: EditionCell[];
  /** Inside `<thead>`: repeated at the top of every page the table runs onto. */
  inHead: boolean;
}

export interface EditionTable {
  /** The renderer's table class (`t2`, `t3`, `t4`), which picks the print column widths. */
  kind: string;
  /** The section heading the table belongs to (its HTML caption). */
  caption: string;
  rows: EditionRow[];
}

export type EditionBlock =
  | { kind: "heading"; level: 1 | 2 | 3; text: string }
  | { kind: "paragraph"; text: string; placeholder?: boolean }
  | { kind: "table"; table: EditionTable };

const TOKEN = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*\/?>|([^<]+)/g;
const ATTRIBUTE = /([^\s=>]+)(?:="([^"]*)")?/g;
const VOID_ELEMENTS = new Set(["br", "col", "wbr", "img", "hr", "meta", "link", "input"]);
/** Elements whose content is for screen readers or the screen only. */
const SKIPPED_ELEMENTS = new Set(["caption", "colgroup", "style", "script"]);
const SKIPPED_CLASSES = ["sr-only", "scroll-hint"];

/** Elements whose text is one block: headings, paragraphs and list items (a note listing reports, say). */
const TEXT_BLOCK_TAGS = /^(p|li|h[1-6])$/;

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (whole, body: string) => {
    if (body.startsWith("#x") || body.startsWith("#X")) return String.fromCodePoint(parseInt(body.slice(2), 16));
    if (body.startsWith("#")) return String.fromCodePoint(parseInt(body.slice(1), 10));
    return ENTITIES[body.toLowerCase()] ?? whole;
  });
}

function parseAttributes(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of source.matchAll(ATTRIBUTE)) attributes[match[1]!.toLowerCase()] = decodeEntities(match[2] ?? "");
  return attributes;
}

const classesOf = (attributes: Record<string, string>) => (attributes.class ?? "").split(/\s+/).filter(Boolean);

function cellRole(tag: string, classes: string[], inHead: boolean): CellRole {
  if (classes.includes("note")) return "note";
  if (classes.includes("block-title")) return "title";
  if (classes.includes("row-head")) return "row";
  if (classes.includes("col-head")) return "column";
  if (tag === "th") return inHead ? "column" : "row";
  return "data";
}

const positiveInteger = (value: string | undefined) => {
  const n = value === undefined ? 1 : Number(value);
  return Number.isInteger(n) && n > 0 ? n : 1;
};

/** Collapses the source's layout whitespace; explicit `<br>` line breaks survive as "\n". */
const normalise = (text: string) =>
  text
    .split("\n")
    .map((line) => line.replace(/\s+/g, " ").trim())
    .join("\n")
    .trim();

/** The blocks of one rendered fragment, in document order. */
export function htmlToBlocks(html: string, skippedClasses: readonly string[] = []): EditionBlock[] {
  const skipClasses = [...SKIPPED_CLASSES, ...skippedClasses];
  const blocks: EditionBlock[] = [];
  // Open elements; `skip` marks one whose content is not print content (and so everything inside).
  const open: { tag: string; skip: boolean }[] = [];
  const skipping = () => open.some((element) => element.skip);
  let text: string | undefined;
  let textBlock: { kind: "heading"; level: 1 | 2 | 3 } | { kind: "paragraph"; placeholder: boolean } | undefined;
  let table: EditionTable | undefined;
  let row: EditionRow | undefined;
  let cell: EditionCell | undefined;
  let inHead = false;

  for (const match of html.matchAll(TOKEN)) {
    const [, closing, rawTag, rawAttributes, rawText] = match;
    if (rawText !== undefined) {
      if (!skipping() && text !== undefined) text += decodeEntities(rawText);
      continue;
    }
    const tag = rawTag!.toLowerCase();
    if (closing) {
      const index = open.map((element) => element.tag).lastIndexOf(tag);
      if (index < 0) continue;
      const wasSkipping = skipping();
      open.splice(index);
      if (wasSkipping) continue;
      if (TEXT_BLOCK_TAGS.test(tag) && textBlock && text !== undefined) {
        const content = normalise(text);
        if (content !== "") {
          blocks.push(textBlock.kind === "heading" ? { ...textBlock, text: content } : { kind: "paragraph", text: content, ...(textBlock.placeholder ? { placeholder: true } : {}) });
        }
        textBlock = undefined;
        text = undefined;
      } else if ((tag === "th" || tag === "td") && cell && row && text !== undefined) {
        cell.text = normalise(text);
        row.cells.push(cell);
        cell = undefined;
        text = undefined;
      } else if (tag === "tr" && row && table) {
        table.rows.push(row);
        row = undefined;
      } else if (tag === "thead") {
        inHead = false;
      } else if (tag === "table" && table) {
        blocks.push({ kind: "table", table });
        table = undefined;
      }
      continue;
    }

    const attributes = parseAttributes(rawAttributes ?? "");
    const classes = classesOf(attributes);
    if (VOID_ELEMENTS.has(tag)) {
      if (tag === "br" && !skipping() && text !== undefined) text += "\n";
      continue;
    }
    const skip = SKIPPED_ELEMENTS.has(tag) || classes.some((c) => skipClasses.includes(c));
    const insideSkipped = skipping();
    open.push({ tag, skip });
    if (skip || insideSkipped) continue;
    if (tag === "table") {
      const kind = classes.find((c) => /^t\d$/.test(c)) ?? "";
      table = { kind, caption: captionOf(html, match.index ?? 0), rows: [] };
    } else if (tag === "thead") {
      inHead = true;
    } else if (tag === "tr" && table) {
      row = { cells: [], inHead };
    } else if ((tag === "th" || tag === "td") && row) {
      cell = {
        text: "",
        colSpan: positiveInteger(attributes.colspan),
        rowSpan: positiveInteger(attributes.rowspan),
        header: tag === "th",
        role: cellRole(tag, classes, inHead),
      };
      text = "";
    } else if ((tag === "p" || tag === "li") && !table && !textBlock) {
      textBlock = { kind: "paragraph", placeholder: classes.includes("placeholder") };
      text = "";
    } else if (/^h[1-6]$/.test(tag) && !table && !textBlock) {
      textBlock = { kind: "heading", level: Math.min(3, Number(tag[1])) as 1 | 2 | 3 };
      text = "";
    }
  }
  return blocks;
}

/** The table's `<caption>` text (screen-reader only, so skipped as content, but it names the table). */
function captionOf(html: string, tableStart: number): string {
  const match = /<caption[^>]*>([^<]*)<\/caption>/.exec(html.slice(tableStart));
  return match ? decodeEntities(match[1]!).trim() : "";
}
