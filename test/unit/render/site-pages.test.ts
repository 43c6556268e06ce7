import { describe, expect, it } from "vitest";
import { renderNotFoundPage, renderSiteRoot } from "../../../functions/report/render";
import { byTag, elements, parseHtml, textOf } from "./html-parser";

describe("site root page", () => {
  const doc = parseHtml(renderSiteRoot({ countyName: "沂源县", years: [2023, 2025, 2024, 2024] }));

  it("names the county and lists each reporting year once, newest first, with its index and open data", () => {
    expect(textOf(byTag(doc, "h1")[0]!)).toBe("沂源县政府信息公开工作年度报告");
    expect(textOf(byTag(doc, "title")[0]!)).toBe("沂源县政府信息公开工作年度报告");
    const items = byTag(byTag(doc, "main")[0]!, "li");
    expect(items.map((li) => byTag(li, "a").map((a) => a.attrs.href))).toEqual(
      [2025, 2024, 2023].map((year) => [`./reports/${year}/index.html`, `./reports/${year}/index.json`, `./reports/${year}/open-data.csv`]),
    );
    expect(textOf(byTag(items[0]!, "a")[0]!)).toBe("2025年度报告目录");
  });

  it("says so when no year has been opened yet", () => {
    const empty = parseHtml(renderSiteRoot({ countyName: "沂源县", years: [] }));
    expect(byTag(empty, "li")).toEqual([]);
    expect(textOf(byTag(empty, "main")[0]!)).toContain("（无）");
  });

  it("escapes the county name", () => {
    const html = renderSiteRoot({ countyName: "<b>县</b>", years: [2024] });
    expect(html).not.toContain("<b>");
    expect(textOf(byTag(parseHtml(html), "h1")[0]!)).toBe("<b>县</b>政府信息公开工作年度报告");
  });
});

describe("404 page", () => {
  it("is Chinese, not indexed, and links home with a root-relative href (it is served at any path)", () => {
    const doc = parseHtml(renderNotFoundPage({ countyName: "沂源县" }));
    expect(byTag(doc, "html")[0]!.attrs.lang).toBe("zh-CN");
    expect(textOf(byTag(doc, "h1")[0]!)).toBe("页面不存在");
    expect(textOf(byTag(doc, "title")[0]!)).toBe("页面不存在 - 沂源县政府信息公开工作年度报告");
    expect(elements(doc, (e) => e.attrs.name === "robots")).toHaveLength(1);
    expect(byTag(doc, "a").map((a) => [textOf(a), a.attrs.href])).toEqual([["返回年度报告首页", "/"]]);
    const local = parseHtml(renderNotFoundPage({ homeHref: "/site/" }));
    expect(byTag(local, "a")[0]!.attrs.href).toBe("/site/");
  });
});
