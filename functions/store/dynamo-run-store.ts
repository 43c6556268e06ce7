import { createHash } from "node:crypto";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { PublishRun, RunOutcome } from "../service/ports";
import { DynamoTable, failedAt, type Item, isConditionalFailure } from "./dynamo-table";
import { runPartition, runsIndexKey } from "./keys";

const RUN_SUMMARY = "SUMMARY";
/** The run's agency list, in chunks: `AGENCIES#0000`, `AGENCIES#0001`, … */
const RUN_AGENCIES_PREFIX = "AGENCIES#";
/** Runs saved before the list was chunked kept it in one item under this key. */
const RUN_AGENCIES_UNCHUNKED = "AGENCIES";
const RUN_OUTCOME_PREFIX = "AGENCY#";
/**
 * Ids per chunk. An agency id is at most 63 characters (agencyIdSchema), so a chunk stays under
 * ~70 KB, far from DynamoDB's 400 KB item limit, and 10,000 agencies are 10 chunks.
 */
export const RUN_AGENCIES_PER_ITEM = 1_000;
/**
 * A run's outcomes and their counters are spread over this many partitions (`RUN#{year}#{runId}#S{nn}`,
 * the shard of an agency fixed by a hash of its id): a deadline run of 10,000 agencies writes every
 * outcome, and every outcome used to add to one counter item on the summary — concurrent workers'
 * transactions on that one item conflict and retry, and one partition takes at most 1,000 write
 * units a second. 16 counters in 16 partitions spread both; they are read back in one BatchGet.
 */
export const RUN_OUTCOME_SHARDS = 16;
/** TransactWriteItems takes at most 100 actions: the summary, the shard counters and the chunks (83,000 agencies). */
const MAX_AGENCY_CHUNKS = 100 - 1 - RUN_OUTCOME_SHARDS;
const SHARD_COUNTER = "COUNT";

/** The partition that holds an agency's outcome in a sharded run. */
export function runOutcomeShard(agencyId: string): number {
  return createHash("sha256").update(agencyId).digest().readUInt16BE(0) % RUN_OUTCOME_SHARDS;
}
export const runOutcomePartition = (year: number, runId: string, shard: number) => `${runPartition(year, runId)}#S${String(shard).padStart(2, "0")}`;

export const agencyChunkKey = (index: number) => `${RUN_AGENCIES_PREFIX}${String(index).padStart(4, "0")}`;

export class RunNotFoundError extends Error {
  override readonly name = "RunNotFoundError";
}

/**
 * Publish runs: the summary and the agency list in chunks in RUN#{year}#{runId}; the outcomes, one
 * item each, with a counter of them per shard in the {@link RUN_OUTCOME_SHARDS} partitions
 * RUN#{year}#{runId}#S{nn}. Runs saved before the shards kept outcomes and the counter (`finished`
 * on the summary) in the run's own partition; those are still read and recorded that way.
 */
export class DynamoRunStore extends DynamoTable {
  async saveRun(run: PublishRun): Promise<void> {
    const { outcomes: _outcomes, agencyIds, ...summary } = run;
    const pk = runPartition(run.year, run.runId);
    const chunks: string[][] = [];
    for (let start = 0; start < agencyIds.length; start += RUN_AGENCIES_PER_ITEM) chunks.push(agencyIds.slice(start, start + RUN_AGENCIES_PER_ITEM));
    if (chunks.length > MAX_AGENCY_CHUNKS) throw new Error(`publish run of ${agencyIds.length} agencies exceeds ${MAX_AGENCY_CHUNKS * RUN_AGENCIES_PER_ITEM}`);
    // The summary stays small (it is updated once per agency); the agency list is written beside it,
    // in the same transaction, so a run is never seen without its list.
    const outcome = await this.transact({
      TransactItems: [
        {
          Put: {
            TableName: this.tableName,
            Item: { pk, sk: RUN_SUMMARY, gsi1pk: runsIndexKey(run.year), gsi1sk: run.startedAt, ...summary, agencyCount: agencyIds.length, outcomeShards: RUN_OUTCOME_SHARDS },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        ...chunks.map((ids, index) => ({ Put: { TableName: this.tableName, Item: { pk, sk: agencyChunkKey(index), agencyIds: ids } } })),
        ...Array.from({ length: RUN_OUTCOME_SHARDS }, (_, shard) => ({
          Put: { TableName: this.tableName, Item: { pk: runOutcomePartition(run.year, run.runId, shard), sk: SHARD_COUNTER, finished: 0 } },
        })),
      ],
    });
    if (!outcome.ok) throw new Error(`publish run ${run.runId} already exists`);
  }

  async recordRunOutcome(
    year: number,
    runId: string,
    outcome: RunOutcome,
  ): Promise<{ recorded: boolean; runComplete: boolean; yearFilesWritten: boolean; startedAt: string }> {
    const shardPk = runOutcomePartition(year, runId, runOutcomeShard(outcome.agencyId));
    const sharded = await this.recordInPartition(shardPk, { pk: shardPk, sk: SHARD_COUNTER }, outcome);
    // No counter in the shard: a run saved before the shards (or none at all).
    const written = sharded === "noCounter" ? await this.recordInPartition(runPartition(year, runId), { pk: runPartition(year, runId), sk: RUN_SUMMARY }, outcome) : sharded;
    if (written === "noCounter") throw new RunNotFoundError(`publish run ${runId} of ${year} does not exist`);
    const progress = await this.progressOf(year, runId, sharded !== "noCounter");
    return { recorded: written === "recorded", ...progress };
  }

  /**
   * The outcome and its count in one transaction: the outcome's condition makes a redelivery (or the
   * SDK's retry of a write whose answer was lost) cancel both, so nothing is counted twice and nothing
   * recorded goes uncounted.
   */
  private async recordInPartition(pk: string, counterKey: Item, outcome: RunOutcome): Promise<"recorded" | "already" | "noCounter"> {
    const item = { pk, sk: `${RUN_OUTCOME_PREFIX}${outcome.agencyId}`, ...outcome };
    const written = await this.transact({
      TransactItems: [
        { Put: { TableName: this.tableName, Item: item, ConditionExpression: "attribute_not_exists(pk)" } },
        {
          Update: {
            TableName: this.tableName,
            Key: counterKey,
            UpdateExpression: "ADD finished :one",
            ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeValues: { ":one": 1 },
          },
        },
      ],
    });
    if (written.ok) return "recorded";
    if (failedAt(written.reasons, 1)) return "noCounter";
    if (!failedAt(written.reasons, 0)) throw new Error(`recording the outcome of ${outcome.agencyId} in ${pk} was cancelled`);
    // Already recorded. SQS delivers at least once: a redelivery may upgrade the outcome to
    // "published" (the report was published after all), never the reverse, and is not counted.
    if (outcome.outcome === "published") await this.upgradeToPublished(item);
    return "already";
  }

  /** The summary and every shard's counter, strongly consistent, in one BatchGet (or the summary alone for an older run). */
  private async progressOf(year: number, runId: string, sharded: boolean): Promise<{ runComplete: boolean; yearFilesWritten: boolean; startedAt: string }> {
    const summaryKey = { pk: runPartition(year, runId), sk: RUN_SUMMARY };
    const items = sharded
      ? await this.batchGetAll(
          [summaryKey, ...Array.from({ length: RUN_OUTCOME_SHARDS }, (_, shard) => ({ pk: runOutcomePartition(year, runId, shard), sk: SHARD_COUNTER }))],
          { consistentRead: true },
        )
      : [((await this.db.send(new GetCommand({ TableName: this.tableName, Key: summaryKey, ConsistentRead: true }))).Item ?? {}) as Item];
    const summary = items.find((item) => item.sk === RUN_SUMMARY);
    if (!summary) throw new RunNotFoundError(`publish run ${runId} of ${year} does not exist`);
    const finished = sharded
      ? items.filter((item) => item.sk === SHARD_COUNTER).reduce((sum, item) => sum + ((item.finished as number | undefined) ?? 0), 0)
      : ((summary.finished as number | undefined) ?? 0);
    return {
      runComplete: finished >= (summary.agencyCount as number),
      yearFilesWritten: typeof summary.yearFilesWrittenAt === "string",
      startedAt: summary.startedAt as string,
    };
  }

  async markYearFilesWritten(year: number, runId: string, at: string): Promise<boolean> {
    return this.updateIf({
      Key: { pk: runPartition(year, runId), sk: RUN_SUMMARY },
      UpdateExpression: "SET yearFilesWrittenAt = :at",
      ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(yearFilesWrittenAt)",
      ExpressionAttributeValues: { ":at": at },
    });
  }

  async getRun(year: number, runId: string): Promise<PublishRun | undefined> {
    // A worker or a resume decides from what it reads here; it must see the writes just made.
    const partition = (pk: string) =>
      this.queryAll({ TableName: this.tableName, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": pk }, ConsistentRead: true });
    const items = await partition(runPartition(year, runId));
    const summary = items.find((item) => item.sk === RUN_SUMMARY);
    if (!summary) return undefined;
    const shards = (summary.outcomeShards as number | undefined) ?? 0;
    const shardItems = await Promise.all(Array.from({ length: shards }, (_, shard) => partition(runOutcomePartition(year, runId, shard))));
    items.push(...shardItems.flat());
    return {
      runId: summary.runId as string,
      year: summary.year as number,
      kinds: summary.kinds as string[],
      startedAt: summary.startedAt as string,
      trigger: summary.trigger as PublishRun["trigger"],
      agencyIds: agencyIdsOf(items),
      outcomes: items
        .filter((item) => (item.sk as string).startsWith(RUN_OUTCOME_PREFIX))
        .map((item) => ({
          agencyId: item.agencyId as string,
          outcome: item.outcome as RunOutcome["outcome"],
          reason: item.reason as string | undefined,
          version: item.version as number | undefined,
          at: item.at as string,
        }))
        // By agency, as one partition's Query returned them before the shards.
        .sort((a, b) => (a.agencyId < b.agencyId ? -1 : a.agencyId > b.agencyId ? 1 : 0)),
      ...(typeof summary.yearFilesWrittenAt === "string" ? { yearFilesWrittenAt: summary.yearFilesWrittenAt } : {}),
    };
  }

  private async upgradeToPublished(item: Item): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: "outcome <> :published",
          ExpressionAttributeValues: { ":published": "published" },
        }),
      );
    } catch (error) {
      if (!isConditionalFailure(error)) throw error;
    }
  }
}

/** The chunks in key order (the Query returns them sorted by sk), or the single item of an older run. */
function agencyIdsOf(items: Item[]): string[] {
  const chunks = items.filter((item) => (item.sk as string).startsWith(RUN_AGENCIES_PREFIX));
  const lists = chunks.length > 0 ? chunks : items.filter((item) => item.sk === RUN_AGENCIES_UNCHUNKED);
  return lists.flatMap((item) => (item.agencyIds as string[] | undefined) ?? []);
}
