import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { exampleSections } from "../../fixtures/example";
import { createTestApi, type TestApi } from "../support/harness";

/**
 * Issue 9 points 2 and 4: a published report imported into the agency's history — stored as found,
 * its source kept and linked — feeds next year's cross-year rules (T2-X1, T3-X1), open-year's
 * carry-over and the history page; bad documents store nothing.
 */

const corpus = (name: string) => new Uint8Array(readFileSync(new URL(`../../../shared/corpus/${name}`, import.meta.url)));
const HTML = "text/html";
// Early 2026: the current reporting year is 2025, so 2024 and before are history.
const NOW = new Date("2026-01-10T02:00:00Z");
const clone = <T>(value: T): T => structuredClone(value);
type Rows = Record<string, Record<string, number>>;

let api: TestApi;
let editor: string;

const importPath = (agencyId: string, year: number) => `/v1/agencies/${agencyId}/reports/${year}/import`;

async function importDocument(agencyId: string, year: number, bytes: Uint8Array, contentType: string, token = api.adminToken) {
  return api.request("POST", importPath(agencyId, year), {
    token,
    rawBody: bytes,
    headers: { "content-type": contentType },
  });
}

beforeAll(async () => {
  api = await createTestApi({ clock: () => NOW });
  editor = await api.editorToken("pt-gaj");
  for (const [agencyId, fullName] of [
    ["pt-gaj", "平潭综合实验区公安局"],
    ["pt-czj", "平潭综合实验区财政金融局"],
    ["pt-jjf", "平潭综合实验区经济发展局"],
  ]) {
    // pt-gaj has a reminder address: an import must not copy it into the report it publishes.
    const reminder = agencyId === "pt-gaj" ? { reminderEmail: "gaj@pingtan.gov.cn" } : {};
    const created = await api.request("PUT", `/v1/agencies/${agencyId}`, { token: api.adminToken, body: { fullName, kind: "countyDepartment", ...reminder } });
    expect(created.status).toBe(201);
  }
});

describe("importing a past year into history", () => {
  let imported: any;

  it("stores the report as published version 1, marked imported, with its source file on the site and linked", async () => {
    const bytes = corpus("pt-gaj-2024.page.html");
    const response = await importDocument("pt-gaj", 2024, bytes, HTML);
    expect(response.status, response.text).toBe(201);
    expect(response.headers.get("location")).toBe("/v1/agencies/pt-gaj/reports/2024");
    expect(response.body).toMatchObject({ mode: "history", agencyId: "pt-gaj", year: 2024, templateVersion: "2021", version: 1 });
    expect(response.body.cellsRead).toBeGreaterThan(150);
    expect(response.body.sourceUrl).toMatch(/reports\/2024\/pt-gaj\/source\.html$/);

    const source = await api.s3Site.get("reports/2024/pt-gaj/source.html");
    expect(source).toBe(Buffer.from(bytes).toString("utf8"));
    const page = await api.s3Site.get("reports/2024/pt-gaj/index.html");
    expect(page).toContain('href="./source.html"');
    expect(page).toContain("由原发布文件导入");
    const history = await api.s3Site.get("agencies/pt-gaj/index.html");
    expect(history).toContain("reports/2024/pt-gaj/source.html");
    const yearIndex = await api.s3Site.get("reports/2024/index.json");
    expect(JSON.parse(yearIndex!).reports?.length ?? JSON.stringify(JSON.parse(yearIndex!))).toBeTruthy();
    expect(yearIndex).toContain("pt-gaj");

    const report = await api.request("GET", "/v1/agencies/pt-gaj/reports/2024", { token: api.adminToken });
    expect(report.status, report.text).toBe(200);
    expect(report.body.status).toBe("published");
    expect(report.body.versions[0].imported).toMatchObject({ sourceKey: "reports/2024/pt-gaj/source.html", format: "html" });
    expect(report.body.agency).toEqual({ agencyId: "pt-gaj", fullName: "平潭综合实验区公安局", kind: "countyDepartment", hasRulemakingPower: false });
    for (const key of ["reports/2024/pt-gaj/v1.json", "reports/2024/pt-gaj/report.json", "reports/2024/index.json"]) {
      const published = await api.s3Site.get(key);
      expect(published, key).toBeDefined();
      expect(published, key).not.toContain("gaj@pingtan.gov.cn");
    }
    imported = report.body.sections;

    // Published on 2025-01-20 as the page says, before the 2025-01-31 deadline: not late, although it
    // came in a year later (the test's clock is 2026-01-10). P-01 reads the first publication.
    expect(report.body.versions[0].publishedAt).toBe("2025-01-20");
    expect(report.body.late).toBe(false);
    const findings = await api.request("GET", "/v1/agencies/pt-gaj/reports/2024/findings", { token: api.adminToken });
    expect(findings.body.findings.filter((f: any) => f.ruleId === "P-01")).toEqual([]);
    expect(report.body.findingCounts.warnings).toBe(findings.body.findings.filter((f: any) => f.severity === "WARNING" && !f.ruleId.endsWith("X1") && f.ruleId !== "N-06").length);

    const trail = await api.request("GET", "/v1/agencies/pt-gaj/reports/2024/revisions", { token: api.adminToken });
    expect(trail.body.revisions).toEqual([
      expect.objectContaining({ revision: 1, action: "imported", actor: "county-admin", status: "published", source: expect.objectContaining({ bytes: bytes.byteLength }) }),
    ]);
  });

  it("refuses a second import of the same year, an agency editor, and a document of another year; nothing changes", async () => {
    const bytes = corpus("pt-gaj-2024.page.html");
    const again = await importDocument("pt-gaj", 2024, bytes, HTML);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("CONFLICT");
    const byEditor = await importDocument("pt-gaj", 2023, bytes, HTML, editor);
    expect(byEditor.status).toBe(403);
    const wrongYear = await importDocument("pt-gaj", 2023, bytes, HTML);
    expect(wrongYear.status).toBe(422);
    expect(wrongYear.body.error.code).toBe("DOCUMENT_REJECTED");
    expect(wrongYear.body.error.details[0].path).toBe("body.reportYear");
    expect((await api.request("GET", "/v1/agencies/pt-gaj/reports/2023", { token: api.adminToken })).status).toBe(404);
  });

  it("feeds the next year: open-year prefills 上年结转, and T3-X1 / T2-X1 are evaluated against the imported year", async () => {
    await api.runtime.publishing.openYear(2025);
    const draft = await api.request("GET", "/v1/agencies/pt-gaj/reports/2025", { token: editor });
    expect(draft.status).toBe(200);
    const carriedForward = imported.applications.data.rows.carriedForward;
    expect(draft.body.sections.applications.data.rows.carriedOver).toEqual(carriedForward);
    const stock = imported.activeDisclosure.data.normativeDocuments;
    expect(draft.body.inForceBaseline).toMatchObject({ fromYear: 2024, normativeDocuments: stock.inForce });

    // A 2025 report that does not continue from 2024: carried-over differs, and the stock jumps.
    const applications = clone(exampleSections.applications) as any;
    (applications.rows as Rows).carriedOver = { ...carriedForward, naturalPerson: carriedForward.naturalPerson + 2 };
    delete (applications.rows as Rows).carriedOver!.total;
    const active = clone(exampleSections.activeDisclosure) as any;
    active.normativeDocuments = { issued: 0, repealed: 0, inForce: stock.inForce + 5 };
    for (const [section, body] of [["applications", applications], ["activeDisclosure", active]] as const) {
      const current = await api.request("GET", `/v1/agencies/pt-gaj/reports/2025/sections/${section}`, { token: editor });
      const headers: Record<string, string> = current.status === 200 ? { "if-match": current.headers.get("etag")! } : {};
      const written = await api.request("PUT", `/v1/agencies/pt-gaj/reports/2025/sections/${section}`, { token: editor, body, headers });
      expect(written.status, written.text).toBeLessThan(300);
    }
    const findings = await api.request("GET", "/v1/agencies/pt-gaj/reports/2025/findings", { token: editor });
    const byRule = (id: string) => findings.body.findings.filter((f: any) => f.ruleId === id);
    expect(byRule("T3-X1").map((f: any) => f.path)).toContain("applications.rows.carriedOver.naturalPerson");
    expect(byRule("T3-X1").find((f: any) => f.path === "applications.rows.carriedOver.naturalPerson")).toMatchObject({
      expected: String(carriedForward.naturalPerson),
      actual: String(carriedForward.naturalPerson + 2),
    });
    expect(byRule("T2-X1")).toEqual([
      expect.objectContaining({ path: "activeDisclosure.normativeDocuments.inForce", expected: String(stock.inForce), actual: String(stock.inForce + 5) }),
    ]);
  });

  it("keeps a report whose own sums don't hold as printed, with its findings recorded, not refused", async () => {
    const response = await importDocument("pt-jjf", 2023, corpus("pt-jjf-2023.page.html"), HTML);
    expect(response.status, response.text).toBe(201);
    expect(response.body.findings.errors).toBeGreaterThan(0);
    const report = await api.request("GET", "/v1/agencies/pt-jjf/reports/2023", { token: api.adminToken });
    expect(report.body.findingCounts.errors).toBe(response.body.findings.errors);
    const findings = await api.request("GET", "/v1/agencies/pt-jjf/reports/2023/findings", { token: api.adminToken });
    expect(findings.body.findings.some((f: any) => f.ruleId.startsWith("T3-0") && f.severity === "ERROR")).toBe(true);
  });

  it("imports a 2019-template report as such and renders its 2019 table layouts", async () => {
    const response = await importDocument("pt-czj", 2020, corpus("pt-czj-2020.page.html"), HTML);
    expect(response.status, response.text).toBe(201);
    expect(response.body.templateVersion).toBe("2019");
    const page = await api.s3Site.get("reports/2020/pt-czj/index.html");
    expect(page).toContain("政府集中采购");
    expect(page).toContain("其他处理");
  });
});

describe("bad documents store nothing", () => {
  it.each([
    ["a random PDF", new Uint8Array(Buffer.from("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF")), "application/pdf", 422],
    ["a truncated DOCX", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", 422],
    ["an HTML page without the tables", new Uint8Array(Buffer.from("<html><body><h1>通知</h1><p>没有表格。</p></body></html>")), HTML, 422],
    ["a 5 MB body", new Uint8Array(5 * 1024 * 1024).fill(0x41), HTML, 413],
  ])("%s → %i in the error shape", async (_name, bytes, contentType, status) => {
    const response = await importDocument("pt-czj", 2022, bytes, contentType);
    expect(response.status, response.text).toBe(status);
    expect(typeof response.body.error.message).toBe("string");
    expect((await api.request("GET", "/v1/agencies/pt-czj/reports/2022", { token: api.adminToken })).status).toBe(404);
    expect(await api.s3Site.get("reports/2022/pt-czj/source.html")).toBeUndefined();
  });
});

describe("importing into the current draft", () => {
  it("writes the sections read in full, leaves those with unread cells for the clerk, and follows If-Match", async () => {
    const clerk = await api.editorToken("pt-czj");
    const bytes = corpus("pt-czj-2025.page.html");
    const first = await importDocument("pt-czj", 2025, bytes, HTML, clerk);
    expect(first.status, first.text).toBe(200);
    expect(first.body.mode).toBe("draft");
    const writtenSections = first.body.written.map((w: any) => w.section);
    expect(writtenSections.length + first.body.notWritten.length).toBeGreaterThan(0);
    for (const { section, etag } of first.body.written) {
      const stored = await api.request("GET", `/v1/agencies/pt-czj/reports/2025/sections/${section}`, { token: clerk });
      expect(stored.headers.get("etag")).toBe(etag);
    }
    for (const { section } of first.body.notWritten) {
      expect(first.body.review.some((r: any) => r.path.startsWith(`${section}.`) || r.path === section)).toBe(true);
    }
    expect(writtenSections.length).toBeGreaterThan(1);
    {
      // The sections exist now: a second import without If-Match is refused and changes nothing.
      const again = await importDocument("pt-czj", 2025, bytes, HTML, clerk);
      expect(again.status).toBe(428);
      // If-Match must list every section the draft has: one of them only is stale, and writes nothing.
      const report = await api.request("GET", "/v1/agencies/pt-czj/reports/2025", { token: clerk });
      const etags = Object.values(report.body.sections).map((s: any) => s.etag as string);
      expect(etags.length).toBeGreaterThan(1);
      const partial = await api.request("POST", importPath("pt-czj", 2025), {
        token: clerk, rawBody: bytes, headers: { "content-type": HTML, "if-match": etags[0]! },
      });
      expect(partial.status, partial.text).toBe(412);
      const trail = await api.request("GET", "/v1/agencies/pt-czj/reports/2025/revisions", { token: clerk });
      expect(trail.body.revisions.filter((r: any) => r.action === "sectionWritten")).toHaveLength(writtenSections.length);
      // With all of them, the import writes again (each section at its next version).
      const all = await api.request("POST", importPath("pt-czj", 2025), {
        token: clerk, rawBody: bytes, headers: { "content-type": HTML, "if-match": etags.join(", ") },
      });
      expect(all.status, all.text).toBe(200);
      expect(all.body.written.map((w: any) => w.section)).toEqual(writtenSections);
    }
  });
});
