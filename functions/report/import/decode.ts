/**
 * Bytes to text for HTML and plain text. A BOM wins. Otherwise the bytes decide between UTF-8 and
 * GB18030 (a superset of GBK and GB2312), checked against what the document declares (`<meta charset>`,
 * the Content-Type's charset):
 *
 * - valid UTF-8 → UTF-8. Chinese text in GBK is practically never valid UTF-8, so a page re-saved as
 *   UTF-8 that still says `charset=gbk` is read as UTF-8, with a note that its declaration is wrong.
 * - not UTF-8, declared GB (or nothing) → GB18030.
 * - not UTF-8 but declared UTF-8 (GBK bytes declared as UTF-8) → refused with EncodingMismatchError
 *   (422). Not repaired: the original is kept as the report's source file on the site, where a browser
 *   would follow the same wrong declaration and show mojibake; and an import records the document as
 *   published, never corrected. The message says where the declaration is, the first invalid byte, and
 *   whether the bytes read cleanly as GB18030, so the county can fix the file in a minute.
 */
import { EncodingMismatchError } from "./errors";

const GB_NAMES = /^(gb2312|gbk|gb18030|x-gbk|cp936|windows-936)$/i;
const UTF8_NAMES = /^utf-?8$/i;

export interface CharsetDeclaration {
  charset: string;
  /** Where the document declares it, in the words of the error message. */
  source: "<meta charset>" | "Content-Type";
}

export function declaredCharsets(bytes: Uint8Array, contentType: string): CharsetDeclaration[] {
  const declarations: CharsetDeclaration[] = [];
  // meta charset is ASCII inside the first bytes of the document whatever the encoding.
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 4096));
  const fromMeta = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1];
  if (fromMeta) declarations.push({ charset: fromMeta.toLowerCase(), source: "<meta charset>" });
  const fromType = /charset\s*=\s*"?([\w-]+)/i.exec(contentType)?.[1];
  if (fromType) declarations.push({ charset: fromType.toLowerCase(), source: "Content-Type" });
  return declarations;
}

/** The first byte offset at which `bytes` stop being UTF-8, or -1 when they are UTF-8 throughout. */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    // Overlong, surrogate and out-of-range forms, as the WHATWG decoder refuses them.
    const second = bytes[i + 1] ?? 0;
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second > 0x9f) || (b === 0xf0 && second < 0x90) || (b === 0xf4 && second > 0x8f)) return i;
    i += length;
  }
  return -1;
}

export interface DecodedText {
  text: string;
  /** Set when the document's own declaration was wrong and the bytes were read by what they are. */
  encodingNote?: string;
}

export async function decodeText(bytes: Uint8Array, contentType: string): Promise<string> {
  return (await decodeDocument(bytes, contentType)).text;
}

export async function decodeDocument(bytes: Uint8Array, contentType: string): Promise<DecodedText> {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder("utf-8").decode(bytes.subarray(3)) };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)) };
  const declarations = declaredCharsets(bytes, contentType);
  const gb = declarations.find((d) => GB_NAMES.test(d.charset));
  const invalidAt = firstInvalidUtf8Offset(bytes);
  if (invalidAt < 0) {
    const text = new TextDecoder("utf-8").decode(bytes);
    // Pure ASCII reads the same in both; only real multibyte UTF-8 contradicts a GB declaration.
    const multibyte = bytes.some((b) => b >= 0x80);
    return gb && multibyte
      ? { text, encodingNote: `文件在 ${gb.source} 中声明为 ${gb.charset.toUpperCase()}，但内容是有效的 UTF-8 文本，已按 UTF-8 读取；原文件的编码声明有误` }
      : { text };
  }
  const utf8 = declarations.find((d) => UTF8_NAMES.test(d.charset));
  if (utf8 && !gb) {
    const readsAsGb = (() => {
      try {
        new TextDecoder("gb18030", { fatal: true }).decode(bytes);
        return true;
      } catch {
        return false;
      }
    })();
    throw new EncodingMismatchError("UTF-8", { source: utf8.source, offset: invalidAt, readsAsGb18030: readsAsGb });
  }
  return { text: decodeGb18030(bytes) };
}

/**
 * GB18030 through the platform's WHATWG decoder (Node's full ICU, as on Lambda): iconv-lite did the
 * same in 493 KB of bundled tables, which every api cold start parsed (bench/results.json, api
 * topInputs, 2026-12-01: api bundle 955 KB, iconv-lite 493 KB of it).
 */
function decodeGb18030(bytes: Uint8Array): string {
  return new TextDecoder("gb18030").decode(bytes);
}
