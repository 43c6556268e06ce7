import { randomUUID } from "node:crypto";
import { GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { ensureTable } from "../../bin/local-stack";
import { runStatus, runView } from "../../functions/service/publish-runs";
import type { PublishRun, RunOutcome } from "../../functions/service/ports";
import {
  agencyChunkKey,
  DynamoRunStore,
  RUN_AGENCIES_PER_ITEM,
  RUN_OUTCOME_SHARDS,
  runOutcomePartition,
  runOutcomeShard,
  RunNotFoundError,
} from "../../functions/store/dynamo-run-store";
import { runPartition } from "../../functions/store/keys";
import { testDocumentClient } from "../support/harness";

/** The run store on DynamoDB Local: the atomic outcome + count, redeliveries, the chunked agency list. */

const YEAR = 2024;
const db = testDocumentClient();
let tableName: string;
let store: DynamoRunStore;

beforeAll(async () => {
  tableName = `test-${randomUUID()}`;
  await ensureTable(inject("dynamoEndpoint"), tableName);
  store = new DynamoRunStore(db, tableName);
});

function newRun(agencyIds: string[]): PublishRun {
  return {
    runId: `run-${randomUUID().slice(0, 8)}`,
    year: YEAR,
    kinds: ["town"],
    startedAt: "2025-01-20T02:00:00.000Z",
    trigger: "manual",
    agencyIds,
    outcomes: [],
  };
}

const outcome = (agencyId: string, kind: RunOutcome["outcome"], extra: Partial<RunOutcome> = {}): RunOutcome => ({
  agencyId,
  outcome: kind,
  at: "2025-01-20T02:01:00.000Z",
  ...(kind === "published" ? { version: 1 } : { reason: `原因 ${kind}` }),
  ...extra,
});

/** The run's count of finished agencies: the sum of its shards' counters. */
async function finishedCounter(run: PublishRun): Promise<number> {
  let finished = 0;
  for (let shard = 0; shard < RUN_OUTCOME_SHARDS; shard++) {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: { pk: runOutcomePartition(run.year, run.runId, shard), sk: "COUNT" }, ConsistentRead: true }));
    finished += Item!.finished as number;
  }
  return finished;
}

const partitionItems = async (pk: string) =>
  (await db.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": pk }, ConsistentRead: true }))).Items ?? [];

describe("recordRunOutcome", () => {
  it("records and counts an outcome once, however often it is delivered", async () => {
    const run = newRun(["a-1", "a-2"]);
    await store.saveRun(run);
    const first = await store.recordRunOutcome(YEAR, run.runId, outcome("a-1", "skipped"));
    expect(first).toEqual({ recorded: true, runComplete: false, yearFilesWritten: false, startedAt: run.startedAt });
    const again = await store.recordRunOutcome(YEAR, run.runId, outcome("a-1", "skipped"));
    expect(again).toEqual({ recorded: false, runComplete: false, yearFilesWritten: false, startedAt: run.startedAt });
    expect(await finishedCounter(run)).toBe(1);

    const last = await store.recordRunOutcome(YEAR, run.runId, outcome("a-2", "published"));
    expect(last).toMatchObject({ recorded: true, runComplete: true, yearFilesWritten: false });
    // A redelivery of the last message still learns that the run is complete (and its files not written).
    expect(await store.recordRunOutcome(YEAR, run.runId, outcome("a-2", "published"))).toMatchObject({ recorded: false, runComplete: true });
    expect(await finishedCounter(run)).toBe(2);
    const stored = await store.getRun(YEAR, run.runId);
    expect(stored!.outcomes.map((o) => [o.agencyId, o.outcome])).toEqual([
      ["a-1", "skipped"],
      ["a-2", "published"],
    ]);
  });

  it("upgrades failed to published on a redelivery without counting it again, and never downgrades", async () => {
    const run = newRun(["a-1", "a-2"]);
    await store.saveRun(run);
    await store.recordRunOutcome(YEAR, run.runId, outcome("a-1", "failed"));
    const upgraded = await store.recordRunOutcome(YEAR, run.runId, outcome("a-1", "published", { version: 3 }));
    expect(upgraded.recorded).toBe(false);
    expect(await finishedCounter(run)).toBe(1);
    let stored = await store.getRun(YEAR, run.runId);
    expect(stored!.outcomes).toEqual([expect.objectContaining({ agencyId: "a-1", outcome: "published", version: 3 })]);

    await store.recordRunOutcome(YEAR, run.runId, outcome("a-1", "skipped"));
    await store.recordRunOutcome(YEAR, run.runId, outcome("a-1", "failed"));
    stored = await store.getRun(YEAR, run.runId);
    expect(stored!.outcomes).toEqual([expect.objectContaining({ agencyId: "a-1", outcome: "published", version: 3 })]);
    expect(await finishedCounter(run)).toBe(1);
    expect(runStatus(stored!)).toBe("running");
  });

  it("counts each agency exactly once under concurrent deliveries, and some delivery sees the run complete", async () => {
    const agencyIds = Array.from({ length: 20 }, (_, i) => `c-${String(i).padStart(2, "0")}`);
    const run = newRun(agencyIds);
    await store.saveRun(run);
    // Every agency delivered three times at once (as SQS may, after a visibility timeout), five
    // agencies at a time: all of them contend on the run's counter (more at once than this and
    // DynamoDB Local stops accepting connections).
    const results: Awaited<ReturnType<DynamoRunStore["recordRunOutcome"]>>[] = [];
    for (let start = 0; start < agencyIds.length; start += 5) {
      const wave = agencyIds.slice(start, start + 5).flatMap((id) => [id, id, id]);
      results.push(...(await Promise.all(wave.map((id) => store.recordRunOutcome(YEAR, run.runId, outcome(id, "skipped"))))));
    }
    expect(results.filter((r) => r.recorded)).toHaveLength(20);
    expect(results.some((r) => r.runComplete)).toBe(true);
    expect(await finishedCounter(run)).toBe(20);
    expect((await store.getRun(YEAR, run.runId))!.outcomes).toHaveLength(20);
  });

  it("spreads the outcomes over 16 partitions by a hash of the agency: the run's own partition takes no outcome write", async () => {
    const agencyIds = Array.from({ length: 64 }, (_, i) => `s-${String(i).padStart(2, "0")}`);
    const run = newRun(agencyIds);
    await store.saveRun(run);
    for (const id of agencyIds) await store.recordRunOutcome(YEAR, run.runId, outcome(id, "skipped"));
    expect((await partitionItems(runPartition(YEAR, run.runId))).map((item) => item.sk)).toEqual(["AGENCIES#0000", "SUMMARY"]);
    const used = new Set<number>();
    for (const id of agencyIds) {
      const shard = runOutcomeShard(id);
      used.add(shard);
      const items = await partitionItems(runOutcomePartition(YEAR, run.runId, shard));
      expect(items.map((item) => item.sk)).toContain(`AGENCY#${id}`);
    }
    // 64 agencies hashed over 16 shards: nearly every shard is used (all but a few at worst).
    expect(used.size).toBeGreaterThanOrEqual(12);
    expect(await finishedCounter(run)).toBe(64);
    const stored = (await store.getRun(YEAR, run.runId))!;
    expect(stored.outcomes.map((o) => o.agencyId)).toEqual(agencyIds);
    expect(runStatus(stored)).toBe("writingYearFiles");
  });

  it("finishes a run saved before the shards (outcomes and the counter in the run's own partition)", async () => {
    const run = newRun(["l-1", "l-2"]);
    const pk = runPartition(YEAR, run.runId);
    const { outcomes: _o, agencyIds, ...summary } = run;
    await db.send(new PutCommand({ TableName: tableName, Item: { pk, sk: "SUMMARY", ...summary, agencyCount: 2, finished: 0 } }));
    await db.send(new PutCommand({ TableName: tableName, Item: { pk, sk: "AGENCIES", agencyIds } }));
    expect(await store.recordRunOutcome(YEAR, run.runId, outcome("l-1", "skipped"))).toMatchObject({ recorded: true, runComplete: false });
    expect(await store.recordRunOutcome(YEAR, run.runId, outcome("l-1", "skipped"))).toMatchObject({ recorded: false, runComplete: false });
    expect(await store.recordRunOutcome(YEAR, run.runId, outcome("l-2", "published"))).toMatchObject({ recorded: true, runComplete: true });
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: { pk, sk: "SUMMARY" }, ConsistentRead: true }));
    expect(Item!.finished).toBe(2);
    expect((await store.getRun(YEAR, run.runId))!.outcomes.map((o) => o.agencyId)).toEqual(["l-1", "l-2"]);
  });

  it("records nothing for a run that does not exist", async () => {
    await expect(store.recordRunOutcome(YEAR, "no-such-run", outcome("a-1", "skipped"))).rejects.toBeInstanceOf(RunNotFoundError);
    const { Items } = await db.send(
      new QueryCommand({ TableName: tableName, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": runPartition(YEAR, "no-such-run") } }),
    );
    expect(Items).toEqual([]);
  });
});

describe("markYearFilesWritten", () => {
  it("is true only for the first note, and completes the run", async () => {
    const run = newRun(["a-1"]);
    await store.saveRun(run);
    await store.recordRunOutcome(YEAR, run.runId, outcome("a-1", "published"));
    expect(runStatus((await store.getRun(YEAR, run.runId))!)).toBe("writingYearFiles");
    const notes = await Promise.all([1, 2, 3].map((i) => store.markYearFilesWritten(YEAR, run.runId, `2025-01-20T02:0${i}:00.000Z`)));
    expect(notes.filter(Boolean)).toHaveLength(1);
    const stored = (await store.getRun(YEAR, run.runId))!;
    expect(stored.yearFilesWrittenAt).toMatch(/^2025-01-20T02:0[123]:00.000Z$/);
    expect(runView(stored).status).toBe("completed");
    expect(await store.recordRunOutcome(YEAR, run.runId, outcome("a-1", "published"))).toMatchObject({ runComplete: true, yearFilesWritten: true });
  });

  it("notes nothing for a run that does not exist", async () => {
    expect(await store.markYearFilesWritten(YEAR, "no-such-run", "2025-01-20T02:00:00.000Z")).toBe(false);
    expect(await store.getRun(YEAR, "no-such-run")).toBeUndefined();
  });
});

describe("the agency list", () => {
  it("is split into items of at most 1,000 ids, each far below DynamoDB's 400 KB, and read back in order", async () => {
    // 10,000 agencies with ids of the longest allowed length (63 characters).
    const agencyIds = Array.from({ length: 10_000 }, (_, i) => `agency-${String(i).padStart(5, "0")}-`.padEnd(63, "x"));
    const run = newRun(agencyIds);
    await store.saveRun(run);
    const { Items } = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :chunks)",
        ExpressionAttributeValues: { ":pk": runPartition(YEAR, run.runId), ":chunks": "AGENCIES#" },
      }),
    );
    expect(Items!.map((item) => item.sk)).toEqual(Array.from({ length: 10 }, (_, i) => agencyChunkKey(i)));
    for (const item of Items!) {
      expect((item.agencyIds as string[]).length).toBeLessThanOrEqual(RUN_AGENCIES_PER_ITEM);
      // DynamoDB counts attribute names and values in UTF-8; the JSON is an upper bound of that.
      expect(Buffer.byteLength(JSON.stringify(item))).toBeLessThan(100_000);
    }
    const { Item: summary } = await db.send(new GetCommand({ TableName: tableName, Key: { pk: runPartition(YEAR, run.runId), sk: "SUMMARY" } }));
    expect(summary).not.toHaveProperty("agencyIds");
    expect(summary!.agencyCount).toBe(10_000);
    const stored = await store.getRun(YEAR, run.runId);
    expect(stored!.agencyIds).toEqual(agencyIds);
    expect(runStatus(stored!)).toBe("running");
  });

  it("still reads a run saved before the list was chunked", async () => {
    const runId = `run-${randomUUID().slice(0, 8)}`;
    const pk = runPartition(YEAR, runId);
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: { pk, sk: "SUMMARY", runId, year: YEAR, kinds: ["town"], startedAt: "2024-01-20T02:00:00.000Z", trigger: "schedule", agencyCount: 2, finished: 0 },
      }),
    );
    await db.send(new PutCommand({ TableName: tableName, Item: { pk, sk: "AGENCIES", agencyIds: ["old-1", "old-2"] } }));
    expect((await store.getRun(YEAR, runId))!.agencyIds).toEqual(["old-1", "old-2"]);
  });

  it("refuses to save the same run twice", async () => {
    const run = newRun(["a-1"]);
    await store.saveRun(run);
    await expect(store.saveRun(run)).rejects.toThrow(/already exists/);
  });
});
