import { attrs, escapeHtml } from "../html";
import { UI } from "../ui-labels";

/**
 * Table cells with the explicit header associations of WCAG technique H43: every header cell has
 * an id and every data cell lists, in `headers`, all the header cells that apply to it (column
 * headers first, then row headers). The template's multi-level headers with row- and colspans are
 * beyond what `scope` alone can express reliably, so the association is spelled out.
 */

export interface CellOptions {
  id?: string;
  colspan?: number;
  rowspan?: number;
  scope?: "col" | "colgroup" | "row" | "rowgroup";
  headers?: readonly string[];
  className?: string;
}

const span = (n: number | undefined) => (n !== undefined && n > 1 ? n : undefined);

/** The cell's attributes in a fixed order (id, class, colspan, rowspan, scope, headers), escaped. */
function cellAttributes(options: CellOptions): string {
  let out = "";
  if (options.id !== undefined) out += ` id="${escapeHtml(options.id)}"`;
  if (options.className !== undefined) out += ` class="${escapeHtml(options.className)}"`;
  const colspan = span(options.colspan);
  if (colspan !== undefined) out += ` colspan="${colspan}"`;
  const rowspan = span(options.rowspan);
  if (rowspan !== undefined) out += ` rowspan="${rowspan}"`;
  if (options.scope !== undefined) out += ` scope="${options.scope}"`;
  if (options.headers && options.headers.length > 0) out += ` headers="${escapeHtml(options.headers.join(" "))}"`;
  return out;
}

export function th(text: string, options: CellOptions = {}): string {
  return `<th${cellAttributes(options)}>${escapeHtml(text)}</th>`;
}

export function td(text: string, options: CellOptions = {}): string {
  return `<td${cellAttributes(options)}>${escapeHtml(text)}</td>`;
}

/**
 * A data cell that may hold a value an import could not read (null, or absent in old data). Such a
 * cell is visibly blank — never 0, which would be a claim the document did not make — and says why
 * on hover (`title`) and to screen readers (`aria-label`).
 */
export function valueTd(value: number | string | null | undefined, format: (value: number) => string, options: CellOptions = {}): string {
  if (value === null || value === undefined) return unreadTd(options);
  return td(typeof value === "number" ? format(value) : value, options);
}

export function unreadTd(options: CellOptions = {}): string {
  const className = options.className ? `${options.className} unread` : "unread";
  return `<td${cellAttributes({ ...options, className })}${attrs({ title: UI.unreadCell, "aria-label": UI.unreadCell })}></td>`;
}

/** Under a table that has unread cells: what a blank cell means, for readers who cannot hover. */
export function unreadNote(hasUnread: boolean): string {
  return hasUnread ? `<p class="unread-note">${escapeHtml(UI.unreadCellsNote)}</p>` : "";
}

export function tr(cells: readonly string[]): string {
  return `<tr>${cells.join("")}</tr>`;
}

/**
 * A wide table inside a horizontally scrollable region. The region is a labelled `<section>` (the
 * native element for role=region) and focusable, so a keyboard user can scroll it (axe:
 * scrollable-region-focusable). On a phone the hint says it scrolls; the row labels stay in view
 * (sticky label columns, see styles.ts).
 */
export function scrollableTable(label: string, table: string): string {
  return [
    `<p class="scroll-hint">${escapeHtml(UI.tableScrollHint)}</p>`,
    `<section class="table-wrap"${attrs({ "aria-label": label, tabindex: 0 })}>`,
    table,
    `</section>`,
  ].join("\n");
}

/** The table caption repeats the section heading for screen readers; sighted readers see the h2. */
export function caption(text: string): string {
  return `<caption class="sr-only">${escapeHtml(text)}</caption>`;
}
