/**
 * The local server killed with SIGKILL in the middle of a publish, then restarted on the same data
 * (DynamoDB Local and s3rver keep running, as DynamoDB and S3 outlive a crashed Lambda). The report
 * must not be half-published, and a retry with the same Idempotency-Key must complete exactly once.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { exampleSections } from "../../fixtures/example";
import { ensureBucket, ensureTable, freePort } from "../../bin/local-stack";
import { signLocalToken } from "../../functions/http/auth";
import { SECTION_NAMES } from "../../functions/report/catalogue";
import { reportPartition } from "../../functions/store/keys";
import { S3SiteStore } from "../../functions/store/s3-site-store";
import { TEST_SECRET, testDocumentClient, testS3Client } from "../support/harness";

const YEAR = 2024;
const AGENCY = "town-crash";
const LEASE_SECONDS = 2;
const REPORT = `/v1/agencies/${AGENCY}/reports/${YEAR}`;

interface Server {
  child: ChildProcess;
  url: string;
  /** Resolves with the first event line of that name the server prints. */
  next(event: string): Promise<Record<string, unknown>>;
}

const running = new Set<ChildProcess>();
let table: string;
let bucket: string;
let site: S3SiteStore;
let admin: string;

async function startServer(hangAt?: "after-first-immutable" | "before-first-mutable"): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "test/fault/server-process.ts"], {
    env: {
      ...process.env,
      PORT: String(port),
      FAULT_DYNAMO_ENDPOINT: inject("dynamoEndpoint"),
      FAULT_S3_ENDPOINT: inject("s3Endpoint"),
      FAULT_TABLE: table,
      FAULT_BUCKET: bucket,
      FAULT_JWT_SECRET: TEST_SECRET,
      PUBLISH_LEASE_SECONDS: String(LEASE_SECONDS),
      FAULT_HANG_AT: hangAt ?? "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  child.once("exit", () => running.delete(child));
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const events: Record<string, unknown>[] = [];
  const waiters: { event: string; resolve: (e: Record<string, unknown>) => void }[] = [];
  createInterface({ input: child.stdout! }).on("line", (line) => {
    if (!line.startsWith("{")) return;
    const event = JSON.parse(line) as Record<string, unknown>;
    events.push(event);
    for (const waiter of waiters.filter((w) => w.event === event.event)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(event);
    }
  });
  const exited = once(child, "exit").then(() => {
    throw new Error(`server process exited early:\n${stderr}`);
  });
  const next = (event: string) =>
    Promise.race([
      new Promise<Record<string, unknown>>((resolve) => {
        const seen = events.find((e) => e.event === event);
        if (seen) resolve(seen);
        else waiters.push({ event, resolve });
      }),
      exited,
    ]);
  const listening = await next("listening");
  expect(listening.leaseSeconds).toBe(LEASE_SECONDS);
  return { child, url: `http://127.0.0.1:${port}`, next };
}

async function kill(server: Server): Promise<void> {
  const exited = once(server.child, "exit");
  server.child.kill("SIGKILL");
  const [code, signal] = await exited;
  expect({ code, signal }).toEqual({ code: null, signal: "SIGKILL" });
}

async function call(server: Server, method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${admin}`,
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text.startsWith("{") ? JSON.parse(text) : undefined, text };
}

/** The report partition as stored, read past the service. */
async function storedItems(): Promise<Record<string, unknown>[]> {
  const db = testDocumentClient();
  try {
    const { Items } = await db.send(
      new QueryCommand({ TableName: table, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": reportPartition(AGENCY, YEAR) } }),
    );
    return Items ?? [];
  } finally {
    db.destroy();
  }
}
const itemsWith = (items: Record<string, unknown>[], prefix: string) => items.filter((item) => String(item.sk).startsWith(prefix));

async function seedSubmittedReport(server: Server): Promise<void> {
  expect((await call(server, "PUT", `/v1/agencies/${AGENCY}`, { body: { fullName: "沂源县测试镇人民政府", kind: "town" } })).status).toBe(201);
  for (const name of SECTION_NAMES) {
    const written = await call(server, "PUT", `${REPORT}/sections/${name}`, { body: exampleSections[name] });
    expect(written.status, written.text).toBe(201);
  }
  const submitted = await call(server, "POST", `${REPORT}/submit`);
  expect(submitted.status, submitted.text).toBe(200);
}

/** Retries the publish the way a client would after a crash, until the dead publisher's lease has run out. */
async function retryPublish(server: Server, key: string, body?: unknown) {
  for (let attempt = 0; ; attempt++) {
    const response = await call(server, "POST", `${REPORT}/publish`, { body, headers: { "idempotency-key": key } });
    if (response.status !== 409 || response.body?.error?.code !== "PUBLISH_IN_PROGRESS" || attempt >= 40) return response;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeEach(async () => {
  table = `crash-${randomUUID()}`;
  bucket = `crash-${randomUUID()}`;
  await ensureTable(inject("dynamoEndpoint"), table);
  await ensureBucket(inject("s3Endpoint"), bucket);
  site = new S3SiteStore(testS3Client(), bucket);
  admin = await signLocalToken(
    { role: "countyAdmin" },
    { issuer: "http://127.0.0.1/local-dev-issuer", audience: "disclosure-reports", secret: TEST_SECRET },
  );
});

afterEach(async () => {
  for (const child of running) {
    const exited = once(child, "exit");
    child.kill("SIGKILL");
    await exited;
  }
});

describe("SIGKILL in the middle of a publish", () => {
  it("killed after the first immutable file: nothing is published, and the retry publishes version 1 once", { timeout: 60_000 }, async () => {
    const first = await startServer("after-first-immutable");
    await seedSubmittedReport(first);

    const inFlight = call(first, "POST", `${REPORT}/publish`, { headers: { "idempotency-key": "crash-key-1" } }).then(
      () => "answered",
      () => "no answer",
    );
    const hung = await first.next("hung");
    expect(hung.key).toBe(`reports/${YEAR}/${AGENCY}/v1.html`);
    await kill(first);
    expect(await inFlight).toBe("no answer");

    // Not half-published: the report's state, its versions and the site are as before the publish.
    const items = await storedItems();
    expect(itemsWith(items, "META")[0]).toMatchObject({ status: "submitted" });
    expect(itemsWith(items, "META")[0]!.latestVersion).toBeUndefined();
    expect(itemsWith(items, "VERSION#")).toEqual([]);
    expect(itemsWith(items, "IDEMPOTENCY#")).toEqual([]);
    expect(await site.get(`reports/${YEAR}/${AGENCY}/v1.html`)).toBeDefined(); // written before the kill, linked from nowhere
    expect(await site.get(`reports/${YEAR}/${AGENCY}/index.html`)).toBeUndefined();
    expect(await site.get(`reports/${YEAR}/${AGENCY}/report.json`)).toBeUndefined();
    expect(await site.get(`reports/${YEAR}/index.html`)).toBeUndefined();

    const second = await startServer();
    const report = await call(second, "GET", REPORT);
    expect(report.body.status).toBe("submitted");
    expect(report.body.versions).toEqual([]);

    const retried = await retryPublish(second, "crash-key-1");
    expect(retried.status, retried.text).toBe(200);
    expect(retried.body.version).toBe(1);
    const again = await call(second, "POST", `${REPORT}/publish`, { headers: { "idempotency-key": "crash-key-1" } });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(retried.body);
    const otherKey = await call(second, "POST", `${REPORT}/publish`, { headers: { "idempotency-key": "crash-key-2" } });
    expect(otherKey.status).toBe(409);
    expect(otherKey.body.error.code).toBe("CONFLICT");

    const after = await storedItems();
    expect(itemsWith(after, "META")[0]).toMatchObject({ status: "published", latestVersion: 1 });
    expect(itemsWith(after, "META")[0]!.publishing).toBeUndefined();
    expect(itemsWith(after, "VERSION#").map((item) => item.sk)).toEqual(["VERSION#0001"]);
    expect(itemsWith(after, "IDEMPOTENCY#").map((item) => item.sk)).toEqual(["IDEMPOTENCY#crash-key-1"]);
    for (const key of retried.body.files as string[]) expect(await site.get(key), key).toBeDefined();
    expectLatestEdition(await site.get(`reports/${YEAR}/${AGENCY}/index.html`), 1);
    expect(await site.get(`reports/${YEAR}/${AGENCY}/v2.html`)).toBeUndefined();
    expect((await call(second, "GET", REPORT)).body.versions).toHaveLength(1);
  });

  it("killed while publishing a correction: the site keeps showing version 1 until the retry publishes version 2 once", { timeout: 60_000 }, async () => {
    const first = await startServer();
    await seedSubmittedReport(first);
    expect((await call(first, "POST", `${REPORT}/publish`, { headers: { "idempotency-key": "v1" } })).status).toBe(200);
    const v1Page = await site.get(`reports/${YEAR}/${AGENCY}/v1.html`);
    const latestV1 = await site.get(`reports/${YEAR}/${AGENCY}/index.html`);
    expectLatestEdition(latestV1, 1);
    expect((await call(first, "POST", `${REPORT}/reopen`)).status).toBe(200);
    const section = await fetch(`${first.url}${REPORT}/sections/problemsAndImprovements`, { headers: { authorization: `Bearer ${admin}` } });
    const edited = await call(first, "PUT", `${REPORT}/sections/problemsAndImprovements`, {
      body: { ...exampleSections.problemsAndImprovements, problems: "更正：补充说明存在的问题。" },
      headers: { "if-match": section.headers.get("etag")! },
    });
    expect(edited.status, edited.text).toBe(200);
    await kill(first);

    const second = await startServer("after-first-immutable");
    const correction = { correctionNote: "补充第五部分存在的问题。" };
    const inFlight = call(second, "POST", `${REPORT}/publish`, { body: correction, headers: { "idempotency-key": "v2" } }).then(
      () => "answered",
      () => "no answer",
    );
    expect((await second.next("hung")).key).toBe(`reports/${YEAR}/${AGENCY}/v2.html`);
    await kill(second);
    expect(await inFlight).toBe("no answer");

    const items = await storedItems();
    expect(itemsWith(items, "META")[0]).toMatchObject({ status: "draft", reopened: true, latestVersion: 1 });
    expect(itemsWith(items, "VERSION#").map((item) => item.sk)).toEqual(["VERSION#0001"]);
    expect(await site.get(`reports/${YEAR}/${AGENCY}/index.html`)).toBe(latestV1);
    expect(JSON.parse((await site.get(`reports/${YEAR}/${AGENCY}/report.json`))!).version).toBe(1);

    const third = await startServer();
    const retried = await retryPublish(third, "v2", correction);
    expect(retried.status, retried.text).toBe(200);
    expect(retried.body.version).toBe(2);
    const again = await call(third, "POST", `${REPORT}/publish`, { body: correction, headers: { "idempotency-key": "v2" } });
    expect(again.body).toEqual(retried.body);

    const after = await storedItems();
    expect(itemsWith(after, "META")[0]).toMatchObject({ status: "published", reopened: false, latestVersion: 2 });
    expect(itemsWith(after, "VERSION#").map((item) => item.sk)).toEqual(["VERSION#0001", "VERSION#0002"]);
    expect(await site.get(`reports/${YEAR}/${AGENCY}/v1.html`)).toBe(v1Page);
    expectLatestEdition(await site.get(`reports/${YEAR}/${AGENCY}/index.html`), 2);
    expect(await site.get(`reports/${YEAR}/${AGENCY}/index.html`)).toContain("补充第五部分存在的问题。");
  });

  it("killed after the commit, before the site is updated: the retry returns the same version and completes the site", { timeout: 60_000 }, async () => {
    const first = await startServer("before-first-mutable");
    await seedSubmittedReport(first);

    const inFlight = call(first, "POST", `${REPORT}/publish`, { headers: { "idempotency-key": "crash-key-3" } }).then(
      () => "answered",
      () => "no answer",
    );
    const hung = await first.next("hung");
    expect(hung.key).toBe(`reports/${YEAR}/${AGENCY}/index.html`);
    await kill(first);
    expect(await inFlight).toBe("no answer");

    // The commit happened as one transaction: one version, the state and the key's result together.
    const items = await storedItems();
    expect(itemsWith(items, "META")[0]).toMatchObject({ status: "published", latestVersion: 1 });
    expect(itemsWith(items, "VERSION#")).toHaveLength(1);
    expect(itemsWith(items, "IDEMPOTENCY#")).toHaveLength(1);
    expect(await site.get(`reports/${YEAR}/${AGENCY}/index.html`)).toBeUndefined();

    const second = await startServer();
    const retried = await call(second, "POST", `${REPORT}/publish`, { headers: { "idempotency-key": "crash-key-3" } });
    expect(retried.status, retried.text).toBe(200);
    expect(retried.body.version).toBe(1);

    const after = await storedItems();
    expect(itemsWith(after, "VERSION#")).toHaveLength(1);
    for (const key of retried.body.files as string[]) expect(await site.get(key), key).toBeDefined();
    expectLatestEdition(await site.get(`reports/${YEAR}/${AGENCY}/index.html`), 1);
    expect(await site.get(`reports/${YEAR}/index.json`)).toContain(AGENCY);
  });
});

/** index.html is the "latest" edition of version n: it says it is current and names its version. */
function expectLatestEdition(page: string | undefined, version: number): void {
  expect(page).toContain("当前版本");
  expect(page).toContain(`第${version}版`);
}
