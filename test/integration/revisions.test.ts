import { beforeAll, describe, expect, it } from "vitest";
import { exampleSections } from "../../fixtures/example";
import { SECTION_NAMES } from "../../functions/report/catalogue";
import { createTestApi, type TestApi } from "../support/harness";

/**
 * The audit trail (issue 10 point 5): every change to a report is recorded by the transaction that
 * makes it — who, when, which cells changed from what to what, the resulting version — and no
 * route can change a record afterwards.
 */

const YEAR = 2024;
const BEFORE_DEADLINE = new Date("2025-01-20T02:00:00Z");
const clone = <T>(value: T): T => structuredClone(value);
type Rows = Record<string, Record<string, number>>;

const reportPath = (agencyId: string) => `/v1/agencies/${agencyId}/reports/${YEAR}`;
const revisionsPath = (agencyId: string) => `${reportPath(agencyId)}/revisions`;

let api: TestApi;
let editor: string;

async function createAgency(agencyId: string, fullName = `沂源县测试${agencyId}`) {
  const created = await api.request("PUT", `/v1/agencies/${agencyId}`, { token: api.adminToken, body: { fullName, kind: "town" } });
  expect(created.status).toBeLessThan(300);
}

function exampleBody(name: string): Record<string, any> {
  const sections: Record<string, any> = clone(exampleSections);
  delete sections.preamble.statisticsPeriod;
  return sections[name];
}

async function writeAll(agencyId: string, token: string) {
  for (const name of SECTION_NAMES) {
    const response = await api.request("PUT", `${reportPath(agencyId)}/sections/${name}`, { token, body: exampleBody(name) });
    expect(response.status, `${name}: ${response.text}`).toBe(201);
  }
}

async function allRevisions(agencyId: string): Promise<any[]> {
  const records: any[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await api.request("GET", `${revisionsPath(agencyId)}?limit=3${before ? `&before=${before}` : ""}`, { token: api.adminToken });
    expect(page.status, page.text).toBe(200);
    records.push(...page.body.revisions);
    if (page.body.nextBefore === undefined) return records;
    before = page.body.nextBefore;
  }
}

beforeAll(async () => {
  api = await createTestApi({ clock: () => BEFORE_DEADLINE });
  editor = await api.editorToken("town-a");
  await createAgency("town-a", "沂源县甲镇人民政府");
  await writeAll("town-a", editor);
});

describe("the audit trail of a report", () => {
  it("records each section write with its actor, the cells it set and the resulting version, newest first", async () => {
    const page = await api.request("GET", revisionsPath("town-a"), { token: editor });
    expect(page.status).toBe(200);
    expect(page.body.revisions.map((r: any) => r.revision)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(page.body.nextBefore).toBeUndefined();
    const first = page.body.revisions.at(-1);
    expect(first).toMatchObject({ revision: 1, action: "sectionWritten", actor: "editor@town-a", section: "preamble", sectionVersion: 1, status: "draft" });
    expect(first.at).toBe(BEFORE_DEADLINE.toISOString());
    const applications = page.body.revisions.find((r: any) => r.section === "applications");
    // A new section: every cell goes from nothing to its value.
    const granted = applications.changes.find((c: any) => c.path === "applications.rows.granted.naturalPerson");
    expect(granted).toEqual({
      path: "applications.rows.granted.naturalPerson",
      label: expect.stringContaining("予以公开"),
      before: null,
      after: exampleSections.applications.rows.granted!.naturalPerson,
    });
  });

  it("records a changed cell from what to what, and rebuilds the report as it was after any revision", async () => {
    const current = await api.request("GET", `${reportPath("town-a")}/sections/applications`, { token: editor });
    const body = exampleBody("applications");
    const before = (body.rows as Rows).granted!.naturalPerson!;
    (body.rows as Rows).granted!.naturalPerson = before + 1;
    (body.rows as Rows).partiallyGranted!.naturalPerson = (body.rows as Rows).partiallyGranted!.naturalPerson! + 1;
    const written = await api.request("PUT", `${reportPath("town-a")}/sections/applications`, {
      token: editor,
      body,
      headers: { "if-match": current.headers.get("etag")! },
    });
    expect(written.status, written.text).toBe(200);

    const latest = (await api.request("GET", `${revisionsPath("town-a")}?limit=1`, { token: editor })).body;
    expect(latest.nextBefore).toBe(8);
    const [record] = latest.revisions;
    expect(record).toMatchObject({ revision: 8, action: "sectionWritten", section: "applications", sectionVersion: 2 });
    const partially = exampleSections.applications.rows.partiallyGranted!.naturalPerson;
    expect(record.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "applications.rows.granted.naturalPerson", before, after: before + 1 }),
        expect.objectContaining({ path: "applications.rows.partiallyGranted.naturalPerson", before: partially, after: partially + 1 }),
      ]),
    );
    // Besides the two cells, only the totals that follow them (computed by the service) changed.
    const others = record.changes.filter((c: any) => !/\.(granted|partiallyGranted)\.naturalPerson$/.test(c.path));
    for (const change of others) expect(change.path).toMatch(/\.total$|\.totalProcessed\./);

    // After revision 7 the report still had the first applications; after 8 the changed one.
    const at7 = await api.request("GET", `${revisionsPath("town-a")}/7`, { token: editor });
    expect(at7.status, at7.text).toBe(200);
    expect(Object.keys(at7.body.sections).sort()).toEqual([...SECTION_NAMES].sort());
    expect(at7.body.sections.applications.rows.granted.naturalPerson).toBe(before);
    const at8 = await api.request("GET", `${revisionsPath("town-a")}/8`, { token: editor });
    expect(at8.body.sections.applications.rows.granted.naturalPerson).toBe(before + 1);
    expect(at8.body.revision.revision).toBe(8);
    // After revision 1 only the preamble existed.
    const at1 = await api.request("GET", `${revisionsPath("town-a")}/1`, { token: editor });
    expect(Object.keys(at1.body.sections)).toEqual(["preamble"]);
    const now = await api.request("GET", reportPath("town-a"), { token: editor });
    expect(at8.body.sections.applications).toEqual(now.body.sections.applications.data);

    const beyond = await api.request("GET", `${revisionsPath("town-a")}/99`, { token: editor });
    expect(beyond.status).toBe(404);
    expect(beyond.body.error.code).toBe("NOT_FOUND");
  });

  it("records submit, publish with its acknowledgements, reopen and the agency's rename; no gaps in the numbers", async () => {
    // Back to the example's numbers so the report is consistent again.
    const current = await api.request("GET", `${reportPath("town-a")}/sections/applications`, { token: editor });
    expect(
      (await api.request("PUT", `${reportPath("town-a")}/sections/applications`, { token: editor, body: exampleBody("applications"), headers: { "if-match": current.headers.get("etag")! } })).status,
    ).toBe(200);
    expect((await api.request("POST", `${reportPath("town-a")}/submit`, { token: editor })).status).toBe(200);
    const published = await api.request("POST", `${reportPath("town-a")}/publish`, { token: api.adminToken });
    expect(published.status, published.text).toBe(200);
    expect((await api.request("POST", `${reportPath("town-a")}/reopen`, { token: api.adminToken })).status).toBe(200);
    await createAgency("town-a", "沂源县甲镇人民政府（更名）");

    const records = await allRevisions("town-a");
    expect(records.map((r) => r.revision)).toEqual(Array.from({ length: records.length }, (_, i) => records.length - i));
    expect(records.slice(0, 4).map((r) => [r.action, r.actor, r.status])).toEqual([
      ["agencyChanged", "county-admin", "draft"],
      ["reopened", "county-admin", "draft"],
      ["published", "county-admin", "published"],
      ["submitted", "editor@town-a", "submitted"],
    ]);
    expect(records[2].version).toBe(1);
    expect(records[0].agency.before.fullName).toBe("沂源县甲镇人民政府");
    expect(records[0].agency.after.fullName).toBe("沂源县甲镇人民政府（更名）");

    const agencyTrail = await api.request("GET", "/v1/agencies/town-a/revisions", { token: api.adminToken });
    expect(agencyTrail.status, agencyTrail.text).toBe(200);
    expect(agencyTrail.body.revisions.map((r: any) => [r.before?.fullName ?? null, r.after.fullName])).toEqual([
      ["沂源县甲镇人民政府", "沂源县甲镇人民政府（更名）"],
      [null, "沂源县甲镇人民政府"],
    ]);
    // The editor of the agency may read its reports' trail, not the agency's own.
    expect((await api.request("GET", "/v1/agencies/town-a/revisions", { token: editor })).status).toBe(403);
  });

  it("keeps the numbers contiguous when two sections are written at the same moment", async () => {
    await createAgency("town-b");
    const token = await api.editorToken("town-b");
    const writes = await Promise.all(
      ["preamble", "overview", "activeDisclosure", "applications"].map((name) =>
        api.request("PUT", `${reportPath("town-b")}/sections/${name}`, { token, body: exampleBody(name) }),
      ),
    );
    expect(writes.map((w) => w.status)).toEqual([201, 201, 201, 201]);
    const records = await allRevisions("town-b");
    expect(records.map((r) => r.revision)).toEqual([4, 3, 2, 1]);
    expect(records.map((r) => r.section).sort()).toEqual(["activeDisclosure", "applications", "overview", "preamble"]);
    const at4 = await api.request("GET", `${revisionsPath("town-b")}/4`, { token });
    expect(Object.keys(at4.body.sections).sort()).toEqual(["activeDisclosure", "applications", "overview", "preamble"]);
  });

  it("cannot be altered through any route: every record reads back byte-identical after every kind of change", async () => {
    const before = await api.request("GET", `${revisionsPath("town-a")}?limit=100`, { token: api.adminToken });
    const snapshots = await Promise.all(
      before.body.revisions.map((r: any) => api.request("GET", `${revisionsPath("town-a")}/${r.revision}`, { token: api.adminToken })),
    );
    // Every method on the trail's paths is refused (no such route), and so is a body that names a revision.
    for (const method of ["PUT", "POST", "PATCH", "DELETE"] as const) {
      for (const path of [revisionsPath("town-a"), `${revisionsPath("town-a")}/1`]) {
        const response = await api.request(method, path, { token: api.adminToken, body: { revision: 1, actor: "someone-else", changes: [] } });
        expect([404, 405], `${method} ${path}`).toContain(response.status);
      }
    }
    // More changes of every kind.
    const current = await api.request("GET", `${reportPath("town-a")}/sections/overview`, { token: editor });
    const overview = { ...exampleBody("overview"), intro: "改写后的总体情况。" };
    expect((await api.request("PUT", `${reportPath("town-a")}/sections/overview`, { token: editor, body: overview, headers: { "if-match": current.headers.get("etag")! } })).status).toBeLessThan(300);
    await createAgency("town-a", "沂源县甲镇人民政府");

    const after = await api.request("GET", `${revisionsPath("town-a")}?limit=100`, { token: api.adminToken });
    expect(after.body.revisions.length).toBe(before.body.revisions.length + 2);
    expect(after.body.revisions.slice(2)).toEqual(before.body.revisions);
    for (const snapshot of snapshots) {
      const again = await api.request("GET", `${revisionsPath("town-a")}/${snapshot.body.revision.revision}`, { token: api.adminToken });
      expect(again.text).toBe(snapshot.text);
    }
  });

  it("refuses bad paging parameters with 400 naming the parameter, and another agency's editor with 403", async () => {
    for (const [query, path] of [
      ["limit=0", "query.limit"],
      ["limit=101", "query.limit"],
      ["limit=abc", "query.limit"],
      ["before=012", "query.before"],
      ["page=2", "query.page"],
    ]) {
      const response = await api.request("GET", `${revisionsPath("town-a")}?${query}`, { token: editor });
      expect(response.status, query).toBe(400);
      expect(response.body.error.details.map((d: any) => d.path)).toContain(path);
    }
    expect((await api.request("GET", `${revisionsPath("town-a")}/0`, { token: editor })).status).toBe(400);
    const other = await api.editorToken("town-b");
    expect((await api.request("GET", revisionsPath("town-a"), { token: other })).status).toBe(403);
  });
});

describe("totals beyond the safe integers", () => {
  it("refuses a section whose computed total would exceed 2^53−1 with 422 naming the total, and stores nothing", async () => {
    await createAgency("town-big");
    const token = await api.editorToken("town-big");
    const body = exampleBody("applications");
    for (const row of Object.values(body.rows as Rows)) delete row.total;
    (body.rows as Rows).newReceived!.naturalPerson = Number.MAX_SAFE_INTEGER;
    (body.rows as Rows).newReceived!.commercialEnterprise = Number.MAX_SAFE_INTEGER;
    const refused = await api.request("PUT", `${reportPath("town-big")}/sections/applications`, { token, body });
    expect(refused.status, refused.text).toBe(422);
    expect(refused.body.error.code).toBe("VALIDATION_FAILED");
    expect(refused.body.error.details.map((d: any) => d.path)).toContain("applications.rows.newReceived.total");
    expect(refused.body.error.details[0].label).toContain("总计");
    expect((await api.request("GET", reportPath("town-big"), { token })).status).toBe(404);
  });
});
