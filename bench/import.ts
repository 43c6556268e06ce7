/**
 * (f) The importer (issue 9): time per report per format (HTML, PDF, DOCX, text) in this process, warm,
 * beside the page render measured in the same run; the first import of each format in a fresh process
 * (loading the parsers included); and what the importer costs the api's cold start — the api bundled as
 * the stack ships it, and again with the importer left out, both initialised in fresh processes.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Metafile, Plugin } from "esbuild";
import { renderReportPage } from "../functions/report/render";
import { importReport } from "../functions/report/import";
import { reportPageLinks } from "../functions/service/site-layout";
import { buildReportDocx } from "../test/unit/import/docx-builder";
import { API_SHIPPED_EXTERNALS, bundleEntry, initOutputs, LAMBDA_ENV, OUT_DIR, probe } from "./bundles";
import { benchReport } from "./report-data";
import { keep, median, msSince, ratio, round, timeEach } from "./stats";

const CORPUS_DIR = resolve("../shared/corpus");
const EXAMPLES_DIR = resolve("../shared/examples");
const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
export const IMPORT_FORMATS = ["html", "pdf", "docx", "text"] as const;
type Format = (typeof IMPORT_FORMATS)[number];
const CONTENT_TYPE: Record<Format, string> = { html: "text/html", pdf: "application/pdf", docx: DOCX_TYPE, text: "text/plain" };

/** The parsers the importer loads on first use; none of them may run at the api's cold start. */
const PARSER_PACKAGES = ["pdfjs-dist", "htmlparser2", "entities", "domhandler", "domutils", "domelementtype", "dom-serializer", "fflate"];

interface Document {
  name: string;
  format: Format;
  bytes: Uint8Array;
}

export interface FormatFigures {
  documents: number;
  /** Median over the documents of each document's median import time (ms). */
  medianMs: number;
  maxMs: number;
  /** medianMs ÷ the render time of one report page measured in the same run. */
  ratioToRender: number;
  perDocument: { name: string; kb: number; ms: number }[];
  /** First import of this format in a fresh process: the importer chunk's load, then the first call (parsers loaded). */
  coldFirstImportMs: number;
}

export interface ImportBenchResult {
  runs: number;
  method: string;
  /** renderReportPage of the bench report, median of 2,000 (ms): the yardstick of the ratios. */
  renderMs: number;
  formats: Record<Format, FormatFigures>;
  bundle: {
    /** The importer on its own (functions/report/import with its parsers, pdf.js external as shipped). */
    importerChunkBytes: number;
    importerChunkInitMs: number;
    /** Bytes of the importer's code and parsers inside the api bundle (parsed at init, run only on an import). */
    importerBytesInApi: number;
    /** Parser packages inside the api bundle, by bytes (each evaluated only on the first import). */
    parsersInApi: Record<string, number>;
    /** pdf.js bytes inside the api bundle: 0, it is shipped beside the bundle and loaded on the first PDF. */
    pdfjsBytesInApi: number;
    apiBytes: number;
    apiWithoutImporterBytes: number;
    apiInitMs: number;
    apiWithoutImporterInitMs: number;
    /** api init ÷ api-without-importer init: what the importer adds to every cold start. */
    apiInitRatioToWithoutImporter: number;
  };
}

function corpusDocuments(): Document[] {
  const documents: Document[] = [];
  for (const name of readdirSync(CORPUS_DIR).sort()) {
    const format: Format | undefined = name.endsWith(".html") ? "html" : name.endsWith(".pdf") ? "pdf" : name.endsWith(".txt") ? "text" : undefined;
    if (format) documents.push({ name, format, bytes: new Uint8Array(readFileSync(join(CORPUS_DIR, name))) });
  }
  documents.push({ name: "yuezhuang-town-2024.txt", format: "text", bytes: new Uint8Array(readFileSync(join(EXAMPLES_DIR, "yuezhuang-town-2024.txt"))) });
  // Word copies of the 2021-template pages, built from their transcribed cells (fixtures/import).
  for (const fixture of readdirSync(resolve("fixtures/import")).filter((f) => f.endsWith("-page-html.json")).sort()) {
    const data = JSON.parse(readFileSync(resolve("fixtures/import", fixture), "utf8")) as {
      templateVersion: string;
      agencyName: string;
      reportYear: number;
      cells: Record<string, unknown>;
    };
    if (data.templateVersion !== "2021") continue;
    const title = `${data.agencyName}${data.reportYear}年政府信息公开工作年度报告`;
    documents.push({ name: fixture.replace("-page-html.json", ".docx"), format: "docx", bytes: buildReportDocx(title, data.cells) });
  }
  return documents;
}

/** Each document imported `runs` times after two warm-up imports, in interleaved rounds; per-call ms. */
async function timeImports(documents: Document[], runs: number): Promise<Map<string, number[]>> {
  const samples = new Map(documents.map((d) => [d.name, [] as number[]]));
  for (const document of documents) {
    for (let i = 0; i < 2; i++) keep(await importReport(document.bytes, CONTENT_TYPE[document.format]));
  }
  for (let round = 0; round < runs; round++) {
    for (const document of documents) {
      const started = process.hrtime.bigint();
      keep(await importReport(document.bytes, CONTENT_TYPE[document.format]));
      samples.get(document.name)!.push(msSince(started));
    }
  }
  return samples;
}

const COLD_PROBE = `
import { readFileSync } from "node:fs";
const started = performance.now();
const importer = await import(process.env.BENCH_BUNDLE_URL);
const loaded = performance.now();
await importer.importReport(new Uint8Array(readFileSync(process.env.BENCH_DOCUMENT)), process.env.BENCH_CONTENT_TYPE);
process.stdout.write(JSON.stringify({ loadMs: loaded - started, firstMs: performance.now() - loaded }));
`;

/** Load of the importer chunk + the first import, in a fresh process (median of `runs`). */
function coldFirstImport(chunk: string, document: Document, runs: number): number {
  const file = resolve(OUT_DIR, "import-documents", document.name);
  mkdirSync(resolve(OUT_DIR, "import-documents"), { recursive: true });
  writeFileSync(file, document.bytes);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", COLD_PROBE], {
      env: {
        PATH: process.env.PATH ?? "",
        ...LAMBDA_ENV,
        BENCH_BUNDLE_URL: pathToFileURL(chunk).href,
        BENCH_DOCUMENT: file,
        BENCH_CONTENT_TYPE: CONTENT_TYPE[document.format],
      },
      encoding: "utf8",
      cwd: OUT_DIR,
    });
    if (run.status !== 0) throw new Error(`cold import probe of ${document.name} failed:\n${run.stderr}`);
    const { loadMs, firstMs } = JSON.parse(run.stdout) as { loadMs: number; firstMs: number };
    times.push(loadMs + firstMs);
  }
  return round(median(times), 1);
}

/** The api without the importer: every dynamic import() of functions/report/import left unresolved. */
const withoutImporter: Plugin = {
  name: "without-importer",
  setup(build) {
    build.onResolve({ filter: /\/report\/import(\/index(\.ts)?)?$/ }, (args) =>
      args.kind === "dynamic-import" ? { path: "bench:importer-left-out", external: true } : undefined,
    );
  },
};

/** Bytes of the selected inputs in what a cold import of `outfile` parses: it and the chunks it imports statically. */
function bytesOf(metafile: Metafile, outfile: string, select: (input: string) => string | undefined): Record<string, number> {
  const atInit = initOutputs(metafile, outfile);
  const totals: Record<string, number> = {};
  for (const [path, output] of Object.entries(metafile.outputs)) {
    if (!atInit.has(resolve(path))) continue;
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const key = select(input);
      if (key) totals[key] = (totals[key] ?? 0) + bytesInOutput;
    }
  }
  return totals;
}

const packageOfInput = (input: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];

export async function measureImport(runs = 20, initRuns = 20): Promise<ImportBenchResult> {
  const documents = corpusDocuments();
  const samples = await timeImports(documents, runs);

  const report = benchReport();
  const publishedAt = "2025-01-20T02:00:00.000Z";
  const render = () =>
    renderReportPage({ content: report, mode: "published", version: 1, publishedAt, versions: [{ version: 1, publishedAt, href: "./v1.html" }], links: reportPageLinks("bench") });
  const renderMs = median(timeEach(render, 2000, 200));

  // Bundles: the importer alone, the api as shipped, the api without the importer.
  const dir = resolve(OUT_DIR, "import");
  const externals = API_SHIPPED_EXTERNALS();
  const chunk = await bundleEntry("functions/report/import/index.ts", resolve(dir, "importer.mjs"), externals);
  const api = await bundleEntry("functions/api.ts", resolve(dir, "api.mjs"), externals);
  const apiWithout = await bundleEntry("functions/api.ts", resolve(dir, "api-without-importer.mjs"), externals, false, [withoutImporter]);
  const parsersInApi = bytesOf(api.metafile, api.outfile, (input) => {
    const pkg = packageOfInput(input);
    return pkg && PARSER_PACKAGES.includes(pkg) ? pkg : undefined;
  });
  const importerCode = bytesOf(api.metafile, api.outfile, (input) => (input.startsWith("functions/report/import/") ? "importer" : undefined)).importer ?? 0;

  probe(api.outfile);
  probe(apiWithout.outfile);
  probe(chunk.outfile);
  const init = { api: [] as number[], without: [] as number[], chunk: [] as number[] };
  for (let i = 0; i < initRuns; i++) {
    init.api.push(probe(api.outfile).initMs);
    init.without.push(probe(apiWithout.outfile).initMs);
    init.chunk.push(probe(chunk.outfile).initMs);
  }
  const apiInitMs = round(median(init.api), 1);
  const apiWithoutImporterInitMs = round(median(init.without), 1);

  const formats = Object.fromEntries(
    IMPORT_FORMATS.map((format) => {
      const ofFormat = documents.filter((d) => d.format === format);
      const perDocument = ofFormat.map((d) => ({ name: d.name, kb: round(d.bytes.length / 1024, 1), ms: round(median(samples.get(d.name)!), 2) }));
      const medianMs = round(median(perDocument.map((d) => d.ms)), 2);
      const figures: FormatFigures = {
        documents: ofFormat.length,
        medianMs,
        maxMs: Math.max(...perDocument.map((d) => d.ms)),
        ratioToRender: ratio(medianMs, renderMs),
        perDocument,
        coldFirstImportMs: coldFirstImport(chunk.outfile, ofFormat[0]!, 5),
      };
      return [format, figures];
    }),
  ) as Record<Format, FormatFigures>;

  return {
    runs,
    method: `importReport in this process: each document ${runs}× after 2 warm-up imports, rounds interleaved across documents; per document the median, per format the median of those (corpus HTML pages, the real PDF, corpus and example texts, DOCX built from the 2021 pages' transcribed cells). Render: renderReportPage of the bench report, median of 2,000. Cold first import: the importer bundle loaded in a fresh node process, then one import (parsers loaded on that call), median of 5. api init: the api bundled as the stack ships it and again with the import() of functions/report/import left out, median of ${initRuns} fresh processes each, interleaved`,
    renderMs: round(renderMs, 4),
    formats,
    bundle: {
      importerChunkBytes: chunk.bytes,
      importerChunkInitMs: round(median(init.chunk), 1),
      importerBytesInApi: importerCode + Object.values(parsersInApi).reduce((a, b) => a + b, 0),
      parsersInApi,
      pdfjsBytesInApi: parsersInApi["pdfjs-dist"] ?? 0,
      apiBytes: api.bytes,
      apiWithoutImporterBytes: apiWithout.bytes,
      apiInitMs,
      apiWithoutImporterInitMs,
      apiInitRatioToWithoutImporter: ratio(apiInitMs, apiWithoutImporterInitMs),
    },
  };
}
