import { describe, expect, it } from "vitest";
import { renderAgencyHistory, renderReportPage, renderYearIndex } from "../../../functions/report/render";
import type { ReportContent } from "../../../functions/report/schemas";
import { busyContent, XSS } from "./fixtures";
import { byTag, elements, parseHtml, textOf } from "./html-parser";

/** Every string in the sections replaced by the script payload, except the dates the format needs. */
function poisonStrings<T>(value: T, key = ""): T {
  if (typeof value === "string") return (["from", "to"].includes(key) ? value : XSS) as T;
  if (Array.isArray(value)) return value.map((v) => poisonStrings(v)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poisonStrings(v, k)])) as T;
  }
  return value;
}

function poisonedContent(): ReportContent {
  const content = busyContent();
  content.title = XSS;
  content.agency = { ...content.agency, fullName: XSS };
  content.sections = poisonStrings(content.sections);
  // Optional fields too, so every text field of every section carries the payload.
  content.sections.preamble = { ...content.sections.preamble!, basisText: XSS, downloadNote: XSS, contact: { ...content.sections.preamble!.contact, fax: XSS } };
  content.sections.problemsAndImprovements = { ...content.sections.problemsAndImprovements!, previousYearRectification: XSS };
  content.sections.otherMatters = { ...content.sections.otherMatters!, other: XSS };
  return content;
}

const ATTRIBUTE_ATTACK = `x" onmouseover="alert(1)`;

describe("escaping: a <script> typed into any field shows as text and never runs", () => {
  const content = poisonedContent();
  const html = renderReportPage({
    content,
    mode: "published",
    version: 2,
    publishedAt: "2025-01-19T16:30:00Z",
    correctionNote: XSS,
    versions: [{ version: 1, publishedAt: "2025-01-15T00:00:00Z", correctionNote: XSS, href: ATTRIBUTE_ATTACK }],
    links: { yearIndex: ATTRIBUTE_ATTACK, agencyHistory: ATTRIBUTE_ATTACK, openData: ATTRIBUTE_ATTACK },
  });
  const doc = parseHtml(html);

  it("emits no script element", () => {
    expect(html).not.toMatch(/<script/i);
    expect(byTag(doc, "script")).toEqual([]);
  });

  it("shows the payload as text wherever it was typed", () => {
    const textNodes = elements(doc, (e) => e.children.some((c) => c.type === "text" && c.text.includes(XSS)));
    // title, h1, correction note, version note, basis, download note, contact, 5 overview fields + intro,
    // 2–3 problem parts, fee statement and four other items, and the fee cell of table 二.
    expect(textNodes.length).toBeGreaterThanOrEqual(20);
    expect(textOf(byTag(doc, "h1")[0]!)).toBe(XSS);
    expect(textOf(byTag(doc, "title")[0]!)).toBe(XSS);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("keeps attribute values inside their quotes", () => {
    const anchors = byTag(doc, "a");
    expect(anchors.length).toBe(4);
    for (const anchor of anchors) {
      expect(anchor.attrs.href).toBe(ATTRIBUTE_ATTACK);
      expect(Object.keys(anchor.attrs).filter((name) => name.startsWith("on"))).toEqual([]);
    }
  });

  it("escapes the preview too", () => {
    const preview = renderReportPage({ content, mode: "preview" });
    expect(preview).not.toMatch(/<script/i);
    expect(preview).toContain("&lt;script&gt;");
  });

  it("escapes the agency name and county on the year index and the history page", () => {
    const agency = { ...content.agency, fullName: XSS, agencyId: `a"><script>` };
    const index = renderYearIndex({
      countyName: XSS,
      year: 2024,
      generatedAt: "2025-02-01T00:00:00Z",
      entries: [
        { agency, status: "published", late: false, deadline: "2025-01-31", version: 1, publishedAt: "2025-01-20T00:00:00Z" },
        { agency, status: "unpublished", late: true, deadline: "2025-01-31" },
      ],
    });
    const history = renderAgencyHistory({
      countyName: XSS,
      agency,
      reports: [{ year: 2024, versions: [{ version: 1, publishedAt: "2025-01-20T00:00:00Z", correctionNote: XSS }] }],
    });
    for (const page of [index, history]) {
      expect(page).not.toMatch(/<script/i);
      expect(textOf(byTag(parseHtml(page), "h1")[0]!)).toContain(XSS);
    }
  });
});
