import { escapeHtml } from "./html";
import { PAGE_CSS } from "./styles";

export interface PageShell {
  title: string;
  /** Already-rendered HTML of the nav, main and footer. */
  nav?: string;
  main: string;
  footer?: string;
  /** Previews are not meant for search engines. */
  noIndex?: boolean;
}

// Defence in depth on top of escaping: the pages need no script, so none may run, whatever a
// future bug lets through. Inline styles stay allowed because the stylesheet is inlined.
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

export function renderPageShell(shell: PageShell): string {
  return [
    "<!DOCTYPE html>",
    `<html lang="zh-CN">`,
    "<head>",
    `<meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    shell.noIndex ? `<meta name="robots" content="noindex">` : "",
    `<title>${escapeHtml(shell.title)}</title>`,
    `<style>${PAGE_CSS}</style>`,
    "</head>",
    "<body>",
    `<div class="page">`,
    shell.nav ?? "",
    `<main>`,
    shell.main,
    `</main>`,
    shell.footer ?? "",
    `</div>`,
    "</body>",
    "</html>",
  ]
    .filter((line) => line !== "")
    .join("\n")
    .concat("\n");
}
