/** Plain-text tables for the benchmark report (monospace, right-aligned numbers). */

export type Cell = string | number | boolean | undefined | null;

function show(cell: Cell): string {
  if (cell === undefined || cell === null) return "–";
  if (typeof cell === "boolean") return cell ? "yes" : "no";
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) return String(cell);
    return Number.isInteger(cell) ? cell.toLocaleString("en-US") : String(cell);
  }
  return cell;
}

/** Display width: CJK characters take two columns. */
function width(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u2e80-\u9fff\uff00-\uffef]/u.test(ch) ? 2 : 1;
  return w;
}

export function table(title: string, headers: string[], rows: Cell[][]): string {
  const cells = rows.map((row) => row.map(show));
  const widths = headers.map((h, i) => Math.max(width(h), ...cells.map((row) => width(row[i] ?? ""))));
  const pad = (text: string, i: number, left: boolean) => {
    const fill = " ".repeat(Math.max(0, widths[i]! - width(text)));
    return left ? text + fill : fill + text;
  };
  const line = (row: string[], header = false) =>
    row.map((text, i) => pad(text, i, i === 0 || header || !/^[-+]?[\d,.]+( ?[a-zA-Z%µ×]+)?$|^–$/u.test(text))).join("  ");
  return [title, line(headers, true), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map((row) => line(row))].join("\n");
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
