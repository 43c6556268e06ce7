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
export async function measurePublishRun(stack: BenchStack, count: number, capSeconds: number): Promise<PublishRunFigures> {
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
  return {
    agencies: count,
    seconds: round(seconds, 1),
    capped,
    measuredSeconds: round(measuredSeconds, 1),
    published: outcomes("published"),
    skipped: outcomes("skipped"),
    failed: outcomes("failed"),
    finalMessageSeconds: capped ? 0 : round((perMessageMs.at(-1) ?? 0) / 1000, 2),
    seedSeconds: round(seedSeconds, 1),
    perReportMs: { first10pct: round(avg(perReport.slice(0, tenth)), 1), last10pct: round(avg(perReport.slice(-tenth)), 1) },
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
  };
}
