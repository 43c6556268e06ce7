import type { ChildProcess } from "node:child_process";
import autocannon from "autocannon";
import { signLocalToken } from "../functions/http/auth";
import { SYSTEM_ACTOR } from "../functions/service/actor";
import { SECTION_NAMES } from "../functions/report/catalogue";
import type { RawOp, SdkStats, ServerRequest } from "./api-server";
import { BENCH_YEAR, benchAgency, sectionBody } from "./report-data";
import { BENCH_AUDIENCE, BENCH_ISSUER, BENCH_SECRET, type BenchStack, countedRuntime, firstJsonLine, spawnTs, stopChild } from "./stack";
import { type LatencySummary, ratio, round, summarizeLatencies } from "./stats";

/** A raw SDK baseline, with the API process's CPU per call measured the same way as the API's. */
export type RawSummary = LatencySummary & { cpuMsPerCall: number };

export interface LatencyComparison {
  api: LatencySummary & {
    /** DynamoDB time inside each API request: SDK round trips per request and their mean total (ms). */
    dynamo: { requestsPerCall: number; msPerCall: number; byCommandMs: Record<string, number> };
    /** CPU time (user + system) of the API process per request: HTTP, JWT, router, service, SDK. */
    cpuMsPerCall: number;
  };
  raw: RawSummary;
  /** api ÷ raw for latency, raw ÷ api for throughput: how many times slower the API is. */
  ratio: { p50: number; p99: number; requestsPerSecond: number };
}

export interface ApiResult {
  durationSeconds: number;
  method: string;
  /**
   * GET report is one Query (the report's partition), so its fair baseline is the raw Query at the
   * same concurrency from the same process: `ratioToRawQuery` is api ÷ raw Query.
   */
  getReport: Record<"c1" | "c16", LatencyComparison & { rawQuery: RawSummary; ratioToRawQuery: { p50: number; p99: number } }>;
  putSection: Record<"c1" | "c16", LatencyComparison>;
}

const PUT_TARGETS = 128;

async function load(
  url: string,
  options: {
    connections: number;
    durationSeconds: number;
    method: "GET" | "PUT";
    path: (i: number) => string;
    headers: Record<string, string>;
    /** The If-Match of request i (a replace needs the section's current ETag). */
    ifMatch?: (i: number) => string;
    body?: string;
  },
): Promise<LatencySummary> {
  const latencies: number[] = [];
  let counter = 0;
  let errors = 0;
  const instance = autocannon({
    url,
    connections: options.connections,
    pipelining: 1,
    duration: options.durationSeconds,
    timeout: 10,
    requests: [
      {
        method: options.method,
        headers: options.headers,
        ...(options.body === undefined ? {} : { body: options.body }),
        setupRequest: (request) => {
          const i = counter++;
          return {
            ...request,
            path: options.path(i),
            ...(options.ifMatch ? { headers: { ...options.headers, "if-match": options.ifMatch(i) } } : {}),
          };
        },
      },
    ],
  });
  // autocannon's own histogram keeps whole milliseconds; the response event has the exact time.
  instance.on("response", (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    else errors++;
  });
  const started = process.hrtime.bigint();
  const result = await instance;
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  return summarizeLatencies(latencies, errors + result.errors + result.timeouts, elapsed);
}

function compare(api: LatencyComparison["api"], raw: RawSummary): LatencyComparison {
  return {
    api,
    raw,
    ratio: { p50: ratio(api.p50, raw.p50), p99: ratio(api.p99, raw.p99), requestsPerSecond: ratio(raw.requestsPerSecond, api.requestsPerSecond) },
  };
}

/**
 * (c) API latency on the local stack: DynamoDB Local, s3rver, and the router served by
 * @hono/node-server in a child process; autocannon drives it from this process. The raw DynamoDB
 * baselines run inside the API process on the runtime's own DocumentClient at the same concurrency.
 */
export async function measureApi(stack: BenchStack, durationSeconds = 5): Promise<ApiResult> {
  const name = `api-${Date.now().toString(36)}`;
  const { runtime, config } = await countedRuntime(stack, name);
  // One full report to read, and PUT_TARGETS reports whose table 三 is rewritten.
  const reader = benchAgency(9000);
  const writers = Array.from({ length: PUT_TARGETS }, (_, i) => benchAgency(9100 + i));
  for (const agency of [reader, ...writers]) {
    const { agencyId, ...body } = agency;
    await runtime.service.putAgency(SYSTEM_ACTOR, agencyId, body);
  }
  for (const section of SECTION_NAMES) {
    await runtime.service.putSection(SYSTEM_ACTOR, reader.agencyId, BENCH_YEAR, section, sectionBody(section), { kind: "none" });
  }
  for (const agency of writers) {
    await runtime.service.putSection(SYSTEM_ACTOR, agency.agencyId, BENCH_YEAR, "applications", sectionBody("applications"), { kind: "none" });
  }

  // BENCH_API_NODE_ARGS passes node flags to the API process only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
  // to see where its CPU per request goes (NODE_OPTIONS refuses --cpu-prof).
  const nodeArgs = (process.env["BENCH_API_NODE_ARGS"] ?? "").split(" ").filter(Boolean);
  const child: ChildProcess = spawnTs(
    "bench/api-server.ts",
    {
      BENCH_TABLE: config.TABLE_NAME,
      BENCH_BUCKET: config.SITE_BUCKET,
      BENCH_DYNAMO_ENDPOINT: stack.dynamoEndpoint,
      BENCH_S3_ENDPOINT: stack.s3Endpoint,
    },
    nodeArgs,
  );
  try {
    const { port } = await firstJsonLine<{ port: number }>(child);
    const url = `http://127.0.0.1:${port}`;
    let nextId = 0;
    const call = <T>(request: ServerRequest): Promise<T> =>
      new Promise((resolve, reject) => {
        const onMessage = (message: { id: number; result?: T; error?: string }) => {
          if (message.id !== request.id) return;
          child.off("message", onMessage);
          if (message.result !== undefined) resolve(message.result);
          else reject(new Error(`API process: ${request.kind} failed: ${message.error}`));
        };
        child.on("message", onMessage);
        child.send(request);
      });
    const raw = (op: RawOp, concurrency: number) =>
      call<RawSummary>({ id: ++nextId, kind: "raw", op, concurrency, durationMs: durationSeconds * 1000, agencyId: reader.agencyId });
    const sdkStats = () => call<SdkStats>({ id: ++nextId, kind: "sdkStats" });
    /** One load run with the API process's DynamoDB time per request attached. */
    const measured = async (run: () => Promise<LatencySummary>): Promise<LatencyComparison["api"]> => {
      await sdkStats();
      const summary = await run();
      const stats = await sdkStats();
      const calls = summary.requests + summary.errors;
      const total = Object.values(stats.byCommand).reduce((acc, s) => ({ count: acc.count + s.count, ms: acc.ms + s.ms }), { count: 0, ms: 0 });
      return {
        ...summary,
        dynamo: {
          requestsPerCall: round(total.count / calls, 2),
          msPerCall: round(total.ms / calls, 3),
          byCommandMs: Object.fromEntries(Object.entries(stats.byCommand).map(([name, s]) => [name, round(s.ms / s.count, 3)])),
        },
        cpuMsPerCall: round(stats.cpuMs / calls, 3),
      };
    };

    const editorToken = await signLocalToken(
      { role: "agencyEditor", agencyId: reader.agencyId },
      { issuer: BENCH_ISSUER, audience: BENCH_AUDIENCE, secret: BENCH_SECRET },
    );
    const adminToken = await signLocalToken({ role: "countyAdmin" }, { issuer: BENCH_ISSUER, audience: BENCH_AUDIENCE, secret: BENCH_SECRET });
    const get = (connections: number, seconds = durationSeconds) =>
      load(url, {
        connections,
        durationSeconds: seconds,
        method: "GET",
        path: () => `/v1/agencies/${reader.agencyId}/reports/${BENCH_YEAR}`,
        headers: { authorization: `Bearer ${editorToken}` },
      });
    const body = JSON.stringify(sectionBody("applications"));
    // Each writer's applications section is at version 1 after seeding; every PUT issued moves it on
    // by one. Round-robin over many reports means no two requests in flight write the same section,
    // so request i can name the version its predecessor on that report left (a real If-Match).
    const versions = writers.map(() => 1);
    const put = (connections: number, seconds = durationSeconds) =>
      load(url, {
        connections,
        durationSeconds: seconds,
        method: "PUT",
        path: (i) => `/v1/agencies/${writers[i % PUT_TARGETS]!.agencyId}/reports/${BENCH_YEAR}/sections/applications`,
        headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
        ifMatch: (i) => `"${versions[i % PUT_TARGETS]!++}"`,
        body,
      });

    await get(4, 2); // warm-up: JIT, connection pools, DynamoDB Local's caches
    await put(4, 2);
    await raw("getItem", 4);
    const result: ApiResult = {
      durationSeconds,
      method:
        "autocannon (this process) → @hono/node-server (child process, real runtime) → DynamoDB Local; latencies are exact per-response times of 2xx answers; raw baselines: the API process's DocumentClient in a closed loop at the same concurrency",
      getReport: {} as ApiResult["getReport"],
      putSection: {} as ApiResult["putSection"],
    };
    for (const c of [1, 16] as const) {
      const key = c === 1 ? "c1" : "c16";
      const apiGet = await measured(() => get(c));
      const rawGet = await raw("getItem", c);
      const rawQuery = await raw("query", c);
      const ratioToRawQuery = { p50: ratio(apiGet.p50, rawQuery.p50), p99: ratio(apiGet.p99, rawQuery.p99) };
      result.getReport[key] = { ...compare(apiGet, rawGet), rawQuery, ratioToRawQuery };
      const apiPut = await measured(() => put(c));
      const rawPut = await raw("putItem", c);
      result.putSection[key] = compare(apiPut, rawPut);
    }
    return result;
  } finally {
    await stopChild(child);
  }
}
