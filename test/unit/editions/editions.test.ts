import { beforeAll, describe, expect, it } from "vitest";
import { ACTIVE_DISCLOSURE_BLOCKS, aggregationNote, APPLICATION_COLUMNS, APPLICATION_ROWS, REVIEW_COLUMNS, REVIEW_GROUPS } from "../../../functions/report/catalogue";
import { renderDocx, renderPdf } from "../../../functions/report/render/editions";
import { processingFeeStatement } from "../../../functions/report/render";
import { splitParagraphs } from "../../../functions/report/render/html";
import type { ReportContent, Sections } from "../../../functions/report/schemas";
import { HEADINGS, TABLE2_HEADER_CELLS, TABLE3_COLUMNS, TABLE3_GROUPS, TABLE3_NOTE, TABLE3_ROWS, TABLE4_HEADER_ROWS } from "../render/expected-labels";
import { busyContent, exampleContent } from "../render/fixtures";
import {
  bodyParagraphs,
  docxTables,
  readPdf,
  rowSpanOf,
  trailingNumbers,
  unzipDocx,
  withoutWhitespace,
  type DocxTable,
  type PdfReadBack,
} from "./read-back";

interface Case {
  name: string;
  content: ReportContent;
  view: { content: ReportContent; version: number; publishedAt: string; correctionNote?: string; aggregatedMembers?: number };
}

/** Expected cell values, read from the report data (keys from the catalogue, labels typed out in expected-labels). */
function expectedCells(content: ReportContent) {
  const sections = content.sections as Sections;
  return {
    table2Rows: ACTIVE_DISCLOSURE_BLOCKS.flatMap((block) =>
      block.rows.map((row) => block.columns.map((column) => String((sections.activeDisclosure[row.key] as Record<string, number | string>)[column.key]))),
    ),
    table3Rows: APPLICATION_ROWS.map((row) =>
      APPLICATION_COLUMNS.map((column) => String(sections.applications.rows[row.key as keyof Sections["applications"]["rows"]][column.key])),
    ),
    table4Row: REVIEW_GROUPS.flatMap((group) => REVIEW_COLUMNS.map((column) => String(sections.reviewLitigation[group.key][column.key]))),
  };
}

const busy = busyContent();
const example = exampleContent();
const CASES: Case[] = [
  // A distinct non-zero number in nearly every cell, so a number in the wrong place shows; a correction
  // note; tables adopted from three member reports (the county government's), which the page notes.
  {
    name: "busy report, version 2 with a correction",
    content: busy,
    view: { content: busy, version: 2, publishedAt: "2025-03-01T02:00:00Z", correctionNote: "更正了第三部分的统计数字。", aggregatedMembers: 3 },
  },
  // The seeded town report of `npm start` (fixtures/yuezhuang-town-2024), with its own headings and order.
  { name: "seeded town report", content: example, view: { content: example, version: 1, publishedAt: "2025-01-19T16:30:00Z" } },
];

/** Every paragraph of narrative the report data holds, as the page shows it. */
function narrativeLines(report: ReportContent): string[] {
  const s = report.sections as Sections;
  const overview = [s.overview.intro ?? "", s.overview.proactiveDisclosure, s.overview.requestDisclosure, s.overview.informationManagement, s.overview.platformBuilding, s.overview.supervisionAndGuarantee];
  const problems = [s.problemsAndImprovements.previousYearRectification ?? "", s.problemsAndImprovements.problems ?? "", s.problemsAndImprovements.improvements ?? ""];
  const other = [s.otherMatters.superiorWorkPoints ?? "", s.otherMatters.deputyProposals ?? "", s.otherMatters.innovations ?? "", s.otherMatters.other ?? ""];
  const fee = processingFeeStatement(s.otherMatters.processingFee, report.year);
  return [...overview, ...problems, ...other, fee, s.preamble.basisText ?? ""].flatMap(splitParagraphs);
}

/** The line under the title, typed out: version and Asia/Shanghai publication date. */
function factsLine(view: Case["view"]): string {
  const date = new Date(Date.parse(view.publishedAt) + 8 * 3600 * 1000);
  return `版本：第${view.version}版　发布日期：${date.getUTCFullYear()}年${date.getUTCMonth() + 1}月${date.getUTCDate()}日`;
}

describe.each(CASES)("Word edition (DOCX) of the $name", ({ content, view }) => {
  const { table2Rows, table3Rows, table4Row } = expectedCells(content);
  let files: Record<string, string>;
  let documentXml: string;
  let tables: DocxTable[];

  beforeAll(() => {
    files = unzipDocx(renderDocx(view));
    documentXml = files["word/document.xml"]!;
    tables = docxTables(documentXml);
  });

  it("is a WordprocessingML package: content types, document, styles, footer", () => {
    expect(files["[Content_Types].xml"]).toContain('ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"');
    expect(files["_rels/.rels"]).toContain('Target="word/document.xml"');
    expect(files["word/_rels/document.xml.rels"]).toContain('Target="footer1.xml"');
    expect(files["docProps/core.xml"]).toContain(`<dc:title>${content.title}</dc:title>`);
  });

  it("is A4 portrait with page numbers in the footer", () => {
    expect(documentXml).toMatch(/<w:pgSz w:w="11906" w:h="16838"\/>/);
    expect(documentXml).toContain('<w:footerReference w:type="default" r:id="rIdFooter1"/>');
    const footer = files["word/footer1.xml"]!;
    expect(footer).toContain("<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>");
    expect(footer).toContain("<w:instrText xml:space=\"preserve\"> NUMPAGES </w:instrText>");
  });

  it("has the title, the version and date, the correction note and the six headings in order", () => {
    const paragraphs = bodyParagraphs(documentXml);
    expect(paragraphs[0]).toEqual({ style: "Title", text: content.title });
    expect(paragraphs[1]!.text).toBe(factsLine(view));
    if (view.correctionNote) expect(paragraphs.map((p) => p.text)).toContain(view.correctionNote);
    if (view.aggregatedMembers) expect(paragraphs.map((p) => p.text)).toContain(aggregationNote(view.aggregatedMembers));
    else expect(paragraphs.some((p) => p.text.startsWith("本报告第二、三、四部分表格数据"))).toBe(false);
    const headings = paragraphs.filter((p) => p.style === "Heading1").map((p) => p.text);
    expect(headings).toEqual(HEADINGS);
  });

  it("carries every paragraph of the narrative", () => {
    const texts = new Set(bodyParagraphs(documentXml).map((p) => p.text));
    for (const line of narrativeLines(content)) expect(texts, line).toContain(line);
  });

  it("has the three tables as Word tables whose rows never split", () => {
    expect(tables.map((t) => t.gridColumns)).toEqual([4, 10, 15]);
    for (const table of tables) for (const row of table.rows) expect(row.cantSplit).toBe(true);
  });

  it("table 二: every label with its span, every number in its row", () => {
    const [table] = tables;
    const labels = table!.rows.flatMap((row) => row.cells.filter((c) => !/^\d/.test(c.text)).map((c) => [c.text, c.gridSpan]));
    expect(labels).toEqual(TABLE2_HEADER_CELLS);
    const dataRows = table!.rows.filter((row) => /^\d/.test(row.cells.at(-1)!.text));
    expect(dataRows.map((row) => row.cells.slice(1).map((c) => c.text))).toEqual(table2Rows);
    // A block with one data column spans it over the three data columns.
    for (const row of dataRows) expect(row.cells.slice(1).reduce((sum, c) => sum + c.gridSpan, 0)).toBe(3);
  });

  it("table 三: the header's spans, each row's label span, the row groups' vertical merges and all 175 numbers", () => {
    const table = tables[1]!;
    const [h1, h2, h3] = table.rows;
    expect(table.rows.slice(0, 3).every((r) => r.tblHeader)).toBe(true);
    expect(table.rows[3]!.tblHeader).toBe(false);
    expect(h1!.cells.map((c) => [c.text, c.gridSpan, c.vMerge])).toEqual([[TABLE3_NOTE, 3, "restart"], ["申请人情况", 7, undefined]]);
    expect(rowSpanOf(table, 0, h1!.cells[0]!)).toBe(3);
    expect(h2!.cells.map((c) => [c.text, c.gridSpan, c.vMerge])).toEqual([
      ["", 3, "continue"],
      ["自然人", 1, "restart"],
      ["法人或其他组织", 5, undefined],
      ["总计", 1, "restart"],
    ]);
    expect(h3!.cells.filter((c) => c.vMerge !== "continue").map((c) => c.text)).toEqual(TABLE3_COLUMNS.slice(1, 6));
    expect(h3!.cells.filter((c) => c.vMerge === "continue").map((c) => c.column)).toEqual([0, 3, 9]);

    const body = table.rows.slice(3);
    expect(body).toHaveLength(TABLE3_ROWS.length);
    body.forEach((row, index) => {
      const [label, span] = TABLE3_ROWS[index]!;
      const labelCell = row.cells.find((c) => c.column === 3 - span)!;
      expect([labelCell.text, labelCell.gridSpan], label).toEqual([label, span]);
      expect(row.cells.filter((c) => c.column >= 3).map((c) => c.text), label).toEqual(table3Rows[index]);
    });
    for (const [label, first, span] of TABLE3_GROUPS) {
      const column = label === "三、本年度办理结果" ? 0 : 1;
      const opening = body[first]!.cells.find((c) => c.column === column)!;
      expect([opening.text, opening.vMerge], label).toEqual([label, "restart"]);
      expect(rowSpanOf(table, first + 3, opening), label).toBe(span);
    }
  });

  it("table 四: three header rows with the template's spans and the 15 numbers", () => {
    const table = tables[2]!;
    TABLE4_HEADER_ROWS.forEach((expected, rowIndex) => {
      const cells = table.rows[rowIndex]!.cells.filter((c) => c.vMerge !== "continue");
      expect(cells.map((c) => [c.text, c.gridSpan, rowSpanOf(table, rowIndex, c)])).toEqual(expected);
    });
    expect(table.rows[3]!.cells.map((c) => c.text)).toEqual(table4Row);
  });

});

describe.each(CASES)("PDF edition of the $name", ({ content, view }) => {
  const { table2Rows, table3Rows, table4Row } = expectedCells(content);
  let pdf: PdfReadBack;

  beforeAll(async () => {
    pdf = readPdf(await renderPdf(view));
  });

  it("embeds the Chinese fonts and is A4", () => {
    const fontRows = pdf.fonts.split("\n").slice(2).filter((line) => line.trim() !== "");
    expect(fontRows.length).toBeGreaterThan(0);
    for (const row of fontRows) {
      expect(row).toMatch(/NotoSansSC/);
      // name, type, encoding, then emb sub uni: every font embedded (and subset).
      expect(row).toMatch(/\s+yes\s+yes\s+yes\s+\d+\s+\d+\s*$/);
    }
    expect(pdf.info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    expect(pdf.info).toContain(`Title:           ${content.title}`);
  });

  it("numbers every page 第n页 共N页", () => {
    const count = pdf.layoutPages.length;
    expect(count).toBeGreaterThan(1);
    pdf.layoutPages.forEach((page, index) => {
      const lines = page.split("\n").filter((line) => line.trim() !== "");
      expect(withoutWhitespace(lines.at(-1)!)).toBe(`第${index + 1}页共${count}页`);
    });
  });

  /** The layout text between two headings, page footers removed. */
  function region(from: string, to: string): string[] {
    const lines = pdf.layoutPages.flatMap((page) => page.split("\n")).filter((line) => !/^\s*第\d+页\s+共\d+页\s*$/.test(line));
    const start = lines.findIndex((line) => line.includes(from));
    const end = lines.findIndex((line, index) => index > start && line.includes(to));
    expect(start, from).toBeGreaterThanOrEqual(0);
    expect(end, to).toBeGreaterThan(start);
    return lines.slice(start + 1, end);
  }
  const numberRows = (lines: string[]) => lines.map(trailingNumbers).filter((numbers) => numbers.length > 0);

  it("shows the title, the version line and every heading", () => {
    const text = withoutWhitespace(pdf.layoutPages.join("\n"));
    expect(text).toContain(withoutWhitespace(content.title));
    expect(text).toContain(withoutWhitespace(factsLine(view)));
    if (view.correctionNote) expect(text).toContain(view.correctionNote);
    if (view.aggregatedMembers) expect(text).toContain(withoutWhitespace(aggregationNote(view.aggregatedMembers)));
    let at = 0;
    for (const heading of HEADINGS) {
      const found = text.indexOf(heading, at);
      expect(found, heading).toBeGreaterThanOrEqual(at);
      at = found;
    }
  });

  it("table 二: every number on its row, in order", () => {
    expect(numberRows(region(HEADINGS[1]!, HEADINGS[2]!))).toEqual(table2Rows);
  });

  it("table 三: the 25 rows' seven numbers each, in order, even across the page break", () => {
    const rows = numberRows(region(HEADINGS[2]!, HEADINGS[3]!));
    expect(rows).toEqual(table3Rows);
  });

  it("table 四: the 15 numbers of its data row", () => {
    expect(numberRows(region(HEADINGS[3]!, HEADINGS[4]!))).toEqual([table4Row]);
  });

  it("every label of tables 二–四 whole in one cell on one page (no row broken over a page)", () => {
    const boxes = new Set(pdf.textBoxes);
    const labels = [
      ...TABLE2_HEADER_CELLS.map(([label]) => label),
      TABLE3_NOTE,
      ...TABLE3_COLUMNS,
      "申请人情况",
      "法人或其他组织",
      ...TABLE3_ROWS.map(([label]) => label),
      ...TABLE3_GROUPS.map(([label]) => label),
      ...TABLE4_HEADER_ROWS.flat().map(([label]) => label),
    ];
    for (const label of labels) expect(boxes, label).toContain(label);
  });

  it("every paragraph of the narrative, also one that runs over a page break", () => {
    // The page footers sit between the two halves of such a paragraph in the extracted text
    // (in reading order 第n页 and 共N页 come out as lines of their own).
    const body = pdf.readingText.split("\n").filter((line) => !/^\s*(第\d+页)?\s*(共\d+页)?\s*$/.test(line));
    const text = withoutWhitespace(body.join("\n"));
    for (const line of narrativeLines(content)) expect(text, line).toContain(withoutWhitespace(line));
  });

  it("never breaks a table row across pages: table 三's continuation page repeats its header", () => {
    const pagesWithTable3Rows = pdf.layoutPages.filter((page) => page.split("\n").some((line) => trailingNumbers(line).length === 7));
    expect(pagesWithTable3Rows.length).toBeGreaterThan(1);
    for (const page of pagesWithTable3Rows) expect(page).toContain("申请人情况");
  });
});

describe("editions of unusual content", () => {
  it("write clerk text that looks like markup as text, and drop control characters XML cannot carry", async () => {
    const tricky = exampleContent();
    (tricky.sections as Sections).problemsAndImprovements.problems = "<w:p>&</w:p>\u0001 <b>加粗</b>";
    const xml = unzipDocx(renderDocx({ content: tricky }))["word/document.xml"]!;
    expect(bodyParagraphs(xml).map((p) => p.text)).toContain("<w:p>&</w:p> <b>加粗</b>");
    const pdf = readPdf(await renderPdf({ content: tricky }));
    expect(withoutWhitespace(pdf.readingText)).toContain("<w:p>&</w:p><b>加粗</b>");
  });

  it("show a section that is not filled in as （未填写）, like the page", () => {
    const partial = exampleContent();
    delete partial.sections.reviewLitigation;
    const xml = unzipDocx(renderDocx({ content: partial }))["word/document.xml"]!;
    const paragraphs = bodyParagraphs(xml);
    const heading = paragraphs.findIndex((p) => p.text === HEADINGS[3]);
    expect(paragraphs[heading + 1]).toEqual({ style: "Placeholder", text: "（未填写）" });
    expect(docxTables(xml)).toHaveLength(2);
  });
});
