import { describe, expect, it } from "vitest";
import { renderReportEditions, renderReportPage, type ReportPageView } from "../../../functions/report/render";
import type { ReportContent } from "../../../functions/report/schemas";
import { busyContent, exampleContent, standardLayoutContent } from "./fixtures";
import { byClass, byTag, elements, parseHtml, tableGrid, textOf, type ElementNode, type GridCell } from "./html-parser";
import { HEADINGS, TABLE2_HEADER_CELLS, TABLE3_COLUMNS, TABLE3_GROUPS, TABLE3_NOTE, TABLE3_ROWS, TABLE4_HEADER_ROWS } from "./expected-labels";

const published = (content: ReportContent, extra: Partial<ReportPageView> = {}): string =>
  renderReportPage({ content, mode: "published", version: 1, publishedAt: "2025-01-19T16:30:00Z", ...extra });

const tables = (doc: ElementNode) => byTag(doc, "table");
const bodyRows = (table: ElementNode) => tableGrid(table).rows.slice(byTag(byTag(table, "thead")[0] ?? table, "tr").length);
const mainOf = (doc: ElementNode) => byTag(doc, "main")[0]!;
/** The six numbered parts: the sections directly inside main (a table's scroll region is a section too). */
const partsOf = (doc: ElementNode) => mainOf(doc).children.filter((c): c is ElementNode => c.type === "element" && c.tag === "section");

describe("report page: document", () => {
  const html = published(exampleContent());
  const doc = parseHtml(html);

  it("is a Chinese HTML document titled with the generated report title", () => {
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(byTag(doc, "html")[0]!.attrs.lang).toBe("zh-CN");
    expect(textOf(byTag(doc, "title")[0]!)).toBe("沂源县悦庄镇人民政府2024年政府信息公开工作年度报告");
    expect(byTag(doc, "h1").map(textOf)).toEqual(["沂源县悦庄镇人民政府2024年政府信息公开工作年度报告"]);
  });

  it("writes the preamble as the report does: statistics period, then the contact", () => {
    const firstParagraph = byTag(mainOf(doc), "p")[0]!;
    expect(textOf(firstParagraph)).toBe(
      "本年度报告中所列数据的统计期限自2024年1月1日起，至2024年12月31日止。" +
        "如对报告内容有疑问，请与沂源县悦庄镇人民政府联系（地址：悦庄镇中心路125号；邮编：256102；电话：0533-3420031；电子邮箱：yuezhuang3420031@zb.shandong.cn）。",
    );
  });

  it("puts the basis first and the download note between period and contact; fax appears, absent e-mail is left out", () => {
    const content = exampleContent();
    content.sections.preamble = {
      basisText: "根据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号要求，编制本报告。",
      downloadNote: "本报告电子版可在沂源县人民政府门户网站政府信息公开专栏下载。",
      statisticsPeriod: { from: "2024-01-01", to: "2024-12-31" },
      contact: { organ: "沂源县某局", address: "某路1号", postcode: "256100", phone: "0533-1234567", fax: "0533-7654321" },
    };
    const texts = byTag(mainOf(parseHtml(published(content))), "p").slice(0, 4).map(textOf);
    expect(texts).toEqual([
      "根据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号要求，编制本报告。",
      "本年度报告中所列数据的统计期限自2024年1月1日起，至2024年12月31日止。",
      "本报告电子版可在沂源县人民政府门户网站政府信息公开专栏下载。",
      "如对报告内容有疑问，请与沂源县某局联系（地址：某路1号；邮编：256100；电话：0533-1234567；传真：0533-7654321）。",
    ]);
  });

  it("has exactly the six headings as h2, in order", () => {
    expect(byTag(mainOf(doc), "h2").map(textOf)).toEqual(HEADINGS);
    expect(byTag(doc, "h2").map(textOf)).toEqual(HEADINGS);
  });

  it("section 一 without the agency's own headings: the intro first, then （一）…（五） each followed by its text", () => {
    const section = partsOf(parseHtml(published(standardLayoutContent())))[0]!;
    const blocks = section.children.filter((c): c is ElementNode => c.type === "element" && c.tag !== "h2");
    expect(blocks.map((b) => b.tag)).toEqual(["p", "h3", "p", "h3", "p", "h3", "p", "h3", "p", "h3", "p"]);
    expect(textOf(blocks[0]!).startsWith("2024年沂源县悦庄镇人民政府全面贯彻落实")).toBe(true);
    expect(byTag(section, "h3").map(textOf)).toEqual([
      "（一）主动公开",
      "（二）依申请公开",
      "（三）政府信息管理",
      "（四）政府信息公开平台建设",
      "（五）监督保障",
    ]);
  });

  it("section 五 without the agency's own headings: numbers the parts present, one paragraph per line of text", () => {
    const section = partsOf(parseHtml(published(standardLayoutContent())))[4]!;
    expect(byTag(section, "h3").map(textOf)).toEqual(["（一）存在的主要问题", "（二）改进情况"]);
    expect(byTag(section, "p")).toHaveLength(4);
    const content = exampleContent();
    content.sections.problemsAndImprovements = { previousYearRectification: "上年度问题已整改。", problems: "问题。", improvements: "措施。" };
    const withRectification = partsOf(parseHtml(published(content)))[4]!;
    expect(byTag(withRectification, "h3").map(textOf)).toEqual(["（一）上年度问题整改情况", "（二）存在的主要问题", "（三）改进情况"]);
  });

  it("section 六 without the agency's own headings: numbered items in the template's order, the 信息处理费 statement first", () => {
    const section = partsOf(parseHtml(published(standardLayoutContent())))[5]!;
    expect(byTag(section, "h3").map(textOf)).toEqual([
      "1.信息处理费收取情况",
      "2.落实上级年度政务公开工作要点情况",
      "3.人大代表建议和政协提案办理结果公开情况",
      "4.年度政务公开工作创新情况",
    ]);
    expect(textOf(byTag(section, "p")[0]!)).toContain("2024年度，我镇无收取信息处理费情况。");
  });

  it("section 六: generates the fee statement from the fields when no wording is given", () => {
    const content = exampleContent();
    const statementFor = (fee: NonNullable<ReportContent["sections"]["otherMatters"]>["processingFee"]) => {
      content.sections.otherMatters = { processingFee: fee };
      return textOf(byTag(partsOf(parseHtml(published(content)))[5]!, "p")[0]!);
    };
    expect(statementFor({ charged: false, amountYuan: "0" })).toBe("2024年度，本机关未收取信息处理费。");
    expect(statementFor({ charged: true, amountYuan: "300.00", chargedRequests: 2 })).toBe(
      "2024年度，本机关收取信息处理费300.00元，涉及政府信息公开申请2件。",
    );
    expect(statementFor({ charged: false, amountYuan: "0", feeNoticesIssued: 1 })).toBe("2024年度，本机关未收取信息处理费，发出收费通知1件。");
  });

  it("footer: version and 发布日期 as the Asia/Shanghai date", () => {
    const footer = byTag(doc, "footer")[0]!;
    expect(textOf(footer)).toContain("第1版");
    // 16:30 UTC on 19 January is already 20 January in Beijing.
    expect(textOf(footer)).toContain("发布日期：2025年1月20日");
  });
});

describe("report page: table 二", () => {
  const doc = parseHtml(published(busyContent()));
  const table = tables(doc)[0]!;
  const grid = tableGrid(table);

  it("has the template's labels and spans in order", () => {
    const labelCells = grid.rows.flat().filter((c) => c.tag === "th");
    expect(labelCells.map((c) => [c.text, c.colspan])).toEqual(TABLE2_HEADER_CELLS);
  });

  it("is four columns wide in every row", () => {
    grid.rows.forEach((_, r) => expect(grid.width(r)).toBe(4));
  });

  it("prints every count and the fee exactly as entered", () => {
    const values = grid.rows.flat().filter((c) => c.tag === "td").map((c) => [c.text, c.colspan]);
    expect(values).toEqual([["1", 1], ["2", 1], ["3", 1], ["4", 1], ["5", 1], ["6", 1], ["7", 3], ["8", 3], ["9", 3], ["24252.311082", 3]]);
  });
});

describe("report page: table 三", () => {
  const doc = parseHtml(published(busyContent()));
  const table = tables(doc)[1]!;
  const grid = tableGrid(table);
  const headerRows = grid.rows.slice(0, 3);
  const dataRows = bodyRows(table);

  it("has three header rows with the note cell, 申请人情况, 自然人, 法人或其他组织, 总计 spanned as the template", () => {
    expect(byTag(byTag(table, "thead")[0]!, "tr")).toHaveLength(3);
    const spans = (row: GridCell[]) => row.map((c) => [c.text, c.colspan, c.rowspan]);
    expect(spans(headerRows[0]!)).toEqual([
      [TABLE3_NOTE, 3, 3],
      ["申请人情况", 7, 1],
    ]);
    expect(spans(headerRows[1]!)).toEqual([
      ["自然人", 1, 2],
      ["法人或其他组织", 5, 1],
      ["总计", 1, 2],
    ]);
    expect(spans(headerRows[2]!)).toEqual(TABLE3_COLUMNS.slice(1, 6).map((label) => [label, 1, 1]));
  });

  it("maps the seven data columns in order to grid columns 4–10", () => {
    const columnHeaders = headerRows.flat().filter((c) => c.colspan === 1 && c.tag === "th").sort((a, b) => a.col - b.col);
    expect(columnHeaders.map((c) => [c.text, c.col])).toEqual(TABLE3_COLUMNS.map((label, i) => [label, 3 + i]));
  });

  it("has 25 data rows × 7 numeric cells, each row 10 grid columns wide", () => {
    expect(dataRows).toHaveLength(25);
    for (const [index, row] of dataRows.entries()) {
      const values = row.filter((c) => c.tag === "td");
      expect(values).toHaveLength(7);
      values.forEach((cell) => expect(cell.text).toMatch(/^\d+$/));
      expect(values.map((c) => c.col)).toEqual([3, 4, 5, 6, 7, 8, 9]);
      expect(grid.width(index + 3)).toBe(10);
    }
  });

  it("labels the rows exactly, with their colspans", () => {
    const rowLabels = dataRows.map((row) => row.filter((c) => c.tag === "th").at(-1)!);
    expect(rowLabels.map((c) => [c.text, c.colspan])).toEqual(TABLE3_ROWS);
  });

  it("has 三、本年度办理结果 spanning 22 rows and the （三）–（六） sub-groups spanning 8, 3, 5, 3", () => {
    const groupCells = dataRows.flat().filter((c) => c.rowspan > 1);
    expect(groupCells.map((c) => [c.text, c.row - 3, c.rowspan])).toEqual(TABLE3_GROUPS);
  });

  it("prints the numbers of the data", () => {
    const content = busyContent();
    const rows = content.sections.applications!.rows;
    expect(dataRows[0]!.filter((c) => c.tag === "td").map((c) => Number(c.text))).toEqual([
      rows.newReceived.naturalPerson,
      rows.newReceived.commercialEnterprise,
      rows.newReceived.researchInstitution,
      rows.newReceived.publicWelfareOrganization,
      rows.newReceived.legalServiceOrganization,
      rows.newReceived.otherOrganization,
      rows.newReceived.total,
    ]);
    expect(dataRows[23]!.filter((c) => c.tag === "td").at(-1)!.text).toBe(String(rows.totalProcessed.total));
  });
});

describe("report page: table 四", () => {
  const doc = parseHtml(published(busyContent()));
  const table = tables(doc)[2]!;
  const grid = tableGrid(table);

  it("has the three header rows of the template", () => {
    expect(grid.rows.slice(0, 3).map((row) => row.map((c) => [c.text, c.colspan, c.rowspan]))).toEqual(TABLE4_HEADER_ROWS);
    expect(byTag(byTag(table, "thead")[0]!, "tr")).toHaveLength(3);
  });

  it("has one data row of 15 numbers", () => {
    const data = bodyRows(table);
    expect(data).toHaveLength(1);
    expect(data[0]!.map((c) => c.text)).toEqual(["1", "2", "3", "4", "10", "2", "3", "4", "5", "14", "3", "4", "5", "6", "18"]);
    expect(data[0]!.every((c) => c.tag === "td")).toBe(true);
    expect(grid.width(3)).toBe(15);
  });
});

describe("report page: zeros and numbers", () => {
  it("writes 0 in every cell of the almost-empty example, never a blank", () => {
    const doc = parseHtml(published(exampleContent()));
    const cells = tables(doc).flatMap((t) => byTag(t, "td")).filter((c) => !(c.attrs.class ?? "").includes("note"));
    expect(cells).toHaveLength(10 + 175 + 15);
    cells.forEach((cell) => expect(textOf(cell)).toMatch(/^\d+(\.\d+)?$/));
    expect(cells.filter((c) => textOf(c) === "0").length).toBeGreaterThan(190);
  });
});

describe("report page: header associations", () => {
  const doc = parseHtml(published(busyContent()));
  const byId = new Map(elements(doc, (e) => e.attrs.id !== undefined).map((e) => [e.attrs.id!, e]));

  it("gives every data cell of tables 二–四 a headers list of th ids in the same table", () => {
    for (const table of tables(doc)) {
      const ids = new Set(byTag(table, "th").map((th) => th.attrs.id));
      const dataCells = byTag(table, "td").filter((c) => !(c.attrs.class ?? "").includes("note"));
      for (const cell of dataCells) {
        const headers = (cell.attrs.headers ?? "").split(" ").filter(Boolean);
        expect(headers.length).toBeGreaterThanOrEqual(2);
        headers.forEach((id) => expect(ids.has(id)).toBe(true));
      }
    }
  });

  it("associates 自然人 × （一）予以公开 with its column and row headers", () => {
    const table = tables(doc)[1]!;
    const granted = bodyRows(table)[2]!.find((c) => c.tag === "td")!;
    const headerTexts = granted.element.attrs.headers!.split(" ").map((id) => textOf(byId.get(id)!));
    expect(headerTexts).toEqual(["申请人情况", "自然人", "三、本年度办理结果", "（一）予以公开"]);
  });

  it("associates a 不予公开 item with its sub-group, and 商业企业 with 法人或其他组织", () => {
    const table = tables(doc)[1]!;
    const cell = bodyRows(table)[4]!.filter((c) => c.tag === "td")[1]!;
    const headerTexts = cell.element.attrs.headers!.split(" ").map((id) => textOf(byId.get(id)!));
    expect(headerTexts).toEqual(["申请人情况", "法人或其他组织", "商业企业", "三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"]);
  });

  it("associates a table 四 cell with 行政诉讼 › 复议后起诉 › 总计", () => {
    const table = tables(doc)[2]!;
    const last = byTag(table, "td").at(-1)!;
    expect(last.attrs.headers!.split(" ").map((id) => textOf(byId.get(id)!))).toEqual(["行政诉讼", "复议后起诉", "总计"]);
  });

  it("captions every table and wraps it in a focusable, labelled scroll region", () => {
    for (const table of tables(doc)) {
      expect(textOf(byTag(table, "caption")[0]!)).toMatch(/^[二三四]、/);
      const wrapper = table.parent!;
      // <section> with a name is the native region landmark (html-validate: prefer-native-element).
      expect(wrapper.tag).toBe("section");
      expect(wrapper.attrs).toMatchObject({ class: "table-wrap", tabindex: "0" });
      expect(wrapper.attrs.role).toBeUndefined();
      expect(wrapper.attrs["aria-label"]).toBe(textOf(byTag(table, "caption")[0]!));
    }
  });
});

describe("report page: self-contained, print and phone", () => {
  const html = published(busyContent());
  const doc = parseHtml(html);
  const css = byTag(doc, "style").map(textOf).join("\n");

  it("has no script, no event handler attribute and no external resource", () => {
    expect(html).not.toMatch(/<script/i);
    expect(elements(doc, (e) => Object.keys(e.attrs).some((name) => name.startsWith("on")))).toEqual([]);
    expect(byTag(doc, "link")).toEqual([]);
    expect(elements(doc, (e) => e.attrs.src !== undefined)).toEqual([]);
    const csp = elements(doc, (e) => e.attrs["http-equiv"] === "Content-Security-Policy")[0]!;
    expect(csp.attrs.content).toContain("default-src 'none'");
  });

  it("has a Chinese font stack, a phone viewport and print rules", () => {
    expect(css).toContain(`"Noto Serif CJK SC","Source Han Serif SC"`);
    expect(css).toContain("SimSun");
    expect(elements(doc, (e) => e.attrs.name === "viewport")[0]!.attrs.content).toContain("width=device-width");
    expect(css).toMatch(/@page\{size:A4;margin:[^}]+\}/);
    const print = css.slice(css.indexOf("@media print"));
    expect(print).toContain("thead{display:table-header-group}");
    expect(print).toContain("tr{break-inside:avoid");
    expect(print).toMatch(/\.page-footer nav[^{]*\{display:none\}/);
  });
});

describe("report page: preview, corrections and versions", () => {
  it("shows a visible 预览/草稿 banner in preview and none when published", () => {
    const content = exampleContent();
    const preview = parseHtml(renderReportPage({ content, mode: "preview" }));
    const banner = byClass(preview, "banner");
    expect(banner).toHaveLength(1);
    expect(textOf(banner[0]!)).toContain("预览");
    expect(textOf(banner[0]!)).toContain("草稿");
    expect(textOf(byTag(preview, "title")[0]!)).toContain("预览");
    expect(elements(preview, (e) => e.attrs.name === "robots")).toHaveLength(1);
    expect(byClass(parseHtml(published(content)), "banner")).toHaveLength(0);
  });

  it("keeps the six headings and shows （未填写） for the sections a preview lacks", () => {
    const content = exampleContent();
    content.sections = { overview: content.sections.overview };
    const doc = parseHtml(renderReportPage({ content, mode: "preview" }));
    expect(byTag(doc, "h2").map(textOf)).toEqual(HEADINGS);
    const placeholders = byClass(doc, "placeholder").map(textOf);
    expect(placeholders).toEqual(["导语（未填写）", "（未填写）", "（未填写）", "（未填写）", "（未填写）", "（未填写）"]);
    expect(byTag(doc, "table")).toHaveLength(0);
  });

  it("shows the 更正说明 prominently before the preamble", () => {
    const doc = parseHtml(
      published(exampleContent(), { version: 2, publishedAt: "2025-02-03T02:00:00Z", correctionNote: "更正第三部分表格数据。\n第二行说明。" }),
    );
    const box = byClass(doc, "correction")[0]!;
    expect(box.attrs.role).toBe("note");
    expect(textOf(byClass(box, "box-title")[0]!)).toBe("更正说明（第2版，2025年2月3日）");
    expect(byTag(box, "p").slice(1).map(textOf)).toEqual(["更正第三部分表格数据。", "第二行说明。"]);
    const main = byTag(doc, "main")[0]!;
    const order = main.children.filter((c): c is ElementNode => c.type === "element").map((e) => e.attrs.class ?? e.tag);
    expect(order.slice(0, 3)).toEqual(["h1", "correction", "p"]);
  });

  it("lists every version with links, marks the current one and shows the links", () => {
    const doc = parseHtml(
      published(exampleContent(), {
        version: 2,
        versions: [
          { version: 1, publishedAt: "2025-01-15T02:00:00Z", href: "v1.html" },
          { version: 2, publishedAt: "2025-02-03T02:00:00Z", href: "v2.html", correctionNote: "更正。" },
        ],
        links: { yearIndex: "../index.html", agencyHistory: "../../../agencies/yuezhuang-town/index.html", openData: "report.json" },
      }),
    );
    const versions = byClass(doc, "version-list")[0]!;
    const items = byTag(versions, "li").map(textOf);
    expect(items[0]).toBe("第1版　发布日期：2025年1月15日");
    expect(items[1]).toBe("第2版（当前版本）　发布日期：2025年2月3日更正说明：更正。");
    expect(byTag(versions, "a").map((a) => a.attrs.href)).toEqual(["v1.html"]);
    const nav = byTag(byTag(doc, "footer")[0]!, "nav")[0]!;
    expect(byTag(nav, "a").map((a) => [textOf(a), a.attrs.href])).toEqual([
      ["本年度各机关年度报告", "../index.html"],
      ["本机关历年年度报告", "../../../agencies/yuezhuang-town/index.html"],
      ["开放数据（JSON）", "report.json"],
    ]);
  });
});

describe("report page: editions (index.html is the latest, v{n}.html an archived copy)", () => {
  const versions = [
    { version: 1, publishedAt: "2025-01-15T02:00:00Z", href: "v1.html" },
    { version: 2, publishedAt: "2025-02-03T02:00:00Z", href: "v2.html", correctionNote: "更正第三部分。" },
  ];
  const { latest, archived } = renderReportEditions({
    content: exampleContent(),
    version: 2,
    publishedAt: "2025-02-03T02:00:00Z",
    correctionNote: "更正第三部分。",
    versions,
    links: { yearIndex: "../index.html", openData: "report.json" },
  });
  const latestDoc = parseHtml(latest);
  const archivedDoc = parseHtml(archived);

  it("the latest page says it is current and lists the earlier versions with their 更正说明", () => {
    const footer = textOf(byTag(latestDoc, "footer")[0]!);
    expect(footer).toContain("当前版本：第2版");
    const items = byTag(byClass(latestDoc, "version-list")[0]!, "li").map(textOf);
    expect(items).toEqual(["第1版　发布日期：2025年1月15日", "第2版（当前版本）　发布日期：2025年2月3日更正说明：更正第三部分。"]);
    expect(byClass(latestDoc, "edition-note")).toEqual([]);
  });

  it("the archived page never claims to be current and links to the latest", () => {
    expect(archived).not.toContain("当前版本");
    const notice = byClass(archivedDoc, "edition-note")[0]!;
    expect(textOf(notice)).toContain("本页是本报告第2版（2025年2月3日发布）的存档");
    expect(byTag(notice, "a").map((a) => a.attrs.href)).toEqual(["index.html"]);
    expect(textOf(byTag(archivedDoc, "title")[0]!)).toBe("沂源县悦庄镇人民政府2024年政府信息公开工作年度报告（第2版）");
    const footer = byTag(archivedDoc, "footer")[0]!;
    expect(textOf(footer)).toContain("本页版本：第2版");
    expect(byTag(byClass(footer, "version-list")[0]!, "li").map(textOf)[1]).toBe("第2版（本页）　发布日期：2025年2月3日更正说明：更正第三部分。");
    expect(byTag(byTag(footer, "nav")[0]!, "a").map((a) => [textOf(a), a.attrs.href])[0]).toEqual(["最新版本", "index.html"]);
  });

  it("both keep the same report body and the link to report.json", () => {
    const body = (doc: ElementNode) => partsOf(doc).map(textOf).join("");
    expect(body(archivedDoc)).toBe(body(latestDoc));
    for (const doc of [latestDoc, archivedDoc]) {
      expect(byTag(doc, "a").some((a) => a.attrs.href === "report.json" && a.attrs.type === "application/json")).toBe(true);
    }
  });

  it("renderReportPage defaults to the latest edition; a preview has neither", () => {
    expect(published(exampleContent(), { versions, version: 2 })).toContain("第2版（当前版本）");
    const preview = renderReportPage({ content: exampleContent(), mode: "preview", edition: "archived" });
    expect(byClass(parseHtml(preview), "edition-note")).toEqual([]);
  });
});

describe("report page: the title on narrow lines and in print", () => {
  it("keeps the title in pieces of several characters, breakable only between them, and balances it", () => {
    const h1 = byTag(parseHtml(published(exampleContent())), "h1")[0]!;
    const pieces = byClass(h1, "title-line").map(textOf);
    expect(pieces).toEqual(["沂源县悦庄镇人民政府", "2024年政府信息公开工作", "年度报告"]);
    expect(pieces.every((piece) => [...piece].length >= 2)).toBe(true);
    expect(textOf(h1)).toBe("沂源县悦庄镇人民政府2024年政府信息公开工作年度报告");
    const css = byTag(parseHtml(published(exampleContent())), "style").map(textOf).join("");
    expect(css).toMatch(/h1\{[^}]*text-wrap:balance/);
    expect(css).toMatch(/h1 \.title-line\{display:inline-block/);
  });

  it("prints tables with repeated header rows and unbroken rows, and never the phone layout", () => {
    const css = byTag(parseHtml(published(busyContent())), "style").map(textOf).join("");
    const print = css.slice(css.indexOf("@media print"));
    expect(print).toContain("thead{display:table-header-group}");
    expect(print).toMatch(/tr\{break-inside:avoid;page-break-inside:avoid\}/);
    // The narrow-screen rules (fixed label widths, sticky cells) are for screens only.
    expect(css).toMatch(/@media screen and \(max-width:900px\)\{[^@]*position:sticky/);
    expect(css).not.toMatch(/@media \(max-width/);
  });
});
