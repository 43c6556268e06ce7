/**
 * DynamoDB throttling, injected under the SDK's retry middleware of the real document client
 * (createDocumentClient: standard retry mode, maxAttempts 5). The SDK must retry throttled attempts
 * and the API must answer as if nothing happened; when throttling outlasts the attempts, the API
 * answers 503 in the error shape and nothing is stored.
 */
import { ThrottlingException } from "@aws-sdk/client-dynamodb";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { exampleSections } from "../../fixtures/example";
import { createTestApi, type TestApi } from "../support/harness";
import { BEFORE_DEADLINE, expectErrorShape, FaultInjector, reportPath, sectionPath, writeExampleReport } from "./support";

const MAX_ATTEMPTS = 5; // functions/store/dynamo-client.ts

/** What DynamoDB's deserializer produces for a throttled request. */
function throttlingError(): Error {
  const error = new ThrottlingException({
    message: "Rate of requests exceeds the allowed throughput.",
    $metadata: { httpStatusCode: 400, requestId: "fault-injected-throttle" },
  });
  return Object.assign(error, { $retryable: { throttling: true } });
}

let api: TestApi;
let faults: FaultInjector;

beforeAll(async () => {
  api = await createTestApi({ clock: () => BEFORE_DEADLINE });
  faults = new FaultInjector(throttlingError).attach(api.runtime.documentClient);
  await writeExampleReport(api, "town-t");
  await writeExampleReport(api, "town-p");
});

beforeEach(() => {
  faults.clear();
  api.counter.reset();
  // The SDK's backoff is random × up to 1 s per throttled retry (1, 2, 4, 8 s); pin the jitter low so
  // the same strategy waits 10, 20, 40, 80 ms instead.
  vi.spyOn(Math, "random").mockReturnValue(0.01);
  vi.spyOn(console, "error").mockImplementation(() => undefined);
});

afterEach(() => {
  faults.clear();
  vi.restoreAllMocks();
});

describe("throttled reads", () => {
  it("retries a throttled Query and answers GET report 200 with the stored report", async () => {
    const expected = await api.request("GET", reportPath("town-t"), { token: api.adminToken });
    faults.clear();
    api.counter.reset();

    faults.fail("QueryCommand", 2);
    const response = await api.request("GET", reportPath("town-t"), { token: api.adminToken });

    expect(response.status).toBe(200);
    expect(response.body).toEqual(expected.body);
    expect(response.body.sections.applications.data).toEqual(exampleSections.applications);
    // Three attempts of one command: the SDK retried, not the service.
    expect(faults.count("QueryCommand")).toBe(3);
    expect(api.counter.calls).toEqual(["QueryCommand"]);
  });

  it("answers 503 SERVICE_UNAVAILABLE in the error shape when every attempt is throttled", async () => {
    faults.fail("QueryCommand", Number.POSITIVE_INFINITY);
    const response = await api.request("GET", reportPath("town-t"), { token: api.adminToken });

    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("1");
    expectErrorShape(response.body);
    expect(response.body.error).toEqual({ code: "SERVICE_UNAVAILABLE", message: expect.any(String), details: [] });
    expect(response.text).not.toContain("Rate of requests");
    expect(faults.count("QueryCommand")).toBe(MAX_ATTEMPTS);
  });
});

describe("throttled writes", () => {
  it("retries a throttled TransactWriteItems and stores the section once", async () => {
    const before = await api.request("GET", sectionPath("town-t", "problemsAndImprovements"), { token: api.adminToken });
    const body = { ...exampleSections.problemsAndImprovements, problems: "限流后重试写入的问题描述。" };
    faults.clear();

    faults.fail("TransactWriteItemsCommand", 3);
    const written = await api.request("PUT", sectionPath("town-t", "problemsAndImprovements"), {
      token: api.adminToken,
      body,
      headers: { "if-match": before.headers.get("etag")! },
    });

    expect(written.status, written.text).toBe(200);
    expect(faults.count("TransactWriteItemsCommand")).toBe(4);
    const after = await api.request("GET", sectionPath("town-t", "problemsAndImprovements"), { token: api.adminToken });
    expect(after.body).toEqual(body);
    // One new version, not one per attempt.
    expect(after.headers.get("etag")).toBe(`"${Number(JSON.parse(before.headers.get("etag")!)) + 1}"`);
    expect(written.headers.get("etag")).toBe(after.headers.get("etag"));
  });

  it("answers 503 and changes nothing when the write stays throttled", async () => {
    const before = await api.request("GET", reportPath("town-t"), { token: api.adminToken });
    faults.clear();

    faults.fail("TransactWriteItemsCommand", Number.POSITIVE_INFINITY);
    const written = await api.request("PUT", sectionPath("town-t", "overview"), {
      token: api.adminToken,
      body: { ...exampleSections.overview, intro: "不应被保存的内容" },
      headers: { "if-match": before.body.sections.overview.etag },
    });

    expect(written.status).toBe(503);
    expect(written.body.error).toEqual({ code: "SERVICE_UNAVAILABLE", message: expect.any(String), details: [] });
    expect(faults.count("TransactWriteItemsCommand")).toBe(MAX_ATTEMPTS);
    faults.clear();
    const after = await api.request("GET", reportPath("town-t"), { token: api.adminToken });
    expect(after.body).toEqual(before.body);
  });
});

describe("throttled publish", () => {
  it("retries a throttled commit and publishes version 1 once", async () => {
    faults.fail("TransactWriteItemsCommand", 2);
    const published = await api.request("POST", `${reportPath("town-t")}/publish`, {
      token: api.adminToken,
      headers: { "idempotency-key": "throttle-commit-1" },
    });

    expect(published.status, published.text).toBe(200);
    expect(published.body.version).toBe(1);
    expect(faults.count("TransactWriteItemsCommand")).toBe(3);
    const report = await api.request("GET", reportPath("town-t"), { token: api.adminToken });
    expect(report.body.status).toBe("published");
    expect(report.body.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    expect(await api.s3Site.get("reports/2024/town-t/index.html")).toContain("当前版本");
    expect(await api.s3Site.get("reports/2024/town-t/v1.html")).toBeDefined();
  });

  it("answers 503 when the commit stays throttled, publishes nothing, and leaves the report usable at once", async () => {
    const before = await api.request("GET", reportPath("town-p"), { token: api.adminToken });
    faults.clear();

    faults.fail("TransactWriteItemsCommand", Number.POSITIVE_INFINITY);
    const refused = await api.request("POST", `${reportPath("town-p")}/publish`, {
      token: api.adminToken,
      headers: { "idempotency-key": "throttle-commit-2" },
    });
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe("SERVICE_UNAVAILABLE");
    faults.clear();

    const after = await api.request("GET", reportPath("town-p"), { token: api.adminToken });
    expect(after.body.status).toBe(before.body.status);
    expect(after.body.versions).toEqual([]);
    expect(await api.s3Site.get("reports/2024/town-p/index.html")).toBeUndefined();

    // The 503 told the client to retry: the retry must not find the report locked by the failed attempt.
    const retried = await api.request("POST", `${reportPath("town-p")}/publish`, {
      token: api.adminToken,
      headers: { "idempotency-key": "throttle-commit-2" },
    });
    expect(retried.status, retried.text).toBe(200);
    expect(retried.body.version).toBe(1);
  });
});
