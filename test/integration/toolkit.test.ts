import { beforeAll, describe, expect, it } from "vitest";
import { exampleSections } from "../../fixtures/example";
import { aggregationNote, SECTION_NAMES } from "../../functions/report/catalogue";
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { META, reportPartition } from "../../functions/store/keys";
import { createTestApi, type TestApi } from "../support/harness";
import { BOILERPLATE_PROBLEMS, REWRITTEN_OVERVIEW, REWRITTEN_PROBLEMS } from "../unit/toolkit/texts";

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
  it("counts a report reopened for correction as last published, not with its unsubmitted edits, until it is submitted again", async () => {
    await writeReport("town-p", 2022, "沂源县戊镇人民政府", "town");
    await writeReport("town-q", 2022, "沂源县己镇人民政府", "town");
    for (const agencyId of ["town-p", "town-q"]) {
      const published = await api.request("POST", `/v1/agencies/${agencyId}/reports/2022/publish`, { token: api.adminToken });
      expect(published.status, published.text).toBe(200);
    }
    const naturalPersons = async () => {
      const response = await api.request("GET", "/v1/years/2022/aggregate", { token: api.adminToken });
      expect(response.status, response.text).toBe(200);
      return {
        members: response.body.members.map((m: { agencyId: string; status: string }) => [m.agencyId, m.status]),
        newReceived: response.body.sections.applications.rows.newReceived.naturalPerson as number,
      };
    };
    const single = (exampleSections.applications.rows as Record<string, Record<string, number>>).newReceived!.naturalPerson!;
    expect(await naturalPersons()).toEqual({ members: [["town-p", "published"], ["town-q", "published"]], newReceived: 2 * single });

    // The correction: reopened, table 三 edited (+7 received and granted), not submitted yet.
    expect((await api.request("POST", "/v1/agencies/town-q/reports/2022/reopen", { token: api.adminToken })).status).toBe(200);
    const current = await api.request("GET", "/v1/agencies/town-q/reports/2022", { token: api.adminToken });
    const applications = structuredClone(current.body.sections.applications.data);
    applications.rows.newReceived.naturalPerson += 7;
    applications.rows.granted.naturalPerson += 7;
    for (const row of Object.values(applications.rows) as Record<string, number>[]) delete row.total;
    delete applications.rows.totalProcessed;
    const edited = await api.request("PUT", "/v1/agencies/town-q/reports/2022/sections/applications", {
      token: api.adminToken,
      headers: { "if-match": current.body.sections.applications.etag },
      body: applications,
    });
    expect(edited.status, edited.text).toBe(200);
    expect(await naturalPersons()).toEqual({ members: [["town-p", "published"], ["town-q", "published"]], newReceived: 2 * single });

    // Submitted again, the correction is what the agency stands by: it counts.
    await submit("town-q", 2022);
    expect(await naturalPersons()).toEqual({ members: [["town-p", "published"], ["town-q", "submitted"]], newReceived: 2 * single + 7 });
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

    // Last year reopened for a correction and edited, not yet republished: the comparison stays with what was published.
    expect((await api.request("POST", "/v1/agencies/town-y/reports/2023/reopen", { token: api.adminToken })).status).toBe(200);
    const lastYear = await api.request("GET", "/v1/agencies/town-y/reports/2023", { token: api.adminToken });
    const activeDisclosure = structuredClone(lastYear.body.sections.activeDisclosure.data);
    activeDisclosure.administrativeLicensing.decisions += 100;
    const edited = await api.request("PUT", "/v1/agencies/town-y/reports/2023/sections/activeDisclosure", {
      token: api.adminToken,
      headers: { "if-match": lastYear.body.sections.activeDisclosure.etag },
      body: activeDisclosure,
    });
    expect(edited.status, edited.text).toBe(200);
    const again = await api.request("GET", "/v1/agencies/town-y/reports/2024/comparison", { token: api.adminToken });
    expect(again.body.changedCells.find((c: { path: string }) => c.path === "activeDisclosure.administrativeLicensing.decisions").change).toBe(5);
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

  it("is on the county board with ?inspection=true: each agency's deductions and the county summary", async () => {
    const plain = await api.request("GET", "/v1/years/2024/reports", { token: api.adminToken });
    expect(plain.status).toBe(200);
    expect(plain.body.inspectionSummary).toBeUndefined();
    expect(plain.body.reports.every((r: { inspection?: unknown }) => r.inspection === undefined)).toBe(true);

    const board = await api.request("GET", "/v1/years/2024/reports?inspection=true", { token: api.adminToken });
    expect(board.status, board.text).toBe(200);
    const full = (await api.request("GET", "/v1/years/2024/inspection", { token: api.adminToken })).body;
    expect(board.body.inspectionSummary).toEqual(full.summary);
    for (const entry of board.body.reports) {
      const checked = full.agencies.find((a: { agencyId: string }) => a.agencyId === entry.agencyId);
      expect(entry.inspection, entry.agencyId).toEqual({ clean: checked.clean, deductions: checked.deductions });
    }
    expect(board.body.reports.find((r: { agencyId: string }) => r.agencyId === "town-c").inspection.deductions).toContain("I-01");
    // The board's own fields are the same with and without it.
    expect(board.body.reports.map(({ inspection: _i, ...rest }: Record<string, unknown>) => rest)).toEqual(plain.body.reports);

    const bad = await api.request("GET", "/v1/years/2024/reports?inspection=yes", { token: api.adminToken });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]).toMatchObject({ path: "query.inspection", message: "inspection 应为 true 或 false" });
  });
});

describe("the county government adopts the aggregate (POST …/aggregate)", () => {
  it("writes tables 二/三/四 as PUT does (If-Match, audit records), and the published page says it aggregates N members", async () => {
    // A county of its own: two submitted members and the county government's draft.
    const own = await createTestApi({ clock: () => NOW });
    const outer = api;
    api = own;
    try {
      await writeReport("town-a", 2024, "沂源县甲镇人民政府", "town");
      await writeReport("town-b", 2024, "沂源县乙镇人民政府", "town", (s) => {
        s.reviewLitigation.review.upheld += 1;
        delete s.reviewLitigation.review.total;
      });
      await submit("town-a", 2024);
      await submit("town-b", 2024);
      await writeReport("county", 2024, "沂源县人民政府", "countyGovernment");
      const path = "/v1/agencies/county/reports/2024";
      const before = await own.request("GET", path, { token: own.adminToken });
      const etags = ["activeDisclosure", "applications", "reviewLitigation"].map((s) => before.body.sections[s].etag as string);

      // The sections exist: without If-Match 428, with a stale one 412 — and nothing is written.
      const bare = await own.request("POST", `${path}/aggregate`, { token: own.adminToken });
      expect(bare.status, bare.text).toBe(428);
      const stale = await own.request("POST", `${path}/aggregate`, { token: own.adminToken, headers: { "if-match": '"99"' } });
      expect(stale.status, stale.text).toBe(412);
      expect((await own.request("GET", path, { token: own.adminToken })).body.revision).toBe(before.body.revision);
      // Only the county government's report adopts it; another agency's editor is refused.
      const byTown = await own.request("POST", "/v1/agencies/town-c/reports/2024/aggregate", { token: own.adminToken });
      expect(byTown.status).toBe(404);
      await own.request("PUT", "/v1/agencies/town-c", { token: own.adminToken, body: { fullName: "沂源县丙镇人民政府", kind: "town" } });
      const notCounty = await own.request("POST", "/v1/agencies/town-c/reports/2024/aggregate", { token: own.adminToken });
      expect(notCounty.status, notCounty.text).toBe(409);
      expect(notCounty.body.error.message).toContain("本级政府");
      // The county office's act (it sees the members' unpublished tables): agency editors are refused,
      // the county government's own one too.
      const countyEditor = await own.editorToken("county");
      for (const token of [await own.editorToken("town-a"), countyEditor]) {
        expect((await own.request("POST", `${path}/aggregate`, { token, headers: { "if-match": etags.join(", ") } })).status).toBe(403);
      }
      // If-Match must be exactly the three current ETags (all "1" here): two of them, or one too new, are stale.
      expect(etags).toEqual(['"1"', '"1"', '"1"']);
      for (const partial of ['"1", "1"', '"1", "1", "2"']) {
        const refused = await own.request("POST", `${path}/aggregate`, { token: own.adminToken, headers: { "if-match": partial } });
        expect(refused.status, `${partial}: ${refused.text}`).toBe(412);
      }
      expect((await own.request("GET", path, { token: own.adminToken })).body.revision).toBe(before.body.revision);

      const adopted = await own.request("POST", `${path}/aggregate`, { token: own.adminToken, headers: { "if-match": [...etags].reverse().join(", ") } });
      expect(adopted.status, adopted.text).toBe(200);
      expect(adopted.body).toMatchObject({ agencyId: "county", year: 2024, memberCount: 2, inconsistentMembers: [] });
      expect(adopted.body.members.map((m: { agencyId: string }) => m.agencyId)).toEqual(["town-a", "town-b"]);
      expect(adopted.body.written.map((w: { section: string }) => w.section)).toEqual(["activeDisclosure", "applications", "reviewLitigation"]);

      const aggregate = (await own.request("GET", "/v1/years/2024/aggregate", { token: own.adminToken })).body;
      const after = await own.request("GET", path, { token: own.adminToken });
      for (const section of ["activeDisclosure", "applications", "reviewLitigation"]) {
        expect(after.body.sections[section].data, section).toEqual(aggregate.sections[section]);
        expect(after.body.sections[section].adoptedAggregate).toMatchObject({ memberCount: 2, members: ["town-a", "town-b"] });
        expect(after.body.sections[section].etag).toBe(adopted.body.written.find((w: { section: string }) => w.section === section).etag);
      }
      expect(after.body.sections.reviewLitigation.data.review.upheld).toBe(2 * (exampleSections.reviewLitigation as any).review.upheld + 1);
      const trail = await own.request("GET", `${path}/revisions?limit=3`, { token: own.adminToken });
      expect(trail.body.revisions.map((r: { action: string; section?: string }) => `${r.action}:${r.section}`)).toEqual([
        "sectionWritten:reviewLitigation",
        "sectionWritten:applications",
        "sectionWritten:activeDisclosure",
      ]);

      const note = adopted.body.note as string;
      expect(note).toBe(aggregationNote(2));
      expect((await own.request("GET", `${path}/preview`, { token: own.adminToken })).text).toContain(note);
      // A clerk's later PUT of one of the tables makes it no longer the aggregate: the note goes.
      const rewrite = await own.request("PUT", `${path}/sections/applications`, {
        token: countyEditor,
        body: after.body.sections.applications.data,
        headers: { "if-match": after.body.sections.applications.etag },
      });
      expect(rewrite.status, rewrite.text).toBe(200);
      expect((await own.request("GET", `${path}/preview`, { token: own.adminToken })).text).not.toContain(note);
      const again = await own.request("GET", path, { token: own.adminToken });
      expect(again.body.sections.applications.adoptedAggregate).toBeUndefined();
      const readopted = await own.request("POST", `${path}/aggregate`, {
        token: own.adminToken,
        headers: { "if-match": ["activeDisclosure", "applications", "reviewLitigation"].map((s) => again.body.sections[s].etag).join(", ") },
      });
      expect(readopted.status, readopted.text).toBe(200);

      await submit("county", 2024);
      const published = await own.request("POST", `${path}/publish`, { token: own.adminToken });
      expect(published.status, published.text).toBe(200);
      expect((await own.s3Site.get("reports/2024/county/index.html"))!).toContain(note);
      expect((await own.s3Site.get("reports/2024/county/v1.html"))!).toContain(note);
      // The version's open data keeps it: the Word and PDF files are rendered from it.
      expect(JSON.parse((await own.s3Site.get("reports/2024/county/v1.json"))!).aggregatedMembers).toBe(2);
      const report = await own.request("GET", path, { token: own.adminToken });
      expect(report.body.versions[0].aggregatedMembers).toBe(2);
      // A member's page says nothing of the kind.
      expect((await own.s3Site.get("reports/2024/town-a/index.html")) ?? "").not.toContain("逐项汇总");
      const republish = await own.request("POST", `${path}/aggregate`, { token: own.adminToken, headers: { "if-match": etags.join(", ") } });
      expect(republish.status).toBe(409);
    } finally {
      api = outer;
    }
  });
});

describe("N-06 against the other agencies of the year, in /findings and submit", () => {
  it("names another agency's report whose 五 is the same boilerplate, with the figure; a rewritten 五 fires nothing", async () => {
    await writeReport("water-bureau", 2024, "沂源县水利局", "countyDepartment", (s) => {
      s.problemsAndImprovements = structuredClone(BOILERPLATE_PROBLEMS);
    });
    await writeReport("finance-bureau", 2024, "沂源县财政局", "countyDepartment", (s) => {
      s.problemsAndImprovements = structuredClone(BOILERPLATE_PROBLEMS);
    });
    await writeReport("audit-bureau", 2024, "沂源县审计局", "countyDepartment", (s) => {
      s.overview = structuredClone(REWRITTEN_OVERVIEW);
      s.problemsAndImprovements = structuredClone(REWRITTEN_PROBLEMS);
    });
    const onFive = async (agencyId: string) => {
      const response = await api.request("GET", `/v1/agencies/${agencyId}/reports/2024/findings`, { token: await api.editorToken(agencyId) });
      expect(response.status, response.text).toBe(200);
      return response.body.findings.filter((f: { ruleId: string; path: string }) => f.ruleId === "N-06" && f.path === "problemsAndImprovements");
    };

    const finance = await onFive("finance-bureau");
    expect(finance.map((f: { actual: string }) => f.actual)).toEqual(["100.0%"]);
    expect(finance[0].severity).toBe("WARNING");
    expect(finance[0].message).toContain("同年度其他单位报告《沂源县水利局2024年政府信息公开工作年度报告》");
    const water = await onFive("water-bureau");
    expect(water.map((f: { message: string }) => f.message.includes("《沂源县财政局2024年政府信息公开工作年度报告》"))).toEqual([true]);
    expect(await onFive("audit-bureau")).toEqual([]);

    // Only the reports whose stored signatures come near the threshold are read: the audit bureau's
    // texts are its own, so its check reads the report, last year's and the year's listing; the
    // finance bureau's also reads each report it is then found similar to (the water bureau's for
    // 五, the towns' that share the example's 一) and no other.
    api.counter.reset();
    await onFive("audit-bureau");
    expect(api.counter.calls).toEqual(["QueryCommand", "QueryCommand", "QueryCommand"]);
    api.counter.reset();
    const financeAll = await api.request("GET", "/v1/agencies/finance-bureau/reports/2024/findings", { token: api.adminToken });
    const named = new Set(
      financeAll.body.findings
        .filter((f: { ruleId: string }) => f.ruleId === "N-06")
        .map((f: { message: string }) => /其他单位报告(《[^》]+》)/.exec(f.message)?.[1]),
    );
    expect(named.size).toBeGreaterThan(1);
    expect(api.counter.calls).toEqual(Array(3 + named.size).fill("QueryCommand"));

    // Submit runs the same rules: its counts are the full check's.
    const all = await api.request("GET", "/v1/agencies/finance-bureau/reports/2024/findings", { token: api.adminToken });
    const submitted = await api.request("POST", "/v1/agencies/finance-bureau/reports/2024/submit", { token: api.adminToken });
    expect(submitted.status, submitted.text).toBe(200);
    expect(submitted.body.findingCounts).toEqual({ errors: all.body.errors, warnings: all.body.warnings, infos: all.body.infos });

    // Rewriting the shared text makes the warning go on both sides.
    const current = await api.request("GET", "/v1/agencies/water-bureau/reports/2024", { token: api.adminToken });
    const rewrite = await api.request("PUT", "/v1/agencies/water-bureau/reports/2024/sections/problemsAndImprovements", {
      token: api.adminToken,
      headers: { "if-match": current.body.sections.problemsAndImprovements.etag },
      body: REWRITTEN_PROBLEMS,
    });
    expect(rewrite.status, rewrite.text).toBe(200);
    expect((await onFive("water-bureau")).some((f: { message: string }) => f.message.includes("财政局"))).toBe(false);
    expect((await onFive("finance-bureau")).some((f: { message: string }) => f.message.includes("水利局"))).toBe(false);
  });

  it("reads a report stored before the signatures in full, until its next status change stores its signature", async () => {
    // The example's texts, unlike the audit bureau's: with its signature stored, it is not read. (The
    // audit bureau's check reads its own report, last year's, the listing and the water bureau's,
    // which now shares its rewritten 五.)
    await writeReport("tax-bureau", 2024, "沂源县税务局", "countyDepartment");
    const findingsOfAudit = () => api.request("GET", "/v1/agencies/audit-bureau/reports/2024/findings", { token: api.adminToken });
    api.counter.reset();
    await findingsOfAudit();
    const baseline = api.counter.calls.length;
    expect(api.counter.calls).toEqual(Array(baseline).fill("QueryCommand"));

    // As stored before signatures existed: its counts without `narrative`, so it must be read.
    const key = { pk: reportPartition("tax-bureau", 2024), sk: META };
    await api.runtime.documentClient.send(new UpdateCommand({ TableName: api.tableName, Key: key, UpdateExpression: "REMOVE findingCounts.narrative" }));
    api.counter.reset();
    await findingsOfAudit();
    expect(api.counter.calls).toEqual(Array(baseline + 1).fill("QueryCommand"));

    const submitted = await api.request("POST", "/v1/agencies/tax-bureau/reports/2024/submit", { token: api.adminToken });
    expect(submitted.status, submitted.text).toBe(200);
    const { Item } = await api.runtime.documentClient.send(new GetCommand({ TableName: api.tableName, Key: key, ConsistentRead: true }));
    expect(Object.keys(Item!.findingCounts.narrative).sort()).toEqual(["overview", "problemsAndImprovements"]);
    api.counter.reset();
    await findingsOfAudit();
    expect(api.counter.calls).toEqual(Array(baseline).fill("QueryCommand"));
  });
});
