import { describe, expect, it } from "vitest";
import { openDataCsv, openDataCsvColumns, reportOpenData } from "../../../functions/report/render";
import { busyContent, exampleContent } from "./fixtures";
import { TABLE3_COLUMNS, TABLE3_ROWS } from "./expected-labels";

/** RFC 4180 reader for the assertions: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") record.push(field), (field = "");
    else if (ch === "\r" && text[i + 1] === "\n") record.push(field), records.push(record), (record = []), (field = ""), i++;
    else field += ch;
  }
  if (field !== "" || record.length > 0) throw new Error("last record not terminated by CRLF");
  return records;
}

describe("report.json", () => {
  const content = busyContent();
  const data = reportOpenData({ content, version: 2, publishedAt: "2025-02-03T02:00:00Z", correctionNote: "更正。" });

  it("carries the stored sections verbatim (deep-equal, not shared)", () => {
    expect(data.sections).toEqual(content.sections);
    expect(data.sections).not.toBe(content.sections);
    expect(JSON.parse(JSON.stringify(data)).sections).toEqual(busyContent().sections);
  });

  it("has the report's identity, version and correction note", () => {
    expect(data).toMatchObject({
      schemaVersion: 1,
      templateVersion: "2021",
      year: 2024,
      title: "沂源县悦庄镇人民政府2024年政府信息公开工作年度报告",
      agency: content.agency,
      version: 2,
      publishedAt: "2025-02-03T02:00:00Z",
      correctionNote: "更正。",
    });
    expect("correctionNote" in reportOpenData({ content, version: 1, publishedAt: "2025-01-20T00:00:00Z" })).toBe(false);
  });

  it("gives the fee exactly in 分 and the template's labels for every key", () => {
    expect(data.amounts.administrativeFeesFen).toBe(24252311082);
    expect(data.labels.activeDisclosure.rows.normativeDocuments).toBe("行政规范性文件");
    expect(data.labels.activeDisclosure.columns.amountWanYuan).toBe("本年收费金额（单位：万元）");
    expect(data.labels.activeDisclosure.rowBlocks.administrativePenalty).toBe("第二十条第（六）项");
    expect(Object.values(data.labels.applications.rows)).toEqual(TABLE3_ROWS.map(([label]) => label));
    expect(Object.values(data.labels.applications.columns)).toEqual(TABLE3_COLUMNS);
    expect(data.labels.applications.rowGroups.deniedStateSecret).toEqual(["三、本年度办理结果", "（三）不予公开"]);
    expect(data.labels.reviewLitigation.groups).toEqual({ review: "行政复议", litigationDirect: "未经复议直接起诉", litigationAfterReview: "复议后起诉" });
    expect(data.labels.reviewLitigation.groupParents.litigationDirect).toBe("行政诉讼");
    // Every key of the stored table 三 rows has a label.
    expect(Object.keys(data.labels.applications.rows).sort()).toEqual(Object.keys(content.sections.applications!.rows).sort());
  });
});

describe("open-data.csv", () => {
  const quirky = exampleContent();
  quirky.agency = { ...quirky.agency, agencyId: "quirky", fullName: `某"局",\n二处` };
  const csv = openDataCsv([
    { content: busyContent(), version: 2, publishedAt: "2025-01-19T16:30:00Z" },
    { content: quirky, version: 1, publishedAt: "2025-01-20T00:00:00Z" },
  ]);

  it("is UTF-8 with a BOM and CRLF line ends", () => {
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(csv.replace(/\r\n/g, "").includes("\r")).toBe(false);
  });

  it("has a column per cell of tables 二–四 with Chinese header names built from the labels", () => {
    const [header] = parseCsv(csv.slice(1));
    expect(header).toEqual(openDataCsvColumns());
    expect(header!.slice(0, 9)).toEqual(["年度", "机关标识", "机关全称", "机关类别", "标题", "格式版本", "版本", "发布日期", "发布时间"]);
    expect(header!.filter((h) => h.startsWith("二|"))).toHaveLength(10);
    expect(header!.filter((h) => h.startsWith("三|"))).toHaveLength(175);
    expect(header!.filter((h) => h.startsWith("四|"))).toHaveLength(15);
    expect(header).toContain("三|一、本年新收政府信息公开申请数量|自然人");
    expect(header).toContain("三|三、本年度办理结果|（三）不予公开|1.属于国家秘密|法人或其他组织|商业企业");
    expect(header).toContain("二|第二十条第（八）项|行政事业性收费|本年收费金额（单位：万元）");
    expect(header).toContain("四|行政诉讼|复议后起诉|总计");
    expect(new Set(header).size).toBe(header!.length);
  });

  it("writes one row per report with exact values", () => {
    const [header, busy, town, ...rest] = parseCsv(csv.slice(1));
    expect(rest).toEqual([]);
    const cell = (row: string[], name: string) => row[header!.indexOf(name)];
    expect(cell(busy!, "二|第二十条第（八）项|行政事业性收费|本年收费金额（单位：万元）")).toBe("24252.311082");
    expect(cell(busy!, "四|行政诉讼|复议后起诉|总计")).toBe("18");
    expect(cell(busy!, "发布日期")).toBe("2025-01-20");
    expect(cell(busy!, "机关类别")).toBe("乡镇");
    expect(cell(town!, "三|一、本年新收政府信息公开申请数量|自然人")).toBe("1");
    expect(town!.length).toBe(header!.length);
  });

  it("quotes fields with commas, quotes and line breaks (RFC 4180)", () => {
    expect(csv).toContain(`"某""局"",\n二处"`);
    const [header, , town] = parseCsv(csv.slice(1));
    expect(town![header!.indexOf("机关全称")]).toBe(`某"局",\n二处`);
  });

  it("is just the header for a year with nothing published", () => {
    expect(parseCsv(openDataCsv([]).slice(1))).toHaveLength(1);
  });
});
