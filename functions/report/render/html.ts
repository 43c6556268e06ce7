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

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]!);
}

/** Renders attributes, skipping undefined ones; values are escaped. */
export function attrs(attributes: Record<string, string | number | undefined>): string {
  return Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeHtml(String(value))}"`)
    .join("");
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
