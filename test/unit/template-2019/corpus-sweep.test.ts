/**
 * Every document of the corpus, imported as it is (both templates, the mixed ones, flattened text with
 * cells in review): rules, page and open data take it without failing, and nothing unread is shown as
 * a value.
 */
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openDataCsv, renderReportPage, reportOpenData } from "../../../functions/report/render";
import { runRules } from "../../../functions/report/rules";
import { byClass, parseHtml, textOf } from "../render/html-parser";
import { CORPUS_DIR } from "../import/corpus-helpers";
import { historyContext, importedContent, nullTableCells } from "./imported";

const sources = readdirSync(CORPUS_DIR).filter((name) => /\.(html|txt|pdf)$/.test(name) && name !== "README.md");

describe.each(sources)("imported %s", (source) => {
  it("is checked, rendered and published as open data without failing", async () => {
    const content = await importedContent(source);
    const summary = runRules(historyContext(content));
    // Every unread table cell is reported once as such (S-03), and nothing else is said about it.
    const unread = nullTableCells(content);
    expect(summary.findings.filter((f) => f.ruleId === "S-03" && unread.includes(f.path)).map((f) => f.path).sort()).toEqual([...unread].sort());

    const root = parseHtml(renderReportPage({ content, mode: "published", version: 1, publishedAt: "2024-01-20T00:00:00Z" }));
    expect(byClass(root, "unread")).toHaveLength(unread.length);
    expect(textOf(root)).not.toMatch(/\bnull\b|undefined|NaN|\[object/);

    const data = reportOpenData({ content, version: 1, publishedAt: "2024-01-20T00:00:00Z" });
    expect(JSON.parse(JSON.stringify(data)).sections).toEqual(content.sections);
    const csv = openDataCsv([{ content, version: 1, publishedAt: "2024-01-20T00:00:00Z" }]);
    expect(csv).not.toMatch(/null|undefined/);
  });
});

it("sweeps the whole corpus (HTML pages, texts and the PDF)", () => {
  expect(sources.length).toBe(22);
});
