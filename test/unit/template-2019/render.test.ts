/**
 * History pages of imported reports (issue 9 point 3): a 2019-template report renders in the 2019
 * table layouts (format-spec §3.2, §4.3; labels typed out here, independently of the catalogue), and a
 * cell the import could not read is visibly blank and says so — never 0. Open data carries both.
 */
import { describe, expect, it } from "vitest";
import { openDataCsv, openDataCsvColumns, renderReportPage, reportOpenData } from "../../../functions/report/render";
import type { ImportedReportContent } from "../../../functions/report/schemas";
import { byClass, byTag, elements, parseHtml, tableGrid, textOf, type ElementNode, type GridCell } from "../render/html-parser";
import { busyContent } from "../render/fixtures";
import { runRules } from "../../../functions/report/rules";
import { cellAt, historyContext, importedContent, nullTableCells, setCell } from "./imported";

const UNREAD = "原文未能读取";

function page(content: ImportedReportContent): ElementNode {
  return parseHtml(renderReportPage({ content, mode: "published", version: 1, publishedAt: "2021-01-26T06:31:00Z" }));
}
const tableOf = (root: ElementNode, cls: string) => {
  const [table, ...more] = byClass(root, cls).filter((e) => e.tag === "table");
  expect(more).toEqual([]);
  return table!;
};
const headerCells = (table: ElementNode) => tableGrid(table).rows.flat().filter((cell) => cell.tag === "th");
const dataRows = (table: ElementNode) => tableGrid(table).rows.filter((row) => row.some((cell) => cell.tag === "td") && !row.some((c) => c.element.attrs.class?.includes("note")));

/** Every row of a table covers its whole grid: the spans add up. */
function expectFullGrid(table: ElementNode, width: number) {
  const grid = tableGrid(table);
  grid.rows.forEach((_row, index) => expect(grid.width(index), `row ${index}`).toBe(width));
}

/** Each data cell's column header stands above it in the grid: the spans of header and data agree. */
function expectHeadersAbove(table: ElementNode) {
  const cells = tableGrid(table).rows.flat();
  const byId = new Map(cells.filter((c) => c.element.attrs.id).map((c) => [c.element.attrs.id!, c]));
  for (const cell of cells.filter((c) => c.tag === "td" && c.element.attrs.headers)) {
    const headers = cell.element.attrs.headers!.split(" ").map((id) => byId.get(id)!);
    const columnHeaders = headers.filter((h: GridCell) => h.element.attrs.scope === "col");
    for (const header of columnHeaders) {
      expect(header.col <= cell.col && cell.col + cell.colspan <= header.col + header.colspan, `${cell.text} under ${header.text}`).toBe(true);
    }
  }
}

describe("a 2019-template report (财政金融局 2020) in the 2019 layouts", () => {
  const rendered = importedContent("pt-czj-2020.page.html").then(page);

  it("prints table 二 five columns wide with the 2019 blocks, labels and spans", async () => {
    const table = tableOf(await rendered, "t2-2019");
    expect(headerCells(table).map((cell) => [cell.text, cell.colspan])).toEqual([
      ["第二十条第（一）项", 5],
      ["信息内容", 1], ["本年新制作数量", 1], ["本年新公开数量", 2], ["对外公开总数量", 1],
      ["规章", 1],
      ["规范性文件", 1],
      ["第二十条第（五）项", 5],
      ["信息内容", 1], ["上一年项目数量", 1], ["本年增/减", 2], ["处理决定数量", 1],
      ["行政许可", 1],
      ["其他对外管理服务事项", 1],
      ["第二十条第（六）项", 5],
      ["信息内容", 1], ["上一年项目数量", 1], ["本年增/减", 2], ["处理决定数量", 1],
      ["行政处罚", 1],
      ["行政强制", 1],
      ["第二十条第（八）项", 5],
      ["信息内容", 1], ["上一年项目数量", 2], ["本年增/减", 2],
      ["行政事业性收费", 1],
      ["第二十条第（九）项", 5],
      ["信息内容", 1], ["采购项目数量", 2], ["采购总金额", 2],
      ["政府集中采购", 1],
    ]);
    expectFullGrid(table, 5);
    expectHeadersAbove(table);
  });

  it("shows table 二's cells as printed: counts, and the procurement amount with its unit", async () => {
    const table = tableOf(await rendered, "t2-2019");
    const rowValues = (label: string) => tableGrid(table).rows.find((row) => row[0]?.text === label)!.slice(1).map((c) => c.text);
    expect(rowValues("规范性文件")).toEqual(["6", "4", "11"]);
    expect(rowValues("行政许可")).toEqual(["0", "1", "0"]);
    expect(rowValues("政府集中采购")).toEqual(["2", "984361元"]);
  });

  it("prints table 三 with the single （六）其他处理 row: 23 rows, 三、本年度办理结果 over 20", async () => {
    const table = tableOf(await rendered, "t3");
    const rows = dataRows(table);
    expect(rows).toHaveLength(23);
    const rowLabel = (row: GridCell[]) => row.filter((c) => c.tag === "th").at(-1)!;
    expect(rows.map((row) => [rowLabel(row).text, rowLabel(row).colspan])).toEqual([
      ["一、本年新收政府信息公开申请数量", 3],
      ["二、上年结转政府信息公开申请数量", 3],
      ["（一）予以公开", 2],
      ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 2],
      ["1.属于国家秘密", 1], ["2.其他法律行政法规禁止公开", 1], ["3.危及“三安全一稳定”", 1], ["4.保护第三方合法权益", 1],
      ["5.属于三类内部事务信息", 1], ["6.属于四类过程性信息", 1], ["7.属于行政执法案卷", 1], ["8.属于行政查询事项", 1],
      ["1.本机关不掌握相关政府信息", 1], ["2.没有现成信息需要另行制作", 1], ["3.补正后申请内容仍不明确", 1],
      ["1.信访举报投诉类申请", 1], ["2.重复申请", 1], ["3.要求提供公开出版物", 1], ["4.无正当理由大量反复申请", 1],
      ["5.要求行政机关确认或重新出具已获取信息", 1],
      ["（六）其他处理", 2],
      ["（七）总计", 2],
      ["四、结转下年度继续办理", 3],
    ]);
    const groups = headerCells(table).filter((cell) => cell.rowspan > 1 && cell.element.attrs.scope === "rowgroup");
    const firstDataRow = rows[0]![0]!.row;
    expect(groups.map((g) => [g.text, g.row - firstDataRow, g.rowspan])).toEqual([
      ["三、本年度办理结果", 2, 20],
      ["（三）不予公开", 4, 8],
      ["（四）无法提供", 12, 3],
      ["（五）不予处理", 15, 5],
    ]);
    for (const row of rows) expect(row.filter((c) => c.tag === "td")).toHaveLength(7);
    expect(textOf(table)).not.toContain("申请人无正当理由逾期不补正");
    expectFullGrid(table, 10);
    expectHeadersAbove(table);
  });

  it("prints table 四 as in 2021 (the same layout), and no blank-cell note where every cell was read", async () => {
    const root = await rendered;
    const table = tableOf(root, "t4");
    expect(dataRows(table)[0]!.filter((c) => c.tag === "td").map((c) => c.text)).toEqual(Array(15).fill("0"));
    expectFullGrid(table, 15);
    expect(byClass(root, "unread")).toEqual([]);
    expect(byClass(root, "unread-note")).toEqual([]);
    expect(textOf(root)).not.toMatch(/null|undefined|NaN/);
  });

  it("shows a negative 本年增/减 as printed", async () => {
    const content = await importedContent("pt-czj-2020.page.html");
    setCell(content, "activeDisclosure.administrativePenalty.changeThisYear", -2);
    const table = tableOf(page(content), "t2-2019");
    expect(tableGrid(table).rows.find((row) => row[0]?.text === "行政处罚")!.map((c) => c.text)).toEqual(["行政处罚", "0", "-2", "0"]);
  });
});

describe("cells an import could not read (上海 2019, blank in the published table)", () => {
  const content = importedContent("sh-gov-office-2019.fragment.html");
  const rendered = content.then(page);

  it("renders every null cell blank, marked 原文未能读取, and only those", async () => {
    const root = await rendered;
    const unread = byClass(root, "unread");
    expect(unread).toHaveLength(nullTableCells(await content).length);
    for (const cell of unread) {
      expect(cell.tag).toBe("td");
      expect(textOf(cell)).toBe("");
      expect(cell.attrs.title).toBe(UNREAD);
      expect(cell.attrs["aria-label"]).toBe(UNREAD);
    }
    // Blank, never 0: the 总计 of （一）予以公开 was left blank, its 自然人 cell printed 258.
    const t3 = tableOf(root, "t3");
    const granted = tableGrid(t3).rows.find((row) => row.some((c) => c.text === "（一）予以公开"))!.filter((c) => c.tag === "td");
    expect(granted.map((c) => c.text)).toEqual(["258", "12", "", "", "1", "1", ""]);
    expect(granted.at(-1)!.element.attrs.class).toBe("unread");
  });

  it("says under each table with blanks what a blank cell means", async () => {
    const root = await rendered;
    const notes = byClass(root, "unread-note");
    // Tables 三 and 四 have blanks; table 二 was printed in full.
    expect(notes).toHaveLength(2);
    for (const note of notes) expect(textOf(note)).toContain("不表示0");
  });

  it("renders the whole page without a trace of null", async () => {
    const root = await rendered;
    expect(byTag(root, "h2").map(textOf)).toHaveLength(6);
    expect(textOf(root)).not.toMatch(/null|undefined|NaN/);
  });
});

describe("narrative parts an import could not place", () => {
  it("prints 公安局 2019's section 一 as published, without inventing the template's five subheadings", async () => {
    const content = await importedContent("pt-gaj-2019.page.txt");
    // The document runs its parts together in one text: the importer keeps it as the intro, the five parts null.
    expect(cellAt(content, "overview.proactiveDisclosure")).toBeNull();
    const root = page(content);
    const overview = byTag(root, "section").find((section) => byTag(section, "h2").some((h) => textOf(h) === "一、总体情况"))!;
    expect(byTag(overview, "h3")).toEqual([]);
    expect(textOf(overview)).toContain("（一）政府信息主动公开情况截至目前");
    expect(textOf(overview)).not.toContain(UNREAD);
  });

  it("shows a table the document lacks as not read, and S-02 reports the section", async () => {
    const content = await importedContent("pt-czj-2020.page.html");
    content.sections.reviewLitigation = null;
    const root = page(content);
    const part = byTag(root, "section").find((section) => byTag(section, "h2").some((h) => textOf(h) === "四、政府信息公开行政复议、行政诉讼情况"))!;
    expect(byTag(part, "table")).toEqual([]);
    expect(textOf(part)).toContain("（原文未能读取）");
    expect(runRules(historyContext(content)).findings.map((f) => [f.ruleId, f.path])).toEqual([["S-02", "reviewLitigation"]]);
  });
});

describe("a 2021-template import with cells not read (洪泽区 2024)", () => {
  it("keeps the 2021 layout and leaves the three （六） items blank", async () => {
    const content = await importedContent("hongze-district-2024.pdf");
    const root = page(content);
    const t3 = tableOf(root, "t3");
    expect(dataRows(t3)).toHaveLength(25);
    const blankRows = dataRows(t3).filter((row) => row.filter((c) => c.tag === "td").every((c) => c.element.attrs.class === "unread"));
    expect(blankRows.map((row) => row.filter((c) => c.tag === "th").at(-1)!.text)).toEqual([
      "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
      "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
      "3.其他",
    ]);
    expect(elements(root, (e) => e.tag === "td" && e.attrs.class === "unread")).toHaveLength(21);
  });
});

describe("open data of imported reports", () => {
  it("report.json keeps the null cells and names the keys with the 2019 template's labels", async () => {
    const content = await importedContent("sh-gov-office-2019.fragment.html");
    const data = reportOpenData({ content, version: 1, publishedAt: "2020-01-31T02:00:00Z" });
    expect(data.templateVersion).toBe("2019");
    expect(data.sections).toEqual(content.sections);
    expect(cellAt({ ...content, sections: data.sections }, "applications.rows.granted.total")).toBeNull();
    expect(data.labels.activeDisclosure.rows.normativeDocuments).toBe("规范性文件");
    expect(data.labels.activeDisclosure.columns.changeThisYear).toBe("本年增/减");
    expect(data.labels.activeDisclosure.rowBlocks.centralizedProcurement).toBe("第二十条第（九）项");
    expect(data.labels.applications.rows.otherDisposal).toBe("（六）其他处理");
    expect(Object.keys(data.labels.applications.rows).sort()).toEqual(Object.keys(content.sections.applications!.rows!).sort());
    // The 2019 template has no 本年收费金额（万元）.
    expect(data.amounts.administrativeFeesFen).toBeNull();
  });

  it("open-data.csv puts a 2019 report beside 2021 ones: shared cells filled, the other template's empty", async () => {
    const shanghai = await importedContent("sh-gov-office-2019.fragment.html");
    const czj = await importedContent("pt-czj-2020.page.html");
    const rows = [
      { content: busyContent(), version: 1, publishedAt: "2025-01-20T00:00:00Z" },
      { content: czj, version: 1, publishedAt: "2021-01-26T06:31:00Z" },
      { content: shanghai, version: 1, publishedAt: "2020-01-31T02:00:00Z" },
    ];
    const lines = openDataCsv(rows).slice(1).split("\r\n").filter(Boolean).map((line) => line.split(","));
    const [header, busy, finance, office] = lines;
    expect(header).toEqual(openDataCsvColumns(rows));
    // Only 2021 reports: the columns stay those of the 2021 template.
    expect(openDataCsvColumns(rows.slice(0, 1))).toEqual(openDataCsvColumns());
    expect(header!.length).toBe(openDataCsvColumns().length + 22 + 7);
    const cell = (row: string[] | undefined, name: string) => {
      expect(header).toContain(name);
      return row![header!.indexOf(name)];
    };
    const procurement = "二|第二十条第（九）项|政府集中采购|采购总金额";
    const fee2021 = "二|第二十条第（八）项|行政事业性收费|本年收费金额（单位：万元）";
    expect([cell(busy, procurement), cell(finance, procurement), cell(office, procurement)]).toEqual(["", "984361元", "251000元"]);
    expect([cell(busy, fee2021), cell(finance, fee2021)]).toEqual(["24252.311082", ""]);
    expect(cell(finance, "二|第二十条第（一）项|规范性文件|本年新制作数量")).toBe("6");
    // Table 三's shared rows hold both templates; a blank of the document stays empty, never 0.
    expect(cell(office, "三|一、本年新收政府信息公开申请数量|自然人")).toBe("821");
    expect(cell(office, "三|三、本年度办理结果|（一）予以公开|总计")).toBe("");
    expect(cell(finance, "三|三、本年度办理结果|（六）其他处理|自然人")).toBe("0");
    expect(cell(busy, "三|三、本年度办理结果|（六）其他处理|自然人")).toBe("");
    expect(cell(finance, "格式版本")).toBe("2019");
    for (const row of [busy, finance, office]) expect(row).toHaveLength(header!.length);
  });
});
