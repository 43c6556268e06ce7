/**
 * DynamoDB unavailable: a DynamoDB Local of this file's own, behind the real runtime and the real
 * document client (createDocumentClient: its connection and request timeouts, its retry strategy),
 * first stalled (SIGSTOP: the kernel still accepts connections, nothing answers) and then stopped
 * (SIGKILL: connections are reset and refused). The API must answer 503 SERVICE_UNAVAILABLE with
 * Retry-After, in the error shape, within the client's timeouts — not hold the request until API
 * Gateway gives up (29 s), and not answer 500.
 */
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { LOCAL_AUDIENCE, LOCAL_ISSUER, localConfig } from "../../bin/local-config";
import { ensureBucket, ensureTable, freePort, localCredentials, type RunningDynamoDbLocal, startDynamoDbLocal } from "../../bin/local-stack";
import { signLocalToken } from "../../functions/http/auth";
import { logSink } from "../../functions/log";
import { createRuntime, type Runtime } from "../../functions/runtime";
import { createDocumentClient, DYNAMODB_TIMEOUTS } from "../../functions/store/dynamo-client";
import { S3SiteStore } from "../../functions/store/s3-site-store";
import { TEST_SECRET, testS3Client } from "../support/harness";
import { expectErrorShape } from "./support";

/**
 * The bound asserted on every outage answer: the 3 s request timeout, plus the SDK's (real, unmocked)
 * backoff between refused connections and scheduling slack on a loaded machine.
 */
const ANSWER_WITHIN_MS = 6_000;

let dynamo: RunningDynamoDbLocal;
let runtime: Runtime;
let admin: string;
let logged: string[] = [];
const originalWrite = logSink.write;

async function call(method: string, path: string, body?: unknown) {
  const started = performance.now();
  const response = await runtime.app.request(path, {
    method,
    headers: { authorization: `Bearer ${admin}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text.startsWith("{") ? (JSON.parse(text) as any) : undefined,
    elapsedMs: performance.now() - started,
  };
}

function expectUnavailable(response: Awaited<ReturnType<typeof call>>): void {
  expect(response.status).toBe(503);
  expect(response.headers.get("retry-after")).toBe("1");
  expectErrorShape(response.body);
  expect(response.body.error).toEqual({ code: "SERVICE_UNAVAILABLE", message: expect.stringMatching(/[\u4e00-\u9fff]/), details: [] });
  expect(response.elapsedMs).toBeLessThan(ANSWER_WITHIN_MS);
}

beforeAll(async () => {
  dynamo = await startDynamoDbLocal({ port: await freePort() });
  const table = `outage-${randomUUID()}`;
  const bucket = `outage-${randomUUID()}`;
  await ensureTable(dynamo.endpoint, table);
  await ensureBucket(inject("s3Endpoint"), bucket);
  const config = localConfig({ tableName: table, bucket, siteBaseUrl: "http://127.0.0.1:3000/site", secret: TEST_SECRET });
  const documentClient = createDocumentClient({ endpoint: dynamo.endpoint, region: "us-east-1", credentials: localCredentials() });
  runtime = createRuntime({ config, documentClient, site: new S3SiteStore(testS3Client(), bucket) });
  admin = await signLocalToken({ role: "countyAdmin" }, { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, secret: TEST_SECRET });
  logSink.write = (line) => void logged.push(line);
});

afterAll(async () => {
  logSink.write = originalWrite;
  runtime?.documentClient.destroy();
  if (dynamo && dynamo.process.exitCode === null && dynamo.process.signalCode === null) {
    dynamo.process.kill("SIGCONT");
    await dynamo.stop();
  }
});

describe("DynamoDB Local stalled, then stopped", () => {
  it("answers normally while DynamoDB answers", async () => {
    const created = await call("PUT", "/v1/agencies/town-outage", { fullName: "沂源县故障测试镇人民政府", kind: "town" });
    expect(created.status).toBe(201);
    const read = await call("GET", "/v1/agencies/town-outage");
    expect(read.status).toBe(200);
    expect(read.body.fullName).toBe("沂源县故障测试镇人民政府");
  });

  it("answers 503 with Retry-After within the request timeout while the process is stopped (SIGSTOP)", async () => {
    logged = [];
    dynamo.process.kill("SIGSTOP");
    try {
      const response = await call("GET", "/v1/agencies/town-outage");
      expectUnavailable(response);
      // It was the request timeout that ended it (and it was not retried five times).
      expect(response.elapsedMs).toBeGreaterThanOrEqual(DYNAMODB_TIMEOUTS.requestTimeout - 50);
      const errorLine = logged.map((line) => JSON.parse(line)).find((line) => line.level === "error");
      expect(errorLine).toMatchObject({ msg: "dependency unreachable or timed out", name: "TimeoutError" });
    } finally {
      dynamo.process.kill("SIGCONT");
    }
    // Resumed, the same client (same connection pool) serves the next request.
    const again = await call("GET", "/v1/agencies/town-outage");
    expect(again.status).toBe(200);
  });

  it("answers 503 with Retry-After at once when the process is gone (SIGKILL), reads and writes alike", async () => {
    const exited = once(dynamo.process, "exit");
    dynamo.process.kill("SIGKILL");
    await exited;
    const read = await call("GET", "/v1/agencies/town-outage");
    expectUnavailable(read);
    const write = await call("PUT", "/v1/agencies/town-outage", { fullName: "不应被保存的名称", kind: "town" });
    expectUnavailable(write);
  });
});
