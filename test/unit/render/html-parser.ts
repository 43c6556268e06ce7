/**
 * A tiny HTML parser for structural assertions on the renderer's own output (well-formed, no
 * scripts), so the tests need no extra dependency. It knows void elements and raw-text elements,
 * decodes the entities the renderer emits, and tolerates a stray end tag by popping to its match.
 */

export interface ElementNode {
  type: "element";
  tag: string;
  attrs: Record<string, string>;
  children: HtmlNode[];
  parent?: ElementNode;
}
export interface TextNode {
  type: "text";
  text: string;
}
export type HtmlNode = ElementNode | TextNode;

const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);
const RAW_TEXT = new Set(["script", "style"]);

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === "#") {
      const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return String.fromCodePoint(code);
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

function parseAttributes(source: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const pattern = /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
  for (const match of source.matchAll(pattern)) {
    const name = match[1]!.toLowerCase();
    attrs[name] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? "");
  }
  return attrs;
}

export function parseHtml(html: string): ElementNode {
  const root: ElementNode = { type: "element", tag: "#document", attrs: {}, children: [] };
  const stack: ElementNode[] = [root];
  const current = () => stack[stack.length - 1]!;
  let i = 0;
  while (i < html.length) {
    if (html.startsWith("<!--", i)) {
      const end = html.indexOf("-->", i);
      i = end < 0 ? html.length : end + 3;
    } else if (html.startsWith("<!", i)) {
      i = html.indexOf(">", i) + 1;
    } else if (html.startsWith("</", i)) {
      const end = html.indexOf(">", i);
      const tag = html.slice(i + 2, end).trim().toLowerCase();
      const index = stack.map((e) => e.tag).lastIndexOf(tag);
      if (index > 0) stack.length = index;
      i = end + 1;
    } else if (html[i] === "<" && /[a-z]/i.test(html[i + 1] ?? "")) {
      const end = findTagEnd(html, i);
      const inner = html.slice(i + 1, end).replace(/\/$/, "");
      const tag = /^[^\s/>]+/.exec(inner)![0].toLowerCase();
      const element: ElementNode = { type: "element", tag, attrs: parseAttributes(inner.slice(tag.length)), children: [], parent: current() };
      current().children.push(element);
      i = end + 1;
      if (RAW_TEXT.has(tag)) {
        const close = html.toLowerCase().indexOf(`</${tag}`, i);
        const stop = close < 0 ? html.length : close;
        element.children.push({ type: "text", text: html.slice(i, stop) });
        i = close < 0 ? html.length : html.indexOf(">", close) + 1;
      } else if (!VOID.has(tag)) {
        stack.push(element);
      }
    } else {
      const next = html.indexOf("<", i + 1);
      const stop = next < 0 ? html.length : next;
      current().children.push({ type: "text", text: decodeEntities(html.slice(i, stop)) });
      i = stop;
    }
  }
  return root;
}

/** The `>` closing a start tag, skipping quoted attribute values. */
function findTagEnd(html: string, start: number): number {
  let quote: string | null = null;
  for (let i = start; i < html.length; i++) {
    const ch = html[i]!;
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === ">") {
      return i;
    }
  }
  throw new Error("unterminated tag");
}

// ---------------------------------------------------------------- queries

export function elements(node: ElementNode, predicate: (e: ElementNode) => boolean = () => true): ElementNode[] {
  const found: ElementNode[] = [];
  const visit = (n: ElementNode) => {
    for (const child of n.children) {
      if (child.type !== "element") continue;
      if (predicate(child)) found.push(child);
      visit(child);
    }
  };
  visit(node);
  return found;
}

export const byTag = (node: ElementNode, tag: string) => elements(node, (e) => e.tag === tag);
export const byClass = (node: ElementNode, cls: string) => elements(node, (e) => (e.attrs.class ?? "").split(/\s+/).includes(cls));

export function textOf(node: HtmlNode): string {
  return node.type === "text" ? node.text : node.children.map(textOf).join("");
}

export function ancestors(node: ElementNode): ElementNode[] {
  const list: ElementNode[] = [];
  for (let p = node.parent; p; p = p.parent) list.push(p);
  return list;
}

// ---------------------------------------------------------------- tables

export interface GridCell {
  element: ElementNode;
  tag: "th" | "td";
  text: string;
  row: number;
  col: number;
  rowspan: number;
  colspan: number;
}

/** The rows of a table (thead then tbodies, in document order), with the grid column of every cell. */
export function tableGrid(table: ElementNode): { rows: GridCell[][]; width: (rowIndex: number) => number } {
  const trs = elements(table, (e) => e.tag === "tr");
  const occupied: boolean[][] = [];
  const rows = trs.map((tr, r) => {
    occupied[r] ??= [];
    let col = 0;
    return tr.children
      .filter((c): c is ElementNode => c.type === "element" && (c.tag === "th" || c.tag === "td"))
      .map((element) => {
        while (occupied[r]![col]) col++;
        const rowspan = Number(element.attrs.rowspan ?? 1);
        const colspan = Number(element.attrs.colspan ?? 1);
        for (let dr = 0; dr < rowspan; dr++) {
          occupied[r + dr] ??= [];
          for (let dc = 0; dc < colspan; dc++) occupied[r + dr]![col + dc] = true;
        }
        const cell: GridCell = { element, tag: element.tag as "th" | "td", text: textOf(element).trim(), row: r, col, rowspan, colspan };
        col += colspan;
        return cell;
      });
  });
  return { rows, width: (r) => (occupied[r] ?? []).filter(Boolean).length };
}
