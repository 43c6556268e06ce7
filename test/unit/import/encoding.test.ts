/**
 * Encodings of HTML and text imports (decode.ts): GBK bytes declared as UTF-8 are refused with a
 * Chinese message that names the declaration, the first bad byte and what the bytes really are;
 * UTF-8 bytes declared as GBK are read as UTF-8 with a review note. GBK bytes come from iconv-lite.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { EncodingMismatchError, ImportError, importReport } from "../../../functions/report/import";
import { firstInvalidUtf8Offset } from "../../../functions/report/import/decode";
import { CORPUS_DIR, reviewOf } from "./corpus-helpers";

const utf8Page = readFileSync(join(CORPUS_DIR, "pt-gaj-2024.page.html"), "utf8");
const withMeta = (charset: string) => utf8Page.replace(/<meta charset="UTF-8"\s*\/?>/i, `<meta charset="${charset}" />`);
const gbk = (text: string) => new Uint8Array(iconv.encode(text, "gbk"));

async function rejection(bytes: Uint8Array, contentType: string): Promise<EncodingMismatchError> {
  const error = await importReport(bytes, contentType).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EncodingMismatchError);
  return error as EncodingMismatchError;
}

describe("GBK bytes declared as UTF-8", () => {
  it("are refused: the message names <meta charset>, the first bad byte, and that the bytes read as GBK", async () => {
    const bytes = gbk(withMeta("utf-8"));
    const error = await rejection(bytes, "text/html");
    expect(error).toBeInstanceOf(ImportError); // the service maps every ImportError to 422 DOCUMENT_REJECTED
    const offset = error.found.offset!;
    // The offset is where a strict UTF-8 decoder first fails: everything before it decodes.
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, offset))).not.toThrow();
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, offset + 4))).toThrow();
    expect(error.message).toBe(
      `文件在 <meta charset> 中声明的字符编码为 UTF-8，但第 ${offset + 1} 个字节起不是有效的 UTF-8 文本；内容按 GBK/GB18030 可以完整读出，应是 GBK 编码的文件。请把声明改为 charset=GBK，或将文件另存为 UTF-8 编码后再导入`,
    );
  });

  it("are refused when the declaration is the Content-Type's charset (plain text)", async () => {
    const report = readFileSync(join(CORPUS_DIR, "pt-gaj-2024.page.txt"), "utf8");
    const error = await rejection(gbk(report), "text/plain; charset=UTF-8");
    expect(error.found.source).toBe("Content-Type");
    expect(error.message).toContain("文件在 Content-Type 中声明的字符编码为 UTF-8");
    // The same bytes without a declaration are read as GB18030.
    const undeclared = await importReport(gbk(report), "text/plain");
    expect(undeclared.agencyName).toBe("平潭综合实验区公安局");
  });

  it("say so when the bytes are not GBK either", async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('<html><head><meta charset="utf-8"></head><body><p>'), 0x81, 0x20, 0xff]);
    const error = await rejection(bytes, "text/html");
    expect(error.found.readsAsGb18030).toBe(false);
    expect(error.message).toContain("内容也不是有效的 GBK/GB18030 文本");
  });

  it("are read as GBK when the document declares GBK and only the upload's Content-Type says UTF-8", async () => {
    const result = await importReport(gbk(withMeta("gbk")), "text/html; charset=utf-8");
    expect(result.agencyName).toBe("平潭综合实验区公安局");
  });
});

describe("UTF-8 bytes declared as GBK", () => {
  it("are read as UTF-8, the cells as in the original, with a review note on the wrong declaration", async () => {
    const original = await importReport(new TextEncoder().encode(utf8Page), "text/html");
    const redeclared = await importReport(new TextEncoder().encode(withMeta("gb2312")), "text/html");
    expect(redeclared.sections.applications).toEqual(original.sections.applications);
    expect(reviewOf(redeclared, "format").map((r) => r.reason)).toEqual([
      "文件在 <meta charset> 中声明为 GB2312，但内容是有效的 UTF-8 文本，已按 UTF-8 读取；原文件的编码声明有误",
    ]);
    expect(reviewOf(original, "format")).toEqual([]);
  });
});

describe("firstInvalidUtf8Offset", () => {
  it("agrees with the platform's strict UTF-8 decoder on any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.string({ unit: "grapheme", maxLength: 16 }), (noise, text) => {
        const bytes = new Uint8Array([...new TextEncoder().encode(text), ...noise]);
        const offset = firstInvalidUtf8Offset(bytes);
        const strict = (b: Uint8Array) => {
          try {
            new TextDecoder("utf-8", { fatal: true }).decode(b);
            return true;
          } catch {
            return false;
          }
        };
        if (offset < 0) return strict(bytes);
        return strict(bytes.subarray(0, offset)) && !strict(bytes.subarray(0, Math.min(bytes.length, offset + 4)));
      }),
      { numRuns: 2000 },
    );
  });
});
