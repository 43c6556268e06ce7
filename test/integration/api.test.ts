import { beforeAll, describe, expect, it } from "vitest";
import { exampleAgency, exampleSections, exampleYear } from "../../fixtures/example";
import { SECTION_NAMES } from "../../functions/report/catalogue";
import { ROUTES } from "../../functions/http/routes";
import { SignJWT } from "jose";
import { AUDIENCE, createTestApi, ISSUER, TEST_SECRET, type TestApi } from "../support/harness";

const AGENCY = exampleAgency.agencyId;
const YEAR = exampleYear;
const reportPath = `/v1/agencies/${AGENCY}/reports/${YEAR}`;
const sectionPath = (section: string) => `${reportPath}/sections/${section}`;
const { agencyId: _id, ...agencyBody } = exampleAgency;

const clone = <T>(value: T): T => structuredClone(value);

let api: TestApi;
let editor: string;

async function writeWholeExample(): Promise<void> {
  for (const section of SECTION_NAMES) {
    const current = await api.request("GET", sectionPath(section), { token: api.adminToken });
    const headers: Record<string, string> = current.status === 200 ? { "if-match": current.headers.get("etag")! } : {};
    const written = await api.request("PUT", sectionPath(section), { token: editor, body: exampleSections[section], headers });
    expect(written.status, `${section}: ${written.text}`).toBeLessThan(300);
  }
}

beforeAll(async () => {
  api = await createTestApi();
  editor = await api.editorToken(AGENCY);
  const created = await api.request("PUT", `/v1/agencies/${AGENCY}`, { token: api.adminToken, body: agencyBody });
  expect(created.status).toBe(201);
});

describe("agencies", () => {
  it("creates, updates, lists and reads agencies", async () => {
    const other = await api.request("PUT", "/v1/agencies/county-gov", {
      token: api.adminToken,
      body: { fullName: "沂源县人民政府", kind: "countyGovernment" },
    });
    expect(other.status).toBe(201);
    expect(other.body).toEqual({ agencyId: "county-gov", fullName: "沂源县人民政府", kind: "countyGovernment", hasRulemakingPower: false });
    const updated = await api.request("PUT", "/v1/agencies/county-gov", {
      token: api.adminToken,
      body: { fullName: "沂源县人民政府", kind: "countyGovernment", hasRulemakingPower: false },
    });
    expect(updated.status).toBe(200);
    const list = await api.request("GET", "/v1/agencies", { token: editor });
    expect(list.status).toBe(200);
    expect(list.body.agencies.map((a: { agencyId: string }) => a.agencyId)).toEqual(["county-gov", AGENCY]);
    const one = await api.request("GET", `/v1/agencies/${AGENCY}`, { token: editor });
    expect(one.body).toEqual(exampleAgency);
    const missing = await api.request("GET", "/v1/agencies/nobody", { token: editor });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("NOT_FOUND");
  });
});

describe("writing the example report", () => {
  it("stores every section and reads each back identical", async () => {
    await writeWholeExample();
    for (const section of SECTION_NAMES) {
      const read = await api.request("GET", sectionPath(section), { token: editor });
      expect(read.status).toBe(200);
      expect(read.headers.get("etag")).toMatch(/^"\d+"$/);
      expect(read.body).toEqual(exampleSections[section]);
    }
    const report = await api.request("GET", reportPath, { token: editor });
    expect(report.status).toBe(200);
    expect(report.body.title).toBe("沂源县悦庄镇人民政府2024年政府信息公开工作年度报告");
    expect(report.body.status).toBe("draft");
    expect(Object.keys(report.body.sections).sort()).toEqual([...SECTION_NAMES].sort());
    expect(report.body.findingCounts.errors).toBe(0);
    expect(report.body.deadline).toBe("2025-01-31");
  });

  it("finds no ERROR in the example report", async () => {
    const findings = await api.request("GET", `${reportPath}/findings`, { token: editor });
    expect(findings.status).toBe(200);
    expect(findings.body.errors).toBe(0);
    expect(findings.body.findings.filter((f: { severity: string }) => f.severity === "ERROR")).toEqual([]);
    expect(findings.body.warnings).toBe(findings.body.findings.filter((f: { severity: string }) => f.severity === "WARNING").length);
  });

  it("renders a readable preview of every part", async () => {
    const preview = await api.request("GET", `${reportPath}/preview`, { token: editor });
    expect(preview.status).toBe(200);
    expect(preview.headers.get("content-type")).toBe("text/html; charset=utf-8");
    for (const heading of ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]) {
      expect(preview.text).toContain(heading);
    }
    expect(preview.text).toContain("悦庄镇中心路125号");
  });
});

describe("agency changes", () => {
  it("carry into the agency's unpublished reports: title, kind and rule-making power", async () => {
    const api2 = await createTestApi();
    await api2.request("PUT", "/v1/agencies/renamed", { token: api2.adminToken, body: { fullName: "沂源县旧名镇人民政府", kind: "town" } });
    await api2.request("PUT", "/v1/agencies/renamed/reports/2024/sections/overview", { token: api2.adminToken, body: exampleSections.overview });
    const before = await api2.request("GET", "/v1/agencies/renamed/reports/2024", { token: api2.adminToken });
    expect(before.body.title).toBe("沂源县旧名镇人民政府2024年政府信息公开工作年度报告");
    const renamed = await api2.request("PUT", "/v1/agencies/renamed", { token: api2.adminToken, body: { fullName: "沂源县新名街道办事处", kind: "subdistrict" } });
    expect(renamed.status).toBe(200);
    const after = await api2.request("GET", "/v1/agencies/renamed/reports/2024", { token: api2.adminToken });
    expect(after.body.title).toBe("沂源县新名街道办事处2024年政府信息公开工作年度报告");
    expect(after.body.agency).toEqual({ agencyId: "renamed", fullName: "沂源县新名街道办事处", kind: "subdistrict", hasRulemakingPower: false });
  });

  it("rejects a bad agency body with every path and creates nothing", async () => {
    const response = await api.request("PUT", "/v1/agencies/bad-agency", { token: api.adminToken, body: { fullName: "", kind: "village", extra: 1 } });
    expect(response.status).toBe(422);
    expect(response.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["extra", "fullName", "kind"]);
    expect((await api.request("GET", "/v1/agencies/bad-agency", { token: api.adminToken })).status).toBe(404);
  });
});

describe("totals", () => {
  it("computes omitted totals and keeps given ones as given", async () => {
    const api2 = await createTestApi();
    await api2.request("PUT", "/v1/agencies/dept-a", { token: api2.adminToken, body: { fullName: "沂源县测试局", kind: "countyDepartment" } });
    const body = clone(exampleSections.applications) as { rows: Record<string, Record<string, number>> };
    for (const row of Object.values(body.rows)) delete row.total;
    body.rows.newReceived!.naturalPerson = 3;
    body.rows.newReceived!.commercialEnterprise = 2;
    body.rows.granted!.naturalPerson = 3;
    body.rows.granted!.commercialEnterprise = 2;
    delete body.rows.totalProcessed;
    const put = await api2.request("PUT", "/v1/agencies/dept-a/reports/2024/sections/applications", { token: api2.adminToken, body });
    expect(put.status).toBe(201);
    expect(put.body.rows.newReceived.total).toBe(5);
    expect(put.body.rows.totalProcessed).toEqual({ naturalPerson: 3, commercialEnterprise: 2, researchInstitution: 0, publicWelfareOrganization: 0, legalServiceOrganization: 0, otherOrganization: 0, total: 5 });

    const wrongTotal = clone(exampleSections.reviewLitigation);
    wrongTotal.review = { upheld: 1, corrected: 0, otherResult: 0, pending: 0, total: 3 };
    const review = await api2.request("PUT", "/v1/agencies/dept-a/reports/2024/sections/reviewLitigation", { token: api2.adminToken, body: wrongTotal });
    expect(review.status).toBe(201);
    expect(review.body.review.total).toBe(3);
    const findings = await api2.request("GET", "/v1/agencies/dept-a/reports/2024/findings", { token: api2.adminToken });
    expect(findings.body.findings).toContainEqual(expect.objectContaining({ ruleId: "T4-01", path: "reviewLitigation.review.total", expected: "1", actual: "3" }));
  });
});

describe("optimistic locking", () => {
  it("requires If-Match to replace (428) and refuses a stale one (412 with the current ETag)", async () => {
    const missing = await api.request("PUT", sectionPath("overview"), { token: editor, body: exampleSections.overview });
    expect(missing.status).toBe(428);
    expect(missing.body.error.code).toBe("PRECONDITION_REQUIRED");
    const current = await api.request("GET", sectionPath("overview"), { token: editor });
    const etag = current.headers.get("etag")!;
    const stale = await api.request("PUT", sectionPath("overview"), { token: editor, body: exampleSections.overview, headers: { "if-match": '"999"' } });
    expect(stale.status).toBe(412);
    expect(stale.headers.get("etag")).toBe(etag);
    expect(stale.body.error.currentEtag).toBe(etag);
    const ok = await api.request("PUT", sectionPath("overview"), { token: editor, body: exampleSections.overview, headers: { "if-match": etag } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("etag")).not.toBe(etag);
  });

  it("lets exactly one of 20 concurrent writers with the same If-Match win, and stores the winner's body", async () => {
    const current = await api.request("GET", sectionPath("problemsAndImprovements"), { token: editor });
    const etag = current.headers.get("etag")!;
    const bodies = Array.from({ length: 20 }, (_, i) => ({ ...exampleSections.problemsAndImprovements, problems: `并发写入 ${i}` }));
    const results = await Promise.all(
      bodies.map((body) => api.request("PUT", sectionPath("problemsAndImprovements"), { token: editor, body, headers: { "if-match": etag } })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(19);
    const winner = results.findIndex((r) => r.status === 200);
    const stored = await api.request("GET", sectionPath("problemsAndImprovements"), { token: editor });
    expect(stored.body).toEqual(bodies[winner]);
    expect(stored.headers.get("etag")).toBe(results[winner]!.headers.get("etag"));
    // Put the example text back for the tests that follow.
    await api.request("PUT", sectionPath("problemsAndImprovements"), { token: editor, body: exampleSections.problemsAndImprovements, headers: { "if-match": stored.headers.get("etag")! } });
  });
});

describe("submit", () => {
  it("is refused with the findings while an ERROR remains, and accepted once fixed", async () => {
    const current = await api.request("GET", sectionPath("applications"), { token: editor });
    const broken = clone(exampleSections.applications) as { rows: Record<string, Record<string, number>> };
    broken.rows.newReceived!.naturalPerson = 12;
    broken.rows.newReceived!.total = 12;
    const put = await api.request("PUT", sectionPath("applications"), { token: editor, body: broken, headers: { "if-match": current.headers.get("etag")! } });
    expect(put.status).toBe(200);

    const refused = await api.request("POST", `${reportPath}/submit`, { token: editor });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe("FINDINGS_BLOCK");
    const t301 = refused.body.error.findings.find((f: { ruleId: string; path: string }) => f.ruleId === "T3-01" && f.path.endsWith("naturalPerson"));
    expect(t301.message).toBe("第三部分表格“自然人”列：第一项加第二项之和（12）不等于第三项加第四项之和（1）");
    expect((await api.request("GET", reportPath, { token: editor })).body.status).toBe("draft");

    const fixed = await api.request("PUT", sectionPath("applications"), { token: editor, body: exampleSections.applications, headers: { "if-match": put.headers.get("etag")! } });
    expect(fixed.status).toBe(200);
    const accepted = await api.request("POST", `${reportPath}/submit`, { token: editor });
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe("submitted");
    expect(accepted.body.submittedAt).toEqual(expect.any(String));
  });

  it("takes an edited submitted report back to draft", async () => {
    const current = await api.request("GET", sectionPath("otherMatters"), { token: editor });
    const put = await api.request("PUT", sectionPath("otherMatters"), { token: editor, body: exampleSections.otherMatters, headers: { "if-match": current.headers.get("etag")! } });
    expect(put.status).toBe(200);
    expect((await api.request("GET", reportPath, { token: editor })).body.status).toBe("draft");
    expect((await api.request("POST", `${reportPath}/submit`, { token: editor })).status).toBe(200);
  });
});

describe("authorization", () => {
  it("answers 401 without a token or with a bad one, on every protected route", async () => {
    const forged = editor.slice(0, -4) + (editor.endsWith("AAAA") ? "BBBB" : "AAAA");
    for (const route of ROUTES.filter((r) => r.access !== "public")) {
      const path = route.path
        .replace("{agencyId}", AGENCY)
        .replace("{year}", String(YEAR))
        .replace("{section}", "overview")
        .replace("{runId}", "run-1");
      for (const token of [undefined, "not-a-jwt", forged]) {
        const response = await api.request(route.method.toUpperCase(), path, { token, body: route.requestBody ? {} : undefined });
        expect(response.status, `${route.method} ${path} with ${String(token).slice(0, 10)}`).toBe(401);
        expect(response.body.error.code).toBe("UNAUTHENTICATED");
      }
    }
  });

  it("answers 401 to expired, foreign, unsigned or claim-less tokens", async () => {
    const key = new TextEncoder().encode(TEST_SECRET);
    const sign = (claims: Record<string, unknown>, edit: (jwt: SignJWT) => SignJWT = (jwt) => jwt) =>
      edit(new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setSubject("someone").setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime("1h")).sign(key);
    const unsigned = `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${Buffer.from(
      JSON.stringify({ role: "countyAdmin", sub: "x", iss: ISSUER, aud: AUDIENCE, exp: 4102444800 }),
    ).toString("base64url")}.`;
    const tokens: Record<string, string> = {
      expired: await sign({ role: "countyAdmin" }, (jwt) => jwt.setExpirationTime(Math.floor(Date.now() / 1000) - 60)),
      wrongIssuer: await sign({ role: "countyAdmin" }, (jwt) => jwt.setIssuer("https://evil.example")),
      wrongAudience: await sign({ role: "countyAdmin" }, (jwt) => jwt.setAudience("another-service")),
      noExpiry: await new SignJWT({ role: "countyAdmin" }).setProtectedHeader({ alg: "HS256" }).setSubject("x").setIssuer(ISSUER).setAudience(AUDIENCE).sign(key),
      noRole: await sign({}),
      unknownRole: await sign({ role: "superuser" }),
      editorWithoutAgency: await sign({ role: "agencyEditor" }),
      otherKey: await new SignJWT({ role: "countyAdmin" }).setProtectedHeader({ alg: "HS256" }).setSubject("x").setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime("1h").sign(new TextEncoder().encode("another-secret-another-secret-another-secret")),
      unsigned,
    };
    for (const [name, token] of Object.entries(tokens)) {
      const response = await api.request("GET", "/v1/agencies", { token });
      expect(response.status, name).toBe(401);
      expect(response.body.error.code, name).toBe("UNAUTHENTICATED");
    }
  });

  it("answers 403 to an editor outside its agency or role", async () => {
    const before = (await api.request("GET", reportPath, { token: api.adminToken })).body;
    const otherEditor = await api.editorToken("county-gov");
    const cases: [string, string, unknown?][] = [
      ["GET", reportPath],
      ["GET", sectionPath("overview")],
      ["PUT", sectionPath("overview"), exampleSections.overview],
      ["GET", `${reportPath}/findings`],
      ["GET", `${reportPath}/preview`],
      ["POST", `${reportPath}/submit`],
    ];
    for (const [method, path, body] of cases) {
      const response = await api.request(method, path, { token: otherEditor, body });
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.body.error.code).toBe("FORBIDDEN");
    }
    for (const [method, path, body] of [
      ["PUT", `/v1/agencies/${AGENCY}`, agencyBody],
      ["POST", `${reportPath}/publish`, {}],
      ["POST", `${reportPath}/reopen`, undefined],
      ["GET", `/v1/years/${YEAR}/reports`, undefined],
      ["POST", `/v1/years/${YEAR}/publish-runs`, {}],
    ] as [string, string, unknown][]) {
      const response = await api.request(method, path, { token: editor, body });
      expect(response.status, `${method} ${path}`).toBe(403);
    }
    const after = (await api.request("GET", reportPath, { token: api.adminToken })).body;
    expect(after).toEqual(before);
  });

  it("lets the agency's editor and the county admin read the report", async () => {
    expect((await api.request("GET", reportPath, { token: editor })).status).toBe(200);
    expect((await api.request("GET", reportPath, { token: api.adminToken })).status).toBe(200);
    expect((await api.request("GET", "/v1/health")).body).toEqual({ status: "ok" });
  });
});

describe("bad input changes nothing", () => {
  async function snapshot() {
    const report = await api.request("GET", reportPath, { token: editor });
    return report.body.sections;
  }

  it("rejects wrong types, negative counts and unknown fields with every offending path (422)", async () => {
    const before = await snapshot();
    const etag = before.activeDisclosure.etag;
    const body = clone(exampleSections.activeDisclosure) as Record<string, any>;
    body.regulations.issued = "3";
    body.normativeDocuments.repealed = -1;
    body.administrativePenalty.decisions = 1.5;
    body.administrativeFees.amountWanYuan = 12.5;
    body.surprise = true;
    const response = await api.request("PUT", sectionPath("activeDisclosure"), { token: editor, body, headers: { "if-match": etag } });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe("VALIDATION_FAILED");
    expect(response.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      "activeDisclosure.administrativeFees.amountWanYuan",
      "activeDisclosure.administrativePenalty.decisions",
      "activeDisclosure.normativeDocuments.repealed",
      "activeDisclosure.regulations.issued",
      "activeDisclosure.surprise",
    ]);
    expect(response.body.error.details.find((d: { path: string }) => d.path === "activeDisclosure.normativeDocuments.repealed").message).toBe("应为非负整数");
    expect(await snapshot()).toEqual(before);
  });

  it("rejects a fee amount with units or separators", async () => {
    const before = await snapshot();
    for (const amount of ["1,000", "12万元", "1.1234567", "-1", ""]) {
      const body = clone(exampleSections.activeDisclosure);
      body.administrativeFees.amountWanYuan = amount;
      const response = await api.request("PUT", sectionPath("activeDisclosure"), { token: editor, body, headers: { "if-match": before.activeDisclosure.etag } });
      expect(response.status, amount).toBe(422);
      expect(response.body.error.details[0].path).toBe("activeDisclosure.administrativeFees.amountWanYuan");
    }
    expect(await snapshot()).toEqual(before);
  });

  it("answers 413 to a body over 1 MB, 400 to malformed JSON, 415 to a non-JSON body", async () => {
    const before = await snapshot();
    const huge = JSON.stringify({ ...exampleSections.overview, intro: "字".repeat(400_000) });
    expect(Buffer.byteLength(huge)).toBeGreaterThan(1024 * 1024);
    const tooLarge = await api.request("PUT", sectionPath("overview"), { token: editor, rawBody: huge, headers: { "content-type": "application/json", "if-match": before.overview.etag } });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.code).toBe("PAYLOAD_TOO_LARGE");
    const malformed = await api.request("PUT", sectionPath("overview"), { token: editor, rawBody: '{"intro": "未完', headers: { "content-type": "application/json", "if-match": before.overview.etag } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("BAD_REQUEST");
    const notJson = await api.request("PUT", sectionPath("overview"), { token: editor, rawBody: "intro=x", headers: { "content-type": "application/x-www-form-urlencoded", "if-match": before.overview.etag } });
    expect(notJson.status).toBe(415);
    expect(await snapshot()).toEqual(before);
  });

  it("answers 400 to a bad agencyId, year or section in the path", async () => {
    const before = await snapshot();
    const cases: [string, string][] = [
      ["/v1/agencies/Bad_ID/reports/2024", "path.agencyId"],
      ["/v1/agencies/x/reports/2024", "path.agencyId"],
      ["/v1/agencies/yuezhuang-town/reports/1999", "path.year"],
      ["/v1/agencies/yuezhuang-town/reports/twenty", "path.year"],
      ["/v1/agencies/yuezhuang-town/reports/2024/sections/appendix", "path.section"],
    ];
    for (const [path, detail] of cases) {
      const response = await api.request("GET", path, { token: api.adminToken });
      expect(response.status, path).toBe(400);
      expect(response.body.error.details[0].path).toBe(detail);
    }
    const put = await api.request("PUT", "/v1/agencies/yuezhuang-town/reports/3000/sections/overview", { token: editor, body: exampleSections.overview });
    expect(put.status).toBe(400);
    const badSection = await api.request("PUT", "/v1/agencies/yuezhuang-town/reports/2024/sections/appendix", { token: editor, body: {} });
    expect(badSection.status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it("answers 404 in the error shape for unknown routes and missing reports", async () => {
    const unknown = await api.request("GET", "/v1/nothing-here", { token: api.adminToken });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toEqual({ code: "NOT_FOUND", message: expect.stringContaining("/v1/nothing-here"), details: [] });
    const noReport = await api.request("GET", `/v1/agencies/${AGENCY}/reports/2023`, { token: editor });
    expect(noReport.status).toBe(404);
    const noAgency = await api.request("PUT", "/v1/agencies/ghost/reports/2024/sections/overview", { token: api.adminToken, body: exampleSections.overview });
    expect(noAgency.status).toBe(404);
  });
});

describe("storage cost", () => {
  it("reads a whole report with one DynamoDB request and writes a section with at most two", async () => {
    api.counter.reset();
    const report = await api.request("GET", reportPath, { token: editor });
    expect(report.status).toBe(200);
    expect(api.counter.calls).toEqual(["QueryCommand"]);

    api.counter.reset();
    const put = await api.request("PUT", sectionPath("overview"), { token: editor, body: exampleSections.overview, headers: { "if-match": report.body.sections.overview.etag } });
    expect(put.status).toBe(200);
    expect(api.counter.calls).toEqual(["QueryCommand", "TransactWriteItemsCommand"]);

    // The first write of a brand-new report also reads the agency, to snapshot its name and kind.
    await api.request("PUT", "/v1/agencies/counted", { token: api.adminToken, body: { fullName: "沂源县计数局", kind: "countyDepartment" } });
    api.counter.reset();
    const create = await api.request("PUT", "/v1/agencies/counted/reports/2024/sections/overview", { token: api.adminToken, body: exampleSections.overview });
    expect(create.status).toBe(201);
    expect(api.counter.calls, JSON.stringify(api.counter.calls)).toEqual(["QueryCommand", "GetItemCommand", "TransactWriteItemsCommand"]);
  });
});

describe("openapi", () => {
  it("documents every route the router serves", async () => {
    const response = await api.request("GET", "/v1/openapi.json");
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe("3.1.0");
    const documentedPath = (route: (typeof ROUTES)[number]) =>
      route.perSection ? SECTION_NAMES.map((section) => route.path.replace("{section}", section)) : [route.path];
    for (const route of ROUTES) {
      for (const path of documentedPath(route)) {
        expect(response.body.paths[path]?.[route.method], `${route.method} ${path}`).toBeDefined();
        expect(response.body.paths[path]?.options, `options ${path}`).toBeDefined();
      }
    }
    // The router serves exactly the route table (the CORS middleware is registered for every path).
    const served = api.runtime.app.routes
      .filter((r) => r.method !== "ALL")
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
    expect(new Set(served)).toEqual(new Set(ROUTES.map((route) => `${route.method} ${route.path}`)));
    // The section in the path selects the body schema.
    const put = response.body.paths["/v1/agencies/{agencyId}/reports/{year}/sections/activeDisclosure"].put;
    expect(JSON.stringify(put.requestBody)).toContain("amountWanYuan");
    expect(JSON.stringify(response.body.paths["/v1/agencies/{agencyId}/reports/{year}/sections/overview"].put.requestBody)).not.toContain(
      "amountWanYuan",
    );
    expect(put.parameters.map((p: { name: string }) => p.name)).toEqual(["agencyId", "year", "If-Match"]);
  });
});
