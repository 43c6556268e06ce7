/**
 * Property-based fuzzing of every write route with random JSON bodies (random values, and valid
 * bodies with random edits) and random headers (If-Match, Idempotency-Key, Content-Type,
 * Authorization). Whatever arrives: never a 5xx; every 4xx in the error shape; a refused request
 * leaves the stored data as it was; an accepted one leaves a report that still reads, checks and
 * renders. FUZZ_RUNS=<n> runs more cases per route (default 100).
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { exampleAgency, exampleSections } from "../../fixtures/example";
import { SECTION_NAMES } from "../../functions/report/catalogue";
import { createTestApi, type TestApi } from "../support/harness";
import { BEFORE_DEADLINE, expectErrorShape, reportPath, sectionPath, writeExampleReport, YEAR } from "./support";

const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
const AGENCY = "fuzz-a";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// ---------------------------------------------------------------- arbitraries

/** Header values a client can send (printable ASCII; the fetch API refuses the rest). */
const headerText = fc.string({ unit: "grapheme-ascii", maxLength: 80 });

/** Mostly JSON types the API accepts (so the body gets read), sometimes anything else or none. */
const contentType = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.constantFrom<string | undefined>(
      "application/json",
      "application/json; charset=utf-8",
      "Application/JSON",
      "application/merge-patch+json",
      "application/json;charset=gbk",
    ),
  },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.constantFrom<string | undefined>(undefined, "", "application/jsonx", "text/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"),
      headerText,
    ),
  },
);
const ifMatch = fc.oneof(
  { weight: 4, arbitrary: fc.constant("*") },
  { weight: 2, arbitrary: fc.constant(undefined) },
  {
    weight: 3,
    arbitrary: fc.oneof(
      fc.constantFrom('"1"', 'W/"1"', '"1", "2"', '"0"', '""', "1", '"999999999999999999999"', " * ", "*, \"1\""),
      fc.nat().map((n) => `"${n}"`),
      headerText,
    ),
  },
);
const idempotencyKey = fc.option(
  fc.oneof(
    fc.stringMatching(/^[A-Za-z0-9._:-]{1,128}$/),
    fc.constantFrom("", " ", "a".repeat(129), "%E9%94%AE", "key with spaces", "../../etc"),
    headerText,
  ),
  { nil: undefined },
);

/** Values that sit on the edges of the schemas: wrong types, bounds, formats, control characters. */
const weirdValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    -1, 0, 1.5, -0.5, 2 ** 53, 2 ** 53 - 1, 1e21, 1e-7, "", " ", "0", "-0", "1,000", "12万元", "１２", "0.1234567",
    "2024-02-30", "2024-13-01", "0000-01-01", "9999-12-31", "<script>alert(1)</script>", "\u0000", "a\u0007b", "\ud800",
    null, true, false, [], {}, [1, 2, 3], { total: 1 }, "x".repeat(20_001), "字".repeat(201),
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
);

function paths(value: Json, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== "object") return [prefix];
  const keys = Array.isArray(value) ? value.map((_, i) => String(i)) : Object.keys(value);
  return [prefix, ...keys.flatMap((key) => paths((value as Record<string, Json>)[key]!, [...prefix, key]))];
}

type Edit = { path: string[]; kind: "replace" | "delete" | "addKey"; value: Json; key: string };

function applyEdit(body: Json, edit: Edit): Json {
  if (edit.path.length === 0) return edit.kind === "replace" ? edit.value : body;
  const copy = structuredClone(body) as Record<string, Json>;
  let parent: Json = copy;
  for (const key of edit.path.slice(0, -1)) {
    // An earlier edit may have replaced a container on this path: nothing left to edit then.
    if (parent === null || typeof parent !== "object") return copy;
    parent = (parent as Record<string, Json>)[key] as Json;
  }
  if (parent === null || typeof parent !== "object") return copy;
  const last = edit.path.at(-1)!;
  const container = parent as Record<string, Json>;
  if (edit.kind === "replace") container[last] = edit.value;
  else if (edit.kind === "delete") delete container[last];
  else {
    const target = container[last];
    if (target && typeof target === "object" && !Array.isArray(target)) target[edit.key] = edit.value;
  }
  return copy;
}

/** A valid body with one to three random edits (replace a value, drop a key, add an unknown key). */
function edited(valid: Json): fc.Arbitrary<Json> {
  const all = paths(valid);
  const edit = fc.record({
    path: fc.constantFrom(...all),
    kind: fc.constantFrom<Edit["kind"]>("replace", "replace", "delete", "addKey"),
    value: weirdValue,
    key: fc.oneof(fc.constantFrom("__proto__", "constructor", "total", "extra", ""), fc.string({ maxLength: 10 })),
  });
  return fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => edits.reduce(applyEdit, structuredClone(valid)));
}

/** The raw request body: random JSON, an edited valid body, the valid body, or text that is not JSON. */
function requestBody(valid: Json): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: edited(valid).map((body) => JSON.stringify(body)) },
    { weight: 3, arbitrary: fc.jsonValue().map((body) => JSON.stringify(body)) },
    { weight: 1, arbitrary: fc.constant(JSON.stringify(valid)) },
    { weight: 1, arbitrary: fc.oneof(fc.string({ unit: "binary", maxLength: 60 }), fc.constantFrom("", "{", "{}}", "[", "null", "undefined", "NaN", '{"a":1,}')) },
  );
}

// ---------------------------------------------------------------- the routes

interface WriteRoute {
  name: string;
  method: "PUT" | "POST";
  path: string;
  valid: Json;
}

const { agencyId: _id, ...agencyBody } = exampleAgency;
const ROUTES: WriteRoute[] = [
  { name: "PUT agency", method: "PUT", path: `/v1/agencies/${AGENCY}`, valid: { ...agencyBody, fullName: "沂源县模糊测试镇人民政府" } },
  ...SECTION_NAMES.map((section) => ({
    name: `PUT section ${section}`,
    method: "PUT" as const,
    path: sectionPath(AGENCY, section),
    valid: exampleSections[section] as unknown as Json,
  })),
  { name: "POST submit", method: "POST", path: `${reportPath(AGENCY)}/submit`, valid: {} },
  { name: "POST publish-runs", method: "POST", path: `/v1/years/${YEAR}/publish-runs`, valid: { kinds: ["countyDepartment"] } },
  { name: "POST publish", method: "POST", path: `${reportPath(AGENCY)}/publish`, valid: { acknowledgements: [{ ruleId: "T3-X1", note: "说明" }] } },
  { name: "POST reopen", method: "POST", path: `${reportPath(AGENCY)}/reopen`, valid: {} },
];

let api: TestApi;
let tokens: string[];

/** What a refused request must not change: the report (sections, ETags, status, versions) and the agencies. */
async function snapshot() {
  const [report, agencies] = await Promise.all([
    api.request("GET", reportPath(AGENCY), { token: api.adminToken }),
    api.request("GET", "/v1/agencies", { token: api.adminToken }),
  ]);
  expect(report.status, report.text).toBe(200);
  expect(agencies.status, agencies.text).toBe(200);
  return { report: report.body, agencies: agencies.body };
}

/** Puts the example report back (earlier routes may have stored odd but valid data), so submit and publish can succeed. */
async function restoreExample(): Promise<void> {
  const report = await api.request("GET", reportPath(AGENCY), { token: api.adminToken });
  if (report.body.status === "published") return;
  for (const section of SECTION_NAMES) {
    const current = await api.request("GET", sectionPath(AGENCY, section), { token: api.adminToken });
    const written = await api.request("PUT", sectionPath(AGENCY, section), {
      token: api.adminToken,
      body: exampleSections[section],
      headers: { "if-match": current.headers.get("etag")! },
    });
    expect(written.status, written.text).toBe(200);
  }
}

beforeAll(async () => {
  api = await createTestApi({ clock: () => BEFORE_DEADLINE });
  await writeExampleReport(api, AGENCY);
  tokens = [api.adminToken, await api.editorToken(AGENCY), await api.editorToken("someone-else"), "not-a-jwt"];
});

describe("fuzzing the write routes", () => {
  for (const route of ROUTES) {
    it(`${route.name}: no 5xx, the error shape on 4xx, nothing changed when refused`, { timeout: 120_000 }, async () => {
      vi.spyOn(console, "error").mockImplementation(() => undefined);
      await restoreExample();
      const request = fc.record({
        body: requestBody(route.valid),
        contentType,
        ifMatch,
        idempotencyKey,
        // Mostly the county admin's token, so that the request gets past authorization.
        token: fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.constantFrom<number | undefined>(undefined, 1, 2, 3) }),
      });
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          const headers: Record<string, string> = {};
          if (r.contentType !== undefined) headers["content-type"] = r.contentType;
          if (r.ifMatch !== undefined) headers["if-match"] = r.ifMatch;
          if (r.idempotencyKey !== undefined) headers["idempotency-key"] = r.idempotencyKey;
          const before = await snapshot();
          const response = await api.request(route.method, route.path, {
            token: r.token === undefined ? undefined : tokens[r.token],
            rawBody: r.body,
            headers,
          });
          const context = `${route.method} ${route.path} ${JSON.stringify(headers)} ${r.body.slice(0, 300)} → ${response.status} ${response.text.slice(0, 300)}`;
          expect(response.status, context).toBeLessThan(500);
          if (response.status >= 400) {
            expect(response.headers.get("content-type"), context).toBe("application/json; charset=utf-8");
            expectErrorShape(response.body);
            expect(await snapshot(), context).toEqual(before);
          } else {
            // Whatever was accepted must still read, check and render.
            for (const path of [reportPath(AGENCY), `${reportPath(AGENCY)}/findings`, `${reportPath(AGENCY)}/preview`]) {
              const read = await api.request("GET", path, { token: api.adminToken });
              expect(read.status, `${path} after ${context}`).toBe(200);
            }
          }
        }),
        { numRuns: RUNS },
      );
      vi.restoreAllMocks();
    });
  }
});
