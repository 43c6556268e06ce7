import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { PublishMessage, PublishQueue, RunOutcome } from "../functions/service/ports";
import type { Runtime } from "../functions/runtime";
import { BENCH_YEAR, benchAgency, benchStoredSections, benchTitle } from "./report-data";
import { type BenchStack, countedRuntime } from "./stack";
import { round } from "./stats";

/** A moment before the 2024 reports' deadline (2025-01-31): nothing is late, nothing needs an acknowledgement. */
const BENCH_EPOCH = Date.parse("2025-01-20T02:00:00Z");

export interface PublishRunFigures {
  agencies: number;
  /** Wall time of startRun (enqueue + the in-process worker publishing every report) in seconds. */
  seconds: number;
  /** True when the run was stopped at the time cap; `seconds` is then extrapolated (see `model`). */
  capped: boolean;
  measuredSeconds: number;
  published: number;
  skipped: number;
  failed: number;
  /** The last message: its report plus the year's index, JSON, CSV and history pages, which the worker recording a run's last outcome regenerates once. */
  finalMessageSeconds: number;
  seedSeconds: number;
  /** Per-report publish time: first and last tenth of the processed reports, the final message excluded (ms). */
  perReportMs: { first10pct: number; last10pct: number };
  /** Least-squares fit t(k) = a + b·k of the k-th report's publish time, the final message excluded (ms). */
  model: { aMs: number; bMsPerPublished: number };
  requests: {
    dynamoPerReport: number;
    readUnitsPerReport: number;
    writeUnitsPerReport: number;
    s3PutPerReport: number;
    s3GetPerReport: number;
    s3GetTotal: number;
  };
  /** Where the run's time went: SDK time spent in S3 and DynamoDB calls, the rest is this process's CPU. */
  timeSplit: { s3Pct: number; dynamoPct: number; otherPct: number };
  /** The last message (its report and the year's files) as a share of the run, in %. */
  finalStepPct: number;
  /** Per-report time of the last tenth ÷ the first tenth: 1 when a report costs the same whenever it comes. */
  flatness: number;
  /** With `opening`: the next year opened over the same agencies, through the queue in chunks. */
  openYear?: OpenYearFigures;
  /** With `itemSizes`: the largest items of the table after the run (a full Scan), by kind. */
  largestItems?: { kind: string; bytes: number }[];
  /** The largest of them. */
  largestItemBytes?: number;
}

export interface OpenYearFigures {
  agencies: number;
  chunks: number;
  seconds: number;
  created: number;
  /** Per-chunk time, first and last tenth of the chunks (ms), and their ratio. */
  perChunkMs: { first10pct: number; last10pct: number };
  flatness: number;
}

async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

/** Agencies with submitted, consistent 2024 reports, written straight through the repository. */
async function seed(runtime: Runtime, count: number, now: () => string): Promise<void> {
  const sections = benchStoredSections();
  const agencies = Array.from({ length: count }, (_, i) => benchAgency(i));
  await mapLimit(agencies, 16, async (agency) => {
    const { repository } = runtime;
    await repository.putAgency(agency, now(), "bench");
    const openedAt = now();
    const created = await repository.createDraft({
      agency,
      year: BENCH_YEAR,
      title: benchTitle(agency),
      sections,
      now: openedAt,
      revisionRecord: { revision: 1, action: "opened", actor: "bench", at: openedAt, status: "draft" },
    });
    if (!created) throw new Error(`report of ${agency.agencyId} already exists`);
    const submittedAt = now();
    const moved = await repository.transition(agency.agencyId, BENCH_YEAR, {
      from: "draft",
      to: "submitted",
      revision: 1,
      now: submittedAt,
      revisionRecord: { revision: 2, action: "submitted", actor: "bench", at: submittedAt, status: "submitted" },
    });
    if (!moved) throw new Error(`could not submit ${agency.agencyId}`);
  });
}

function fit(samples: readonly number[]): { a: number; b: number } {
  const n = samples.length;
  if (n < 2) return { a: samples[0] ?? 0, b: 0 };
  const meanK = (n - 1) / 2;
  const meanT = samples.reduce((s, t) => s + t, 0) / n;
  let num = 0;
  let den = 0;
  samples.forEach((t, k) => {
    num += (k - meanK) * (t - meanT);
    den += (k - meanK) ** 2;
  });
  const b = num / den;
  return { a: meanT - b * meanK, b };
}

/**
 * (e) One publish run over `count` agencies on the local stack: the real runtime and an in-process
 * queue (the worker code runs here, one report after another, as locally and in a single worker).
 * Stops taking messages after `capSeconds` and extrapolates from the per-report times measured.
 */
export async function measurePublishRun(
  stack: BenchStack,
  count: number,
  capSeconds: number,
  extras: { opening?: boolean; itemSizes?: boolean } = {},
): Promise<PublishRunFigures> {
  const offset = Date.now() - BENCH_EPOCH;
  const clock = () => new Date(Date.now() - offset);
  const perMessageMs: number[] = [];
  let deadline = Number.POSITIVE_INFINITY;
  let dropped = 0;
  let runtimeRef: Runtime | undefined;
  // The local in-process queue's behaviour (the worker code, one message after another, in this
  // process), plus a clock per message and the time cap.
  const queue: PublishQueue = {
    async enqueue(messages: PublishMessage[]) {
      for (const message of messages) {
        if (Date.now() > deadline) {
          dropped++;
          continue;
        }
        const started = process.hrtime.bigint();
        await runtimeRef!.publishing.processMessage(message);
        perMessageMs.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
    },
  };
  const counted = await countedRuntime(stack, `run-${count}-${Date.now().toString(36)}`, { clock, queue });
  const tableName = counted.config.TABLE_NAME;
  runtimeRef = counted.runtime;
  const { runtime, dynamo, s3 } = counted;

  const seedStarted = process.hrtime.bigint();
  await seed(runtime, count, () => clock().toISOString());
  const seedSeconds = Number(process.hrtime.bigint() - seedStarted) / 1e9;

  dynamo.reset();
  s3.reset();
  deadline = Date.now() + capSeconds * 1000;
  const started = process.hrtime.bigint();
  const run = await runtime.publishing.startRun(BENCH_YEAR, {}, "manual");
  const measuredSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const sdkMs = { s3: s3.totalMs, dynamo: dynamo.totalMs };
  const counts = { dynamo: dynamo.total, put: s3.count("PutObject"), get: s3.count("GetObject"), rru: dynamo.readUnits, wru: dynamo.writeUnits };

  const outcomes = (kind: RunOutcome["outcome"]) => run.outcomes.filter((o) => o.outcome === kind).length;
  const processed = perMessageMs.length;
  const capped = dropped > 0;
  // A complete run's last message also regenerates the year's files: keep it out of the per-report model.
  const perReport = capped ? perMessageMs : perMessageMs.slice(0, -1);
  const tenth = Math.max(1, Math.floor(perReport.length / 10));
  const avg = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
  const { a, b } = fit(perReport);
  // Σ_{k<count} (a + b·k) for the whole run when it was cut short.
  const seconds = capped ? (count * a + (b * count * (count - 1)) / 2) / 1000 : measuredSeconds;
  const totalMs = measuredSeconds * 1000;
  const first10pct = avg(perReport.slice(0, tenth));
  const last10pct = avg(perReport.slice(-tenth));
  const finalMessageSeconds = capped ? 0 : (perMessageMs.at(-1) ?? 0) / 1000;

  let openYear: OpenYearFigures | undefined;
  if (extras.opening && !capped) {
    perMessageMs.length = 0;
    deadline = Number.POSITIVE_INFINITY;
    const openStarted = process.hrtime.bigint();
    const enqueued = await runtime.publishing.startYearOpening(BENCH_YEAR + 1);
    const openSeconds = Number(process.hrtime.bigint() - openStarted) / 1e9;
    const chunkTenth = Math.max(1, Math.floor(perMessageMs.length / 10));
    const chunkFirst = avg(perMessageMs.slice(0, chunkTenth));
    const chunkLast = avg(perMessageMs.slice(-chunkTenth));
    const created = (await runtime.repository.listYear(BENCH_YEAR + 1)).length;
    openYear = {
      agencies: enqueued.agencies,
      chunks: enqueued.chunks,
      seconds: round(openSeconds, 1),
      created,
      perChunkMs: { first10pct: round(chunkFirst, 1), last10pct: round(chunkLast, 1) },
      flatness: round(chunkLast / chunkFirst, 2),
    };
  }
  const largestItems = extras.itemSizes ? await largestItemsOf(counted.runtime.documentClient, tableName) : undefined;
  return {
    agencies: count,
    seconds: round(seconds, 1),
    capped,
    measuredSeconds: round(measuredSeconds, 1),
    published: outcomes("published"),
    skipped: outcomes("skipped"),
    failed: outcomes("failed"),
    finalMessageSeconds: round(finalMessageSeconds, 2),
    seedSeconds: round(seedSeconds, 1),
    perReportMs: { first10pct: round(first10pct, 1), last10pct: round(last10pct, 1) },
    model: { aMs: round(a, 2), bMsPerPublished: round(b, 4) },
    requests: {
      dynamoPerReport: round(counts.dynamo / Math.max(1, processed), 2),
      readUnitsPerReport: round(counts.rru / Math.max(1, processed), 2),
      writeUnitsPerReport: round(counts.wru / Math.max(1, processed), 2),
      s3PutPerReport: round(counts.put / Math.max(1, processed), 2),
      s3GetPerReport: round(counts.get / Math.max(1, processed), 1),
      s3GetTotal: counts.get,
    },
    timeSplit: {
      s3Pct: round((100 * sdkMs.s3) / totalMs, 1),
      dynamoPct: round((100 * sdkMs.dynamo) / totalMs, 1),
      otherPct: round(100 - (100 * (sdkMs.s3 + sdkMs.dynamo)) / totalMs, 1),
    },
    finalStepPct: round((100 * finalMessageSeconds) / seconds, 2),
    flatness: round(last10pct / first10pct, 2),
    ...(openYear ? { openYear } : {}),
    ...(largestItems ? { largestItems, largestItemBytes: largestItems[0]?.bytes ?? 0 } : {}),
  };
}

/**
 * DynamoDB's size of an item (attribute names plus values, as its documentation counts them: a
 * string's UTF-8 bytes, a number's ≈ 1 byte per 2 digits + 1, 3 bytes of overhead per map or list
 * plus 1 per element), close enough to see whether anything comes near the 400 KB limit.
 */
function itemBytes(value: unknown): number {
  if (value === null || value === undefined || typeof value === "boolean") return 1;
  if (typeof value === "string") return Buffer.byteLength(value);
  if (typeof value === "number") return Math.ceil(String(value).replace(/[-.]/g, "").length / 2) + 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + itemBytes(v), 0);
  if (value instanceof Set) return [...value].reduce((sum: number, v) => sum + itemBytes(v), 0);
  return 3 + Object.entries(value as Record<string, unknown>).reduce((sum, [k, v]) => sum + 1 + Buffer.byteLength(k) + itemBytes(v), 0);
}

/** The largest item of each kind (the sort key's prefix: META, SECTION, AGENCIES, SUMMARY, …) after a full Scan. */
async function largestItemsOf(db: Runtime["documentClient"], tableName: string): Promise<{ kind: string; bytes: number }[]> {
  const largest = new Map<string, number>();
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    // Small pages: DynamoDB Local takes seconds for a 1 MB page of a 200,000-item table, past the
    // client's 3 s request timeout.
    const page = await db.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey, Limit: 200 }));
    for (const item of page.Items ?? []) {
      const kind = String(item.sk).split("#")[0]!;
      const bytes = itemBytes(item) - 3;
      if (bytes > (largest.get(kind) ?? 0)) largest.set(kind, bytes);
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return [...largest].sort((a, b) => b[1] - a[1]).map(([kind, bytes]) => ({ kind, bytes }));
}
