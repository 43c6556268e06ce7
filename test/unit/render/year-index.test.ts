import { describe, expect, it } from "vitest";
import { renderYearIndex, yearIndexJson, type YearIndexView } from "../../../functions/report/render";
import type { Agency } from "../../../functions/report/schemas";
import { byTag, parseHtml, textOf, type ElementNode } from "./html-parser";

const agency = (agencyId: string, fullName: string, kind: Agency["kind"]): Agency => ({ agencyId, fullName, kind, hasRulemakingPower: false });

const view: YearIndexView = {
  countyName: "沂源县",
  year: 2024,
  generatedAt: "2025-02-01T01:30:00Z",
  entries: [
    { agency: agency("yuezhuang-town", "沂源县悦庄镇人民政府", "town"), status: "published", late: false, deadline: "2025-01-31", version: 2, publishedAt: "2025-01-19T16:30:00Z", correctionCount: 1 },
    { agency: agency("fgj", "沂源县发展和改革局", "countyDepartment"), status: "unpublished", late: true, deadline: "2025-01-31" },
    { agency: agency("county", "沂源县人民政府", "countyGovernment"), status: "unpublished", late: false, deadline: "2025-03-31" },
    { agency: agency("lishan", "沂源县历山街道办事处", "subdistrict"), status: "published", late: true, deadline: "2025-01-31", version: 1, publishedAt: "2025-02-05T02:00:00Z" },
  ],
};

describe("year index page", () => {
  const html = renderYearIndex(view);
  const doc = parseHtml(html);
  // The group sections directly inside main (each table's scroll region is a nested section).
  const sections = byTag(doc, "main")[0]!.children.filter((c): c is ElementNode => c.type === "element" && c.tag === "section");
  const rowsOf = (index: number) => byTag(byTag(sections[index]!, "tbody")[0]!, "tr").map((tr) => tr.children.filter((c) => c.type === "element").map(textOf));

  it("has one h1 and the three groups 本级政府 / 部门 / 乡镇（街道） in order", () => {
    expect(byTag(doc, "h1").map(textOf)).toEqual(["沂源县2024年政府信息公开工作年度报告目录"]);
    expect(byTag(doc, "h2").map(textOf)).toEqual(["本级政府", "部门", "乡镇（街道）"]);
    expect(byTag(doc, "html")[0]!.attrs.lang).toBe("zh-CN");
    expect(html).not.toMatch(/<script/i);
  });

  it("lists each agency in its group with status, version, publish date and deadline", () => {
    expect(rowsOf(0)).toEqual([["沂源县人民政府2024年政府信息公开工作年度报告", "未发布", "—", "—", "2025年3月31日"]]);
    expect(rowsOf(1)).toEqual([["沂源县发展和改革局2024年政府信息公开工作年度报告", "未发布（逾期）", "—", "—", "2025年1月31日"]]);
    expect(rowsOf(2)).toEqual([
      ["沂源县悦庄镇人民政府2024年政府信息公开工作年度报告", "已发布，已更正1次", "第2版", "2025年1月20日", "2025年1月31日"],
      ["沂源县历山街道办事处2024年政府信息公开工作年度报告", "已发布（逾期）", "第1版", "2025年2月5日", "2025年1月31日"],
    ]);
  });

  it("links the year's open data, then the published reports at ./{agencyId}/index.html, and nothing else", () => {
    expect(byTag(doc, "a").map((a) => [textOf(a), a.attrs.href])).toEqual([
      ["开放数据（JSON，本年度目录）", "./index.json"],
      ["开放数据（CSV，全部机关）", "./open-data.csv"],
      ["沂源县悦庄镇人民政府2024年政府信息公开工作年度报告", "./yuezhuang-town/index.html"],
      ["沂源县历山街道办事处2024年政府信息公开工作年度报告", "./lishan/index.html"],
    ]);
  });

  it("shows （无） for an empty group and a summary line", () => {
    const onlyTown = parseHtml(renderYearIndex({ ...view, entries: [view.entries[0]!] }));
    const tbodies = byTag(onlyTown, "tbody").map((t) => textOf(t).trim());
    expect(tbodies.slice(0, 2)).toEqual(["（无）", "（无）"]);
    expect(textOf(doc)).toContain("已发布2份，共4个机关。");
    expect(textOf(doc)).toContain("更新时间：2025年2月1日 09:30");
  });
});

describe("year index JSON", () => {
  it("groups the reports like the page, with hrefs only for published ones", () => {
    const json = yearIndexJson(view);
    expect(json).toMatchObject({ schemaVersion: 1, countyName: "沂源县", year: 2024, generatedAt: "2025-02-01T01:30:00Z" });
    expect(json.groups.map((g) => [g.label, g.reports.map((r) => r.agencyId)])).toEqual([
      ["本级政府", ["county"]],
      ["部门", ["fgj"]],
      ["乡镇（街道）", ["yuezhuang-town", "lishan"]],
    ]);
    expect(json.groups[2]!.reports[0]).toEqual({
      agencyId: "yuezhuang-town",
      fullName: "沂源县悦庄镇人民政府",
      kind: "town",
      kindLabel: "乡镇",
      title: "沂源县悦庄镇人民政府2024年政府信息公开工作年度报告",
      status: "published",
      statusLabel: "已发布",
      late: false,
      deadline: "2025-01-31",
      version: 2,
      publishedAt: "2025-01-19T16:30:00Z",
      correctionCount: 1,
      href: "./yuezhuang-town/index.html",
      jsonHref: "./yuezhuang-town/report.json",
    });
    expect(json.groups[1]!.reports[0]).toMatchObject({ status: "unpublished", statusLabel: "未发布（逾期）", late: true, version: null, href: null });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
