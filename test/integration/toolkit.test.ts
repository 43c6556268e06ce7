import { beforeAll, describe, expect, it } from "vitest";
import { exampleSections } from "../../fixtures/example";
import { SECTION_NAMES } from "../../functions/report/catalogue";
import { createTestApi, type TestApi } from "../support/harness";

/** Issue 12 over HTTP: the aggregate report, the year-over-year comparison and the inspection pre-check. */
const NOW = new Date("2025-01-20T02:00:00Z");
type Sections = Record<string, any>;

let api: TestApi;

async function writeReport(agencyId: string, year: number, fullName: string, kind: string, change?: (sections: Sections) => void) {
  await api.request("PUT", `/v1/agencies/${agencyId}`, { token: api.adminToken, body: { fullName, kind } });
  const sections: Sections = structuredClone(exampleSections);
  delete sections.preamble.statisticsPeriod;
  change?.(sections);
  for (const name of SECTION_NAMES) {
    const written = await api.request("PUT", `/v1/agencies/${agencyId}/reports/${year}/sections/${name}`, { token: api.adminToken, body: sections[name] });
    expect(written.status, `${agencyId} ${name}: ${written.text}`).toBe(201);
  }
}

async function submit(agencyId: string, year: number) {
  const response = await api.request("POST", `/v1/agencies/${agencyId}/reports/${year}/submit`, { token: api.adminToken });
  expect(response.status, `${agencyId}: ${response.text.slice(0, 600)}`).toBe(200);
}

beforeAll(async () => {
  api = await createTestApi({ clock: () => NOW });
  await writeReport("town-a", 2024, "沂源县甲镇人民政府", "town");
  await writeReport("town-b", 2024, "沂源县乙镇人民政府", "town", (s) => {
    // Two more requests received and granted; the totals are left for the service to compute.
    const rows = s.applications.rows;
    rows.newReceived.naturalPerson += 2;
    rows.granted.naturalPerson += 2;
    for (const row of Object.values(rows) as Record<string, number>[]) delete row.total;
    delete rows.totalProcessed;
  });
  await writeReport("town-c", 2024, "沂源县丙镇人民政府", "town");
  await writeReport("county", 2024, "沂源县人民政府", "countyGovernment");
  await submit("town-a", 2024);
  await submit("town-b", 2024);
  await submit("county", 2024);
});

describe("the aggregate report", () => {
  it("sums the submitted member reports cell by cell, naming contributors, leaving out the county government and drafts", async () => {
    const response = await api.request("GET", "/v1/years/2024/aggregate", { token: api.adminToken });
    expect(response.status, response.text).toBe(200);
    const aggregate = response.body;
    expect(aggregate.members.map((m: { agencyId: string; status: string }) => [m.agencyId, m.status])).toEqual([
      ["town-a", "submitted"],
      ["town-b", "submitted"],
    ]);
    expect(aggregate.notIncluded.map((m: { agencyId: string }) => m.agencyId)).toEqual(["town-c"]);
    const rows = aggregate.sections.applications.rows;
    const single = exampleSections.applications.rows as Record<string, Record<string, number>>;
    expect(rows.newReceived.naturalPerson).toBe(2 * single.newReceived!.naturalPerson! + 2);
    // The identities hold on the sum of consistent members: 新收 + 结转 = 办理结果 + 结转下年度, column by column.
    for (const column of Object.keys(rows.newReceived)) {
      expect(rows.newReceived[column] + rows.carriedOver[column]).toBe(rows.totalProcessed[column] + rows.carriedForward[column]);
    }
    expect(aggregate.inconsistentMembers).toEqual([]);
    const cell = aggregate.cells.find((c: { path: string }) => c.path === "applications.rows.newReceived.naturalPerson");
    expect(cell.contributors).toEqual(single.newReceived!.naturalPerson! > 0 ? ["town-a", "town-b"] : ["town-b"]);
    expect(aggregate.note).toContain("2");
    const editor = await api.editorToken("town-a");
    expect((await api.request("GET", "/v1/years/2024/aggregate", { token: editor })).status).toBe(403);
  });
});

describe("year over year", () => {
  it("lists every changed cell and a character diff of each text against last year's published report; N-06 flags a copy", async () => {
    await writeReport("town-y", 2023, "沂源县丁镇人民政府", "town");
    expect((await api.request("POST", "/v1/agencies/town-y/reports/2023/publish", { token: api.adminToken })).status).toBe(200);
    await writeReport("town-y", 2024, "沂源县丁镇人民政府", "town", (s) => {
      s.activeDisclosure.administrativeLicensing.decisions += 5;
      s.problemsAndImprovements.problems = "今年的问题是新写的：政务公开专栏更新不及时，个别信息发布前审核不够严格。";
    });
    const response = await api.request("GET", "/v1/agencies/town-y/reports/2024/comparison", { token: await api.editorToken("town-y") });
    expect(response.status, response.text).toBe(200);
    const changed = response.body.changedCells.find((c: { path: string }) => c.path === "activeDisclosure.administrativeLicensing.decisions");
    expect(changed.change).toBe(5);
    const problems = response.body.sections
      .find((s: { section: string }) => s.section === "problemsAndImprovements")
      .fields.find((f: { path: string }) => f.path === "problemsAndImprovements.problems");
    expect(problems.unchanged).toBe(false);
    expect(problems.diff.some((run: { op: string }) => run.op === "insert")).toBe(true);
    const overview = response.body.sections.find((s: { section: string }) => s.section === "overview");
    expect(overview.similarity).toBe(1);
    // 一 copied word for word from 2023: N-06 names last year's report.
    const findings = await api.request("GET", "/v1/agencies/town-y/reports/2024/findings", { token: api.adminToken });
    const n06 = findings.body.findings.filter((f: { ruleId: string }) => f.ruleId === "N-06");
    expect(n06.length).toBeGreaterThan(0);
    expect(n06[0].message).toContain("2023");
    const none = await api.request("GET", "/v1/agencies/town-a/reports/2024/comparison", { token: api.adminToken });
    expect(none.status).toBe(404);
    expect(none.body.error.message).toContain("沂源县甲镇人民政府");
  });
});

describe("the inspection pre-check", () => {
  it("gives every agency a checklist with its basis and the county a summary", async () => {
    const response = await api.request("GET", "/v1/years/2024/inspection", { token: api.adminToken });
    expect(response.status, response.text).toBe(200);
    const { agencies, summary } = response.body;
    expect(summary.agencies).toBe(agencies.length);
    expect(summary.clean + summary.withDeductions).toBe(agencies.length);
    const draft = agencies.find((a: { agencyId: string }) => a.agencyId === "town-c");
    // Not yet published: an evaluator deducts for it (I-01), with the check's basis.
    expect(draft.deductions).toContain("I-01");
    expect(draft.checks[0].basis).toContain("条例");
    const one = await api.request("GET", "/v1/agencies/town-c/reports/2024/inspection", { token: await api.editorToken("town-c") });
    expect(one.status).toBe(200);
    expect(one.body.deductions).toEqual(draft.deductions);
  });
});
