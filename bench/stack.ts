import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import type { S3Client } from "@aws-sdk/client-s3";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { localConfig } from "../bin/local-config";
import {
  ensureBucket,
  ensureTable,
  freePort,
  LOCAL_AWS_ENV,
  localCredentials,
  type RunningService,
  startDynamoDbLocal,
} from "../bin/local-stack";
import type { Config } from "../functions/config";
import { createRuntime, type Runtime, type RuntimeOptions } from "../functions/runtime";
import { createDocumentClient } from "../functions/store/dynamo-client";
import { createS3Client } from "../functions/store/s3-client";
import { SdkRequestCounter } from "./counting";

export const BENCH_SECRET = "bench-secret-bench-secret-bench-secret-0123";
export const BENCH_ISSUER = "http://127.0.0.1/local-dev-issuer";
export const BENCH_AUDIENCE = "disclosure-reports";

/** DynamoDB Local (in memory) and s3rver on free loopback ports, as the local stack runs them. */
export interface BenchStack {
  dynamoEndpoint: string;
  s3Endpoint: string;
  stop(): Promise<void>;
}

export async function startBenchStack(): Promise<BenchStack> {
  Object.assign(process.env, LOCAL_AWS_ENV);
  const [dynamo, s3] = await Promise.all([startDynamoDbLocal({ port: await freePort() }), startS3Process()]);
  return {
    dynamoEndpoint: dynamo.endpoint,
    s3Endpoint: s3.endpoint,
    stop: async () => {
      await Promise.all([dynamo, s3].map((service) => service.stop().catch(() => undefined)));
    },
  };
}

/** Runs a TypeScript entry of this repository in a child node process (through tsx). */
export function spawnTs(entry: string, env: Record<string, string | undefined> = {}, nodeArgs: string[] = []): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, "--import", "tsx", entry], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
}

/** Reads the first stdout line of a child as JSON. */
export async function firstJsonLine<T>(child: ChildProcess): Promise<T> {
  const lines = createInterface({ input: child.stdout! });
  const exited = once(child, "exit").then(([code]) => {
    throw new Error(`child process exited (code ${String(code)}) before it was ready`);
  });
  const line = (async () => {
    for await (const text of lines) if (text.trim().startsWith("{")) return JSON.parse(text) as T;
    throw new Error("child process closed its output before it was ready");
  })();
  return Promise.race([line, exited]);
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

async function startS3Process(): Promise<RunningService> {
  const child = spawnTs("bench/s3-process.ts", {}, ["--openssl-legacy-provider"]);
  const { endpoint } = await firstJsonLine<{ endpoint: string }>(child);
  return { endpoint, stop: () => stopChild(child) };
}

export function benchDocumentClient(endpoint: string): DynamoDBDocumentClient {
  return createDocumentClient({ endpoint, region: LOCAL_AWS_ENV.AWS_REGION, credentials: localCredentials() });
}

export function benchS3Client(endpoint: string): S3Client {
  return createS3Client({
    endpoint,
    region: LOCAL_AWS_ENV.AWS_REGION,
    credentials: localCredentials(),
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

export interface CountedRuntime {
  runtime: Runtime;
  config: Config;
  dynamo: SdkRequestCounter;
  s3: SdkRequestCounter;
}

/** A table and bucket of their own, and the real runtime on top with request counters on both clients. */
export async function countedRuntime(
  stack: Pick<BenchStack, "dynamoEndpoint" | "s3Endpoint">,
  name: string,
  options: Omit<RuntimeOptions, "config" | "documentClient" | "s3Client"> = {},
): Promise<CountedRuntime> {
  const tableName = `bench-${name}`;
  const bucket = `bench-${name}`.toLowerCase().slice(0, 63);
  await Promise.all([ensureTable(stack.dynamoEndpoint, tableName), ensureBucket(stack.s3Endpoint, bucket)]);
  const documentClient = benchDocumentClient(stack.dynamoEndpoint);
  const s3Client = benchS3Client(stack.s3Endpoint);
  const dynamo = new SdkRequestCounter({ capacity: true }).attach(documentClient);
  const s3 = new SdkRequestCounter().attach(s3Client);
  const config = localConfig({ tableName, bucket, siteBaseUrl: "http://127.0.0.1:3000/site", secret: BENCH_SECRET });
  const runtime = createRuntime({ ...options, config, documentClient, s3Client });
  return { runtime, config, dynamo, s3 };
}
