/**
 * The local API server as a child process for the crash tests: the real runtime (router, service,
 * DynamoDB and S3 adapters) on @hono/node-server, like `npm start`, but on the test's emulators,
 * table, bucket and port. DynamoDB Local and s3rver live in the test runner's process, so killing
 * this one mirrors a Lambda crash: the code dies, the database and the bucket survive.
 *
 * FAULT_HANG_AT makes a publish stop dead at a chosen point, so the test's SIGKILL lands there:
 *   after-first-immutable  after the first immutable file (v{n}.html) is written, before the commit
 *   before-first-mutable   after the commit, before the first latest/index file is written
 * The server prints one JSON line per event on stdout: {"event":"listening"} and {"event":"hung","key":…}.
 */
import { serve } from "@hono/node-server";
import { localConfig } from "../../bin/local-config";
import { localCredentials } from "../../bin/local-stack";
import { createRuntime } from "../../functions/runtime";
import type { SiteStore } from "../../functions/service/ports";
import { createDocumentClient } from "../../functions/store/dynamo-client";
import { createS3Client } from "../../functions/store/s3-client";
import { S3SiteStore } from "../../functions/store/s3-site-store";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const emit = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);

const region = env("AWS_REGION");
const documentClient = createDocumentClient({ endpoint: env("FAULT_DYNAMO_ENDPOINT"), region, credentials: localCredentials() });
const s3Site = new S3SiteStore(
  createS3Client({ endpoint: env("FAULT_S3_ENDPOINT"), region, credentials: localCredentials() }),
  env("FAULT_BUCKET"),
);

const hangAt = process.env.FAULT_HANG_AT;
const hang = (key: string): Promise<never> => {
  emit({ event: "hung", key });
  return new Promise<never>(() => undefined);
};
const site: SiteStore = {
  get: (key) => s3Site.get(key),
  getBytes: (key) => s3Site.getBytes(key),
  exists: (key) => s3Site.exists(key),
  async put(key, body, contentType, options) {
    if (hangAt === "before-first-mutable" && !options?.immutable) return hang(key);
    await s3Site.put(key, body, contentType, options);
    if (hangAt === "after-first-immutable" && options?.immutable) return hang(key);
  },
};

const config = localConfig({
  tableName: env("FAULT_TABLE"),
  bucket: env("FAULT_BUCKET"),
  siteBaseUrl: "http://127.0.0.1:3000/site",
  secret: env("FAULT_JWT_SECRET"),
});
const runtime = createRuntime({ config, documentClient, site });

serve({ fetch: runtime.app.fetch, hostname: "127.0.0.1", port: Number(env("PORT")) }, (info) => {
  emit({ event: "listening", port: info.port, leaseSeconds: config.PUBLISH_LEASE_SECONDS });
});
