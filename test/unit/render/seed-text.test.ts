import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderReportPage } from "../../../functions/report/render";
import { exampleContent } from "./fixtures";
import { byTag, parseHtml, textOf, type ElementNode } from "./html-parser";
import { HEADINGS } from "./expected-labels";

/**
 * The seed report rendered from fixtures/yuezhuang-town-2024 against the official text it was
 * made from (../shared/examples/yuezhuang-town-2024.txt), paragraph by paragraph: title, 导语, the
 * six headings, and every heading line and paragraph of the narrative sections 一, 五 and 六.
 * The tables' cells are compared cell by cell in report-page.test.ts, so here the text between
 * the heading of 二 and the heading of 五 is reduced to the headings of 二, 三 and 四.
 *
 * Whitespace is not significant (the .txt export indents and breaks lines inside the title).
 * Word's bookmark markers (`[bookmark: _GoBack]`, `[bookmark: _Hlk…]`) are removed from the .txt:
 * they are invisible anchors of the .docx export, not text of the report.
 */
const OFFICIAL_TEXT = readFileSync(new URL("../../../../shared/examples/yuezhuang-town-2024.txt", import.meta.url), "utf8");

const squeeze = (text: string) => text.replace(/\s+/gu, "");
const WORD_BOOKMARK = /\[bookmark: [^\]]*\]/gu;

const FIRST_TABLE_HEADING = HEADINGS[1]!;
const AFTER_TABLES_HEADING = HEADINGS[4]!;

/** Keeps the headings of the table parts and drops the table text between 二 and 五. */
function withoutTableText(blocks: string[]): string[] {
  const start = blocks.indexOf(squeeze(FIRST_TABLE_HEADING));
  const end = blocks.indexOf(squeeze(AFTER_TABLES_HEADING));
  expect(start, "heading 二 found").toBeGreaterThan(0);
  expect(end, "heading 五 found").toBeGreaterThan(start);
  const tableHeadings = new Set(HEADINGS.slice(1, 4).map(squeeze));
  return [...blocks.slice(0, start), ...blocks.slice(start, end).filter((block) => tableHeadings.has(block)), ...blocks.slice(end)];
}

/** The official text as blocks: the title (its first group of lines, broken by Word), then one block per line. */
function officialBlocks(): string[] {
  const text = OFFICIAL_TEXT.replace(WORD_BOOKMARK, "");
  const groups = text.trim().split(/\n\s*\n/u);
  const title = squeeze(groups[0]!);
  const lines = groups.slice(1).join("\n").split("\n").map(squeeze).filter((line) => line !== "");
  return withoutTableText([title, ...lines]);
}

/** The page as blocks: h1, then every h2, h3 and p of main in document order, outside the tables. */
function pageBlocks(html: string): string[] {
  const main = byTag(parseHtml(html), "main")[0]!;
  const blocks: string[] = [];
  const visit = (node: ElementNode) => {
    for (const child of node.children) {
      if (child.type !== "element") continue;
      const cls = (child.attrs.class ?? "").split(/\s+/u);
      if (cls.includes("table-wrap") || cls.includes("scroll-hint")) continue;
      if (["h1", "h2", "h3", "p"].includes(child.tag)) blocks.push(squeeze(textOf(child)));
      else visit(child);
    }
  };
  visit(main);
  return withoutTableText(blocks.filter((block) => block !== ""));
}

describe("the seed report rendered against its official text", () => {
  const html = renderReportPage({ content: exampleContent(), mode: "published", version: 1, publishedAt: "2025-01-19T16:30:00Z" });
  const page = pageBlocks(html);
  const official = officialBlocks();

  it("has the same paragraphs and headings, in the same order, with no difference beyond whitespace", () => {
    // Compared as one list so that a failure shows exactly which paragraph differs.
    expect(page).toEqual(official);
  });

  it("covers the narrative of 一, 五 and 六 with the agency's own numbering (a check on the comparison itself)", () => {
    expect(official.length).toBeGreaterThan(20);
    for (const expected of ["1.主动公开方面。", "5.监督保障方面。", "（一）存在问题", "（二）改进情况", "1.依申请公开信息处理费收费情况。", "4.落实上级政务公开工作方案情况。"]) {
      expect(page.some((block) => block.startsWith(expected)), expected).toBe(true);
    }
    // The Word bookmark on 4.'s paragraph is export noise, not a difference.
    expect(OFFICIAL_TEXT).toContain("[bookmark: _GoBack]");
    expect(page.join("")).not.toContain("bookmark");
  });

  it("puts section 六's parts in the agency's order as heading lines followed by their text", () => {
    const sixth = page.slice(page.indexOf(squeeze(HEADINGS[5]!)) + 1);
    expect(sixth.filter((_, i) => i % 2 === 0)).toEqual([
      "1.依申请公开信息处理费收费情况。",
      "2.本年度建议提案办理情况。",
      "3.创新情况。",
      "4.落实上级政务公开工作方案情况。",
    ]);
  });
});
