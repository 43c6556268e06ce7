import type { S3Client } from "@aws-sdk/client-s3";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

type Stackful = Pick<DynamoDBDocumentClient, "middlewareStack"> | Pick<S3Client, "middlewareStack">;

const READS = new Set(["GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems"]);
const WITH_CAPACITY = new Set([...READS, "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"]);

/**
 * Counts the requests an SDK client really sends, by operation, and the time they take. The
 * middleware sits in the finalizeRequest step below the retry middleware, so every attempt (a retry
 * too) is one request, as AWS bills it. With `capacity`, DynamoDB requests also ask for
 * ReturnConsumedCapacity=TOTAL and the read and write units DynamoDB (Local) reports are summed.
 */
export class SdkRequestCounter {
  readonly byCommand = new Map<string, { count: number; ms: number }>();
  readUnits = 0;
  writeUnits = 0;

  constructor(private readonly options: { capacity?: boolean } = {}) {}

  attach(client: Stackful): this {
    const stack = client.middlewareStack as DynamoDBDocumentClient["middlewareStack"];
    const id = Math.random().toString(36).slice(2);
    if (this.options.capacity) {
      stack.add(
        (next, context) => async (args) => {
          const name = (context.commandName ?? "").replace(/Command$/, "");
          const input = args.input as Record<string, unknown>;
          if (WITH_CAPACITY.has(name) && input.ReturnConsumedCapacity === undefined) input.ReturnConsumedCapacity = "TOTAL";
          return next(args);
        },
        { step: "initialize", priority: "high", name: `benchCapacity-${id}` },
      );
    }
    stack.add(
      (next, context) => async (args) => {
        const name = (context.commandName ?? "unknown").replace(/Command$/, "");
        const started = process.hrtime.bigint();
        try {
          const result = await next(args);
          if (this.options.capacity) this.addCapacity(name, (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity);
          return result;
        } finally {
          const entry = this.byCommand.get(name) ?? { count: 0, ms: 0 };
          entry.count += 1;
          entry.ms += Number(process.hrtime.bigint() - started) / 1e6;
          this.byCommand.set(name, entry);
        }
      },
      { step: "finalizeRequest", priority: "low", name: `benchRequestCounter-${id}` },
    );
    return this;
  }

  private addCapacity(command: string, consumed: unknown): void {
    const list = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as { CapacityUnits?: number }[];
    const units = list.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
    if (READS.has(command)) this.readUnits += units;
    else this.writeUnits += units;
  }

  reset(): void {
    this.byCommand.clear();
    this.readUnits = 0;
    this.writeUnits = 0;
  }

  get total(): number {
    let total = 0;
    for (const { count } of this.byCommand.values()) total += count;
    return total;
  }

  get totalMs(): number {
    let total = 0;
    for (const { ms } of this.byCommand.values()) total += ms;
    return total;
  }

  count(command: string): number {
    return this.byCommand.get(command)?.count ?? 0;
  }

  /** e.g. { Query: 2, TransactWriteItems: 1 } */
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.byCommand].sort(([a], [b]) => a.localeCompare(b)).map(([name, { count }]) => [name, count]));
  }
}
