import { describe, expect, it } from "vitest";
import { renderReportPage } from "../../../functions/report/render";
import { sectionInputSchemas, storedSectionSchemas, type ReportContent } from "../../../functions/report/schemas";
import { exampleSections } from "../../../fixtures/example";
import { exampleContent, standardLayoutContent } from "./fixtures";
import { byTag, parseHtml, textOf, type ElementNode } from "./html-parser";

/**
 * The agency's own layout of the narrative sections (issue 13): optional `headings` (the heading
 * line as written, "" = none) and `order` (a permutation of the parts present). Strictly validated;
 * without it the page keeps the template's wording.
 */

const page = (content: ReportContent) => parseHtml(renderReportPage({ content, mode: "published", version: 1, publishedAt: "2025-01-19T16:30:00Z" }));
const partsOf = (doc: ElementNode) =>
  byTag(doc, "main")[0]!.children.filter((c): c is ElementNode => c.type === "element" && c.tag === "section");
/** Tag and text of every heading line and paragraph of a part, in order. */
const blocksOf = (section: ElementNode) =>
  section.children
    .filter((c): c is ElementNode => c.type === "element" && (c.tag === "h3" || c.tag === "p"))
    .map((e) => `${e.tag}:${textOf(e).slice(0, 12)}`);

const issuesOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (result.error?.issues ?? []).map((issue) => [issue.path.join("."), issue.message]);

describe("headings and order: validation", () => {
  it("accepts the seed's layout and every section without one (backward compatible)", () => {
    for (const name of ["overview", "problemsAndImprovements", "otherMatters", "preamble"] as const) {
      expect(sectionInputSchemas[name].safeParse(exampleSections[name]).success, name).toBe(true);
      const { headings: _h, order: _o, ...plain } = exampleSections[name] as Record<string, unknown>;
      expect(sectionInputSchemas[name].safeParse(plain).success, `${name} without layout`).toBe(true);
    }
  });

  it("rejects unknown part names in headings and in order, in Chinese", () => {
    const headings = sectionInputSchemas.problemsAndImprovements.safeParse({
      ...exampleSections.problemsAndImprovements,
      headings: { problems: "（一）存在问题", problem: "（一）问题" },
    });
    expect(issuesOf(headings)).toEqual([["headings", "小标题（headings）只能用于以下部分：previousYearRectification、problems、improvements；不认识：problem"]]);
    const order = sectionInputSchemas.otherMatters.safeParse({ ...exampleSections.otherMatters, order: ["processingFee", "fee"] });
    expect(issuesOf(order)).toEqual([["order.1", "顺序（order）中的部分名应为：processingFee、superiorWorkPoints、deputyProposals、innovations、other"]]);
  });

  it("rejects a part listed twice, a part that is not there, and an order that leaves a part out", () => {
    const base = { processingFee: { charged: false, amountYuan: "0" }, innovations: "创新。" };
    expect(issuesOf(sectionInputSchemas.otherMatters.safeParse({ ...base, order: ["innovations", "processingFee", "innovations"] }))).toEqual([
      ["order.2", "顺序（order）中“innovations”（年度政务公开工作创新情况）重复出现"],
    ]);
    expect(issuesOf(sectionInputSchemas.otherMatters.safeParse({ ...base, order: ["processingFee", "innovations", "other"] }))).toEqual([
      ["order.2", "顺序（order）列出了未填写的部分“other”（其他）"],
    ]);
    expect(issuesOf(sectionInputSchemas.otherMatters.safeParse({ ...base, order: ["innovations"] }))).toEqual([
      ["order", "顺序（order）应列出全部已填写的部分，缺少：“processingFee”（信息处理费收取情况）"],
    ]);
    expect(issuesOf(sectionInputSchemas.otherMatters.safeParse({ ...base, headings: { deputyProposals: "2.建议提案。" } }))).toEqual([
      ["headings.deputyProposals", "小标题（headings）给了未填写的部分“deputyProposals”（人大代表建议和政协提案办理结果公开情况）"],
    ]);
  });

  it("takes a heading as one line: trimmed, no line breaks; the preamble orders its paragraphs but has no headings", () => {
    const twoLines = sectionInputSchemas.problemsAndImprovements.safeParse({
      ...exampleSections.problemsAndImprovements,
      headings: { problems: "（一）存在\n问题" },
    });
    expect(issuesOf(twoLines)).toEqual([["headings.problems", "小标题应为一行文字，不能包含换行"]]);
    const padded = sectionInputSchemas.problemsAndImprovements.parse({ ...exampleSections.problemsAndImprovements, headings: { problems: "  （一）存在问题 " } });
    expect(padded.headings).toEqual({ problems: "（一）存在问题" });
    const preamble = storedSectionSchemas.preamble.safeParse({ ...exampleSections.preamble, headings: {} });
    expect(issuesOf(preamble)).toEqual([["", "不允许的字段：headings"]]);
    const preambleOrder = storedSectionSchemas.preamble.safeParse({ ...exampleSections.preamble, order: ["contact", "statisticsPeriod", "basisText"] });
    expect(issuesOf(preambleOrder)).toEqual([["order.2", "顺序（order）列出了未填写的部分“basisText”（编制依据）"]]);
  });
});

describe("headings and order: the page", () => {
  it("prints the agency's heading lines verbatim, none where the heading is empty, in the agency's order", () => {
    const doc = page(exampleContent());
    const [overview, , , , problems, other] = partsOf(doc);
    expect(byTag(overview!, "h3")).toEqual([]);
    expect(blocksOf(overview!).slice(0, 2)).toEqual(["p:2024年沂源县悦庄镇人", "p:1.主动公开方面。坚持以"]);
    expect(byTag(problems!, "h3").map(textOf)).toEqual(["（一）存在问题", "（二）改进情况"]);
    expect(byTag(other!, "h3").map(textOf)).toEqual(["1.依申请公开信息处理费收费情况。", "2.本年度建议提案办理情况。", "3.创新情况。", "4.落实上级政务公开工作方案情况。"]);
    expect(blocksOf(other!)[1]).toBe("p:根据《国务院办公厅关于印");
  });

  it("uses the template's wording for a part the agency gave no heading, numbered by its position", () => {
    const content = standardLayoutContent();
    content.sections.otherMatters = {
      processingFee: { charged: false, amountYuan: "0" },
      innovations: "创新。",
      deputyProposals: "建议提案。",
      headings: { deputyProposals: "（二）建议提案办理" },
      order: ["innovations", "deputyProposals", "processingFee"],
    };
    expect(byTag(partsOf(page(content))[5]!, "h3").map(textOf)).toEqual(["1.年度政务公开工作创新情况", "（二）建议提案办理", "3.信息处理费收取情况"]);
  });

  it("orders the preamble's paragraphs as the agency did, the period and contact sentences still joined when adjacent", () => {
    const content = standardLayoutContent();
    content.sections.preamble = {
      ...content.sections.preamble!,
      basisText: "根据条例编制本报告。",
      downloadNote: "电子版可在门户网站下载。",
      order: ["basisText", "downloadNote", "statisticsPeriod", "contact"],
    };
    const preamble = byTag(byTag(page(content), "main")[0]!, "p").slice(0, 3).map(textOf);
    expect(preamble[0]).toBe("根据条例编制本报告。");
    expect(preamble[1]).toBe("电子版可在门户网站下载。");
    expect(preamble[2]).toMatch(/^本年度报告中所列数据的统计期限自2024年1月1日起，至2024年12月31日止。如对报告内容有疑问/u);
  });

  it("shows a heading as text, never as markup", () => {
    const content = exampleContent();
    content.sections.problemsAndImprovements!.headings = { problems: "<script>alert(1)</script>（一）", improvements: "" };
    const html = renderReportPage({ content, mode: "published", version: 1, publishedAt: "2025-01-19T16:30:00Z" });
    expect(html).not.toContain("<script>alert(1)");
    expect(byTag(partsOf(parseHtml(html))[4]!, "h3").map(textOf)).toEqual(["<script>alert(1)</script>（一）"]);
  });

  it("keeps the parts identifiable for rules and open data: the fields are unchanged by the layout", () => {
    const stored = storedSectionSchemas.otherMatters.parse(exampleSections.otherMatters);
    expect(stored.processingFee).toEqual(exampleSections.otherMatters.processingFee);
    expect(stored.order).toEqual(["processingFee", "deputyProposals", "innovations", "superiorWorkPoints"]);
  });
});
