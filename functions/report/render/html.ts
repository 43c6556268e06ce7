/**
 * The only way text reaches the HTML: every value a clerk typed is plain text and goes through
 * `escapeHtml` (also used for attribute values, which are always double-quoted), so a `<script>`
 * typed into any field is shown as text and never runs.
 */

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

const NEEDS_ESCAPE = /[&<>"']/;

/**
 * Most strings of a page (numbers, ids, class names, labels) have nothing to escape: testing first
 * and building no new string for them, with attrs() as a plain loop, took the page of bench (b)
 * from 0.61 to 0.36 ms (docs/performance.md, 2026-12-03), output byte for byte the same.
 */
export function escapeHtml(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]!) : text;
}

/** Renders attributes, skipping undefined ones; values are escaped. A loop: a page renders thousands. */
export function attrs(attributes: Record<string, string | number | undefined>): string {
  let out = "";
  for (const name in attributes) {
    const value = attributes[name];
    if (value === undefined) continue;
    out += ` ${name}="${typeof value === "number" ? value : escapeHtml(value)}"`;
  }
  return out;
}

/** Plain text with line breaks → one escaped `<p>` per non-empty line. */
export function paragraphs(text: string, className?: string): string {
  return splitParagraphs(text)
    .map((line) => `<p${attrs({ class: className })}>${escapeHtml(line)}</p>`)
    .join("\n");
}

export function splitParagraphs(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** A relative link built from a caller-given href (escaped, never interpreted). */
export function link(href: string, text: string, extra: Record<string, string | undefined> = {}): string {
  return `<a${attrs({ href, ...extra })}>${escapeHtml(text)}</a>`;
}

const TITLE_CORE = "政府信息公开工作";

/**
 * A page title (h1) cut into pieces that are each kept on one line (`.title-line`), with break
 * opportunities only between them: `{机关}` · `{YYYY年}政府信息公开工作` · `年度报告…`. So a narrow
 * screen or an A4 page never leaves one lone character on the last line, in browsers and print
 * engines without `text-wrap: balance` too. Titles without the usual wording stay one piece.
 */
export function titleHtml(title: string): string {
  const at = title.indexOf(TITLE_CORE);
  const rest = at < 0 ? "" : title.slice(at + TITLE_CORE.length);
  if (at < 0 || rest === "") return escapeHtml(title);
  // The year (“2024年”, “2024年度”) stays with 政府信息公开工作.
  const year = /\d{4}年度?$/u.exec(title.slice(0, at))?.[0] ?? "";
  const organ = title.slice(0, at - year.length);
  if (organ === "") return escapeHtml(title);
  return [organ, `${year}${TITLE_CORE}`, rest].map((piece) => `<span class="title-line">${escapeHtml(piece)}</span>`).join("<wbr>");
}
