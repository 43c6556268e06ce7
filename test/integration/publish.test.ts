import { beforeAll, describe, expect, it } from "vitest";
import { exampleSections } from "../../fixtures/example";
import { SECTION_NAMES } from "../../functions/report/catalogue";
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { PublishMessage, SiteStore } from "../../functions/service/ports";
import { META, reportPartition } from "../../functions/store/keys";
import { createTestApi, type TestApi, testDocumentClient } from "../support/harness";

const YEAR = 2024;
const BEFORE_DEADLINE = new Date("2025-01-20T02:00:00Z");
const clone = <T>(value: T): T => structuredClone(value);
type Rows = Record<string, Record<string, number>>;

/** Creates the agency and writes all seven sections of the example report (optionally changed). */
async function writeReport(
  api: TestApi,
  agencyId: string,
  year: number,
  options: { kind?: string; fullName?: string; change?: (sections: Record<string, any>) => void } = {},
) {
  await api.request("PUT", `/v1/agencies/${agencyId}`, {
    token: api.adminToken,
    body: { fullName: options.fullName ?? `沂源县测试${agencyId}`, kind: options.kind ?? "town" },
  });
  const sections: Record<string, any> = clone(exampleSections);
  delete sections.preamble.statisticsPeriod;
  options.change?.(sections);
  for (const name of SECTION_NAMES) {
    const response = await api.request("PUT", `/v1/agencies/${agencyId}/reports/${year}/sections/${name}`, {
      token: api.adminToken,
      body: sections[name],
    });
    expect(response.status, `${agencyId} ${name}: ${response.text}`).toBe(201);
  }
}

const publishPath = (agencyId: string, year = YEAR) => `/v1/agencies/${agencyId}/reports/${year}/publish`;

describe("publishing a report", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi({ clock: () => BEFORE_DEADLINE });
  });

  it("refuses while an ERROR remains (422 with the findings) and publishes nothing", async () => {
    await writeReport(api, "town-err", YEAR, {
      change: (s) => {
        (s.applications.rows as Rows).granted!.naturalPerson = 5;
      },
    });
    const refused = await api.request("POST", publishPath("town-err"), { token: api.adminToken });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe("FINDINGS_BLOCK");
    expect(refused.body.error.findings.some((f: { ruleId: string }) => f.ruleId === "T3-02")).toBe(true);
    expect(await api.s3Site.get("reports/2024/town-err/index.html")).toBeUndefined();
    expect((await api.request("GET", "/v1/agencies/town-err/reports/2024", { token: api.adminToken })).body.versions).toEqual([]);
  });

  it("writes immutable versions, the latest page, open data and the indexes; report.json equals the stored data", async () => {
    await writeReport(api, "town-a", YEAR, { fullName: "沂源县甲镇人民政府" });
    const published = await api.request("POST", publishPath("town-a"), { token: api.adminToken });
    expect(published.status, published.text).toBe(200);
    expect(published.body).toEqual({
      version: 1,
      publishedAt: BEFORE_DEADLINE.toISOString(),
      url: "http://127.0.0.1:3000/site/reports/2024/town-a/index.html",
      files: [
        "reports/2024/town-a/v1.html",
        "reports/2024/town-a/v1.json",
        "reports/2024/town-a/index.html",
        "reports/2024/town-a/report.json",
        "reports/2024/index.html",
        "reports/2024/index.json",
        "reports/2024/open-data.csv",
        "agencies/town-a/index.html",
      ],
    });
    for (const key of published.body.files) expect(await api.s3Site.get(key), key).toBeDefined();

    const stored = await api.request("GET", "/v1/agencies/town-a/reports/2024", { token: api.adminToken });
    expect(stored.body.status).toBe("published");
    expect(stored.body.versions).toHaveLength(1);
    const storedSections = Object.fromEntries(Object.entries(stored.body.sections).map(([name, s]) => [name, (s as { data: unknown }).data]));
    const reportJson = JSON.parse((await api.s3Site.get("reports/2024/town-a/report.json"))!);
    expect(reportJson.sections).toEqual(storedSections);
    expect(reportJson.version).toBe(1);
    expect(await api.s3Site.get("reports/2024/town-a/v1.json")).toBe(await api.s3Site.get("reports/2024/town-a/report.json"));
    // The immutable v1.html never claims to be current; index.html (the latest) does and links v1.
    const archived = (await api.s3Site.get("reports/2024/town-a/v1.html"))!;
    const latest = (await api.s3Site.get("reports/2024/town-a/index.html"))!;
    expect(archived).not.toContain("当前版本");
    expect(archived).toContain('href="./index.html"');
    expect(latest).toContain("当前版本");
    // The site has a front door and a Chinese 404 page.
    expect(await api.s3Site.get("index.html")).toContain('href="./reports/2024/index.html"');
    expect(await api.s3Site.get("404.html")).toContain("<h1>");

    const page = (await api.s3Site.get("reports/2024/town-a/index.html"))!;
    const heading = /<h1>([\s\S]*?)<\/h1>/.exec(page)?.[1]?.replace(/<[^>]+>/g, "");
    expect(heading).toBe("沂源县甲镇人民政府2024年政府信息公开工作年度报告");
    const yearIndex = JSON.parse((await api.s3Site.get("reports/2024/index.json"))!);
    expect(JSON.stringify(yearIndex)).toContain("town-a");
    const csv = (await api.s3Site.get("reports/2024/open-data.csv"))!;
    expect(csv.split("\r\n").filter(Boolean)).toHaveLength(2); // header + town-a
    expect(await api.s3Site.get("agencies/town-a/index.html")).toContain("2024");

    const write = await api.request("PUT", "/v1/agencies/town-a/reports/2024/sections/overview", {
      token: api.adminToken,
      body: exampleSections.overview,
      headers: { "if-match": stored.body.sections.overview.etag },
    });
    expect(write.status).toBe(409);
    expect(write.body.error.code).toBe("CONFLICT");
  });

  it("returns the first result for a repeated Idempotency-Key and 409 for a new publish of a published report", async () => {
    await writeReport(api, "town-b", YEAR);
    const first = await api.request("POST", publishPath("town-b"), { token: api.adminToken, headers: { "idempotency-key": "key-1" } });
    expect(first.status).toBe(200);
    const again = await api.request("POST", publishPath("town-b"), { token: api.adminToken, headers: { "idempotency-key": "key-1" } });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const other = await api.request("POST", publishPath("town-b"), { token: api.adminToken, headers: { "idempotency-key": "key-2" } });
    expect(other.status).toBe(409);
    const report = await api.request("GET", "/v1/agencies/town-b/reports/2024", { token: api.adminToken });
    expect(report.body.versions).toHaveLength(1);
  });

  it("lets exactly one of 10 concurrent publishes create a version", async () => {
    await writeReport(api, "town-c", YEAR);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => api.request("POST", publishPath("town-c"), { token: api.adminToken })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(9);
    const report = await api.request("GET", "/v1/agencies/town-c/reports/2024", { token: api.adminToken });
    expect(report.body.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    expect(await api.s3Site.get("reports/2024/town-c/v2.html")).toBeUndefined();
  });

  it("needs acknowledgements for *ack* warnings, naming the rule IDs", async () => {
    await writeReport(api, "town-d", 2023, {
      change: (s) => {
        const rows = s.applications.rows as Rows;
        rows.newReceived = { ...rows.newReceived!, naturalPerson: 3, total: 3 };
        rows.carriedForward = { ...rows.carriedForward!, naturalPerson: 2, total: 2 };
      },
    });
    expect((await api.request("POST", publishPath("town-d", 2023), { token: api.adminToken })).status).toBe(200);
    await writeReport(api, "town-d", YEAR);
    const refused = await api.request("POST", publishPath("town-d"), { token: api.adminToken });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe("ACKNOWLEDGEMENT_REQUIRED");
    expect(refused.body.error.ruleIds).toEqual(["T3-X1"]);
    const accepted = await api.request("POST", publishPath("town-d"), {
      token: api.adminToken,
      body: { acknowledgements: [{ ruleId: "T3-X1", note: "上年结转的2件申请已于上年度报告发布后撤回" }] },
    });
    expect(accepted.status, accepted.text).toBe(200);
    const report = await api.request("GET", "/v1/agencies/town-d/reports/2024", { token: api.adminToken });
    expect(report.body.versions[0].acknowledgements).toEqual([
      expect.objectContaining({ ruleId: "T3-X1", note: "上年结转的2件申请已于上年度报告发布后撤回" }),
    ]);
  });

  it("publishes a correction as version 2 with its 更正说明 and keeps version 1 byte-identical", async () => {
    await writeReport(api, "town-e", YEAR);
    expect((await api.request("POST", publishPath("town-e"), { token: api.adminToken })).status).toBe(200);
    const v1Before = await api.s3Site.get("reports/2024/town-e/v1.html");
    const latestBefore = await api.s3Site.get("reports/2024/town-e/index.html");
    const v1JsonBefore = await api.s3Site.get("reports/2024/town-e/v1.json");

    expect((await api.request("POST", "/v1/agencies/town-e/reports/2024/reopen", { token: api.adminToken })).status).toBe(200);
    const section = await api.request("GET", "/v1/agencies/town-e/reports/2024/sections/problemsAndImprovements", { token: api.adminToken });
    const edited = { ...exampleSections.problemsAndImprovements, problems: "更正后的问题表述。" };
    const put = await api.request("PUT", "/v1/agencies/town-e/reports/2024/sections/problemsAndImprovements", {
      token: api.adminToken,
      body: edited,
      headers: { "if-match": section.headers.get("etag")! },
    });
    expect(put.status).toBe(200);
    // While reopened, the public page still shows version 1.
    expect(await api.s3Site.get("reports/2024/town-e/index.html")).toBe(latestBefore);

    const noNote = await api.request("POST", publishPath("town-e"), { token: api.adminToken });
    expect(noNote.status).toBe(422);
    expect(noNote.body.error.code).toBe("CORRECTION_NOTE_REQUIRED");

    const v2 = await api.request("POST", publishPath("town-e"), { token: api.adminToken, body: { correctionNote: "更正第五部分问题表述。" } });
    expect(v2.status, v2.text).toBe(200);
    expect(v2.body.version).toBe(2);
    const latest = (await api.s3Site.get("reports/2024/town-e/index.html"))!;
    expect(latest).toContain("更正第五部分问题表述。");
    expect(latest).toContain("更正后的问题表述。");
    // v2.html is v2's archived edition: the same report, without the claim to be current.
    const v2Page = (await api.s3Site.get("reports/2024/town-e/v2.html"))!;
    expect(v2Page).toContain("更正后的问题表述。");
    expect(v2Page).not.toContain("当前版本");
    expect(latest).toContain('href="./v1.html"');
    expect(await api.s3Site.get("reports/2024/town-e/v1.html")).toBe(v1Before);
    expect(await api.s3Site.get("reports/2024/town-e/v1.json")).toBe(v1JsonBefore);
    expect(JSON.parse(v1JsonBefore!).sections.problemsAndImprovements).toEqual(exampleSections.problemsAndImprovements);
    const history = (await api.s3Site.get("agencies/town-e/index.html"))!;
    expect(history).toContain("v2.html");
    expect(history).toContain("更正第五部分问题表述。");
    const yearIndex = JSON.stringify(JSON.parse((await api.s3Site.get("reports/2024/index.json"))!));
    expect(yearIndex).toMatch(/"agencyId":"town-e"[^}]*"version":2/);
  });
});

describe("failure safety", () => {
  function flakySite(failAt: number) {
    const state = { failWrites: true, writes: 0 };
    const wrap = (site: SiteStore): SiteStore => ({
      get: (key) => site.get(key),
      getBytes: (key) => site.getBytes(key),
      exists: (key) => site.exists(key),
      put: async (key, body, type, options) => {
        state.writes += 1;
        if (state.failWrites && state.writes === failAt) throw new Error("simulated S3 outage");
        return site.put(key, body, type, options);
      },
    });
    return { state, wrap };
  }

  // The ten writes of a first publish: v1.html, v1.json (before the commit), then index.html,
  // report.json, the year's index.html, index.json, open-data.csv, the site root, the 404 page and
  // the agency page (after it).
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])("survives S3 failing at write %i and a retry publishes exactly once", async (failAt) => {
    const { state, wrap } = flakySite(failAt);
    const api = await createTestApi({ clock: () => BEFORE_DEADLINE, wrapSite: wrap });
    await writeReport(api, "town-f", YEAR);
    expect((await api.request("POST", "/v1/agencies/town-f/reports/2024/submit", { token: api.adminToken })).status).toBe(200);

    const failed = await api.request("POST", publishPath("town-f"), { token: api.adminToken, headers: { "idempotency-key": "retry-me" } });
    const after = await api.request("GET", "/v1/agencies/town-f/reports/2024", { token: api.adminToken });
    if (failAt <= 2) {
      // Before the commit: nothing happened, and nothing links to the version.
      expect(failed.status).toBe(500);
      expect(failed.body.error).toEqual({ code: "INTERNAL", message: expect.any(String), details: [] });
      expect(after.body.status).toBe("submitted");
      expect(after.body.versions).toEqual([]);
      expect(await api.s3Site.get("reports/2024/town-f/index.html")).toBeUndefined();
      expect(await api.s3Site.get("reports/2024/index.json")).toBeUndefined();
    } else {
      // After the commit: version 1 exists, and the caller is told to retry to finish the files.
      expect(failed.status).toBe(503);
      expect(failed.body.error).toMatchObject({ code: "SERVICE_UNAVAILABLE", version: 1 });
      expect(after.body.status).toBe("published");
      expect(after.body.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    }

    state.failWrites = false;
    const retried = await api.request("POST", publishPath("town-f"), { token: api.adminToken, headers: { "idempotency-key": "retry-me" } });
    expect(retried.status, retried.text).toBe(200);
    expect(retried.body.version).toBe(1);
    const again = await api.request("POST", publishPath("town-f"), { token: api.adminToken, headers: { "idempotency-key": "retry-me" } });
    expect(again.body).toEqual(retried.body);
    const final = await api.request("GET", "/v1/agencies/town-f/reports/2024", { token: api.adminToken });
    expect(final.body.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    for (const key of retried.body.files) expect(await api.s3Site.get(key), key).toBeDefined();
    expect(await api.s3Site.get("reports/2024/town-f/index.html")).toContain("当前版本");
    expect(await api.s3Site.get("reports/2024/town-f/v2.html")).toBeUndefined();
  });

  it("lets the worker finish a report whose site files failed after the commit, on redelivery", async () => {
    const { wrap } = flakySite(3);
    const api = await createTestApi({ clock: () => BEFORE_DEADLINE, wrapSite: wrap });
    await writeReport(api, "town-w", YEAR);
    await api.request("POST", "/v1/agencies/town-w/reports/2024/submit", { token: api.adminToken });
    const run = await api.request("POST", "/v1/years/2024/publish-runs", { token: api.adminToken, body: {} });
    expect(run.status).toBe(201);
    expect(run.body.outcomes).toEqual([expect.objectContaining({ agencyId: "town-w", outcome: "published", version: 1 })]);
    for (const key of ["reports/2024/town-w/index.html", "reports/2024/town-w/report.json", "reports/2024/index.json", "reports/2024/open-data.csv", "agencies/town-w/index.html"]) {
      expect(await api.s3Site.get(key), key).toBeDefined();
    }
    const report = await api.request("GET", "/v1/agencies/town-w/reports/2024", { token: api.adminToken });
    expect(report.body.versions).toHaveLength(1);
  });
});

describe("the county board", () => {
  it("shows every agency with status, deadline by kind, lateness and finding counts", async () => {
    let now = BEFORE_DEADLINE;
    const api = await createTestApi({ clock: () => now });
    await api.request("PUT", "/v1/agencies/county-gov", { token: api.adminToken, body: { fullName: "沂源县人民政府", kind: "countyGovernment" } });
    await writeReport(api, "dept-draft", YEAR, { kind: "countyDepartment" });
    await writeReport(api, "town-errors", YEAR, { change: (s) => ((s.applications.rows as Rows).granted!.naturalPerson = 9) });
    await writeReport(api, "town-submitted", YEAR);
    await api.request("POST", "/v1/agencies/town-submitted/reports/2024/submit", { token: api.adminToken });
    await writeReport(api, "town-published", YEAR);
    await api.request("POST", publishPath("town-published"), { token: api.adminToken });

    now = new Date("2025-02-10T02:00:00Z"); // after 1-31, before 3-31
    const board = await api.request("GET", "/v1/years/2024/reports", { token: api.adminToken });
    expect(board.status).toBe(200);
    const byId = Object.fromEntries(board.body.reports.map((r: { agencyId: string }) => [r.agencyId, r]));
    expect(byId["county-gov"]).toMatchObject({ status: "notStarted", statusLabel: "未开始", deadline: "2025-03-31", late: false });
    expect(byId["dept-draft"]).toMatchObject({ status: "draft", statusLabel: "草稿", deadline: "2025-01-31", late: true, errors: 0 });
    expect(byId["town-errors"]).toMatchObject({ status: "hasErrors", statusLabel: "有错误", late: true });
    expect(byId["town-errors"].errors).toBeGreaterThan(0);
    expect(byId["town-submitted"]).toMatchObject({ status: "submitted", statusLabel: "已提交", late: true });
    expect(byId["town-published"]).toMatchObject({ status: "published", statusLabel: "已发布", late: false, latestVersion: 1 });
    expect(board.body.reports[0].agencyId).toBe("county-gov");

    await api.request("POST", "/v1/agencies/town-published/reports/2024/reopen", { token: api.adminToken });
    const reopened = await api.request("GET", "/v1/years/2024/reports", { token: api.adminToken });
    expect(reopened.body.reports.find((r: { agencyId: string }) => r.agencyId === "town-published")).toMatchObject({
      status: "draft",
      latestVersion: 1,
      late: false,
    });
  });

  it("follows the county's own deadlines", async () => {
    const api = await createTestApi({
      clock: () => new Date("2025-02-10T02:00:00Z"),
      deadlines: { countyGovernment: "03-31", countyDepartment: "01-31", town: "02-28", subdistrict: "02-28" },
    });
    await writeReport(api, "town-late-ok", YEAR);
    await writeReport(api, "dept-late", YEAR, { kind: "countyDepartment" });
    const board = await api.request("GET", "/v1/years/2024/reports", { token: api.adminToken });
    const byId = Object.fromEntries(board.body.reports.map((r: { agencyId: string }) => [r.agencyId, r]));
    expect(byId["town-late-ok"]).toMatchObject({ deadline: "2025-02-28", late: false });
    expect(byId["dept-late"]).toMatchObject({ deadline: "2025-01-31", late: true });
  });
});

describe("the yearly job", () => {
  it("opens a year with 上年结转 prefilled from last year's published 结转下年度", async () => {
    const api = await createTestApi({ clock: () => BEFORE_DEADLINE });
    await writeReport(api, "town-g", 2023, {
      change: (s) => {
        const rows = s.applications.rows as Rows;
        rows.newReceived = { ...rows.newReceived!, naturalPerson: 3, commercialEnterprise: 1, total: 4 };
        rows.carriedForward = { ...rows.carriedForward!, naturalPerson: 2, commercialEnterprise: 1, total: 3 };
      },
    });
    expect((await api.request("POST", publishPath("town-g", 2023), { token: api.adminToken })).status).toBe(200);
    await api.request("PUT", "/v1/agencies/dept-new", { token: api.adminToken, body: { fullName: "沂源县新设局", kind: "countyDepartment" } });

    const opened = await api.runtime.publishing.openYear(2024);
    expect(opened).toEqual({ created: ["dept-new", "town-g"], existing: [] });
    const prefilled = await api.request("GET", "/v1/agencies/town-g/reports/2024/sections/applications", { token: api.adminToken });
    expect(prefilled.body.rows.carriedOver).toEqual({
      naturalPerson: 2, commercialEnterprise: 1, researchInstitution: 0, publicWelfareOrganization: 0, legalServiceOrganization: 0, otherOrganization: 0, total: 3,
    });
    expect(prefilled.body.rows.newReceived.total).toBe(0);
    const opened2024 = await api.request("GET", "/v1/agencies/town-g/reports/2024", { token: api.adminToken });
    expect(opened2024.body.inForceBaseline).toEqual({ fromYear: 2023, regulations: 0, normativeDocuments: 0 });
    const fresh = await api.request("GET", "/v1/agencies/dept-new/reports/2024", { token: api.adminToken });
    expect(fresh.body.status).toBe("draft");
    expect(fresh.body.sections).toEqual({});
    expect(await api.runtime.publishing.openYear(2024)).toEqual({ created: [], existing: ["dept-new", "town-g"] });
  });

  it("opens a year of 205 agencies through the queue in chunks of 100; the worker makes the drafts; a redelivered chunk changes nothing", async () => {
    const api = await createTestApi({ clock: () => BEFORE_DEADLINE });
    const ids = Array.from({ length: 205 }, (_, i) => `chunk-${String(i).padStart(3, "0")}`);
    for (const agencyId of ids) {
      await api.runtime.repository.putAgency({ agencyId, fullName: `沂源县第${agencyId.slice(6)}局`, kind: "countyDepartment", hasRulemakingPower: false }, BEFORE_DEADLINE.toISOString(), "test");
    }
    // One draft of the year exists already: opening leaves it as it is.
    await writeReport(api, "chunk-150", 2024);
    const enqueued: PublishMessage[] = [];
    api.runtime.publishing.queue = { enqueue: async (messages) => void enqueued.push(...messages) };

    expect(await api.runtime.publishing.startYearOpening(2024)).toEqual({ agencies: 205, chunks: 3 });
    expect(enqueued.map((m) => (m.kind === "openYear" ? m.agencies.length : "publish"))).toEqual([100, 100, 5]);
    expect(enqueued.flatMap((m) => (m.kind === "openYear" ? m.agencies.map((a) => a.agencyId) : []))).toEqual(ids);
    // Not one draft is made before the worker takes the messages.
    expect((await api.request("GET", "/v1/agencies/chunk-000/reports/2024", { token: api.adminToken })).status).toBe(404);

    const outcomes = [];
    for (const message of enqueued) outcomes.push(await api.runtime.publishing.processMessage(message));
    expect(outcomes).toEqual([
      { kind: "openYear", year: 2024, created: 100, existing: 0 },
      { kind: "openYear", year: 2024, created: 99, existing: 1 },
      { kind: "openYear", year: 2024, created: 5, existing: 0 },
    ]);
    expect(await api.runtime.publishing.processMessage(enqueued[0]!)).toEqual({ kind: "openYear", year: 2024, created: 0, existing: 100 });
    const last = await api.request("GET", "/v1/agencies/chunk-204/reports/2024", { token: api.adminToken });
    expect(last.body).toMatchObject({ status: "draft", title: "沂源县第204局2024年政府信息公开工作年度报告" });
    const kept = await api.request("GET", "/v1/agencies/chunk-150/reports/2024", { token: api.adminToken });
    expect(Object.keys(kept.body.sections).length).toBeGreaterThan(1);
  });

  it("publishes exactly the ready reports of 50 agencies, records why the others were not, and never twice", async () => {
    const api = await createTestApi({
      clock: () => BEFORE_DEADLINE,
      renderPage: (view) => {
        if (view.content.agency.agencyId === "a-05") throw new Error("模板渲染失败（测试注入）");
        return renderReal(view);
      },
    });
    const expected: Record<string, string> = {};
    for (let i = 0; i < 50; i += 1) {
      const id = `a-${String(i).padStart(2, "0")}`;
      // a-05 sits early in the queue, so the reports after it show that one failure stops nothing.
      const state = i === 5 ? "renderFails" : (["ready", "draft", "errors", "notStarted", "published"] as const)[i % 5]!;
      if (state === "notStarted") {
        await api.request("PUT", `/v1/agencies/${id}`, { token: api.adminToken, body: { fullName: `测试机关${i}`, kind: "town" } });
        expected[id] = "skipped";
        continue;
      }
      await writeReport(api, id, YEAR, {
        change: state === "errors" ? (s) => ((s.applications.rows as Rows).granted!.naturalPerson = 7) : undefined,
      });
      if (state === "errors") {
        // Submitted before the error crept in is impossible (edits return it to draft), so force it through the store.
        const report = await api.runtime.repository.getReport(id, YEAR);
        const now = BEFORE_DEADLINE.toISOString();
        await api.runtime.repository.transition(id, YEAR, {
          from: "draft",
          to: "submitted",
          revision: report!.revision,
          now,
          revisionRecord: { revision: report!.revision + 1, action: "submitted", actor: "test", at: now, status: "submitted" },
        });
      } else if (state !== "draft") {
        expect((await api.request("POST", `/v1/agencies/${id}/reports/2024/submit`, { token: api.adminToken })).status).toBe(200);
      }
      if (state === "published") expect((await api.request("POST", publishPath(id), { token: api.adminToken })).status).toBe(200);
      expected[id] = state === "ready" ? "published" : state === "renderFails" ? "failed" : "skipped";
    }

    const run = await api.request("POST", "/v1/years/2024/publish-runs", { token: api.adminToken, body: {} });
    expect(run.status, run.text).toBe(201);
    expect(run.body.status).toBe("completed");
    const outcomes = Object.fromEntries(run.body.outcomes.map((o: { agencyId: string; outcome: string }) => [o.agencyId, o.outcome]));
    expect(outcomes).toEqual(expected);
    const reasons = Object.fromEntries(run.body.outcomes.map((o: { agencyId: string; reason?: string }) => [o.agencyId, o.reason]));
    expect(reasons["a-01"]).toBe("尚未提交（草稿）");
    expect(reasons["a-02"]).toMatch(/错误/);
    expect(reasons["a-03"]).toBe("未开始填报");
    expect(reasons["a-04"]).toMatch(/已发布第 1 版/);
    expect(reasons["a-05"]).toContain("模板渲染失败（测试注入）");
    expect(run.body.published).toBe(9);
    expect(outcomes["a-45"]).toBe("published");
    const a05 = await api.request("GET", "/v1/agencies/a-05/reports/2024", { token: api.adminToken });
    expect(a05.body.status).toBe("submitted");
    expect(a05.body.versions).toEqual([]);
    expect(await api.s3Site.get("reports/2024/a-05/v1.html")).toBeUndefined();

    const fetched = await api.request("GET", `/v1/years/2024/publish-runs/${run.body.runId}`, { token: api.adminToken });
    expect(fetched.body.outcomes).toHaveLength(50);

    const second = await api.request("POST", "/v1/years/2024/publish-runs", { token: api.adminToken, body: {} });
    expect(second.body.published).toBe(0);
    expect(second.body.failed).toBe(1);
    for (const [id, outcome] of Object.entries(expected)) {
      if (outcome !== "published") continue;
      const report = await api.request("GET", `/v1/agencies/${id}/reports/2024`, { token: api.adminToken });
      expect(report.body.versions, id).toHaveLength(1);
    }
    const yearIndex = JSON.parse((await api.s3Site.get("reports/2024/index.json"))!);
    expect(JSON.stringify(yearIndex)).toContain("a-00");
    // Each report published by the run wrote its agency's history page with it; the skipped have none.
    for (const [id, outcome] of Object.entries(expected)) {
      const history = await api.s3Site.get(`agencies/${id}/index.html`);
      if (outcome === "published") expect(history, id).toContain(`reports/2024/${id}/v1.html`);
      else if (!id.endsWith("4") && !id.endsWith("9")) expect(history, id).toBeUndefined();
    }
  });

  it("runs only the kinds asked for", async () => {
    const puts: string[] = [];
    const api = await createTestApi({
      clock: () => BEFORE_DEADLINE,
      wrapSite: (site) => ({
        get: (key) => site.get(key),
        getBytes: (key) => site.getBytes(key),
        exists: (key) => site.exists(key),
        put: (key, ...rest) => (puts.push(key), site.put(key, ...rest)),
      }),
    });
    await writeReport(api, "gov", YEAR, { kind: "countyGovernment" });
    await writeReport(api, "dept", YEAR, { kind: "countyDepartment" });
    for (const id of ["gov", "dept"]) await api.request("POST", `/v1/agencies/${id}/reports/2024/submit`, { token: api.adminToken });
    const run = await api.request("POST", "/v1/years/2024/publish-runs", { token: api.adminToken, body: { kinds: ["countyDepartment", "town", "subdistrict"] } });
    expect(run.body.agencyIds).toEqual(["dept"]);
    expect(run.body.published).toBe(1);
    // A run of kinds without any agency is complete as it starts, and writes no site object.
    puts.length = 0;
    const empty = await api.request("POST", "/v1/years/2024/publish-runs", { token: api.adminToken, body: { kinds: ["subdistrict"] } });
    expect(empty.status, empty.text).toBe(201);
    expect(empty.body).toMatchObject({ agencyIds: [], status: "completed", published: 0 });
    expect(empty.body.yearFilesWrittenAt).toEqual(expect.any(String));
    expect(puts).toEqual([]);
    const bad = await api.request("POST", "/v1/years/2024/publish-runs", { token: api.adminToken, body: { kinds: ["village"] } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details[0].path).toBe("kinds.0");
  });
});

describe("finding counts stored with the report", () => {
  const metaKey = (agencyId: string) => ({ pk: reportPartition(agencyId, YEAR), sk: META });

  it("GET report is one Query, and its counts follow a PUT that introduces an ERROR", async () => {
    const api = await createTestApi({ clock: () => BEFORE_DEADLINE });
    await writeReport(api, "town-counts", YEAR);
    const report = `/v1/agencies/town-counts/reports/${YEAR}`;
    const clean = await api.request("GET", report, { token: api.adminToken });
    expect(clean.body.findingCounts.errors).toBe(0);

    const broken = clone(exampleSections.applications) as { rows: Rows };
    broken.rows.granted!.naturalPerson = 5;
    const put = await api.request("PUT", `${report}/sections/applications`, {
      token: api.adminToken,
      body: broken,
      headers: { "if-match": clean.body.sections.applications.etag },
    });
    expect(put.status, put.text).toBe(200);

    api.counter.reset();
    const after = await api.request("GET", report, { token: api.adminToken });
    expect(api.counter.calls).toEqual(["QueryCommand"]);
    // /findings runs every rule afresh (there is no 2023 report, so no cross-year rule applies).
    const findings = await api.request("GET", `${report}/findings`, { token: api.adminToken });
    expect(findings.body.errors).toBeGreaterThan(0);
    expect(after.body.findingCounts).toEqual({ errors: findings.body.errors, warnings: findings.body.warnings, infos: findings.body.infos });
    // They were stored by the PUT, for the revision it produced.
    const { Item } = await testDocumentClient().send(new GetCommand({ TableName: api.tableName, Key: metaKey("town-counts") }));
    expect(Item?.findingCounts).toMatchObject({ revision: after.body.revision, errors: findings.body.errors });
  });

  it("adds the clock's rule at each read, and computes the counts of a report stored without them", async () => {
    let now = BEFORE_DEADLINE;
    const api = await createTestApi({ clock: () => now });
    await writeReport(api, "town-clock", YEAR);
    const report = `/v1/agencies/town-clock/reports/${YEAR}`;
    const before = (await api.request("GET", report, { token: api.adminToken })).body.findingCounts;
    now = new Date("2025-02-10T02:00:00Z"); // a town's deadline (01-31) has passed, nothing was written since
    const late = (await api.request("GET", report, { token: api.adminToken })).body.findingCounts;
    const findings = (await api.request("GET", `${report}/findings`, { token: api.adminToken })).body;
    expect(findings.findings.map((f: { ruleId: string }) => f.ruleId)).toContain("P-01");
    expect(late).toEqual({ errors: findings.errors, warnings: findings.warnings, infos: findings.infos });
    expect(late.warnings).toBe(before.warnings + 1);

    // A report stored before counts were: GET computes them.
    await testDocumentClient().send(
      new UpdateCommand({ TableName: api.tableName, Key: metaKey("town-clock"), UpdateExpression: "REMOVE findingCounts" }),
    );
    expect((await api.request("GET", report, { token: api.adminToken })).body.findingCounts).toEqual(late);
  });

  it("the board reads no report: two Queries whatever the number of agencies", async () => {
    const api = await createTestApi({ clock: () => BEFORE_DEADLINE });
    await writeReport(api, "town-ok", YEAR);
    await writeReport(api, "town-bad", YEAR, { change: (s) => ((s.applications.rows as Rows).granted!.naturalPerson = 9) });
    await writeReport(api, "town-sub", YEAR);
    await api.request("POST", "/v1/agencies/town-sub/reports/2024/submit", { token: api.adminToken });
    api.counter.reset();
    const board = await api.request("GET", "/v1/years/2024/reports", { token: api.adminToken });
    expect(api.counter.calls).toEqual(["QueryCommand", "QueryCommand"]);
    for (const row of board.body.reports as { agencyId: string; errors: number; warnings: number }[]) {
      const findings = (await api.request("GET", `/v1/agencies/${row.agencyId}/reports/2024/findings`, { token: api.adminToken })).body;
      // The board's counts are the stored ones: every rule but the cross-agency comparison (the three
      // towns share the example's text, which /findings reports as N-06 against each other).
      const peerWarnings = findings.findings.filter((f: { ruleId: string }) => f.ruleId === "N-06").length;
      expect(peerWarnings, row.agencyId).toBeGreaterThan(0);
      expect({ errors: row.errors, warnings: row.warnings }, row.agencyId).toEqual({ errors: findings.errors, warnings: findings.warnings - peerWarnings });
    }
    expect(board.body.reports.find((r: { agencyId: string }) => r.agencyId === "town-bad").status).toBe("hasErrors");
    expect(board.body.reports.find((r: { agencyId: string }) => r.agencyId === "town-sub").status).toBe("submitted");
  });
});

describe("a manual publish whatever the year's size", () => {
  function countingSite() {
    const counts = { gets: 0, puts: [] as string[] };
    const wrap = (site: SiteStore): SiteStore => ({
      get: (key) => {
        counts.gets += 1;
        return site.get(key);
      },
      getBytes: (key) => {
        counts.gets += 1;
        return site.getBytes(key);
      },
      exists: (key) => {
        counts.gets += 1;
        return site.exists(key);
      },
      put: (key, body, type, options) => {
        counts.puts.push(key);
        return site.put(key, body, type, options);
      },
    });
    return { counts, wrap };
  }

  it("reads nothing from S3 with 3 other reports published, and open-data.csv still lists every one", async () => {
    const { counts, wrap } = countingSite();
    const api = await createTestApi({ clock: () => BEFORE_DEADLINE, wrapSite: wrap });
    const others = ["town-p1", "town-p2", "town-p3"];
    for (const id of others) {
      await writeReport(api, id, YEAR);
      expect((await api.request("POST", publishPath(id), { token: api.adminToken })).status).toBe(200);
    }
    await writeReport(api, "town-p4", YEAR, { fullName: "沂源县第四镇人民政府" });

    counts.gets = 0;
    counts.puts.length = 0;
    api.counter.reset();
    const published = await api.request("POST", publishPath("town-p4"), { token: api.adminToken });
    expect(published.status, published.text).toBe(200);
    expect(counts.gets).toBe(0);
    expect(api.counter.count).toBeLessThanOrEqual(6);
    // Only the history page of the agency that changed; the site root already lists the year.
    expect(counts.puts.filter((key) => key.startsWith("agencies/"))).toEqual(["agencies/town-p4/index.html"]);
    expect(counts.puts).not.toContain("index.html");

    const csv = (await api.s3Site.get("reports/2024/open-data.csv"))!;
    const lines = csv.split("\r\n").filter(Boolean);
    expect(lines).toHaveLength(1 + 4);
    for (const id of [...others, "town-p4"]) expect(lines.filter((line) => line.includes(`,${id},`)), id).toHaveLength(1);
    expect(csv).toContain("沂源县第四镇人民政府");
    // Each row is the one of the report as published: the same cells as its report.json.
    const reportJson = JSON.parse((await api.s3Site.get("reports/2024/town-p2/report.json"))!);
    const p2 = lines.find((line) => line.includes(",town-p2,"))!;
    expect(p2).toContain(`,${reportJson.sections.applications.rows.newReceived.total},`);
    const yearIndex = JSON.stringify(JSON.parse((await api.s3Site.get("reports/2024/index.json"))!));
    for (const id of [...others, "town-p4"]) expect(yearIndex).toContain(`"${id}"`);
  });

  it("reads report.json once for a report published before rows were stored, and keeps its row", async () => {
    const { counts, wrap } = countingSite();
    const api = await createTestApi({ clock: () => BEFORE_DEADLINE, wrapSite: wrap });
    await writeReport(api, "town-old", YEAR);
    expect((await api.request("POST", publishPath("town-old"), { token: api.adminToken })).status).toBe(200);
    await testDocumentClient().send(
      new UpdateCommand({ TableName: api.tableName, Key: { pk: reportPartition("town-old", YEAR), sk: META }, UpdateExpression: "REMOVE openDataRow" }),
    );
    for (const [id, gets] of [["town-new1", 1], ["town-new2", 0]] as const) {
      await writeReport(api, id, YEAR);
      counts.gets = 0;
      expect((await api.request("POST", publishPath(id), { token: api.adminToken })).status).toBe(200);
      expect(counts.gets, id).toBe(gets);
      const lines = (await api.s3Site.get("reports/2024/open-data.csv"))!.split("\r\n").filter(Boolean);
      expect(lines.filter((line) => line.includes(",town-old,")), id).toHaveLength(1);
    }
  });
});

describe("Idempotency-Key bound to its request", () => {
  it("answers 422 when a key comes back with another body or for a correction, and publishes nothing", async () => {
    const api = await createTestApi({ clock: () => BEFORE_DEADLINE });
    await writeReport(api, "town-key", YEAR);
    const headers = { "idempotency-key": "key-bound" };
    const first = await api.request("POST", publishPath("town-key"), { token: api.adminToken, headers });
    expect(first.status).toBe(200);
    // The same request again (an empty body is the same request as none) is the first result.
    const same = await api.request("POST", publishPath("town-key"), { token: api.adminToken, headers, body: {} });
    expect(same.status).toBe(200);
    expect(same.body).toEqual(first.body);

    const otherBody = await api.request("POST", publishPath("town-key"), {
      token: api.adminToken,
      headers,
      body: { acknowledgements: [{ ruleId: "T3-X1", note: "另一请求的说明" }] },
    });
    expect(otherBody.status).toBe(422);
    expect(otherBody.body.error).toMatchObject({ code: "IDEMPOTENCY_KEY_REUSED", details: [expect.objectContaining({ path: "headers.idempotency-key" })] });
    expect(otherBody.body.error.message).toMatch(/Idempotency-Key/);
    expect(otherBody.body.error.message).toMatch(/[\u4e00-\u9fff]/);

    expect((await api.request("POST", "/v1/agencies/town-key/reports/2024/reopen", { token: api.adminToken })).status).toBe(200);
    const correction = { correctionNote: "更正第一部分表述。" };
    const reused = await api.request("POST", publishPath("town-key"), { token: api.adminToken, headers, body: correction });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe("IDEMPOTENCY_KEY_REUSED");
    const stillOne = await api.request("GET", "/v1/agencies/town-key/reports/2024", { token: api.adminToken });
    expect(stillOne.body.versions).toHaveLength(1);
    expect(stillOne.body.status).toBe("draft");

    const fresh = await api.request("POST", publishPath("town-key"), { token: api.adminToken, headers: { "idempotency-key": "key-correction" }, body: correction });
    expect(fresh.status, fresh.text).toBe(200);
    expect(fresh.body.version).toBe(2);
  });
});

import { renderReportPage as renderReal } from "../../functions/report/render";
