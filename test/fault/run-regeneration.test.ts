import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { METRIC_NAMES, metricSink } from "../../functions/metrics";
import type { PublishMessage, RunPublishMessage, PublishQueue, SiteStore } from "../../functions/service/ports";
import { runView } from "../../functions/service/publish-runs";
import { siteKeys } from "../../functions/service/site-layout";
import { InProcessPublishQueue } from "../../functions/store/in-process-publish-queue";
import { runsIndexKey, TABLE_KEYS } from "../../functions/store/keys";
import { createTestApi, type TestApi } from "../support/harness";
import { BEFORE_DEADLINE, reportPath, writeExampleReport, YEAR } from "./support";

/**
 * A publish run ends with its own step, the year's files. These tests make that step fail, and the
 * run's messages go missing (as dead letters do), on the real parts: DynamoDB Local, s3rver, the
 * worker code run by an in-process queue.
 */

const runsPath = `/v1/years/${YEAR}/publish-runs`;
const YEAR_INDEX = siteKeys.yearIndex(YEAR);

/** The real S3 adapter, failing every write of the year's index page while `failing` says so. */
function yearIndexFailing(failing: (attempt: number) => boolean) {
  const state = { attempts: 0, puts: [] as string[], onFailure: async (): Promise<void> => undefined };
  const wrap = (site: SiteStore): SiteStore => ({
    get: (key) => site.get(key),
    getBytes: (key) => site.getBytes(key),
    exists: (key) => site.exists(key),
    put: async (key, body, type, options) => {
      if (key === YEAR_INDEX) {
        state.attempts += 1;
        if (failing(state.attempts)) {
          await state.onFailure();
          throw new Error("simulated S3 outage writing the year index");
        }
      }
      state.puts.push(key);
      return site.put(key, body, type, options);
    },
  });
  return { state, wrap };
}

/** Like SQS with its DLQ: the messages of the agencies in `deadLettered` never reach the worker. */
class DeadLetteringQueue implements PublishQueue {
  readonly deadLettered = new Set<string>();
  readonly delivered: RunPublishMessage[] = [];
  readonly dropped: RunPublishMessage[] = [];
  constructor(private readonly process: (message: PublishMessage) => Promise<unknown>) {}
  async enqueue(messages: PublishMessage[]): Promise<void> {
    for (const message of messages) {
      // Only publish runs are exercised here.
      if (message.kind === "openYear" || message.kind === "editions") throw new Error(`unexpected ${message.kind} message`);
      if (this.deadLettered.has(message.agencyId)) {
        this.dropped.push(message);
        continue;
      }
      this.delivered.push(message);
      await this.process(message);
    }
  }
}

/** Three agencies: two with submitted reports (published by the run), one draft (skipped). */
async function seedYear(api: TestApi): Promise<void> {
  for (const id of ["town-a", "town-b", "town-c"]) await writeExampleReport(api, id, `沂源县测试${id}镇人民政府`);
  for (const id of ["town-a", "town-b"]) {
    const submitted = await api.request("POST", `${reportPath(id)}/submit`, { token: api.adminToken });
    expect(submitted.status, submitted.text).toBe(200);
  }
}

/** The year's files list exactly the published reports: the index page, index.json, open-data.csv, the site root. */
async function expectYearFilesList(api: TestApi, published: string[]): Promise<void> {
  const index = await api.s3Site.get(YEAR_INDEX);
  expect(index, YEAR_INDEX).toBeDefined();
  for (const id of published) {
    expect(index).toContain(`沂源县测试${id}镇人民政府`);
    expect(index).toContain(`${id}/`);
  }
  const json = JSON.parse((await api.s3Site.get(siteKeys.yearJson(YEAR)))!) as {
    groups: { reports: { agencyId: string; status: string; version: number | null; href: string | null }[] }[];
  };
  const entries = json.groups.flatMap((group) => group.reports);
  const publishedEntries = entries.filter((entry) => entry.status === "published");
  expect(publishedEntries.map((entry) => entry.agencyId).sort()).toEqual([...published].sort());
  for (const entry of publishedEntries) expect(entry, entry.agencyId).toMatchObject({ version: 1, href: expect.stringContaining(entry.agencyId) });
  const csv = (await api.s3Site.get(siteKeys.yearCsv(YEAR)))!.split("\r\n").filter(Boolean);
  expect(csv).toHaveLength(1 + published.length);
  for (const id of published) expect(csv.filter((line) => line.includes(id)), `open-data.csv row of ${id}`).toHaveLength(1);
  expect(await api.s3Site.get(siteKeys.siteRoot)).toContain(`${YEAR}`);
}

describe("a publish run whose year files fail", () => {
  const metricLines: Record<string, any>[] = [];
  const originalWrite = metricSink.write;
  beforeEach(() => {
    metricLines.length = 0;
    metricSink.write = (line) => void metricLines.push(JSON.parse(line));
  });
  afterEach(() => {
    metricSink.write = originalWrite;
  });
  const metricTotal = (name: string) => metricLines.reduce((sum, doc) => sum + (typeof doc[name] === "number" ? doc[name] : 0), 0);

  it("completes once a retry of the last message writes them, passing through writingYearFiles", async () => {
    const { state, wrap } = yearIndexFailing((attempt) => attempt === 1);
    const api = await createTestApi({ clock: () => BEFORE_DEADLINE, wrapSite: wrap });
    await seedYear(api);
    // What the run looked like while its year files were missing.
    const seen: string[] = [];
    state.onFailure = async () => {
      const runs = await runsOf(api);
      seen.push(...runs.map((run) => run.status));
    };

    const started = await api.request("POST", runsPath, { token: api.adminToken, body: {} });
    expect(started.status, started.text).toBe(201);
    expect(state.attempts).toBe(2);
    expect(seen).toEqual(["writingYearFiles"]);
    expect(started.body).toMatchObject({ status: "completed", published: 2, skipped: 1, failed: 0 });
    expect(started.body.yearFilesWrittenAt).toEqual(expect.any(String));
    await expectYearFilesList(api, ["town-a", "town-b"]);

    const fetched = await api.request("GET", `${runsPath}/${started.body.runId}`, { token: api.adminToken });
    expect(fetched.body).toEqual(started.body);
    for (const id of ["town-a", "town-b"]) {
      const report = await api.request("GET", reportPath(id), { token: api.adminToken });
      expect(report.body.versions, id).toHaveLength(1);
    }
    // The redelivered message found its outcome recorded: nothing counted twice, the run completed once.
    expect(metricTotal(METRIC_NAMES.reportsPublished)).toBe(2);
    expect(metricTotal(METRIC_NAMES.reportsSkipped)).toBe(1);
    expect(metricTotal(METRIC_NAMES.runsStarted)).toBe(1);
    expect(metricTotal(METRIC_NAMES.runsCompleted)).toBe(1);
    expect(metricLines.filter((doc) => METRIC_NAMES.runDuration in doc)).toHaveLength(1);
  });

  it("stays writingYearFiles when the message is dead-lettered, and a resume writes them, once", async () => {
    let outage = true;
    const { state, wrap } = yearIndexFailing(() => outage);
    const api = await createTestApi({ clock: () => BEFORE_DEADLINE, wrapSite: wrap });
    // Each message tried once: the one that should write the year files goes to the "DLQ" at once.
    api.runtime.publishing.queue = new InProcessPublishQueue(async (message) => void (await api.runtime.publishing.processMessage(message)), 1);
    await seedYear(api);

    const started = await api.request("POST", runsPath, { token: api.adminToken, body: {} });
    expect(started.status, started.text).toBe(201);
    expect(started.body).toMatchObject({ status: "writingYearFiles", published: 2, skipped: 1 });
    expect(started.body).not.toHaveProperty("yearFilesWrittenAt");
    expect(await api.s3Site.get(siteKeys.yearJson(YEAR))).toBeUndefined();
    expect(metricTotal(METRIC_NAMES.runsCompleted)).toBe(0);

    const resumePath = `${runsPath}/${started.body.runId}/resume`;
    const stillFailing = await api.request("POST", resumePath, { token: api.adminToken });
    expect(stillFailing.status).toBeGreaterThanOrEqual(500);
    expect((await api.request("GET", `${runsPath}/${started.body.runId}`, { token: api.adminToken })).body.status).toBe("writingYearFiles");

    outage = false;
    const resumed = await api.request("POST", resumePath, { token: api.adminToken });
    expect(resumed.status, resumed.text).toBe(200);
    expect(resumed.body).toMatchObject({ status: "completed", published: 2, skipped: 1 });
    await expectYearFilesList(api, ["town-a", "town-b"]);
    expect(metricTotal(METRIC_NAMES.runsCompleted)).toBe(1);

    // Resuming a completed run changes nothing and writes nothing.
    const puts = state.puts.length;
    const again = await api.request("POST", resumePath, { token: api.adminToken });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(resumed.body);
    expect(state.puts).toHaveLength(puts);
    expect(metricTotal(METRIC_NAMES.runsCompleted)).toBe(1);
  });
});

describe("resuming a run whose messages were dead-lettered", () => {
  it("stays running, then publishes exactly the missing agencies, once, and completes", async () => {
    const api = await createTestApi({ clock: () => BEFORE_DEADLINE });
    const queue = new DeadLetteringQueue((message) => api.runtime.publishing.processMessage(message));
    api.runtime.publishing.queue = queue;
    await seedYear(api);
    queue.deadLettered.add("town-b");
    queue.deadLettered.add("town-c");

    const started = await api.request("POST", runsPath, { token: api.adminToken, body: {} });
    expect(started.status, started.text).toBe(201);
    expect(started.body).toMatchObject({ status: "running", published: 1, skipped: 0 });
    expect(started.body.outcomes.map((o: { agencyId: string }) => o.agencyId)).toEqual(["town-a"]);
    expect(await api.s3Site.get(siteKeys.yearJson(YEAR))).toBeUndefined();
    const runPath = `${runsPath}/${started.body.runId}`;
    expect((await api.request("GET", runPath, { token: api.adminToken })).body.status).toBe("running");

    // The cause fixed (the DLQ's messages would now succeed): resume.
    queue.deadLettered.clear();
    queue.delivered.length = 0;
    const resumed = await api.request("POST", `${runPath}/resume`, { token: api.adminToken });
    expect(resumed.status, resumed.text).toBe(200);
    expect(queue.delivered.map((m) => m.agencyId)).toEqual(["town-b", "town-c"]);
    expect(resumed.body).toMatchObject({ status: "completed", published: 2, skipped: 1, failed: 0 });
    await expectYearFilesList(api, ["town-a", "town-b"]);
    for (const id of ["town-a", "town-b"]) {
      const report = await api.request("GET", reportPath(id), { token: api.adminToken });
      expect(report.body.versions, id).toHaveLength(1);
    }

    // Again: nothing to enqueue, nothing changes.
    queue.delivered.length = 0;
    const again = await api.request("POST", `${runPath}/resume`, { token: api.adminToken });
    expect(again.status).toBe(200);
    expect(queue.delivered).toEqual([]);
    expect(again.body).toEqual(resumed.body);
  });

  it("answers 404 for a run that does not exist, and 403 to an agency editor", async () => {
    const api = await createTestApi({ clock: () => BEFORE_DEADLINE });
    const missing = await api.request("POST", `${runsPath}/20250120020000-deadbeef/resume`, { token: api.adminToken });
    expect(missing.status).toBe(404);
    const editor = await api.request("POST", `${runsPath}/20250120020000-deadbeef/resume`, { token: await api.editorToken("town-a") });
    expect(editor.status).toBe(403);
  });
});

/** The year's runs as the API would show them (found through the runs index: the run id is not known yet). */
async function runsOf(api: TestApi) {
  const { Items } = await api.runtime.documentClient.send(
    new QueryCommand({
      TableName: api.tableName,
      IndexName: TABLE_KEYS.index.name,
      KeyConditionExpression: "gsi1pk = :runs",
      ExpressionAttributeValues: { ":runs": runsIndexKey(YEAR) },
    }),
  );
  return Promise.all((Items ?? []).map(async (item) => runView((await api.runtime.repository.getRun(YEAR, item.runId as string))!)));
}
