import { DEFAULT_DEADLINES } from "../functions/config";
import { SECTION_NAMES } from "../functions/report/catalogue";
import { completeSection } from "../functions/report/complete";
import { renderReportPage, reportOpenData } from "../functions/report/render";
import { runRules } from "../functions/report/rules";
import { sectionInputSchemas } from "../functions/report/schemas";
import { reportPageLinks } from "../functions/service/site-layout";
import { benchPreviousReport, benchReport } from "./report-data";
import { keep, median, ratio, round, timeInterleaved } from "./stats";

export interface CpuResult {
  iterations: number;
  reportJsonBytes: number;
  pageHtmlBytes: number;
  /** Median per report, in microseconds. */
  medianMicros: {
    jsonStringify: number;
    schemaValidation: number;
    complete: number;
    rules: number;
    validationTotal: number;
    renderPage: number;
    renderOpenDataJson: number;
  };
  /** Each median divided by JSON.stringify's. */
  ratioToJsonStringify: Omit<CpuResult["medianMicros"], "jsonStringify">;
  renderMsPerReport: number;
}

/**
 * (b) Validation and rendering cost per report, in this process, each call timed on its own; the
 * median of `iterations` after a warm-up, the steps interleaved in rounds so that load from
 * elsewhere hits them alike. The same report is given to JSON.stringify as the baseline.
 */
export function measureCpu(iterations = 10_000): CpuResult {
  const report = benchReport();
  const previous = benchPreviousReport();
  const now = new Date("2025-01-20T02:00:00Z");
  const publishedAt = now.toISOString();
  const sections = report.sections as Record<string, unknown>;

  const stringify = () => JSON.stringify(report);
  // What PUT section does with each body: the strict zod schema, then the computed totals.
  const validate = () => {
    let ok = true;
    for (const name of SECTION_NAMES) ok = sectionInputSchemas[name].safeParse(sections[name]).success && ok;
    if (!ok) throw new Error("bench report failed schema validation");
    return ok;
  };
  const parsed = Object.fromEntries(SECTION_NAMES.map((name) => [name, sectionInputSchemas[name].parse(sections[name])]));
  const complete = () => SECTION_NAMES.map((name) => completeSection(name, parsed[name] as never, report.year));
  // What findings, submit and publish run: every rule of format-spec §6, cross-year rules included.
  const rules = () => runRules({ report, previous, publishedAt, now, deadlines: DEFAULT_DEADLINES, timeZone: "Asia/Shanghai" });
  const versions = [{ version: 1, publishedAt, href: "./v1.html" }];
  const render = () =>
    renderReportPage({ content: report, mode: "published", version: 1, publishedAt, versions, links: reportPageLinks("bench") });
  const openData = () => JSON.stringify(reportOpenData({ content: report, version: 1, publishedAt }), null, 2);

  if (rules().errors !== 0) throw new Error("bench report has ERROR findings");
  const samples = timeInterleaved(
    {
      jsonStringify: stringify,
      schemaValidation: validate,
      complete,
      rules,
      validationTotal: () => {
        validate();
        keep(complete());
        return rules();
      },
      renderPage: render,
      renderOpenDataJson: openData,
    },
    iterations,
  );
  const m = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values as number[])])) as Record<
    keyof typeof samples,
    number
  >;
  const micros = (ms: number) => round(ms * 1000, 1);
  return {
    iterations,
    reportJsonBytes: Buffer.byteLength(stringify()),
    pageHtmlBytes: Buffer.byteLength(render()),
    medianMicros: {
      jsonStringify: micros(m.jsonStringify),
      schemaValidation: micros(m.schemaValidation),
      complete: micros(m.complete),
      rules: micros(m.rules),
      validationTotal: micros(m.validationTotal),
      renderPage: micros(m.renderPage),
      renderOpenDataJson: micros(m.renderOpenDataJson),
    },
    ratioToJsonStringify: {
      schemaValidation: ratio(m.schemaValidation, m.jsonStringify),
      complete: ratio(m.complete, m.jsonStringify),
      rules: ratio(m.rules, m.jsonStringify),
      validationTotal: ratio(m.validationTotal, m.jsonStringify),
      renderPage: ratio(m.renderPage, m.jsonStringify),
      renderOpenDataJson: ratio(m.renderOpenDataJson, m.jsonStringify),
    },
    renderMsPerReport: round(m.renderPage, 4),
  };
}

export interface EditionsResult {
  runs: number;
  /** Median per report (warm: fonts read, pdfkit loaded), milliseconds. */
  docxMs: number;
  pdfMs: number;
  /** The first PDF of this process: pdfkit and fontkit imported, 21 MB of fonts read and parsed. */
  firstPdfMs: number;
  /** Each as a multiple of rendering the report's HTML page, measured in the same run. */
  docxToPage: number;
  pdfToPage: number;
  docxBytes: number;
  pdfBytes: number;
}

/**
 * The Word and PDF editions of one report (issue 12 point 2), rendered as the publish worker does,
 * against the HTML page as the baseline. Few runs: a PDF takes ~100 ms, so a run of the county's
 * 100 reports costs seconds of worker time, and 10,000 reports ~20 minutes of Lambda time in all.
 */
export async function measureEditions(runs = 15): Promise<EditionsResult> {
  const { renderDocx, renderPdf } = await import("../functions/report/render/editions");
  const report = benchReport();
  const publishedAt = "2025-01-20T02:00:00.000Z";
  const view = { content: report, version: 1, publishedAt };
  const page = () => renderReportPage({ content: report, mode: "published", version: 1, publishedAt, links: reportPageLinks("bench") });
  let started = performance.now();
  const firstPdf = await renderPdf(view);
  const firstPdfMs = performance.now() - started;
  const docxTimes: number[] = [];
  const pdfTimes: number[] = [];
  const pageTimes: number[] = [];
  let docx = renderDocx(view);
  for (let run = 0; run < runs; run += 1) {
    started = performance.now();
    docx = renderDocx(view);
    docxTimes.push(performance.now() - started);
    started = performance.now();
    keep(await renderPdf(view));
    pdfTimes.push(performance.now() - started);
    // The page is ~1,000× faster: many calls per sample so the clock's resolution does not matter.
    started = performance.now();
    for (let i = 0; i < 100; i += 1) keep(page());
    pageTimes.push((performance.now() - started) / 100);
  }
  const pageMs = median(pageTimes);
  return {
    runs,
    docxMs: round(median(docxTimes), 1),
    pdfMs: round(median(pdfTimes), 1),
    firstPdfMs: round(firstPdfMs, 0),
    docxToPage: ratio(median(docxTimes), pageMs),
    pdfToPage: ratio(median(pdfTimes), pageMs),
    docxBytes: docx.byteLength,
    pdfBytes: firstPdf.byteLength,
  };
}
