import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";

/**
 * The CJK fonts embedded in the PDF edition: Noto Sans SC (思源黑体, SIL OFL 1.1) as TrueType from
 * the npm package @expo-google-fonts/noto-sans-sc, so nothing is fetched at run time. TrueType
 * (glyf) outlines subset reliably with fontkit; the PDF carries only the glyphs the report uses.
 */
export interface EditionFonts {
  regular: Uint8Array;
  bold: Uint8Array;
}

/** File names, the same in the npm package and in a Lambda asset folder the bundler copies them to. */
export const EDITION_FONT_FILES = {
  regular: "NotoSansSC_400Regular.ttf",
  bold: "NotoSansSC_700Bold.ttf",
} as const;

/** Where a deployed function keeps them: a folder beside its bundle (lib/constructs/service-function.ts copies them). */
export const BUNDLED_FONT_FOLDER = "fonts";

const PACKAGE = "@expo-google-fonts/noto-sans-sc";
const PACKAGE_FOLDERS = { regular: "400Regular", bold: "700Bold" } as const;

/**
 * Reads the two font files: from `directory` when given (a deployed function ships them beside its
 * bundle, where node_modules does not exist), otherwise from the installed npm package.
 */
export async function loadEditionFonts(directory?: string): Promise<EditionFonts> {
  const path = (weight: keyof EditionFonts) =>
    directory ? join(directory, EDITION_FONT_FILES[weight]) : packageFontPath(weight);
  const [regular, bold] = await Promise.all([readFile(path("regular")), readFile(path("bold"))]);
  return { regular, bold };
}

/** Where the installed package keeps one weight (for copying into a deployment asset too). */
export function packageFontPath(weight: keyof EditionFonts): string {
  const require = createRequire(import.meta.url);
  return require.resolve(`${PACKAGE}/${PACKAGE_FOLDERS[weight]}/${EDITION_FONT_FILES[weight]}`);
}
