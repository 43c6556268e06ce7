/**
 * Stand-in for `brotli/decompress.js`, for bundlers to alias it to (esbuild
 * `--alias:brotli/decompress.js=<this file>`). fontkit imports the Brotli decoder only to read WOFF2
 * fonts; the editions embed a TrueType font, and the decoder's dictionary is 1.3 MB of the bundle
 * (about half of the PDF code minified).
 */
export default function decompressBrotli(): never {
  throw new Error("WOFF2 fonts are not supported by the report editions");
}
