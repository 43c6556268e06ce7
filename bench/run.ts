/**
 * `npm run bench [-- --check] [-- --only a,c]`: measures (a) bundles and cold init, (b) validation
 * and rendering per report, (c) API latency on the local stack, (d) SDK requests per operation,
 * (e) publish-run throughput, (f) the importer (`--only import` = `--only f`) — all in one run, each figure beside its baseline — prints the tables,
 * writes bench/results.json (full runs only) and, with --check, exits non-zero when a budget of
 * bench/budgets.json is broken. Performance is measured here only, never inside `npm test`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { resolve } from "node:path";
import { type ApiResult, measureApi } from "./api";
import { type BundleResult, measureBundles } from "./bundles";
import { type CpuResult, type EditionsResult, measureCpu, measureEditions } from "./cpu";
import { type Cell, kb, table } from "./format";
import { IMPORT_FORMATS, type ImportBenchResult, measureImport } from "./import";
import { measurePublishRun, type PublishRunFigures } from "./publish-run";
import { measureRequestCounts, type RequestCountResult } from "./requests";
import { type BenchStack, startBenchStack } from "./stack";
import { round } from "./stats";

const SECTIONS = ["a", "b", "c", "d", "e", "f"] as const;
type Section = (typeof SECTIONS)[number];
/** Names `--only` also takes for a section. */
const SECTION_ALIASES: Record<string, Section> = { import: "f" };

interface Budget {
  id: string;
  description: string;
  metric: string;
  max?: number;
  equals?: number;
  unit?: string;
}

interface BudgetOutcome extends Budget {
  value: number | undefined;
  ok: boolean | undefined;
}

export interface BenchResults {
  measuredAt: string;
  machine: { node: string; platform: string; cpus: number; cpuModel: string; memoryGB: number; loadAverage: { start: number[]; end: number[] } };
  totalSeconds: number;
  bundles?: BundleResult;
  cpu?: CpuResult;
  /** (b) The Word and PDF editions of one report, as the publish worker renders them. */
  editions?: EditionsResult;
  api?: ApiResult;
  requests?: RequestCountResult;
  publishRuns?: {
    n200: PublishRunFigures;
    n1000: PublishRunFigures;
    ratio1000to200: number;
    linear: boolean;
    capSeconds: number;
    /** With --province: a run and an open-year over 10,000 agencies, uncapped. */
    n10000?: PublishRunFigures;
    ratio10000to1000?: number;
  };
  import?: ImportBenchResult;
  budgets: BudgetOutcome[];
}

function parseArgs(argv: string[]) {
  const check = argv.includes("--check");
  // Opt-in: the 10,000-agency run and open-year take ~20 minutes on the 2-core machine.
  const province = argv.includes("--province");
  const onlyIndex = argv.findIndex((a) => a === "--only" || a.startsWith("--only="));
  let only: Section[] = [...SECTIONS];
  if (onlyIndex >= 0) {
    const arg = argv[onlyIndex]!;
    const list = arg.includes("=") ? arg.split("=")[1]! : (argv[onlyIndex + 1] ?? "");
    only = list.split(",").map((s) => SECTION_ALIASES[s.trim()] ?? s.trim()) as Section[];
    const bad = only.filter((s) => !SECTIONS.includes(s));
    if (bad.length) throw new Error(`--only takes a comma list of ${SECTIONS.join(", ")} (f = import); got ${bad.join(", ")}`);
  }
  return { check, only, province };
}

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

async function timed<T>(label: string, fn: () => Promise<T> | T): Promise<T> {
  const started = Date.now();
  log(`${label} …`);
  const result = await fn();
  log(`${label} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

function valueAt(results: unknown, path: string): number | undefined {
  let current: unknown = results;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return typeof current === "number" ? current : undefined;
}

export function evaluateBudgets(results: unknown, budgets: Budget[]): BudgetOutcome[] {
  return budgets.map((budget) => {
    const value = valueAt(results, budget.metric);
    let ok: boolean | undefined;
    if (value !== undefined) {
      ok = budget.equals !== undefined ? value === budget.equals : value <= (budget.max ?? Number.POSITIVE_INFINITY);
    }
    return { ...budget, value, ok };
  });
}

// ---------------------------------------------------------------- printing

function printBundles(b: BundleResult): string {
  const rows: Cell[][] = (Object.entries(b.functions) as [string, BundleResult["functions"]["api"]][]).map(([name, f]) => [
    name,
    kb(f.bytes),
    `${kb(f.bytesWithSdk)} (${kb(f.initBytesWithSdk)} at init)`,
    kb(b.baseline.bytesWithSdk),
    `${f.bytesRatio}×`,
    f.initMs,
    b.baseline.initMs,
    `${f.initRatio}×`,
    f.readyMs,
    `${f.withSourceMaps.initMs} / ${f.withSourceMaps.baselineInitMs} = ${f.withSourceMaps.initRatio}×`,
  ]);
  rows.push(["baseline (DocumentClient only)", kb(b.baseline.bytes), kb(b.baseline.bytesWithSdk), "", "", b.baseline.initMs, "", "", b.baseline.readyMs, ""]);
  rows.push(["probe: DynamoDB+S3+SQS clients (all bundled)", kb(b.sdkClients.bytes), kb(b.sdkClients.bytesWithSdk), kb(b.baseline.bytesWithSdk), "", b.sdkClients.initMs, b.baseline.initMs, `${b.sdkClients.initRatio}×`, b.sdkClients.readyMs, ""]);
  rows.push(["probe: zod `import { z }`", kb(b.zodImport.named.bytes), "", "", "", b.zodImport.named.initMs, "", "", "", ""]);
  rows.push(["probe: zod `import * as z`", kb(b.zodImport.namespace.bytes), "", "", "", b.zodImport.namespace.initMs, "", "", "", ""]);
  rows.push(["probe: `zod/mini`", kb(b.zodImport.mini.bytes), "", "", "", b.zodImport.mini.initMs, "", "", "", ""]);
  const d = b.apiInitBreakdown;
  const api = b.functions.api;
  return [
    table(
      `(a) Bundles (esbuild, ESM, minified, node24) and cold module init (median of ${b.runs} fresh ${b.node} processes; as shipped = SDK bundled except ${b.stackExternals.join(", ") || "nothing"})`,
      ["function", "bytes (SDK external)", "bytes (as shipped)", "baseline (as shipped)", "size ratio", "init ms", "baseline ms", "init ratio", "ready ms", "with source maps: init / baseline ms"],
      rows,
    ),
    `    api bytes by package: ${api.topInputs.map((t) => `${t.input} ${kb(t.bytes)}`).join(", ")}`,
    `    api init, V8 CPU profile of a readable build (median of ${d.profiles}; inclusive times, they overlap): import ${d.totalMs} ms; parse/compile of the bundle ${d.compileMs} ms; module body ${d.moduleBodyMs} ms, of which createRuntime ${d.createRuntimeMs} ms (buildOpenApiDocument ${d.buildOpenApiDocumentMs} ms, createRemoteJWKSet ${d.createRemoteJWKSetMs} ms)`,
    `    api init self time by source: ${d.selfMsBySource.map((s) => `${s.source} ${s.ms} ms`).join(", ")}`,
    `    api init, our modules' top level (median of ${d.moduleBodies.runs}): ${d.moduleBodies.totalMs} ms in all; largest ${d.moduleBodies.largest.map((m) => `${m.module} ${m.ms} ms`).join(", ")}`,
  ].join("\n");
}

function printCpu(c: CpuResult): string {
  const m = c.medianMicros;
  const r = c.ratioToJsonStringify;
  const rows: Cell[][] = [
    ["JSON.stringify (baseline)", m.jsonStringify, m.jsonStringify, "1×"],
    ["schema validation (zod, 7 sections)", m.schemaValidation, m.jsonStringify, `${r.schemaValidation}×`],
    ["completeSection (computed totals)", m.complete, m.jsonStringify, `${r.complete}×`],
    ["rules (runRules, cross-year included)", m.rules, m.jsonStringify, `${r.rules}×`],
    ["validation total (schema + complete + rules)", m.validationTotal, m.jsonStringify, `${r.validationTotal}×`],
    ["render report page (HTML)", m.renderPage, m.jsonStringify, `${r.renderPage}×`],
    ["render open-data JSON", m.renderOpenDataJson, m.jsonStringify, `${r.renderOpenDataJson}×`],
  ];
  return table(
    `(b) Per report, median of ${c.iterations.toLocaleString("en-US")} (report JSON ${kb(c.reportJsonBytes)}, page ${kb(c.pageHtmlBytes)})`,
    ["step", "µs", "JSON.stringify µs", "ratio"],
    rows,
  );
}

function printEditions(e: EditionsResult): string {
  return table(
    `(b) Word and PDF editions per report, as the publish worker renders them (median of ${e.runs}; the HTML page is the baseline)`,
    ["edition", "ms", "ratio to page", "bytes"],
    [
      ["DOCX (fflate)", e.docxMs, `${e.docxToPage}×`, e.docxBytes],
      ["PDF (pdfkit, Noto Sans SC subset)", e.pdfMs, `${e.pdfToPage}×`, e.pdfBytes],
      ["first PDF of a process (pdfkit loaded, fonts read)", e.firstPdfMs, "", ""],
    ],
  );
}

function printApi(a: ApiResult): string {
  const rows: Cell[][] = [];
  for (const [route, byC, rawName] of [
    ["GET report", a.getReport, "GetItem"],
    ["PUT section", a.putSection, "PutItem"],
  ] as const) {
    for (const c of ["c1", "c16"] as const) {
      const x = byC[c];
      rows.push([
        `${route} ${c}`,
        x.api.p50,
        x.api.p99,
        x.api.requestsPerSecond,
        x.api.errors,
        x.api.dynamo.msPerCall,
        x.api.cpuMsPerCall,
        `raw ${rawName}`,
        x.raw.p50,
        x.raw.p99,
        x.raw.requestsPerSecond,
        x.raw.cpuMsPerCall,
        `${x.ratio.p50}×`,
        `${x.ratio.p99}×`,
        `${x.ratio.requestsPerSecond}×`,
      ]);
    }
  }
  for (const c of ["c1", "c16"] as const) {
    const q = a.getReport[c].rawQuery;
    rows.push([`(raw Query of the report) ${c}`, "", "", "", "", "", "", "raw Query", q.p50, q.p99, q.requestsPerSecond, q.cpuMsPerCall, "", "", ""]);
  }
  return table(
    `(c) API on the local stack, ${a.durationSeconds} s per run (ms; rps = requests/s; ratio = API ÷ raw, rps raw ÷ API)`,
    ["run", "p50", "p99", "rps", "non-2xx", "DynamoDB ms/req", "CPU ms/req", "baseline", "p50", "p99", "rps", "CPU ms/req", "p50 ratio", "p99 ratio", "rps ratio"],
    rows,
  );
}

function printRequests(r: RequestCountResult): string {
  const rows: Cell[][] = Object.entries(r.operations).map(([op, c]) => [
    op,
    c.dynamo,
    Object.entries(c.dynamoByCommand)
      .map(([name, n]) => `${name}×${n}`)
      .join(" "),
    c.readUnits,
    c.writeUnits,
    c.s3Put,
    c.s3Get,
    kb(c.responseBytes),
  ]);
  return table(
    "(d) SDK requests per operation (RRU/WRU: DynamoDB capacity units consumed)",
    ["operation", "DynamoDB", "by command", "RRU", "WRU", "S3 PUT", "S3 GET", "response"],
    rows,
  );
}

function printRuns(p: NonNullable<BenchResults["publishRuns"]>): string {
  const rows: Cell[][] = [p.n200, p.n1000, ...(p.n10000 ? [p.n10000] : [])].map((r) => [
    r.agencies,
    r.capped ? `${r.seconds} (extrapolated)` : r.seconds,
    r.measuredSeconds,
    `${r.published}/${r.skipped}/${r.failed}`,
    r.perReportMs.first10pct,
    r.perReportMs.last10pct,
    r.model.bMsPerPublished,
    r.requests.dynamoPerReport,
    `${r.requests.readUnitsPerReport}/${r.requests.writeUnitsPerReport}`,
    r.requests.s3PutPerReport,
    r.requests.s3GetPerReport,
    `${r.timeSplit.s3Pct}/${r.timeSplit.dynamoPct}/${r.timeSplit.otherPct}`,
    `${r.finalMessageSeconds} (${r.finalStepPct}%)`,
    r.flatness,
  ]);
  return [
    table(
      "(e) Publish runs on the local stack (in-process queue, one worker)",
      ["agencies", "seconds", "measured s", "pub/skip/fail", "ms/report first 10%", "last 10%", "+ms per published", "DynamoDB/report", "RRU/WRU per report", "S3 PUT/report", "S3 GET/report", "time % S3/DDB/other", "last message s (+ year files)", "last ÷ first 10%"],
      rows,
    ),
    ...(p.n10000
      ? [
          `    10,000 ÷ 1,000 = ${p.ratio10000to1000}` +
            (p.n10000.openYear
              ? `; open-year of ${p.n10000.openYear.agencies} agencies in ${p.n10000.openYear.chunks} messages: ${p.n10000.openYear.seconds} s, ${p.n10000.openYear.created} drafts, ms/chunk first 10% ${p.n10000.openYear.perChunkMs.first10pct}, last 10% ${p.n10000.openYear.perChunkMs.last10pct} (${p.n10000.openYear.flatness}×)`
              : ""),
          `    largest items after the 10,000 run (of DynamoDB's 400 KB): ${(p.n10000.largestItems ?? []).slice(0, 6).map((i) => `${i.kind} ${kb(i.bytes)}`).join(", ")}`,
        ]
      : []),
    `    1,000 ÷ 200 = ${p.ratio1000to200} (≤ 5.5 is linear: ${p.linear ? "yes" : "no"})${p.n1000.capped ? `; the 1,000 run was stopped after ${p.capSeconds} s and its total extrapolated from t(k) = ${p.n1000.model.aMs} + ${p.n1000.model.bMsPerPublished}·k ms` : ""}`,
  ].join("\n");
}

function printImport(i: ImportBenchResult): string {
  const rows: Cell[][] = IMPORT_FORMATS.map((format) => {
    const f = i.formats[format];
    return [format, f.documents, f.medianMs, f.maxMs, i.renderMs, `${f.ratioToRender}×`, f.coldFirstImportMs];
  });
  const b = i.bundle;
  return [
    table(
      `(f) Import per report (median of ${i.runs} per document, then the median over the documents; render = one report page in the same run)`,
      ["format", "documents", "ms/report", "slowest ms", "render ms", "ratio to render", "cold first import ms"],
      rows,
    ),
    `    importer bundle ${kb(b.importerChunkBytes)} (init ${b.importerChunkInitMs} ms); in the api bundle: ${kb(b.importerBytesInApi)} of importer code and parsers (${Object.entries(b.parsersInApi).map(([p, n]) => `${p} ${kb(n)}`).join(", ") || "no parser"}), loaded only on an import`,
    `    api init ${b.apiInitMs} ms (${kb(b.apiBytes)}) vs ${b.apiWithoutImporterInitMs} ms (${kb(b.apiWithoutImporterBytes)}) with the importer left out: ${b.apiInitRatioToWithoutImporter}×`,
  ].join("\n");
}

function printBudgets(outcomes: BudgetOutcome[]): string {
  return table(
    "Budgets (bench/budgets.json)",
    ["budget", "value", "limit", "status", "what"],
    outcomes.map((b) => [
      b.id,
      b.value === undefined ? "not measured" : `${b.value}${b.unit ? ` ${b.unit}` : ""}`,
      b.equals !== undefined ? `= ${b.equals}` : `≤ ${b.max}`,
      b.ok === undefined ? "skipped" : b.ok ? "ok" : "BROKEN",
      b.description,
    ]),
  );
}

// ---------------------------------------------------------------- main

async function main(): Promise<number> {
  const { check, only, province } = parseArgs(process.argv.slice(2));
  const full = SECTIONS.every((s) => only.includes(s));
  const started = Date.now();
  const loadStart = loadavg().map((l) => round(l, 2));
  const results: BenchResults = {
    measuredAt: new Date().toISOString(),
    machine: {
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? "unknown",
      memoryGB: round(totalmem() / 2 ** 30, 1),
      loadAverage: { start: loadStart, end: [] },
    },
    totalSeconds: 0,
    budgets: [],
  };
  const want = (s: Section) => only.includes(s);

  if (want("a")) results.bundles = await timed("(a) bundles and cold init", () => measureBundles(20));
  if (want("b")) results.cpu = await timed("(b) validation and rendering", () => measureCpu(10_000));
  if (want("b")) results.editions = await timed("(b) Word and PDF editions", () => measureEditions(15));

  let stack: BenchStack | undefined;
  try {
    if (want("c") || want("d") || want("e")) stack = await timed("local stack (DynamoDB Local, s3rver)", () => startBenchStack());
    if (want("c")) results.api = await timed("(c) API latency", () => measureApi(stack!, 5));
    if (want("d")) results.requests = await timed("(d) requests per operation", () => measureRequestCounts(stack!));
    if (want("e")) {
      const capSeconds = Number(process.env.BENCH_PUBLISH_CAP_SECONDS ?? 150);
      // An unreported small run first, so that JIT warm-up does not land on the 200-agency figure.
      await timed("(e) warm-up publish run, 20 agencies", () => measurePublishRun(stack!, 20, 60));
      const n200 = await timed("(e) publish run, 200 agencies", () => measurePublishRun(stack!, 200, 600));
      const n1000 = await timed(`(e) publish run, 1,000 agencies (stops after ${capSeconds} s)`, () =>
        measurePublishRun(stack!, 1000, capSeconds),
      );
      const ratio1000to200 = round(n1000.seconds / n200.seconds, 2);
      results.publishRuns = { n200, n1000, ratio1000to200, linear: ratio1000to200 <= 5.5, capSeconds };
      if (province) {
        const n10000 = await timed("(e) province: publish run and open-year, 10,000 agencies (uncapped)", () =>
          measurePublishRun(stack!, 10_000, Number.POSITIVE_INFINITY, { opening: true, itemSizes: true }),
        );
        results.publishRuns.n10000 = n10000;
        results.publishRuns.ratio10000to1000 = round(n10000.seconds / n1000.seconds, 2);
      }
    }
  } finally {
    await stack?.stop();
  }
  if (want("f")) results.import = await timed("(f) import per format and the importer's bundle cost", () => measureImport(20, 20));

  results.machine.loadAverage.end = loadavg().map((l) => round(l, 2));
  results.totalSeconds = round((Date.now() - started) / 1000, 1);
  const budgets = (JSON.parse(readFileSync(resolve("bench/budgets.json"), "utf8")) as { budgets: Budget[] }).budgets;
  results.budgets = evaluateBudgets(results, budgets);

  const m = results.machine;
  const out: string[] = [
    `disclosure-reports benchmarks — ${results.measuredAt}, ${m.node}, ${m.cpus}× ${m.cpuModel}, load average ${m.loadAverage.start.join("/")} → ${m.loadAverage.end.join("/")}, ${results.totalSeconds} s`,
  ];
  if (results.bundles) out.push(printBundles(results.bundles));
  if (results.cpu) out.push(printCpu(results.cpu));
  if (results.editions) out.push(printEditions(results.editions));
  if (results.api) out.push(printApi(results.api));
  if (results.requests) out.push(printRequests(results.requests));
  if (results.publishRuns) out.push(printRuns(results.publishRuns));
  if (results.import) out.push(printImport(results.import));
  out.push(printBudgets(results.budgets));
  console.log(`\n${out.join("\n\n")}\n`);

  if (full) {
    writeFileSync(resolve("bench/results.json"), `${JSON.stringify(results, null, 2)}\n`);
    log("wrote bench/results.json");
  } else {
    log(`partial run (--only ${only.join(",")}): bench/results.json left as it was`);
  }

  if (check) {
    const broken = results.budgets.filter((b) => b.ok === false);
    const unmeasured = results.budgets.filter((b) => b.ok === undefined);
    if (unmeasured.length) log(`not measured in this run (not checked): ${unmeasured.map((b) => b.id).join(", ")}`);
    if (broken.length) {
      console.error(`\n${broken.length} budget(s) broken:`);
      for (const b of broken) {
        console.error(`  ✗ ${b.id}: ${b.value}${b.unit ? ` ${b.unit}` : ""} (limit ${b.equals !== undefined ? `= ${b.equals}` : `≤ ${b.max}`}) — ${b.description}`);
      }
      return 1;
    }
    console.error("\nevery measured budget holds");
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
