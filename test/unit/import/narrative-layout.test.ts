/**
 * The agency's own layout of sections 一, 五 and 六 comes in with the text: a subheading printed on a
 * line of its own goes to `headings.<part>` exactly as printed (and leaves the text), a subheading run
 * into its text stays there with heading "", the printed order is kept in `order` when it is not the
 * template's, and the 信息处理费 paragraph of 六 becomes the fee's statement only where moving it keeps
 * the printed order. Every layout imported validates against the section schemas' headings/order rules.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sectionInputSchemas } from "../../../functions/report/schemas";
import { importReport, type ImportResult } from "../../../functions/report/import";
import { splitHeading } from "../../../functions/report/import/narrative";
import { CORPUS_DIR, corpusBytes, reviewOf, valueAt } from "./corpus-helpers";

const YUEZHUANG = readFileSync(join(CORPUS_DIR, "../examples/yuezhuang-town-2024.txt"), "utf8");
const text = (body: string) => importReport(new TextEncoder().encode(body), "text/plain");
const html = (name: string) => importReport(corpusBytes(name), "text/html");

/** Schema issues on the layout fields only (cells the document leaves unread are null and fail elsewhere). */
function layoutIssues(result: ImportResult, section: "overview" | "problemsAndImprovements" | "otherMatters"): string[] {
  const parsed = sectionInputSchemas[section].safeParse(result.sections[section]);
  return (parsed.error?.issues ?? []).filter((i) => i.path[0] === "headings" || i.path[0] === "order").map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("splitHeading", () => {
  it("takes a numbered subheading standing alone as the heading, and nothing else", () => {
    expect(splitHeading(["（一）存在问题", "一是……。"])).toEqual({ heading: "（一）存在问题", body: "一是……。" });
    expect(splitHeading(["1.依申请公开信息处理费收费情况。", "本年度未收取。"])).toEqual({ heading: "1.依申请公开信息处理费收费情况。", body: "本年度未收取。" });
    // Runs into its text, unnumbered, or with nothing after it: the text keeps it and the heading is "".
    expect(splitHeading(["（一）主动公开方面。2024年，我局公开信息120条。"]).heading).toBe("");
    expect(splitHeading(["（一）主动公开方面。2024年，我局公开信息120条。", "第二段。"]).heading).toBe("");
    expect(splitHeading(["主要表现在以下方面：", "一是……"]).heading).toBe("");
    expect(splitHeading(["（二）改进措施"])).toEqual({ heading: "", body: "（二）改进措施" });
  });
});

describe("section 一", () => {
  it("keeps subheadings printed on their own line as headings, the text without them, and the printed order (财政金融局 2025)", async () => {
    const result = await html("pt-czj-2025.page.html");
    expect(valueAt(result, "overview.headings")).toEqual({
      proactiveDisclosure: "（一）主动公开政府信息的情况",
      requestDisclosure: "（二）政府信息依申请公开办理情况",
      platformBuilding: "（三）政府信息公开平台建设情况",
    });
    expect(valueAt(result, "overview.proactiveDisclosure")).not.toContain("（一）主动公开政府信息的情况");
    expect(valueAt(result, "overview.proactiveDisclosure")).toMatch(/^全面贯彻落实政务公开工作主要任务分解要求/);
    // The report has no 信息管理 or 监督保障 part: null, in review, and last in the order.
    expect(valueAt(result, "overview.informationManagement")).toBeNull();
    expect(reviewOf(result, "overview.informationManagement").length).toBeGreaterThan(0);
    expect(valueAt(result, "overview.order")).toEqual([
      "intro",
      "proactiveDisclosure",
      "requestDisclosure",
      "platformBuilding",
      "informationManagement",
      "supervisionAndGuarantee",
    ]);
    expect(result.provenance["overview.headings.platformBuilding"]).toContain("（三）政府信息公开平台建设情况");
    expect(layoutIssues(result, "overview")).toEqual([]);
  });

  it("leaves subheadings that run into their text in the text, heading \"\", and no order when it is the template's (公安局 2024)", async () => {
    const result = await html("pt-gaj-2024.page.html");
    expect(valueAt(result, "overview.proactiveDisclosure")).toMatch(/^（一）主动公开方面。2024年/);
    expect(valueAt(result, "overview.headings")).toEqual({
      proactiveDisclosure: "",
      requestDisclosure: "",
      informationManagement: "",
      platformBuilding: "",
      supervisionAndGuarantee: "",
    });
    expect(valueAt(result, "overview.order")).toBeUndefined();
    expect(layoutIssues(result, "overview")).toEqual([]);
  });
});

describe("section 五", () => {
  it("finds “存在的主要问题和改进情况” (和, not 及) and keeps both subheadings (苏平片区 2024)", async () => {
    const result = await html("pt-spp-2024.page.html");
    expect(valueAt(result, "problemsAndImprovements.headings")).toEqual({ problems: "（一）存在的主要问题", improvements: "（二）改进措施" });
    expect(valueAt(result, "problemsAndImprovements.problems")).toMatch(/^2024年，我局政府信息公开工作整体水平有所提升/);
    expect(valueAt(result, "problemsAndImprovements.improvements")).toMatch(/^一是进一步拓展政务公开的广度和深度/);
    expect(layoutIssues(result, "problemsAndImprovements")).toEqual([]);
  });

  it("gives heading \"\" to a part printed without a subheading of its own (公安局 2024)", async () => {
    const result = await html("pt-gaj-2024.page.html");
    expect(valueAt(result, "problemsAndImprovements.headings")).toEqual({ problems: "", improvements: "" });
    expect(valueAt(result, "problemsAndImprovements.improvements")).toMatch(/^2025年，我局将继续/);
  });
});

describe("section 六 and the 信息处理费 paragraph", () => {
  it("makes a 六 that is only the fee sentence the fee's statement, with no other text (公安局 2024)", async () => {
    const result = await html("pt-gaj-2024.page.html");
    expect(valueAt(result, "otherMatters")).toEqual({
      processingFee: { charged: false, amountYuan: "0", statement: "2024年，无收取信息处理费情况。" },
      headings: { processingFee: "" },
    });
    expect(sectionInputSchemas.otherMatters.safeParse(result.sections.otherMatters).success).toBe(true);
  });

  it("moves a leading fee paragraph with its own numbered subheading; the rest stays in other in order (悦庄镇 2024)", async () => {
    const result = await text(YUEZHUANG);
    expect(valueAt(result, "otherMatters.headings")).toEqual({ processingFee: "1.依申请公开信息处理费收费情况。", other: "" });
    expect(valueAt(result, "otherMatters.processingFee.statement")).toMatch(/^根据《国务院办公厅关于印发〈政府信息公开信息处理收费管理办法〉的通知》/);
    expect(valueAt(result, "otherMatters.other")).toMatch(/^2\.本年度建议提案办理情况。\n/);
    expect(valueAt(result, "otherMatters.other")).not.toContain("信息处理费收费情况");
    expect(valueAt(result, "otherMatters.order")).toBeUndefined();
    expect(layoutIssues(result, "otherMatters")).toEqual([]);
  });

  it("keeps a closing fee paragraph last through order", async () => {
    const moved = YUEZHUANG.replace(
      /六、其他需要报告的事项\n(1\.依申请公开信息处理费收费情况。\n[^\n]+\n)([\s\S]*)$/,
      (_, fee: string, rest: string) => `六、其他需要报告的事项\n${rest.trimEnd()}\n${fee}`,
    );
    expect(moved).not.toBe(YUEZHUANG);
    const result = await text(moved);
    expect(valueAt(result, "otherMatters.order")).toEqual(["other", "processingFee"]);
    expect(valueAt(result, "otherMatters.headings")).toEqual({ processingFee: "1.依申请公开信息处理费收费情况。", other: "" });
    expect(valueAt(result, "otherMatters.other")).toMatch(/^2\.本年度建议提案办理情况。/);
    expect(layoutIssues(result, "otherMatters")).toEqual([]);
  });

  it("leaves a fee paragraph printed between other items in other, as published, and says so", async () => {
    const inserted = YUEZHUANG.replace("六、其他需要报告的事项\n", "六、其他需要报告的事项\n0.说明。\n本节按本镇惯例排列。\n");
    const result = await text(inserted);
    expect(valueAt(result, "otherMatters.processingFee.statement")).toBeUndefined();
    expect(valueAt(result, "otherMatters.processingFee.charged")).toBe(false);
    expect(valueAt(result, "otherMatters.other")).toMatch(/^0\.说明。\n本节按本镇惯例排列。\n1\.依申请公开信息处理费收费情况。\n根据/);
    expect(valueAt(result, "otherMatters.headings")).toEqual({ other: "" });
    expect(reviewOf(result, "otherMatters.processingFee").map((r) => r.reason)).toEqual([expect.stringContaining("已随原文照录在 other 中")]);
  });
});
