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
import { everyPageType, reportEditions, yearIndexView } from "../unit/render/pages";

/**
 * The published pages in Debian's Chromium: axe-core finds no violation, the table headers are
 * associated with the data cells as a screen reader sees them, and the Chinese text is drawn with a
 * real CJK font (the test fails on tofu, i.e. when fonts-noto-cjk is missing).
 */

// The page.evaluate callbacks run inside Chromium. tsconfig has no DOM lib (this is server code), so
// the little of the DOM they use is declared here, scoped to this module.
interface BrowserRect {
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
  height: number;
}
interface BrowserElement {
  textContent: string | null;
  scrollWidth: number;
  clientWidth: number;
  scrollLeft: number;
  childNodes: Iterable<BrowserNode>;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): BrowserRect;
  querySelectorAll(selector: string): Iterable<BrowserElement>;
  contains(other: BrowserElement | null): boolean;
}
interface BrowserNode {
  nodeType: number;
  textContent: string | null;
  childNodes: Iterable<BrowserNode>;
}
interface BrowserRange {
  setStart(node: BrowserNode, offset: number): void;
  setEnd(node: BrowserNode, offset: number): void;
  getClientRects(): Iterable<BrowserRect>;
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
  createRange(): BrowserRange;
  elementFromPoint(x: number, y: number): BrowserElement | null;
};
declare function getComputedStyle(element: BrowserElement): { display: string; breakInside: string; fontFamily: string; position: string };
declare const window: { scrollY: number; innerHeight: number; scrollTo(x: number, y: number): void };

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

const yearIndexHtml = () => renderYearIndex(yearIndexView());

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

// ---------------------------------------------------------------- phones, versions, print (issue 13)

const PHONE = { width: 390, height: 844 };

/**
 * For every scrollable table region: scrolls it to its right end, then checks that each row label
 * (th[scope=row|rowgroup]) is still inside the region and on top (not covered by the numbers that
 * scrolled under it), and that the last column of numbers can be read.
 */
async function rowLabelsAfterScrolling(page: Page) {
  return page.evaluate(() => {
    return [...document.querySelectorAll(".table-wrap")].map((wrap) => {
      const scrolls = wrap.scrollWidth > wrap.clientWidth;
      wrap.scrollLeft = wrap.scrollWidth;
      const labels = [...wrap.querySelectorAll('th[scope="row"], th[scope="rowgroup"]')];
      const hidden: string[] = [];
      for (const label of labels) {
        const first = label.getBoundingClientRect();
        window.scrollTo(0, window.scrollY + first.top + first.height / 2 - window.innerHeight / 2);
        const rect = label.getBoundingClientRect();
        const box = wrap.getBoundingClientRect();
        const y = Math.min(Math.max(rect.top + rect.height / 2, 1), window.innerHeight - 1);
        const hit = document.elementFromPoint(rect.left + Math.min(rect.width / 2, 12), y);
        if (rect.left < box.left - 1 || rect.right > box.right + 1 || !label.contains(hit)) hidden.push(label.textContent ?? "");
      }
      const box = wrap.getBoundingClientRect();
      const cells = [...wrap.querySelectorAll("tr")].map((row) => [...row.querySelectorAll("td")].at(-1)).filter((cell) => cell !== undefined);
      const lastColumnInView = cells.every((cell) => cell.getBoundingClientRect().right <= box.right + 1);
      return { scrolls, scrolledBy: wrap.scrollLeft, labels: labels.length, hidden, lastColumnInView };
    });
  });
}

/** The number of characters on each line of the page's h1, top to bottom. */
async function titleLineLengths(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const tops: number[] = [];
    const visit = (node: BrowserNode) => {
      if (node.nodeType === 3) {
        const text = node.textContent ?? "";
        for (let i = 0; i < text.length; i++) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rect = [...range.getClientRects()][0];
          if (rect && rect.width > 0 && text[i]!.trim() !== "") tops.push(rect.top);
        }
      } else {
        for (const child of node.childNodes) visit(child);
      }
    };
    visit(document.querySelector("h1") as unknown as BrowserNode);
    const lines: { top: number; count: number }[] = [];
    for (const top of tops) {
      const line = lines.find((l) => Math.abs(l.top - top) < 6);
      if (line) line.count++;
      else lines.push({ top, count: 1 });
    }
    return lines.sort((a, b) => a.top - b.top).map((l) => l.count);
  });
}

describe("on a phone (390 × 844)", () => {
  it("report: every table keeps its row labels in view while the numbers scroll; axe finds nothing", async () => {
    const page = await openPage(writePage("report-390.html", reportEditions().latest), PHONE);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "report-390x844.png") });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    const hint = await page.$eval(".scroll-hint", (p: BrowserElement) => getComputedStyle(p).display);
    expect(hint).toBe("block");

    const regions = await rowLabelsAfterScrolling(page);
    // 二 fits; 三 (25 labelled rows, 3 label columns) and 四 (column headers only) scroll.
    expect(regions.map((r) => r.scrolls)).toEqual([false, true, true]);
    expect(regions[1]!.labels).toBeGreaterThanOrEqual(25);
    for (const region of regions) {
      expect(region.hidden).toEqual([]);
      expect(region.lastColumnInView).toBe(true);
      if (region.scrolls) expect(region.scrolledBy).toBeGreaterThan(0);
    }
    await page.evaluate(() => window.scrollTo(0, window.scrollY));
    const t3 = await page.$(".t3");
    await t3!.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, "report-390x844-table3-scrolled.png") });
    await page.evaluate(() => {
      for (const wrap of document.querySelectorAll(".table-wrap")) wrap.scrollLeft = 0;
    });
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("year index: scrolls visibly, the agency names stay in view, the page itself does not scroll sideways", async () => {
    const page = await openPage(writePage("index-390.html", renderYearIndex(yearIndexView())), PHONE);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    const hints = await page.$$eval(".scroll-hint", (ps: BrowserElement[]) => ps.map((p) => getComputedStyle(p).display));
    expect(hints).toEqual(["block", "block", "block"]);
    const regions = await rowLabelsAfterScrolling(page);
    expect(regions.map((r) => r.scrolls)).toEqual([true, true, true]);
    for (const region of regions) {
      expect(region.hidden).toEqual([]);
      expect(region.lastColumnInView).toBe(true);
    }
    await page.screenshot({ path: join(ARTIFACTS, "year-index-390x844-scrolled.png") });
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("the title never leaves one character alone on a line, at any common width", async () => {
    const titles = [
      exampleContent(),
      { ...exampleContent(), title: "沂源县经济开发区管理委员会2024年政府信息公开工作年度报告" },
      { ...exampleContent(), title: "中共沂源县委机构编制委员会办公室2024年政府信息公开工作年度报告" },
    ];
    for (const [index, content] of titles.entries()) {
      const url = writePage(`title-${index}.html`, renderReportPage({ content, mode: "published", version: 1, publishedAt: "2025-01-19T16:30:00Z" }));
      for (const width of [320, 360, 375, 390, 414, 600, 768, 1100]) {
        const page = await openPage(url, { width, height: 800 });
        const lines = await titleLineLengths(page);
        expect(lines.reduce((a, b) => a + b, 0), `${content.title} at ${width}px`).toBe([...content.title].length);
        expect(Math.min(...lines), `${content.title} at ${width}px: ${lines.join("/")}`).toBeGreaterThanOrEqual(2);
        await page.context().close();
      }
    }
  });

  it("every page type has no axe-core violations at 390 × 844 (screenshots in artifacts/)", async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const [name, html] of Object.entries(everyPageType())) {
      const file = name.replace(/[^a-z0-9]+/gi, "-").replace(/-+$/u, "");
      const page = await openPage(writePage(`${file}.html`, html), PHONE);
      expect(await axeViolations(page), name).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(PHONE.width);
      await page.screenshot({ path: join(ARTIFACTS, `${file}-390x844.png`) });
      await page.context().close();
    }
  });
});

describe("every page type on a desktop", () => {
  it("has no axe-core violations (latest and archived report, preview, year index, history, site root, 404)", async () => {
    for (const [name, html] of Object.entries(everyPageType())) {
      const page = await openPage(writePage(`desktop-${name.replace(/[^a-z0-9]+/gi, "-")}.html`, html));
      expect(await axeViolations(page), name).toEqual([]);
      await page.context().close();
    }
  });
});

describe("printed on A4", () => {
  it("keeps the title whole, repeats table header rows, keeps rows unbroken and prints no phone layout", async () => {
    // A4 minus the page margins of styles.ts (18 mm each side) is about 658 CSS px wide.
    const page = await openPage(writePage("print-title.html", reportEditions().latest), { width: 658, height: 900 });
    await page.emulateMedia({ media: "print" });
    const lines = await titleLineLengths(page);
    expect(Math.min(...lines), lines.join("/")).toBeGreaterThanOrEqual(2);
    const print = await page.evaluate(() => ({
      theads: [...document.querySelectorAll(".t3 thead, .t4 thead")].map((t) => getComputedStyle(t).display),
      rows: [...document.querySelectorAll(".report-table tr")].every((row) => getComputedStyle(row).breakInside === "avoid"),
      sticky: [...document.querySelectorAll(".stick-0, .stick-1, .stick-2")].filter((cell) => getComputedStyle(cell).position === "sticky").length,
      overflow: [...document.querySelectorAll(".table-wrap")].map((w) => w.scrollWidth <= w.clientWidth + 1),
    }));
    expect(print).toEqual({ theads: ["table-header-group", "table-header-group"], rows: true, sticky: 0, overflow: [true, true, true] });
    const pdf = await page.pdf({ format: "A4", path: join(ARTIFACTS, "report-print.pdf") });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    await page.context().close();
  });
});
