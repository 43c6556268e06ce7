import { randomUUID } from "node:crypto";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { inject } from "vitest";
import { assertDocumented } from "./contract";
import { LOCAL_AUDIENCE, LOCAL_ISSUER, localConfig } from "../../bin/local-config";
import type { Config, Deadlines } from "../../functions/config";
import { ensureBucket, ensureTable, localCredentials } from "../../bin/local-stack";
import { signLocalToken } from "../../functions/http/auth";
import { createRuntime, type Runtime, type RuntimeOptions } from "../../functions/runtime";
import type { SiteStore } from "../../functions/service/ports";
import { createS3Client } from "../../functions/store/s3-client";
import { S3SiteStore } from "../../functions/store/s3-site-store";
import { createDocumentClient } from "../../functions/store/dynamo-client";

export const TEST_SECRET = "test-secret-test-secret-test-secret-0123456789";
export { LOCAL_AUDIENCE as AUDIENCE, LOCAL_ISSUER as ISSUER } from "../../bin/local-config";

/** Counts the requests an SDK client sends, by operation name. */
export class RequestCounter {
  readonly calls: string[] = [];
  attach(client: DynamoDBDocumentClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        this.calls.push(context.commandName ?? "unknown");
        return next(args);
      },
      { step: "initialize", name: "requestCounter" },
    );
  }
  reset(): void {
    this.calls.length = 0;
  }
  get count(): number {
    return this.calls.length;
  }
}

export interface TestApi {
  runtime: Runtime;
  /** The real S3 adapter on the shared s3rver, for reading what was published. */
  s3Site: S3SiteStore;
  bucket: string;
  counter: RequestCounter;
  tableName: string;
  request(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; rawBody?: string | Uint8Array; headers?: Record<string, string> },
  ): Promise<{ status: number; headers: Headers; body: any; text: string }>;
  adminToken: string;
  editorToken(agencyId: string): Promise<string>;
}

export function testDocumentClient(): DynamoDBDocumentClient {
  return createDocumentClient({ endpoint: inject("dynamoEndpoint"), region: "us-east-1", credentials: localCredentials() });
}

export function testS3Client() {
  return createS3Client({ endpoint: inject("s3Endpoint"), region: "us-east-1", credentials: localCredentials() });
}

export interface TestApiOptions extends Pick<RuntimeOptions, "clock" | "renderPage" | "editionRenderer" | "sesClient"> {
  /** Reminder channels of the runtime's config (REMINDER_EMAIL_FROM, …); none by default. */
  reminderChannels?: Partial<Pick<Config, "REMINDER_WEBHOOK_URL" | "REMINDER_WEBHOOK_SECRET" | "REMINDER_EMAIL_FROM" | "REMINDER_DIGEST_EMAIL">>;
  /**
   * Word and PDF editions on publish (off elsewhere: each PDF costs ~150 ms). With `editionRenderer`
   * they are rendered in process, as locally; without it they go to `queue`, as from the api in AWS.
   */
  editions?: boolean;
  queue?: RuntimeOptions["queue"];
  /** The county's own deadlines instead of the defaults. */
  deadlines?: Deadlines;
  /** Wraps the real S3 adapter, e.g. to make it fail part-way. */
  wrapSite?: (site: SiteStore) => SiteStore;
}

/** A fresh table and bucket on the shared DynamoDB Local and s3rver, and the real runtime on top. */
export async function createTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const tableName = `test-${randomUUID()}`;
  const bucket = `site-${randomUUID()}`;
  await ensureTable(inject("dynamoEndpoint"), tableName);
  await ensureBucket(inject("s3Endpoint"), bucket);
  const s3Site = new S3SiteStore(testS3Client(), bucket);
  const documentClient = testDocumentClient();
  const counter = new RequestCounter();
  counter.attach(documentClient);
  const config = {
    ...localConfig({
      tableName,
      bucket,
      siteBaseUrl: "http://127.0.0.1:3000/site",
      secret: TEST_SECRET,
      deadlines: options.deadlines,
      editions: options.editions,
    }),
    ...options.reminderChannels,
  };
  const site = options.wrapSite ? options.wrapSite(s3Site) : s3Site;
  const runtime = createRuntime({
    config,
    documentClient,
    site,
    clock: options.clock,
    renderPage: options.renderPage,
    editionRenderer: options.editionRenderer,
    queue: options.queue,
    sesClient: options.sesClient,
  });
  const tokenOptions = { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, secret: TEST_SECRET };
  return {
    runtime,
    s3Site,
    bucket,
    counter,
    tableName,
    adminToken: await signLocalToken({ role: "countyAdmin" }, tokenOptions),
    editorToken: (agencyId) => signLocalToken({ role: "agencyEditor", agencyId }, tokenOptions),
    async request(method, path, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      let body: string | Uint8Array | undefined = opts.rawBody;
      if (opts.body !== undefined) {
        body = JSON.stringify(opts.body);
        headers["content-type"] ??= "application/json";
      }
      const response = await runtime.app.request(path, { method, headers, body });
      const text = await response.text();
      assertDocumented(method, path, { status: response.status, headers: response.headers, text });
      let parsed: unknown = undefined;
      if (response.headers.get("content-type")?.includes("json")) parsed = JSON.parse(text);
      return { status: response.status, headers: response.headers, body: parsed, text };
    },
  };
}
