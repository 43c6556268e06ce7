/**
 * Bytes to text for HTML and plain text: a BOM wins, then the declared charset (meta charset, or the
 * content type's charset), else UTF-8 if the bytes are valid UTF-8, else GB18030 (a superset of GBK and
 * GB2312). Bytes that are not valid in the declared UTF-8 are refused rather than decoded into mojibake.
 */
import { EncodingMismatchError } from "./errors";

const GB_NAMES = /^(gb2312|gbk|gb18030|x-gbk|cp936|windows-936)$/i;

export function declaredCharset(bytes: Uint8Array, contentType: string): string | undefined {
  const fromType = /charset\s*=\s*"?([\w-]+)/i.exec(contentType)?.[1];
  // meta charset is ASCII inside the first bytes of the document whatever the encoding.
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 4096));
  const fromMeta =
    /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1];
  return (fromMeta ?? fromType)?.toLowerCase();
}

export async function decodeText(bytes: Uint8Array, contentType: string): Promise<string> {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder("utf-8").decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  const declared = declaredCharset(bytes, contentType);
  if (declared && GB_NAMES.test(declared)) return decodeGb18030(bytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    if (declared === "utf-8" || declared === "utf8") throw new EncodingMismatchError("UTF-8");
    return decodeGb18030(bytes);
  }
}

/**
 * GB18030 through the platform's WHATWG decoder (Node's full ICU, as on Lambda): iconv-lite did the
 * same in 493 KB of bundled tables, which every api cold start parsed (bench/results.json, api
 * topInputs, 2026-12-01: api bundle 955 KB, iconv-lite 493 KB of it).
 */
async function decodeGb18030(bytes: Uint8Array): Promise<string> {
  return new TextDecoder("gb18030").decode(bytes);
}
