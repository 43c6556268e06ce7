import { type CancellationReason, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { ServiceUnavailableError } from "../service/errors";

export type Item = Record<string, unknown>;

/**
 * What every store of the single table (functions/store/keys.ts) shares: the client, the table's
 * name, paginated Queries and the conditional writes whose failed condition is an answer, not an error.
 */
export class DynamoTable {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  protected async queryAll(input: QueryCommandInput): Promise<Item[]> {
    const items: Item[] = [];
    let ExclusiveStartKey: Item | undefined;
    do {
      const page = await this.db.send(new QueryCommand({ ...input, ExclusiveStartKey }));
      items.push(...((page.Items ?? []) as Item[]));
      ExclusiveStartKey = page.LastEvaluatedKey as Item | undefined;
    } while (ExclusiveStartKey);
    return items;
  }

  /**
   * Items by key, in BatchGets of at most 100 keys. Keys DynamoDB leaves unprocessed (throttling
   * or the 16 MB response limit) are asked for again after a growing pause, as AWS recommends.
   */
  protected async batchGetAll(keys: readonly Item[], options: { consistentRead?: boolean } = {}): Promise<Item[]> {
    const found: Item[] = [];
    for (let start = 0; start < keys.length; start += 100) {
      let pending: Item[] | undefined = keys.slice(start, start + 100);
      for (let attempt = 0; pending && pending.length > 0; attempt += 1) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt) + Math.random() * 25));
        const response: BatchGetCommandOutput = await this.db.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: options.consistentRead } } }),
        );
        found.push(...((response.Responses?.[this.tableName] ?? []) as Item[]));
        pending = response.UnprocessedKeys?.[this.tableName]?.Keys as Item[] | undefined;
      }
    }
    return found;
  }

  /** An update guarded by its condition: false when the condition did not hold (nothing changed). */
  protected async updateIf(input: Omit<UpdateCommandInput, "TableName">): Promise<boolean> {
    try {
      await this.db.send(new UpdateCommand({ TableName: this.tableName, ...input }));
      return true;
    } catch (error) {
      if (isConditionalFailure(error)) return false;
      throw error;
    }
  }

  protected transact(input: TransactWriteCommandInput, attempts?: number) {
    return transactWrite(this.db, input, attempts);
  }
}

/**
 * Runs a transaction, retrying when DynamoDB cancelled it only because another transaction touched
 * the same items (TransactionConflict): that is contention, not a failed condition, and the SDK does
 * not retry it by itself. Condition failures come back as the cancellation reasons to interpret.
 */
export async function transactWrite(
  db: DynamoDBDocumentClient,
  input: TransactWriteCommandInput,
  attempts = 4,
): Promise<{ ok: true } | { ok: false; reasons: CancellationReason[] }> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await db.send(new TransactWriteCommand(input));
      return { ok: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const conflictOnly = reasons.some((r) => r.Code === "TransactionConflict") && !reasons.some((r) => r.Code === "ConditionalCheckFailed");
      if (!conflictOnly) return { ok: false, reasons };
      if (attempt >= attempts) {
        throw new ServiceUnavailableError("throttled", {
          cause: Object.assign(new Error("DynamoDB transaction kept conflicting"), { name: "TransactionConflict", reasons }),
          dependency: "DynamoDB",
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt + Math.random() * 50));
    }
  }
}

export const failedAt = (reasons: CancellationReason[], index: number) => reasons[index]?.Code === "ConditionalCheckFailed";

export function isConditionalFailure(error: unknown): boolean {
  return error instanceof Error && error.name === "ConditionalCheckFailedException";
}
