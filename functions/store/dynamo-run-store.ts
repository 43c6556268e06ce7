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
/** TransactWriteItems takes at most 100 actions: the summary and 99 chunks (99,000 agencies). */
const MAX_AGENCY_CHUNKS = 99;

export const agencyChunkKey = (index: number) => `${RUN_AGENCIES_PREFIX}${String(index).padStart(4, "0")}`;

export class RunNotFoundError extends Error {
  override readonly name = "RunNotFoundError";
}

/**
 * Publish runs (RUN#{year}#{runId} partitions): the summary (with the counter of finished agencies),
 * the agency list in chunks, one item per outcome. The whole run is one partition Query.
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
            Item: { pk, sk: RUN_SUMMARY, gsi1pk: runsIndexKey(run.year), gsi1sk: run.startedAt, ...summary, agencyCount: agencyIds.length, finished: 0 },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        ...chunks.map((ids, index) => ({ Put: { TableName: this.tableName, Item: { pk, sk: agencyChunkKey(index), agencyIds: ids } } })),
      ],
    });
    if (!outcome.ok) throw new Error(`publish run ${run.runId} already exists`);
  }

  async recordRunOutcome(
    year: number,
    runId: string,
    outcome: RunOutcome,
  ): Promise<{ recorded: boolean; runComplete: boolean; yearFilesWritten: boolean; startedAt: string }> {
    const pk = runPartition(year, runId);
    const item = { pk, sk: `${RUN_OUTCOME_PREFIX}${outcome.agencyId}`, ...outcome };
    // The outcome and the count in one transaction: the outcome's condition makes a redelivery (or
    // the SDK's retry of a write whose answer was lost) cancel both, so nothing is counted twice and
    // nothing recorded goes uncounted.
    const written = await this.transact({
      TransactItems: [
        { Put: { TableName: this.tableName, Item: item, ConditionExpression: "attribute_not_exists(pk)" } },
        {
          Update: {
            TableName: this.tableName,
            Key: { pk, sk: RUN_SUMMARY },
            UpdateExpression: "ADD finished :one",
            ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeValues: { ":one": 1 },
          },
        },
      ],
    });
    if (!written.ok) {
      if (failedAt(written.reasons, 1)) throw new RunNotFoundError(`publish run ${runId} of ${year} does not exist`);
      if (!failedAt(written.reasons, 0)) throw new Error(`recording the outcome of ${outcome.agencyId} in run ${runId} was cancelled`);
      // Already recorded. SQS delivers at least once: a redelivery may upgrade the outcome to
      // "published" (the report was published after all), never the reverse, and is not counted.
      if (outcome.outcome === "published") await this.upgradeToPublished(item);
    }
    const { Item: summary } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk, sk: RUN_SUMMARY }, ConsistentRead: true }));
    if (!summary) throw new RunNotFoundError(`publish run ${runId} of ${year} does not exist`);
    return {
      recorded: written.ok,
      runComplete: (summary.finished as number) >= (summary.agencyCount as number),
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
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": runPartition(year, runId) },
      // A worker or a resume decides from what it reads here; it must see the writes just made.
      ConsistentRead: true,
    });
    const summary = items.find((item) => item.sk === RUN_SUMMARY);
    if (!summary) return undefined;
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
        })),
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
