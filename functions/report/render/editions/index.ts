/**
 * The Word and PDF editions of a published report version (issue 12 point 2): the same title,
 * headings, tables (labels and spans), numbers and text as the HTML page, from the same view.
 *
 * Importing this module is cheap: the DOCX writer needs only fflate, and the PDF writer (pdfkit,
 * fontkit and ~21 MB of font files) is loaded by dynamic import on the first `renderPdf` call, so
 * functions that never render a PDF never pay for it at cold start.
 */
import type { EditionView } from "./document";
import { renderDocx } from "./docx";
import { loadEditionFonts, type EditionFonts } from "./fonts";

export { renderDocx } from "./docx";
export { buildEditionDocument, type EditionDocument, type EditionView } from "./document";
export { BUNDLED_FONT_FOLDER, EDITION_FONT_FILES, loadEditionFonts, packageFontPath, type EditionFonts } from "./fonts";
export { DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE } from "./labels";

export interface PdfOptions {
  /** Font bytes; by default read once from `fontDirectory` or the installed npm package and kept. */
  fonts?: EditionFonts;
  /** Folder holding EDITION_FONT_FILES (a deployed function's asset folder). */
  fontDirectory?: string;
}

let cachedFonts: { directory: string | undefined; fonts: Promise<EditionFonts> } | undefined;

function defaultFonts(directory: string | undefined): Promise<EditionFonts> {
  if (!cachedFonts || cachedFonts.directory !== directory) {
    const fonts = loadEditionFonts(directory);
    // A failed read is not cached: the next publish tries again.
    fonts.catch(() => (cachedFonts = undefined));
    cachedFonts = { directory, fonts };
  }
  return cachedFonts.fonts;
}

/**
 * Both renderers with one font source: what the publish worker and the local runner hand to the
 * composition root (functions/core.ts, `editionRenderer`).
 */
export function editionRenderer(options: PdfOptions = {}): {
  docx: (view: EditionView) => Uint8Array;
  pdf: (view: EditionView) => Promise<Uint8Array>;
} {
  return { docx: renderDocx, pdf: (view) => renderPdf(view, options) };
}

export async function renderPdf(view: EditionView, options: PdfOptions = {}): Promise<Uint8Array> {
  const [{ renderPdfWithFonts }, fonts] = await Promise.all([
    import("./pdf"),
    options.fonts ? Promise.resolve(options.fonts) : defaultFonts(options.fontDirectory),
  ]);
  return renderPdfWithFonts(view, fonts);
}
