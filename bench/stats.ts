/** Small statistics helpers for the benchmarks. Times are in milliseconds unless a name says otherwise. */

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest-rank: the smallest value with at least q of the samples at or below it.
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function ratio(value: number, baseline: number): number {
  return round(value / baseline, 2);
}

/** Milliseconds since `start` (a process.hrtime.bigint() reading). */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Calls `fn` `iterations` times after `warmup` untimed calls and returns each call's duration (ms). */
export function timeEach(fn: () => unknown, iterations: number, warmup = Math.min(1000, iterations)): number[] {
  let sink: unknown;
  for (let i = 0; i < warmup; i++) sink = fn();
  const samples = new Array<number>(iterations);
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    sink = fn();
    samples[i] = Number(process.hrtime.bigint() - start) / 1e6;
  }
  keep(sink);
  return samples;
}

/**
 * Times several functions in interleaved rounds (each round runs every function `iterations/rounds`
 * times), so that a burst of load from elsewhere on the machine hits all of them alike. Returns each
 * function's per-call durations (ms).
 */
export function timeInterleaved<K extends string>(fns: Record<K, () => unknown>, iterations: number, rounds = 20): Record<K, number[]> {
  const names = Object.keys(fns) as K[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (const name of names) timeEach(fns[name], 0, Math.min(1000, iterations));
  const perRound = Math.ceil(iterations / rounds);
  for (let r = 0; r < rounds; r++) {
    for (const name of names) samples[name].push(...timeEach(fns[name], perRound, 0));
  }
  return samples;
}

let blackhole: unknown;
/** Keeps a result reachable so the optimiser cannot drop the work that produced it. */
export function keep(value: unknown): void {
  blackhole = value;
}
export const lastKept = (): unknown => blackhole;

export interface LatencySummary {
  requests: number;
  errors: number;
  durationSeconds: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  mean: number;
}

export function summarizeLatencies(samples: readonly number[], errors: number, durationMs: number): LatencySummary {
  const mean = samples.length ? samples.reduce((a, b) => a + b, 0) / samples.length : Number.NaN;
  return {
    requests: samples.length,
    errors,
    durationSeconds: round(durationMs / 1000, 2),
    requestsPerSecond: round(samples.length / (durationMs / 1000), 1),
    p50: round(quantile(samples, 0.5)),
    p99: round(quantile(samples, 0.99)),
    mean: round(mean),
  };
}

/** Runs `op` from `concurrency` workers in a closed loop for `durationMs`; each call's latency is kept. */
export async function closedLoop(
  op: (worker: number, iteration: number) => Promise<unknown>,
  options: { concurrency: number; durationMs: number },
): Promise<LatencySummary> {
  const samples: number[] = [];
  let errors = 0;
  const started = process.hrtime.bigint();
  const deadline = Date.now() + options.durationMs;
  await Promise.all(
    Array.from({ length: options.concurrency }, async (_, worker) => {
      for (let i = 0; Date.now() < deadline; i++) {
        const t = process.hrtime.bigint();
        try {
          await op(worker, i);
          samples.push(msSince(t));
        } catch {
          errors++;
        }
      }
    }),
  );
  return summarizeLatencies(samples, errors, msSince(started));
}
