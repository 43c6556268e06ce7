import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../support/harness";

/** POST /v1/imports: a published report in, its sections out, nothing stored (issue 9, stateless part). */
const CORPUS = join(process.cwd(), "..", "shared", "corpus");
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

let api: TestApi;
let token: string;

async function upload(body: Uint8Array | string, contentType: string) {
  const response = await api.runtime.app.request("/v1/imports", {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": contentType },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers, text };
}

beforeAll(async () => {
  api = await createTestApi();
  token = await api.editorToken("any-agency");
});

describe("POST /v1/imports", () => {
  it("reads a real portal page into the section shapes with provenance, and stores nothing", async () => {
    const before = await api.request("GET", "/v1/agencies", { token: api.adminToken });
    const page = await api.request("POST", "/v1/imports", { token, rawBody: readFileSync(join(CORPUS, "pt-gaj-2024.page.html"), "utf8"), headers: { "content-type": "text/html" } });
    expect(page.status, page.text.slice(0, 500)).toBe(200);
    expect(page.body).toMatchObject({ format: "html", templateVersion: "2021", reportYear: 2024 });
    expect(Object.keys(page.body.sections)).toEqual(expect.arrayContaining(["activeDisclosure", "applications", "reviewLitigation"]));
    expect(Object.keys(page.body.provenance).length).toBeGreaterThan(100);
    const after = await api.request("GET", "/v1/agencies", { token: api.adminToken });
    expect(after.body).toEqual(before.body);
  });

  it("reads the real PDF", async () => {
    const pdf = await upload(readFileSync(join(CORPUS, "hongze-district-2024.pdf")), "application/pdf");
    expect(pdf.status, pdf.text.slice(0, 500)).toBe(200);
    expect(pdf.body.format).toBe("pdf");
    expect(pdf.body.reportYear).toBe(2024);
  });

  it("refuses what is not a report with a clear 4xx in the error shape", async () => {
    const random = await upload(new Uint8Array(Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256)), "application/pdf");
    expect(random.status).toBe(422);
    expect(random.body.error.code).toBe("DOCUMENT_REJECTED");
    const truncated = await upload(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), DOCX);
    expect(truncated.status).toBe(422);
    const noTables = await api.request("POST", "/v1/imports", { token, rawBody: "<html><body><p>通知公告</p></body></html>", headers: { "content-type": "text/html" } });
    expect(noTables.status).toBe(422);
    expect(noTables.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    const tooLarge = await upload(new Uint8Array(5 * 1024 * 1024), "application/pdf");
    expect(tooLarge.status).toBe(413);
    const wrongType = await upload("x", "image/png");
    expect(wrongType.status).toBe(415);
  });
});
