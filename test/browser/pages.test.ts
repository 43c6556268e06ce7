import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { AxeBuilder } from "@axe-core/playwright";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderAgencyHistory, renderReportPage, renderYearIndex } from "../../functions/report/render";
import { busyContent, exampleContent } from "../unit/render/fixtures";

/**
 * The published pages in Debian's Chromium: axe-core finds no violation, the table headers are
 * associated with the data cells as a screen reader sees them, and the Chinese text is drawn with a
 * real CJK font (the test fails on tofu, i.e. when fonts-noto-cjk is missing).
 */

// The page.evaluate callbacks run inside Chromium. tsconfig has no DOM lib (this is server code), so
// the little of the DOM they use is declared here, scoped to this module.
interface BrowserElement {
  textContent: string | null;
  scrollWidth: number;
  clientWidth: number;
  getAttribute(name: string): string | null;
}
interface Canvas2D {
  font: string;
  fillText(text: string, x: number, y: number): void;
  getImageData(x: number, y: number, width: number, height: number): { data: ArrayLike<number> };
  measureText(text: string): { width: number };
}
interface BrowserCanvas {
  width: number;
  height: number;
  getContext(kind: "2d"): Canvas2D | null;
}
declare const document: {
  body: BrowserElement;
  documentElement: BrowserElement;
  getElementById(id: string): BrowserElement | null;
  querySelector(selector: string): BrowserElement | null;
  querySelectorAll(selector: string): Iterable<BrowserElement>;
  createElement(tag: "canvas"): BrowserCanvas;
};
declare function getComputedStyle(element: BrowserElement): { display: string; breakInside: string; fontFamily: string };

const ARTIFACTS = resolve("artifacts");
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"];

let browser: Browser;
let dir: string;

function writePage(name: string, html: string): string {
  const file = join(dir, name);
  writeFileSync(file, html, "utf8");
  return pathToFileURL(file).href;
}

async function openPage(url: string, viewport = { width: 1100, height: 900 }): Promise<Page> {
  // @axe-core/playwright needs a page from an explicit context (stack-notes pitfall 11).
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

async function axeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")) }));
}

const reportPageHtml = () =>
  renderReportPage({
    content: busyContent(),
    mode: "published",
    version: 2,
    publishedAt: "2025-01-19T16:30:00Z",
    correctionNote: "更正第三部分表格“自然人”列的数据。",
    versions: [
      { version: 1, publishedAt: "2025-01-15T02:00:00Z", href: "v1.html" },
      { version: 2, publishedAt: "2025-01-19T16:30:00Z", href: "v2.html", correctionNote: "更正第三部分表格“自然人”列的数据。" },
    ],
    links: { yearIndex: "../index.html", agencyHistory: "../../../agencies/yuezhuang-town/index.html", openData: "report.json" },
  });

const yearIndexHtml = () => {
  const agency = exampleContent().agency;
  return renderYearIndex({
    countyName: "沂源县",
    year: 2024,
    generatedAt: "2025-02-01T01:30:00Z",
    entries: [
      { agency: { ...agency, agencyId: "county", fullName: "沂源县人民政府", kind: "countyGovernment" }, status: "unpublished", late: false, deadline: "2025-03-31" },
      { agency: { ...agency, agencyId: "fgj", fullName: "沂源县发展和改革局", kind: "countyDepartment" }, status: "unpublished", late: true, deadline: "2025-01-31" },
      { agency, status: "published", late: false, deadline: "2025-01-31", version: 2, publishedAt: "2025-01-19T16:30:00Z", correctionCount: 1 },
    ],
  });
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "render-browser-"));
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("published report page in Chromium", () => {
  it("has no axe-core violations", async () => {
    const page = await openPage(writePage("report.html", reportPageHtml()));
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("has no axe-core violations on a phone-sized screen, where the tables scroll", async () => {
    const page = await openPage(writePage("report-phone.html", reportPageHtml()), { width: 375, height: 800 });
    const scrollable = await page.$$eval(".table-wrap", (wraps: BrowserElement[]) => wraps.map((w) => w.scrollWidth > w.clientWidth));
    expect(scrollable).toEqual([false, true, true]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("associates each number with its row and column headers as assistive technology sees them", async () => {
    const page = await openPage(writePage("report-a11y.html", reportPageHtml()));
    const resolveHeaders = (selector: string) =>
      page.$eval(selector, (cell: BrowserElement) => ({
        value: cell.textContent,
        headers: (cell.getAttribute("headers") ?? "").split(" ").map((id: string) => document.getElementById(id)?.textContent ?? `missing ${id}`),
      }));
    const grantedNatural = await resolveHeaders('td[headers~="t3-c-naturalPerson"][headers~="t3-r-granted"]');
    expect(grantedNatural).toEqual({ value: "1", headers: ["申请人情况", "自然人", "三、本年度办理结果", "（一）予以公开"] });
    const feeCell = await resolveHeaders('td[headers~="t2-administrativeFees"]');
    expect(feeCell).toEqual({ value: "24252.311082", headers: ["第二十条第（八）项", "本年收费金额（单位：万元）", "行政事业性收费"] });

    // Chromium's own accessibility tree: the cell is a table cell and the headers are column/row headers.
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as { nodes: { role?: { value?: string }; name?: { value?: string } }[] };
    const named = (role: string) => nodes.filter((n) => n.role?.value === role).map((n) => n.name?.value);
    expect(named("columnheader")).toEqual(expect.arrayContaining(["自然人", "申请人情况", "法人或其他组织", "结果维持"]));
    expect(named("rowheader")).toEqual(expect.arrayContaining(["（一）予以公开", "三、本年度办理结果", "（三）不予公开", "行政许可"]));
    await page.context().close();
  });

  it("draws the Chinese text with an installed CJK font (no tofu) and writes a screenshot", async () => {
    const zhFonts = execFileSync("fc-list", [":lang=zh", "family"], { encoding: "utf8" }).trim().split("\n").filter(Boolean);
    expect(zhFonts.length).toBeGreaterThan(0);

    const page = await openPage(writePage("report-fonts.html", reportPageHtml()));
    // The fonts Chromium actually used for the title and a table header.
    const cdp = await page.context().newCDPSession(page);
    const { root } = (await cdp.send("DOM.getDocument")) as { root: { nodeId: number } };
    await cdp.send("CSS.enable");
    for (const selector of ["h1", "#t3-c-naturalPerson"]) {
      const { nodeId } = (await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector })) as { nodeId: number };
      const { fonts } = (await cdp.send("CSS.getPlatformFontsForNode", { nodeId })) as { fonts: { familyName: string; glyphCount: number }[] };
      const cjkGlyphs = fonts.filter((f) => /CJK|Han|Song|Hei|Ming|Kai/i.test(f.familyName)).reduce((n, f) => n + f.glyphCount, 0);
      expect(cjkGlyphs, `${selector} drawn with ${JSON.stringify(fonts)}`).toBeGreaterThan(0);
    }

    // Pixel check: without a CJK font every Han character is the same .notdef box, so 政 and 府 would
    // render identically to each other and to an unassigned private-use character.
    const glyphs = await page.evaluate(() => {
      const draw = (text: string) => {
        const canvas = document.createElement("canvas");
        canvas.width = 64;
        canvas.height = 64;
        const ctx = canvas.getContext("2d")!;
        ctx.font = `48px ${getComputedStyle(document.body).fontFamily}`;
        ctx.fillText(text, 4, 52);
        return Array.from(ctx.getImageData(0, 0, 64, 64).data).join(",");
      };
      const ctx = document.createElement("canvas").getContext("2d")!;
      ctx.font = `48px ${getComputedStyle(document.body).fontFamily}`;
      return { zheng: draw("政"), fu: draw("府"), tofu: draw("\uE000"), width: ctx.measureText("政府信息公开").width };
    });
    expect(glyphs.zheng).not.toBe(glyphs.fu);
    expect(glyphs.zheng).not.toBe(glyphs.tofu);
    expect(glyphs.width).toBeGreaterThan(6 * 48 * 0.8);

    mkdirSync(ARTIFACTS, { recursive: true });
    const screenshot = await page.screenshot({ path: join(ARTIFACTS, "report-page.png"), fullPage: true });
    expect(screenshot.length).toBeGreaterThan(10_000);
    await page.context().close();
  });

  it("prints on A4 with the table header rows repeated", async () => {
    const page = await openPage(writePage("report-print.html", reportPageHtml()));
    await page.emulateMedia({ media: "print" });
    const print = await page.evaluate(() => ({
      thead: getComputedStyle(document.querySelector(".t3 thead")!).display,
      rowBreak: getComputedStyle(document.querySelector(".t3 tbody tr")!).breakInside,
      footerNav: getComputedStyle(document.querySelector(".page-footer nav")!).display,
      overflow: [...document.querySelectorAll(".table-wrap")].map((w) => w.scrollWidth <= w.clientWidth + 1),
    }));
    expect(print).toEqual({ thead: "table-header-group", rowBreak: "avoid", footerNav: "none", overflow: [true, true, true] });
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    await page.context().close();
  });
});

describe("year index and agency history in Chromium", () => {
  it("the year index has no axe-core violations", async () => {
    const page = await openPage(writePage("index.html", yearIndexHtml()));
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, "year-index.png"), fullPage: true });
    await page.context().close();
  });

  it("the agency history page has no axe-core violations", async () => {
    const html = renderAgencyHistory({
      countyName: "沂源县",
      agency: exampleContent().agency,
      reports: [
        { year: 2024, versions: [{ version: 1, publishedAt: "2025-01-15T02:00:00Z" }, { version: 2, publishedAt: "2025-01-19T16:30:00Z", correctionNote: "更正。" }] },
        { year: 2023, versions: [{ version: 1, publishedAt: "2024-01-25T02:00:00Z" }] },
      ],
    });
    const page = await openPage(writePage("history.html", html));
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("a preview page has no axe-core violations either", async () => {
    const content = exampleContent();
    delete content.sections.applications;
    const page = await openPage(writePage("preview.html", renderReportPage({ content, mode: "preview" })));
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });
});
