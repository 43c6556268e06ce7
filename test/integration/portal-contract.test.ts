import { beforeAll, describe, expect, it } from "vitest";
import { exampleAgency, exampleSections, exampleYear } from "../../fixtures/example";
import { SECTION_NAMES, type SectionName } from "../../functions/report/catalogue";
import { ROUTES } from "../../functions/http/routes";
import { createTestApi, type TestApi } from "../support/harness";

/** Issue 8: what a portal vendor working only from the OpenAPI document needs to hold. */

const AGENCY = exampleAgency.agencyId;
const YEAR = exampleYear;
const reportPath = `/v1/agencies/${AGENCY}/reports/${YEAR}`;
const sectionPath = (section: string) => `${reportPath}/sections/${section}`;
const { agencyId: _id, ...agencyBody } = exampleAgency;
const PORTAL = "http://localhost:5173";

let api: TestApi;
let editor: string;

async function writeSection(section: SectionName, body: unknown) {
  const current = await api.request("GET", sectionPath(section), { token: editor });
  const headers: Record<string, string> = current.status === 200 ? { "if-match": current.headers.get("etag")! } : {};
  return api.request("PUT", sectionPath(section), { token: editor, body, headers });
}

beforeAll(async () => {
  api = await createTestApi();
  editor = await api.editorToken(AGENCY);
  expect((await api.request("PUT", `/v1/agencies/${AGENCY}`, { token: api.adminToken, body: agencyBody })).status).toBe(201);
  for (const section of SECTION_NAMES) expect((await writeSection(section, exampleSections[section])).status).toBe(201);
});

describe("CORS", () => {
  const preflightHeaders = {
    origin: PORTAL,
    "access-control-request-method": "PUT",
    "access-control-request-headers": "authorization, content-type, if-match, idempotency-key",
  };

  it("answers a preflight from an allowed origin with 204 on every route, without a token", async () => {
    for (const route of ROUTES) {
      const path = route.path.replace("{agencyId}", AGENCY).replace("{year}", String(YEAR)).replace("{section}", "overview")
        .replace("{runId}", "run-1").replace("{templateVersion}", "2021").replace("{revision}", "1");
      const response = await api.request("OPTIONS", path, { headers: preflightHeaders });
      expect(response.status, path).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBe(PORTAL);
      expect(response.headers.get("access-control-allow-methods")).toContain(route.method.toUpperCase());
      for (const header of ["authorization", "content-type", "if-match", "idempotency-key"]) {
        expect(response.headers.get("access-control-allow-headers")).toContain(header);
      }
    }
  });

  it("sends no CORS headers to a disallowed origin", async () => {
    const preflight = await api.request("OPTIONS", sectionPath("overview"), { headers: { ...preflightHeaders, origin: "https://evil.example" } });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    expect(preflight.headers.get("access-control-allow-methods")).toBeNull();
    const get = await api.request("GET", reportPath, { token: editor, headers: { origin: "https://evil.example" } });
    expect(get.status).toBe(200);
    expect(get.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("lets an allowed origin read the ETag of a response, errors included", async () => {
    const get = await api.request("GET", sectionPath("overview"), { token: editor, headers: { origin: PORTAL } });
    expect(get.headers.get("access-control-allow-origin")).toBe(PORTAL);
    expect(get.headers.get("access-control-expose-headers")).toContain("ETag");
    const stale = await api.request("PUT", sectionPath("overview"), {
      token: editor,
      body: exampleSections.overview,
      headers: { origin: PORTAL, "if-match": '"999"' },
    });
    expect(stale.status).toBe(412);
    expect(stale.headers.get("access-control-allow-origin")).toBe(PORTAL);
  });
});

describe("bodies as format-spec §9 gives them", () => {
  it("accepts activeDisclosure with kind \"2021\" and the derived amountFen, and still without them", async () => {
    const withKind = { kind: "2021", ...exampleSections.activeDisclosure };
    withKind.administrativeFees = { amountWanYuan: "12.5", amountFen: 12_500_000 } as never;
    const written = await writeSection("activeDisclosure", withKind);
    expect(written.status, written.text).toBe(200);
    expect(written.body.kind).toBe("2021");
    const wrongFen = { ...withKind, administrativeFees: { amountWanYuan: "12.5", amountFen: 1 } };
    const refused = await writeSection("activeDisclosure", wrongFen);
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.map((d: { path: string }) => d.path)).toEqual(["activeDisclosure.administrativeFees.amountFen"]);
    const wrongKind = await writeSection("activeDisclosure", { ...exampleSections.activeDisclosure, kind: "2019" });
    expect(wrongKind.status).toBe(422);
    expect((await writeSection("activeDisclosure", exampleSections.activeDisclosure)).status).toBe(200);
  });
});

describe("read-modify-write", () => {
  it("recomputes the totals a GET returned when the cells change and the body is written back", async () => {
    const read = await api.request("GET", sectionPath("applications"), { token: editor });
    expect(read.headers.get("computed-totals")).toContain("rows.totalProcessed.naturalPerson");
    const body = structuredClone(read.body);
    // Two consistent changes: one more request received, and it was granted.
    body.rows.newReceived.naturalPerson += 1;
    body.rows.granted.naturalPerson += 1;
    const written = await api.request("PUT", sectionPath("applications"), {
      token: editor,
      body,
      headers: { "if-match": read.headers.get("etag")! },
    });
    expect(written.status, written.text).toBe(200);
    expect(written.body.rows.granted.total).toBe(read.body.rows.granted.total + 1);
    expect(written.body.rows.totalProcessed.naturalPerson).toBe(read.body.rows.totalProcessed.naturalPerson + 1);
    const findings = await api.request("GET", `${reportPath}/findings`, { token: editor });
    const tableErrors = findings.body.findings.filter((f: { ruleId: string; severity: string }) => /^T[34]-/.test(f.ruleId) && f.severity === "ERROR");
    expect(tableErrors).toEqual([]);
    // A total the client changes is declared, and the rules then speak.
    const again = await api.request("GET", sectionPath("applications"), { token: editor });
    const declared = structuredClone(again.body);
    declared.rows.totalProcessed.total += 5;
    const put = await api.request("PUT", sectionPath("applications"), { token: editor, body: declared, headers: { "if-match": again.headers.get("etag")! } });
    expect(put.body.rows.totalProcessed.total).toBe(again.body.rows.totalProcessed.total + 5);
    expect(put.headers.get("computed-totals")).not.toContain("rows.totalProcessed.total");
    const report = await api.request("GET", reportPath, { token: editor });
    expect(report.body.sections.applications.computedTotals).not.toContain("rows.totalProcessed.total");
    expect(report.body.findingCounts.errors).toBeGreaterThan(0);
    await writeSection("applications", exampleSections.applications);
  });
});

describe("ETags without traps", () => {
  it("refuses If-Match: * on a replace with 428 and says to read the section first", async () => {
    const response = await api.request("PUT", sectionPath("overview"), { token: editor, body: exampleSections.overview, headers: { "if-match": "*" } });
    expect(response.status).toBe(428);
    expect(response.body.error.message).toContain("请先读取该章节");
    expect(response.headers.get("etag")).toMatch(/^"\d+"$/);
  });

  it("accepts the weak form of the current ETag and refuses an unquoted one with 400", async () => {
    const current = await api.request("GET", sectionPath("overview"), { token: editor });
    const etag = current.headers.get("etag")!;
    const unquoted = await api.request("PUT", sectionPath("overview"), { token: editor, body: exampleSections.overview, headers: { "if-match": etag.replaceAll('"', "") } });
    expect(unquoted.status).toBe(400);
    expect(unquoted.body.error.details[0]).toMatchObject({ path: "headers.if-match", label: "If-Match 请求头" });
    const weak = await api.request("PUT", sectionPath("overview"), { token: editor, body: exampleSections.overview, headers: { "if-match": `W/${etag}` } });
    expect(weak.status, weak.text).toBe(200);
    expect(weak.headers.get("etag")).toBe(`"${Number(etag.replaceAll('"', "")) + 1}"`);
  });
});

describe("acknowledgements", () => {
  it("marks every finding with needsAcknowledgement and refuses acknowledgements nobody needs", async () => {
    const findings = await api.request("GET", `${reportPath}/findings`, { token: editor });
    for (const finding of findings.body.findings) expect(typeof finding.needsAcknowledgement).toBe("boolean");
    expect(findings.body.findings.filter((f: { needsAcknowledgement: boolean }) => f.needsAcknowledgement)).toEqual([]);
    const publish = await api.request("POST", `${reportPath}/publish`, {
      token: api.adminToken,
      body: { acknowledgements: [{ ruleId: "T3-X1", note: "上年结转已核实" }, { ruleId: "Z9-99", note: "无" }] },
    });
    expect(publish.status).toBe(422);
    expect(publish.body.error.code).toBe("ACKNOWLEDGEMENT_NOT_NEEDED");
    expect(publish.body.error.ruleIds).toEqual(["T3-X1", "Z9-99"]);
    const report = await api.request("GET", reportPath, { token: editor });
    expect(report.body.status).toBe("draft");
    expect(report.body.versions).toEqual([]);
  });
});

describe("idempotency keys", () => {
  it("treats a key named like an Object property (toString) as any other key", async () => {
    const other = "key-town";
    expect((await api.request("PUT", `/v1/agencies/${other}`, { token: api.adminToken, body: { fullName: "沂源县键名镇人民政府", kind: "town" } })).status).toBe(201);
    for (const section of SECTION_NAMES) {
      const body = section === "preamble" ? { ...exampleSections.preamble, statisticsPeriod: undefined } : exampleSections[section];
      expect((await api.request("PUT", `/v1/agencies/${other}/reports/${YEAR}/sections/${section}`, { token: api.adminToken, body })).status).toBe(201);
    }
    const path = `/v1/agencies/${other}/reports/${YEAR}/publish`;
    const first = await api.request("POST", path, { token: api.adminToken, headers: { "idempotency-key": "toString" } });
    expect(first.status, first.text).toBe(200);
    expect(first.body.version).toBe(1);
    const again = await api.request("POST", path, { token: api.adminToken, headers: { "idempotency-key": "toString" } });
    expect(again.body).toEqual(first.body);
  });
});

describe("errors a clerk can read", () => {
  it("labels every validation detail as the form names the field, once per field", async () => {
    const body = structuredClone(exampleSections.applications) as never as { rows: Record<string, Record<string, unknown>> };
    body.rows.granted!.naturalPerson = -1;
    body.rows.granted!.commercialEnterprise = "三";
    const response = await writeSection("applications", body);
    expect(response.status).toBe(422);
    const details = response.body.error.details as { path: string; label: string; message: string }[];
    expect(details.find((d) => d.path === "applications.rows.granted.naturalPerson")?.label).toBe("第三部分表格“（一）予以公开”行“自然人”列");
    expect(details.every((d) => d.label.length > 0)).toBe(true);
    expect(new Set(details.map((d) => d.path)).size).toBe(details.length);
  });

  it("counts errors and warnings separately when findings block a submit", async () => {
    const broken = structuredClone(exampleSections.reviewLitigation) as never as Record<string, Record<string, number>>;
    broken.review!.total = 99;
    expect((await writeSection("reviewLitigation", broken)).status).toBe(200);
    const submit = await api.request("POST", `${reportPath}/submit`, { token: editor });
    expect(submit.status).toBe(422);
    expect(submit.body.error.message).toMatch(/仍有 \d+ 项错误、\d+ 项警告/);
    expect(submit.body.error.details[0].label).toContain("第四部分");
    expect((await writeSection("reviewLitigation", exampleSections.reviewLitigation)).status).toBe(200);
  });

  it("names the agency by its name in a 404", async () => {
    const response = await api.request("GET", `/v1/agencies/${AGENCY}/reports/2023`, { token: editor });
    expect(response.status).toBe(404);
    expect(response.body.error.message).toContain(exampleAgency.fullName);
  });
});

describe("forms from the service", () => {
  it("describes the 2021 template with labels, types and layouts", async () => {
    const response = await api.request("GET", "/v1/templates/2021", { token: editor });
    expect(response.status).toBe(200);
    expect(response.body.sections.map((s: { name: string }) => s.name)).toEqual([...SECTION_NAMES]);
    const applications = response.body.sections.find((s: { name: string }) => s.name === "applications");
    const cell = applications.fields.find((f: { path: string }) => f.path === "applications.rows.granted.naturalPerson");
    expect(cell).toMatchObject({ label: "第三部分表格“（一）予以公开”行“自然人”列", type: "integer", required: true, computed: false });
    expect(applications.fields.find((f: { path: string }) => f.path === "applications.rows.granted.total").computed).toBe(true);
    expect(applications.table.rows.length).toBeGreaterThan(25);
    expect((await api.request("GET", "/v1/templates/2019", { token: editor })).status).toBe(400);
  });

  it("gives an empty body per section that the service accepts once its must-fill fields are filled", async () => {
    const other = "empty-form-town";
    expect((await api.request("PUT", `/v1/agencies/${other}`, { token: api.adminToken, body: { fullName: "沂源县空白镇人民政府", kind: "town" } })).status).toBe(201);
    for (const section of SECTION_NAMES) {
      const empty = await api.request("GET", `/v1/templates/2021/sections/${section}`, { token: editor });
      expect(empty.status).toBe(200);
      const body = structuredClone(empty.body.body);
      for (const field of empty.body.mustFill as { path: string }[]) {
        const segments = field.path.split(".").slice(1);
        const last = segments.pop()!;
        const parent = segments.reduce((node: Record<string, unknown>, key) => node[key] as Record<string, unknown>, body);
        parent[last] = last === "postcode" ? "256100" : last === "phone" ? "0533-1234567" : "已填写";
      }
      const written = await api.request("PUT", `/v1/agencies/${other}/reports/${YEAR}/sections/${section}`, { token: api.adminToken, body });
      expect(written.status, `${section}: ${written.text}`).toBe(201);
    }
  });

  it("lists an agency's report years with status, deadline and version count", async () => {
    const response = await api.request("GET", `/v1/agencies/${AGENCY}/reports`, { token: editor });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ agencyId: AGENCY, fullName: exampleAgency.fullName });
    expect(response.body.reports).toEqual([
      expect.objectContaining({ year: YEAR, status: "draft", versionCount: 0, deadline: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) }),
    ]);
    const outsider = await api.editorToken("someone-else");
    expect((await api.request("GET", `/v1/agencies/${AGENCY}/reports`, { token: outsider })).status).toBe(403);
  });
});

describe("access from the route table", () => {
  it("enforces every route's access once, before anything else happens", async () => {
    const outsider = await api.editorToken("someone-else");
    const before = await api.request("GET", reportPath, { token: api.adminToken });
    for (const route of ROUTES) {
      const path = route.path.replace("{agencyId}", AGENCY).replace("{year}", String(YEAR)).replace("{section}", "overview")
        .replace("{runId}", "run-1").replace("{templateVersion}", "2021").replace("{revision}", "1");
      const method = route.method.toUpperCase();
      const body = route.requestBody ? {} : undefined;
      const anonymous = await api.request(method, path, { body });
      if (route.access === "public") {
        expect(anonymous.status, `${method} ${path}`).toBe(200);
        continue;
      }
      expect(anonymous.status, `${method} ${path} without a token`).toBe(401);
      const asOutsider = await api.request(method, path, { token: outsider, body });
      if (route.access === "anyToken") expect(asOutsider.status, `${method} ${path}`).not.toBe(403);
      else expect(asOutsider.status, `${method} ${path} as another agency's editor`).toBe(403);
    }
    const after = await api.request("GET", reportPath, { token: api.adminToken });
    expect(after.body.revision).toBe(before.body.revision);
  });
});
