/**
 * The editions against the published page itself: every cell of every table of `v{n}.html` (text,
 * grid column, column and row span) stands at the same place in the Word table and in a PDF cell,
 * for a 2021 report and for an imported 2019-template report with cells the import could not read.
 */
import { describe, expect, it } from "vitest";
import { renderReportPage } from "../../../functions/report/render";
import { renderDocx, renderPdf } from "../../../functions/report/render/editions";
import type { AnyReportContent } from "../../../functions/report/schemas";
import { byTag, parseHtml, tableGrid } from "../render/html-parser";
import { busyContent } from "../render/fixtures";
import { importedContent, nullTableCells } from "../template-2019/imported";
import { UI } from "../../../functions/report/render/ui-labels";
import { bodyParagraphs, docxTables, readPdf, rowSpanOf, unzipDocx, withoutWhitespace } from "./read-back";

async function cases(): Promise<[string, AnyReportContent][]> {
  return [
    ["2021 report", busyContent()],
    ["imported 2019-template report", await importedContent("pt-czj-2020.page.html")],
    ["imported 2019 report with unread cells", await importedContent("sh-gov-office-2019.fragment.html")],
  ];
}

function pageTables(content: AnyReportContent) {
  const page = parseHtml(renderReportPage({ content, mode: "published", edition: "archived", version: 1, publishedAt: "2021-01-26T06:31:00Z" }));
  return byTag(page, "table").map((table) => tableGrid(table).rows);
}

describe("the editions show the page's tables cell for cell", () => {
  it("in Word: same text, same grid column, gridSpan = colspan, vMerge run = rowspan", async () => {
    for (const [name, content] of await cases()) {
      const expected = pageTables(content);
      const tables = docxTables(unzipDocx(renderDocx({ content, version: 1 }))["word/document.xml"]!);
      expect(tables.length, name).toBe(expected.length);
      expected.forEach((rows, t) => {
        const table = tables[t]!;
        expect(table.rows.length, `${name} table ${t}`).toBe(rows.length);
        rows.forEach((cells, r) => {
          for (const cell of cells) {
            const docxCell = table.rows[r]!.cells.find((c) => c.column === cell.col);
            const where = `${name} table ${t} row ${r} col ${cell.col}`;
            expect(docxCell, where).toBeDefined();
            expect([docxCell!.text, docxCell!.gridSpan, rowSpanOf(table, r, docxCell!)], where).toEqual([cell.text, cell.colspan, cell.rowspan]);
          }
        });
      });
    }
  });

  it("in the PDF: every non-blank cell of the page is one cell's text", async () => {
    for (const [name, content] of await cases()) {
      const boxes = readPdf(await renderPdf({ content, version: 1 })).textBoxes;
      const texts = pageTables(content).flat(2).map((cell) => cell.text).filter(Boolean);
      for (const text of texts) expect(boxes, `${name}: ${text}`).toContain(text);
    }
  });

  it("an unread cell is blank (never 0) and the page's note under the table says why", async () => {
    const content = await importedContent("sh-gov-office-2019.fragment.html");
    expect(content.templateVersion).toBe("2019");
    expect(nullTableCells(content).length).toBeGreaterThan(0);
    const xml = unzipDocx(renderDocx({ content }))["word/document.xml"]!;
    expect(bodyParagraphs(xml).map((p) => p.text)).toContain(UI.unreadCellsNote);
    const blankDataCells = docxTables(xml).flatMap((table) => table.rows.flatMap((row) => row.cells.filter((c) => c.text === "" && c.vMerge !== "continue")));
    expect(blankDataCells.length).toBeGreaterThan(0);
    const pdf = readPdf(await renderPdf({ content }));
    expect(withoutWhitespace(pdf.readingText)).toContain(withoutWhitespace(UI.unreadCellsNote));
  });
});
