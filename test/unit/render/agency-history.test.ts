import { describe, expect, it } from "vitest";
import { renderAgencyHistory } from "../../../functions/report/render";
import { byTag, parseHtml, textOf } from "./html-parser";

describe("agency history page", () => {
  const html = renderAgencyHistory({
    countyName: "沂源县",
    agency: { agencyId: "yuezhuang-town", fullName: "沂源县悦庄镇人民政府", kind: "town", hasRulemakingPower: false },
    reports: [
      { year: 2023, versions: [{ version: 1, publishedAt: "2024-01-25T02:00:00Z" }] },
      {
        year: 2024,
        versions: [
          { version: 2, publishedAt: "2025-02-03T02:00:00Z", correctionNote: "更正第三部分表格数据。" },
          { version: 1, publishedAt: "2025-01-19T16:30:00Z" },
        ],
      },
    ],
  });
  const doc = parseHtml(html);

  it("lists the years newest first under one h1", () => {
    expect(byTag(doc, "h1").map(textOf)).toEqual(["沂源县悦庄镇人民政府政府信息公开工作年度报告"]);
    expect(byTag(doc, "h2").map(textOf)).toEqual(["2024年", "2023年"]);
    expect(html).not.toMatch(/<script/i);
  });

  it("links each year's latest page, its year index and every version, relative to agencies/{agencyId}/", () => {
    const section2024 = byTag(doc, "section")[0]!;
    expect(byTag(section2024, "a").map((a) => [textOf(a), a.attrs.href])).toEqual([
      ["沂源县悦庄镇人民政府2024年政府信息公开工作年度报告", "../../reports/2024/yuezhuang-town/index.html"],
      ["本年度各机关年度报告", "../../reports/2024/index.html"],
      ["第1版", "../../reports/2024/yuezhuang-town/v1.html"],
      ["第2版", "../../reports/2024/yuezhuang-town/v2.html"],
    ]);
    expect(textOf(section2024)).toContain("最新版本：第2版");
    expect(byTag(section2024, "li").map(textOf)).toEqual([
      "第1版　发布日期：2025年1月20日",
      "第2版　发布日期：2025年2月3日更正说明：更正第三部分表格数据。",
    ]);
  });
});
