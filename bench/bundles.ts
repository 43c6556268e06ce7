import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build, type Metafile, type Plugin } from "esbuild";
import { ENTRIES as STACK_ENTRIES, functionBuildOptions, RUNTIME_PROVIDED_SDK_MODULES, SHIPPED_PACKAGES } from "../lib/constructs/function-bundle";
import { indexSourceMap, packageOf } from "./sourcemap";
import { median, ratio, round } from "./stats";

/** The Lambda entries as the stack bundles them; below, the baseline and the probes. */
export const FUNCTION_ENTRIES = STACK_ENTRIES;
type FunctionName = keyof typeof FUNCTION_ENTRIES;
const OTHER_ENTRIES = {
  baseline: "bench/entries/baseline.ts",
  sdkClients: "bench/entries/sdk-clients.ts",
  zodNamed: "bench/entries/zod-named.ts",
  zodNamespace: "bench/entries/zod-namespace.ts",
  zodMini: "bench/entries/zod-mini.ts",
} as const;
type Name = FunctionName | keyof typeof OTHER_ENTRIES;
const ENTRIES: Record<Name, string> = { ...FUNCTION_ENTRIES, ...OTHER_ENTRIES };

/** The modules the CDK stack leaves out of its bundles: loaded from the Lambda runtime's SDK. */
const STACK_EXTERNALS: string[] = [...RUNTIME_PROVIDED_SDK_MODULES];
/** Packages the stack ships beside every function's bundle (pdf.js). */
const SHIPPED_BESIDE: string[] = Object.keys(SHIPPED_PACKAGES);
export const OUT_DIR = resolve(".bench-tmp/bundles");

/** The environment the functions read at init, shaped like the stack's (JWKS in AWS, not a secret). */
export const LAMBDA_ENV: Record<string, string> = {
  AWS_REGION: "cn-north-1",
  TABLE_NAME: "bench-table",
  SITE_BUCKET: "bench-site",
  SITE_BASE_URL: "https://xxgk.example.gov.cn",
  COUNTY_NAME: "沂源县",
  TIME_ZONE: "Asia/Shanghai",
  JWT_ISSUER: "https://idp.example.gov.cn",
  JWT_AUDIENCE: "disclosure-reports",
  JWT_JWKS_URL: "https://idp.example.gov.cn/.well-known/jwks.json",
  PUBLISH_QUEUE_URL: "https://sqs.cn-north-1.amazonaws.com.cn/123456789012/publish",
  PUBLISH_LEASE_SECONDS: "120",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
};

export interface BundleFigures {
  /** Minified ESM, @aws-sdk/* external (the Node 24 Lambda runtime provides it), no source map. */
  bytes: number;
  /** As the CDK stack ships it: the SDK bundled in except the stack's externals (for probes: all of it); index.mjs and every chunk. */
  bytesWithSdk: number;
  /** Of those, what a cold start parses: index.mjs and the chunks it imports statically. */
  initBytesWithSdk: number;
  /** Median import() time of that bundle in a fresh process: parse, compile, top-level init. */
  initMs: number;
  /** Median time from process start to the handler being ready (node boot + init). */
  readyMs: number;
}

export interface FunctionBundle extends BundleFigures {
  /** Largest contributors to `bytes`, by package (or folder for our code). */
  topInputs: { input: string; bytes: number }[];
  bytesRatio: number;
  initRatio: number;
  /**
   * As Lambda starts it: the bundle with its source map beside it and NODE_OPTIONS=--enable-source-maps
   * (lib/constructs/service-function.ts), against the baseline started the same way.
   */
  withSourceMaps: { initMs: number; baselineInitMs: number; initRatio: number };
}

export interface InitBreakdown {
  profiles: number;
  /** Medians over the CPU profiles of a non-minified, keepNames api bundle (SDK included), in ms. */
  totalMs: number;
  compileMs: number;
  moduleBodyMs: number;
  createRuntimeMs: number;
  buildOpenApiDocumentMs: number;
  createRemoteJWKSetMs: number;
  /** Mean self time per profile by where the code came from (source map), the largest first. */
  selfMsBySource: { source: string; ms: number }[];
  /**
   * The time each of our modules' top level takes in the api's init (median of the runs), the largest
   * first, and their sum: what the modules build at cold start, apart from parsing and compiling them.
   */
  moduleBodies: { runs: number; totalMs: number; largest: { module: string; ms: number }[] };
}

export interface BundleResult {
  node: string;
  runs: number;
  method: string;
  /** Modules the stack leaves out of its bundles (and so does the init measurement). */
  stackExternals: string[];
  functions: Record<FunctionName, FunctionBundle>;
  baseline: BundleFigures;
  /** DynamoDB + S3 + SQS clients created at init and nothing else (what createRuntime creates). */
  sdkClients: BundleFigures & { initRatio: number };
  /** The same small schema with `import { z }`, `import * as z` (what functions/ does) and zod/mini. */
  zodImport: { named: BundleFigures; namespace: BundleFigures; mini: BundleFigures };
  apiInitBreakdown: InitBreakdown;
}

type Variant = "sdk-external" | "shipped" | "shipped-with-map" | "profile";

/** Functions and the baseline are shipped with the stack's externals; the probes with everything bundled. */
const shippedExternals = (name: Name): string[] =>
  name in FUNCTION_ENTRIES ? [...STACK_EXTERNALS, ...SHIPPED_BESIDE] : name === "baseline" ? STACK_EXTERNALS : [];

async function bundle(name: Name, variant: Variant): Promise<Bundle> {
  const external = variant === "sdk-external" ? ["@aws-sdk/*", ...(name in FUNCTION_ENTRIES ? SHIPPED_BESIDE : [])] : shippedExternals(name);
  return bundleEntry(ENTRIES[name], resolve(OUT_DIR, variant, `${name}.mjs`), external, variant === "profile", [], variant === "shipped-with-map");
}

/** The node flag the stack sets on every function (NODE_OPTIONS in lib/constructs/service-function.ts). */
const SOURCE_MAP_FLAGS = ["--enable-source-maps"];

/** The api's externals as the stack ships it: the runtime's SDK clients and pdf.js beside the bundle. */
export const API_SHIPPED_EXTERNALS = (): string[] => shippedExternals("api");

export interface Bundle {
  /** The file Lambda imports (…/index.mjs); chunks beside it. */
  outfile: string;
  /** Every .mjs file written (index.mjs and its chunks): the code shipped. */
  bytes: number;
  /** index.mjs and the chunks it imports statically: the code parsed at init. */
  initBytes: number;
  metafile: Metafile;
}

/**
 * One bundle exactly as the CDK stack builds it (lib/constructs/function-bundle.ts: minified ESM,
 * code split, its banner and aliases), written to `outfile` without its ".mjs" as a directory, with
 * extra externals or plugins. `readable` (the CPU profiles): not minified, names kept, one file with
 * an external map, so that every sample maps to one source map.
 */
export async function bundleEntry(
  entry: string,
  outfile: string,
  external: string[],
  readable = false,
  plugins: Plugin[] = [],
  /** With the linked source map beside each file, as the stack ships the functions. */
  shippedSourceMap = false,
): Promise<Bundle> {
  const outdir = outfile.replace(/\.mjs$/, "");
  rmSync(outdir, { recursive: true, force: true });
  const options = functionBuildOptions({ projectRoot: resolve("."), entry, outdir, external, sourcemap: shippedSourceMap, plugins });
  const result = (await build(
    readable
      ? { ...options, splitting: false, minify: false, keepNames: true, sourcemap: "external", outdir: undefined, entryPoints: [resolve(entry)], outfile: resolve(outdir, "index.mjs") }
      : options,
  )) as { metafile: Metafile };
  const index = resolve(outdir, "index.mjs");
  const outputs = Object.entries(result.metafile.outputs).filter(([path]) => path.endsWith(".mjs"));
  if (!outputs.some(([path]) => resolve(path) === index)) throw new Error(`esbuild wrote no index.mjs for ${entry}`);
  const initFiles = initOutputs(result.metafile, index);
  return {
    outfile: index,
    bytes: outputs.reduce((sum, [, output]) => sum + output.bytes, 0),
    initBytes: outputs.filter(([path]) => initFiles.has(resolve(path))).reduce((sum, [, output]) => sum + output.bytes, 0),
    metafile: result.metafile,
  };
}

/** The output files a cold import of `index` reads: it and the chunks it imports statically, transitively. */
export function initOutputs(metafile: Metafile, index: string): Set<string> {
  const byPath = new Map(Object.entries(metafile.outputs).map(([path, output]) => [resolve(path), output]));
  const seen = new Set<string>([index]);
  const queue = [index];
  while (queue.length > 0) {
    const output = byPath.get(queue.pop()!);
    for (const { path, kind } of output?.imports ?? []) {
      const file = resolve(path);
      if (kind !== "import-statement" || seen.has(file) || !byPath.has(file)) continue;
      seen.add(file);
      queue.push(file);
    }
  }
  return seen;
}

function topInputs(metafile: Metafile, limit = 6): { input: string; bytes: number }[] {
  const byPackage = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      const key = match ? match[1]! : input.split("/").slice(0, 2).join("/");
      byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
    }
  }
  return [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([input, bytes]) => ({ input, bytes }));
}

const PROBE = `
const started = performance.now();
await import(process.env.BENCH_BUNDLE_URL);
const ready = performance.now();
process.stdout.write(JSON.stringify({ initMs: ready - started, readyMs: ready }));
`;

export function probe(outfile: string, nodeArgs: string[] = []): { initMs: number; readyMs: number } {
  const run = spawnSync(process.execPath, [...nodeArgs, "--input-type=module", "-e", PROBE], {
    env: { PATH: process.env.PATH ?? "", ...LAMBDA_ENV, BENCH_BUNDLE_URL: pathToFileURL(outfile).href },
    encoding: "utf8",
    cwd: OUT_DIR,
  });
  if (run.status !== 0) throw new Error(`init probe of ${outfile} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout) as { initMs: number; readyMs: number };
}

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    children?: number[];
    positionTicks?: { line: number; ticks: number }[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Self time (ms) of the bundle's code by the package it came from (through the source map): each
 * function's samples go to the source lines V8 ticked in it, or else to the function's start.
 * Everything outside the bundle (Node's loader, parsing and compiling the bundle, GC) is "node".
 */
function selfTimeBySource(profile: CpuProfile, bundleUrlSuffix: string, map: ReturnType<typeof indexSourceMap>): Map<string, number> {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const out = new Map<string, number>();
  const add = (key: string, ms: number) => out.set(key, (out.get(key) ?? 0) + ms);
  for (const node of profile.nodes) {
    const ms = self.get(node.id) ?? 0;
    if (ms === 0) continue;
    if (!node.callFrame.url.endsWith(bundleUrlSuffix)) {
      add(node.callFrame.url.startsWith("node:") || node.callFrame.url === "" ? "node (load, parse, compile, GC)" : "other", ms);
      continue;
    }
    const ticks = node.positionTicks ?? [];
    const total = ticks.reduce((sum, t) => sum + t.ticks, 0);
    if (total === 0) {
      const src = map.sourceAt(node.callFrame.lineNumber, node.callFrame.columnNumber);
      add(src === undefined ? "bundle (unmapped)" : packageOf(map.sources[src]!), ms);
      continue;
    }
    for (const { line, ticks: n } of ticks) {
      const src = map.sourceAt(line - 1, 0);
      add(src === undefined ? "bundle (unmapped)" : packageOf(map.sources[src]!), (ms * n) / total);
    }
  }
  return out;
}

/** Inclusive time (ms) of the frames matching each selector, each sample counted once per selector. */
function inclusiveTimes(profile: CpuProfile, selectors: Record<string, (frame: CpuProfile["nodes"][number]["callFrame"]) => boolean>) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const totals: Record<string, number> = Object.fromEntries(Object.keys(selectors).map((k) => [k, 0]));
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    const hit = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)!.callFrame;
      for (const [key, select] of Object.entries(selectors)) if (!hit.has(key) && select(frame)) hit.add(key);
    }
    for (const key of hit) totals[key]! += dt;
  });
  return { total, totals };
}

/** Where the api bundle's init time goes, from V8 CPU profiles of a readable build of it. */
async function profileApiInit(profiles: number): Promise<InitBreakdown> {
  const { outfile } = await bundle("api", "profile");
  const dir = resolve(OUT_DIR, "cpu-profiles");
  const named = (name: string) => (frame: { functionName: string }) => frame.functionName === name;
  const samples: Record<string, number[]> = {};
  const map = indexSourceMap(JSON.parse(readFileSync(`${outfile}.map`, "utf8")) as { sources: string[]; mappings: string });
  const bySource = new Map<string, number>();
  for (let i = 0; i < profiles; i++) {
    rmSync(dir, { recursive: true, force: true });
    probe(outfile, ["--cpu-prof", `--cpu-prof-dir=${dir}`, "--cpu-prof-interval=100"]);
    const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
    if (!file) throw new Error("no CPU profile written");
    const profile = JSON.parse(readFileSync(resolve(dir, file), "utf8")) as CpuProfile;
    const { totals } = inclusiveTimes(profile, {
      compile: named("compileSourceTextModule"),
      moduleBody: (f) => f.functionName === "" && f.url.endsWith("/api/index.mjs") && f.lineNumber === 0,
      createRuntime: named("createRuntime"),
      openApi: named("buildOpenApiDocument"),
      jwks: named("createRemoteJWKSet"),
    });
    const add = (key: string, value: number) => (samples[key] ??= []).push(value);
    Object.entries(totals).forEach(([key, value]) => add(key, value));
    for (const [key, ms] of selfTimeBySource(profile, "/api/index.mjs", map)) bySource.set(key, (bySource.get(key) ?? 0) + ms / profiles);
  }
  rmSync(dir, { recursive: true, force: true });
  const moduleBodies = await measureModuleBodies(FUNCTION_ENTRIES.api, profiles);
  const med = (key: string) => round(median(samples[key] ?? [0]), 1);
  const plain = Array.from({ length: profiles }, () => probe(outfile).initMs);
  return {
    profiles,
    totalMs: round(median(plain), 1),
    compileMs: med("compile"),
    moduleBodyMs: med("moduleBody"),
    createRuntimeMs: med("createRuntime"),
    buildOpenApiDocumentMs: med("openApi"),
    createRemoteJWKSetMs: med("jwks"),
    selfMsBySource: [...bySource]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([source, ms]) => ({ source, ms: round(ms, 1) })),
    moduleBodies,
  };
}

/**
 * Each of our modules' top-level time in a cold import of the bundle: the bundle is built as shipped,
 * with a clock read pasted before and after every functions/ module's code (esbuild runs the modules'
 * bodies one after another in dependency order, so the two marks bracket exactly that module's own
 * top level, not its imports). Parsing and compiling are outside the marks.
 */
async function measureModuleBodies(entry: string, runs: number): Promise<InitBreakdown["moduleBodies"]> {
  const marker: Plugin = {
    name: "module-body-marks",
    setup(build) {
      build.onLoad({ filter: /\/functions\/.*\.ts$/ }, (args) => {
        const name = JSON.stringify(args.path.slice(args.path.indexOf("/functions/") + 1));
        const code = readFileSync(args.path, "utf8");
        return {
          loader: "ts",
          contents: `globalThis.__benchModuleStart = performance.now();\n${code}\n;(globalThis.__benchModuleBodies ??= []).push([${name}, performance.now() - globalThis.__benchModuleStart]);`,
        };
      });
    },
  };
  const { outfile } = await bundleEntry(entry, resolve(OUT_DIR, "marked", "api.mjs"), API_SHIPPED_EXTERNALS(), false, [marker]);
  const script = `await import(process.env.BENCH_BUNDLE_URL); process.stdout.write(JSON.stringify(globalThis.__benchModuleBodies));`;
  const byModule = new Map<string, number[]>();
  const totals: number[] = [];
  for (let i = 0; i < runs; i++) {
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      env: { PATH: process.env.PATH ?? "", ...LAMBDA_ENV, BENCH_BUNDLE_URL: pathToFileURL(outfile).href },
      encoding: "utf8",
      cwd: OUT_DIR,
    });
    if (run.status !== 0) throw new Error(`module-body probe failed:\n${run.stderr}`);
    const bodies = JSON.parse(run.stdout) as [string, number][];
    totals.push(bodies.reduce((sum, [, ms]) => sum + ms, 0));
    for (const [module, ms] of bodies) (byModule.get(module) ?? byModule.set(module, []).get(module)!).push(ms);
  }
  return {
    runs,
    totalMs: round(median(totals), 1),
    largest: [...byModule]
      .map(([module, samples]) => ({ module, ms: round(median(samples), 2) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 10),
  };
}

/**
 * (a) Bundle size per function (esbuild like the CDK stack; SDK external for the size figure) and
 * the module-init time of each SDK-included bundle in `runs` fresh node processes, interleaved so
 * that drift on a shared machine hits every bundle alike.
 */
export async function measureBundles(runs = 20): Promise<BundleResult> {
  mkdirSync(OUT_DIR, { recursive: true });
  const names = Object.keys(ENTRIES) as Name[];
  const external = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await bundle(n, "sdk-external")] as const)));
  const included = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await bundle(n, "shipped")] as const)));
  const samples = Object.fromEntries(names.map((n) => [n, [] as { initMs: number; readyMs: number }[]]));
  for (const name of names) probe(included[name]!.outfile); // warm the file cache once
  for (let i = 0; i < runs; i++) for (const name of names) samples[name]!.push(probe(included[name]!.outfile));
  // The functions and the baseline again, each with its source map and the stack's node flag.
  const mapped = (["baseline", ...Object.keys(FUNCTION_ENTRIES)] as Name[]).filter((n) => n === "baseline" || n in FUNCTION_ENTRIES);
  const withMaps = Object.fromEntries(await Promise.all(mapped.map(async (n) => [n, await bundle(n, "shipped-with-map")] as const)));
  const mapSamples = Object.fromEntries(mapped.map((n) => [n, [] as number[]]));
  for (const name of mapped) probe(withMaps[name]!.outfile, SOURCE_MAP_FLAGS);
  for (let i = 0; i < runs; i++) for (const name of mapped) mapSamples[name]!.push(probe(withMaps[name]!.outfile, SOURCE_MAP_FLAGS).initMs);
  const baselineWithMaps = round(median(mapSamples.baseline!), 1);

  const figures = (name: Name): BundleFigures => ({
    bytes: external[name]!.bytes,
    bytesWithSdk: included[name]!.bytes,
    initBytesWithSdk: included[name]!.initBytes,
    initMs: round(median(samples[name]!.map((s) => s.initMs)), 1),
    readyMs: round(median(samples[name]!.map((s) => s.readyMs)), 1),
  });
  const baseline = figures("baseline");
  const functions = Object.fromEntries(
    (Object.keys(FUNCTION_ENTRIES) as FunctionName[]).map((name) => {
      const f = figures(name);
      const fn: FunctionBundle = {
        ...f,
        topInputs: topInputs(external[name]!.metafile),
        bytesRatio: ratio(f.bytesWithSdk, baseline.bytesWithSdk),
        initRatio: ratio(f.initMs, baseline.initMs),
        withSourceMaps: {
          initMs: round(median(mapSamples[name]!), 1),
          baselineInitMs: baselineWithMaps,
          initRatio: ratio(median(mapSamples[name]!), baselineWithMaps),
        },
      };
      return [name, fn];
    }),
  ) as Record<FunctionName, FunctionBundle>;
  return {
    node: process.version,
    runs,
    stackExternals: STACK_EXTERNALS,
    method:
      `built by lib/constructs/function-bundle.ts as the stack builds them (esbuild ESM, minify, node24, code split: index.mjs plus chunks of what is only imported dynamically, the stack's banner and aliases), without source maps except in withSourceMaps (linked maps, node --enable-source-maps, as NODE_OPTIONS in the stack). bytes: all chunks, @aws-sdk/* external (metafile); bytesWithSdk and init: as the CDK stack ships the functions — the SDK bundled in except ${STACK_EXTERNALS.length ? STACK_EXTERNALS.join(", ") : "nothing"} (resolved from node_modules, as from the Lambda runtime) — and the baseline the same way; import() in a fresh node process with the stack's environment (JWKS URL, queue URL), median of the runs interleaved across bundles`,
    functions,
    baseline,
    sdkClients: { ...figures("sdkClients"), initRatio: ratio(figures("sdkClients").initMs, baseline.initMs) },
    zodImport: { named: figures("zodNamed"), namespace: figures("zodNamespace"), mini: figures("zodMini") },
    apiInitBreakdown: await profileApiInit(5),
  };
}
