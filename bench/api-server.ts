import { serve } from "@hono/node-server";
import { GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { localConfig } from "../bin/local-config";
import { createRuntime } from "../functions/runtime";
import { reportPartition } from "../functions/store/keys";
import { BENCH_YEAR, sectionBody } from "./report-data";
import { BENCH_SECRET, benchDocumentClient, benchS3Client } from "./stack";
import { SdkRequestCounter } from "./counting";
import { closedLoop, round } from "./stats";

/**
 * The API process of the latency benchmark: the real runtime (router, service, DynamoDB and S3
 * adapters) served by @hono/node-server on a loopback port, as `npm start` serves it. Over IPC it
 * also runs the raw DynamoDB baselines with the runtime's own DocumentClient.
 */
export type RawOp = "getItem" | "putItem" | "query";
export type ServerRequest =
  | { id: number; kind: "raw"; op: RawOp; concurrency: number; durationMs: number; agencyId: string }
  | { id: number; kind: "sdkStats" };
type RawRequest = Extract<ServerRequest, { kind: "raw" }>;
/** Since the last sdkStats call: the DynamoDB requests this process sent, by operation, and its CPU time. */
export interface SdkStats {
  byCommand: Record<string, { count: number; ms: number }>;
  cpuMs: number;
}

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const config = localConfig({
  tableName: env("BENCH_TABLE"),
  bucket: env("BENCH_BUCKET"),
  siteBaseUrl: "http://127.0.0.1:3000/site",
  secret: BENCH_SECRET,
});
const runtime = createRuntime({
  config,
  documentClient: benchDocumentClient(env("BENCH_DYNAMO_ENDPOINT")),
  s3Client: benchS3Client(env("BENCH_S3_ENDPOINT")),
});
const db = runtime.documentClient;
const sdk = new SdkRequestCounter().attach(db);
let lastCpu = process.cpuUsage();
const table = config.TABLE_NAME;
const applications = sectionBody("applications");

async function raw(request: RawRequest) {
  const pk = reportPartition(request.agencyId, BENCH_YEAR);
  const ops: Record<RawOp, (worker: number, i: number) => Promise<unknown>> = {
    // The report's META item: one GetItem, the cheapest read of the same data.
    getItem: () => db.send(new GetCommand({ TableName: table, Key: { pk, sk: "META" } })),
    // The whole report partition, as GET report reads it.
    query: () => db.send(new QueryCommand({ TableName: table, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": pk } })),
    // A section-sized item (table 三), one key per worker.
    putItem: (worker, i) =>
      db.send(
        new PutCommand({
          TableName: table,
          Item: { pk: `RAW#${worker}`, sk: "SECTION#applications", section: "applications", data: applications, version: i + 1 },
        }),
      ),
  };
  // The same CPU measure as the API's (process CPU ÷ calls), so the SDK's own share of a GET is visible.
  const before = process.cpuUsage();
  const summary = await closedLoop(ops[request.op], { concurrency: request.concurrency, durationMs: request.durationMs });
  const cpu = process.cpuUsage(before);
  return { ...summary, cpuMsPerCall: round((cpu.user + cpu.system) / 1000 / Math.max(1, summary.requests + summary.errors), 3) };
}

const server = serve({ fetch: runtime.app.fetch, hostname: "127.0.0.1", port: 0 }, (info) => {
  process.stdout.write(`${JSON.stringify({ port: info.port })}\n`);
});

process.on("message", (message: ServerRequest) => {
  if (message.kind === "sdkStats") {
    const cpu = process.cpuUsage(lastCpu);
    lastCpu = process.cpuUsage();
    const stats: SdkStats = { byCommand: Object.fromEntries(sdk.byCommand), cpuMs: (cpu.user + cpu.system) / 1000 };
    sdk.reset();
    process.send?.({ id: message.id, result: stats });
    return;
  }
  raw(message).then(
    (result) => process.send?.({ id: message.id, result }),
    (error: unknown) => process.send?.({ id: message.id, error: String(error) }),
  );
});
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("disconnect", stop);
