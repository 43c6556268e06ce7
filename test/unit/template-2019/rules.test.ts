/**
 * The rules on imported history (issue 9 point 3): real published reports of the corpus, imported,
 * then checked. On the 2019 template only the rules that have a meaning there run (structural rules,
 * T3-01…T3-03, T4-01…T4-03, and T3-X1 between two 2019-template years); a cell the import could not
 * read (null) is unknown, so an identity that involves it is not evaluated — on either template.
 * Expected findings are worked out by hand from the printed tables (quoted in each test).
 */
import { describe, expect, it } from "vitest";
import { ruleById, runRules, type Finding } from "../../../functions/report/rules";
import { cellAt, historyContext, importedContent, nullTableCells, setCell } from "./imported";

const CROSS_YEAR_RULES = ["T2-X1", "T3-X1"];
const ids = (findings: readonly Finding[]) => [...new Set(findings.map((f) => f.ruleId))];
const withoutFlag = (findings: readonly Finding[]) => findings.map(({ needsAcknowledgement: _flag, ...rest }) => rest);

describe("财政金融局 2020 (2019 template, HTML, every cell printed)", () => {
  const source = "pt-czj-2020.page.html";

  it("imports on the 2019 template and passes every rule that applies to it", async () => {
    const report = await importedContent(source);
    expect(report.templateVersion).toBe("2019");
    expect(cellAt(report, "activeDisclosure.kind")).toBe("2019");
    // Its table 三 has the single （六）其他处理 row and no 2021 （六） items: nothing is missing for 2019.
    expect(cellAt(report, "applications.rows.otherDisposal.total")).toBe(0);
    expect(cellAt(report, "applications.rows.otherNoCorrection")).toBeUndefined();
    expect(runRules(historyContext(report))).toEqual({ findings: [], errors: 0, warnings: 0, infos: 0 });
  });

  it("counts the single （六）其他处理 row in （七）总计 and checks its 总计 (T3-02, T3-03)", async () => {
    const report = await importedContent(source);
    setCell(report, "applications.rows.otherDisposal.naturalPerson", 2);
    const { findings } = runRules(historyContext(report));
    expect(withoutFlag(findings)).toEqual([
      {
        ruleId: "T3-02",
        severity: "ERROR",
        path: "applications.rows.totalProcessed.naturalPerson",
        expected: "2",
        actual: "0",
        message: "第三部分表格“自然人”列：“（七）总计”（0）不等于各项办理结果之和（2）",
      },
      {
        ruleId: "T3-03",
        severity: "ERROR",
        path: "applications.rows.otherDisposal.total",
        expected: "2",
        actual: "0",
        message: "第三部分表格“（六）其他处理”行：“总计”（0）不等于各类申请人之和（2）",
      },
    ]);
  });

  it("checks the sources-and-outcomes identity per column (T3-01) and table 四's totals (T4-01…T4-03)", async () => {
    const report = await importedContent(source);
    setCell(report, "applications.rows.carriedForward.total", 1);
    setCell(report, "reviewLitigation.litigationAfterReview.pending", 1);
    const found = runRules(historyContext(report)).findings.map((f) => [f.ruleId, f.path, f.expected, f.actual]);
    expect(found).toEqual([
      ["T3-01", "applications.rows.totalProcessed.total", "0", "1"],
      ["T3-03", "applications.rows.carriedForward.total", "0", "1"],
      ["T4-03", "reviewLitigation.litigationAfterReview.total", "1", "0"],
    ]);
  });

  it("reads the signed 本年增/减 as a count and warns when the items would fall below 0 (S-04, S-07)", async () => {
    const report = await importedContent(source);
    // 行政许可: 上一年项目数量 0, 本年增/减 printed 1. A negative change is valid (S-04) …
    setCell(report, "activeDisclosure.administrativeLicensing.previousYearItems", 5);
    setCell(report, "activeDisclosure.administrativeLicensing.changeThisYear", -3);
    expect(runRules(historyContext(report)).findings).toEqual([]);
    // … but not below the items there were.
    setCell(report, "activeDisclosure.administrativeLicensing.changeThisYear", -6);
    expect(withoutFlag(runRules(historyContext(report)).findings)).toEqual([
      {
        ruleId: "S-07",
        severity: "WARNING",
        path: "activeDisclosure.administrativeLicensing.changeThisYear",
        expected: "≥-5",
        actual: "-6",
        message: "第二部分表格“行政许可”行“本年增/减”（-6）与“上一年项目数量”（5）之和为-1，项目数量不能小于0",
      },
    ]);
    setCell(report, "activeDisclosure.administrativeLicensing.changeThisYear", 1.5);
    expect(runRules(historyContext(report)).findings.map((f) => [f.ruleId, f.path, f.message])).toEqual([
      ["S-04", "activeDisclosure.administrativeLicensing.changeThisYear", "第二部分表格“行政许可”行“本年增/减”应为整数（实为1.5）"],
    ]);
  });

  it("names 2019 cells with the 2019 labels when they hold no number (S-03) and checks the procurement amount (S-05)", async () => {
    const report = await importedContent(source);
    setCell(report, "activeDisclosure.normativeDocuments.newlyMade", null);
    setCell(report, "activeDisclosure.centralizedProcurement.totalAmount", "98,4361");
    expect(runRules(historyContext(report)).findings.map((f) => [f.ruleId, f.path, f.message])).toEqual([
      [
        "S-03",
        "activeDisclosure.normativeDocuments.newlyMade",
        "第二部分表格“规范性文件”行“本年新制作数量”没有数字（导入时未能从原文读取，请核对原文），无数据时应填0",
      ],
      [
        "S-05",
        "activeDisclosure.centralizedProcurement.totalAmount",
        "第二部分表格“政府集中采购”行“采购总金额”应为不含单位和千位分隔符的非负金额（实为“98,4361”）",
      ],
    ]);
  });

  it("does not run the 2021-only rules (table 二's T2 rules, the text rules, N-*, P-01) on a 2019 report", async () => {
    const report = await importedContent(source);
    // A 2021 reading of this report would fire several of them: 规章 row checks, 2021 columns, fee statement.
    for (const id of ["T2-01", "T2-02", "T2-N1", "T2-I1", "T3-N1", "T3-N2", "T4-N1", "N-01", "N-02", "N-04", "N-07", "P-01", "N-06"]) {
      expect(ruleById(id)!.templates, id).toEqual(["2021"]);
      expect(ruleById(id)!.check(historyContext(report)), id).toEqual([]);
    }
    // The same rules do run on the report relabelled as 2021 content (N-01 at least: no 信息处理费 field read).
    expect(ruleById("N-01")!.check(historyContext({ ...report, templateVersion: "2021" })).length).toBeGreaterThan(0);
  });
});

describe("君山片区管理局 2020 (2019 template, flattened text): its own sums don't hold", () => {
  it("gives T3-01 and T3-02 at （七）总计 for the columns where the printed table contradicts itself", async () => {
    const report = await importedContent("pt-jsp-2020.page.txt");
    expect(report.templateVersion).toBe("2019");
    // As printed: 一 = 自然人 1, 其他 1, 总计 2; 二 = 0; （一）予以公开 = 1, 1, 2; every other result row,
    // （六）其他处理, （七）总计 and 四 = 0. So 一 + 二 = 2 but （七） + 四 = 0, and （七） (0) is not the
    // sum of the results (2), in the columns 自然人, 其他 and 总计; every row's 总计 is its sum (T3-03 holds).
    const { findings, errors } = runRules(historyContext(report));
    const table3 = withoutFlag(findings.filter((f) => f.ruleId.startsWith("T3")));
    expect(table3).toEqual([
      ...[
        ["naturalPerson", "自然人", 1],
        ["otherOrganization", "其他", 1],
        ["total", "总计", 2],
      ].map(([key, label, sum]) => ({
        ruleId: "T3-01",
        severity: "ERROR",
        path: `applications.rows.totalProcessed.${key}`,
        expected: String(sum),
        actual: "0",
        message: `第三部分表格“${label}”列：第一项加第二项之和（${sum}）不等于第三项加第四项之和（0）`,
      })),
      ...[
        ["naturalPerson", "自然人", 1],
        ["otherOrganization", "其他", 1],
        ["total", "总计", 2],
      ].map(([key, label, sum]) => ({
        ruleId: "T3-02",
        severity: "ERROR",
        path: `applications.rows.totalProcessed.${key}`,
        expected: String(sum),
        actual: "0",
        message: `第三部分表格“${label}”列：“（七）总计”（0）不等于各项办理结果之和（${sum}）`,
      })),
    ]);
    // Table 四 (all 0) holds; nothing else of tables 三/四 is wrong.
    expect(findings.filter((f) => f.ruleId.startsWith("T4"))).toEqual([]);
    expect(errors).toBe(findings.filter((f) => f.severity === "ERROR").length);
  });
});

describe("上海市人民政府办公厅 2019 (2019 template, HTML with blank cells)", () => {
  const source = "sh-gov-office-2019.fragment.html";

  it("reports each blank cell once (S-03) and evaluates no identity that involves one", async () => {
    const report = await importedContent(source);
    const unread = nullTableCells(report);
    expect(unread).toContain("applications.rows.granted.total");
    expect(unread).toContain("reviewLitigation.review.corrected");
    const { findings } = runRules(historyContext(report));
    expect(findings.filter((f) => f.ruleId === "S-03").map((f) => f.path).sort()).toEqual([...unread].sort());
    expect(findings.filter((f) => /^T[34]-0/.test(f.ruleId))).toEqual([]);
  });

  it("would be wrongly found inconsistent if its blanks were read as 0", async () => {
    const report = await importedContent(source);
    // The blanks include the 总计 of every result row, so a 0 reading makes （七）总计 805 ≠ 0 + … (T3-02):
    // exactly the false ERROR that reading null as unknown avoids.
    for (const path of nullTableCells(report)) setCell(report, path, 0);
    const { findings } = runRules(historyContext(report));
    expect(findings.some((f) => f.ruleId === "T3-02" && f.path === "applications.rows.totalProcessed.total")).toBe(true);
  });
});

describe("cross-year rules between imported years", () => {
  it("compares two 2019-template years (T3-X1)", async () => {
    const report = await importedContent("pt-czj-2020.page.html");
    const previous = await importedContent("pt-gaj-2019.page.txt");
    const carriedOver = cellAt(report, "applications.rows.carriedOver.naturalPerson") as number;
    setCell(previous, "applications.rows.carriedForward.naturalPerson", carriedOver + 1);
    const crossYear = runRules(historyContext(report, previous)).findings.filter((f) => CROSS_YEAR_RULES.includes(f.ruleId));
    expect(crossYear.map((f) => [f.ruleId, f.path, f.expected, f.actual])).toEqual([
      ["T3-X1", "applications.rows.carriedOver.naturalPerson", String(carriedOver + 1), String(carriedOver)],
    ]);
  });

  it("does not compare a 2021-template year with a 2019-template one, and does not fail on it", async () => {
    // 社会事业局 2021 (2021 template, table 二 printed in 2019 columns) after 财政金融局 2020 (2019 template).
    const report = await importedContent("pt-shs-2021.page.html");
    const previous = await importedContent("pt-czj-2020.page.html");
    expect([report.year, report.templateVersion, previous.year, previous.templateVersion]).toEqual([2021, "2021", 2020, "2019"]);
    setCell(previous, "applications.rows.carriedForward.total", (cellAt(report, "applications.rows.carriedOver.total") as number) + 3);
    setCell(previous, "activeDisclosure.normativeDocuments.totalPublished", 999);
    const withPrevious = runRules(historyContext(report, previous));
    expect(ids(withPrevious.findings).filter((id) => CROSS_YEAR_RULES.includes(id))).toEqual([]);
    // Last year's report changes nothing else either.
    expect(withPrevious.findings.filter((f) => f.ruleId !== "N-06")).toEqual(
      runRules(historyContext(report)).findings.filter((f) => f.ruleId !== "N-06"),
    );
  });
});

describe("a 2021-template import with cells not read", () => {
  it("evaluates no identity involving the null （六） items of 洪泽区 2024 (printed as the single 2019 row)", async () => {
    const report = await importedContent("hongze-district-2024.pdf");
    expect(report.templateVersion).toBe("2021");
    expect(cellAt(report, "applications.rows.otherFeeUnpaid.total")).toBeNull();
    const { findings } = runRules(historyContext(report));
    // T3-02 sums every result row, the three null items included; T3-03 for those rows needs their cells.
    expect(findings.filter((f) => f.ruleId === "T3-02" || f.ruleId === "T3-03")).toEqual([]);
    expect(findings.filter((f) => f.ruleId === "S-03")).toHaveLength(21);
    // T3-01 does not involve them and is still evaluated.
    setCell(report, "applications.rows.carriedForward.total", 4);
    expect(runRules(historyContext(report)).findings.filter((f) => f.ruleId === "T3-01").map((f) => f.path)).toEqual([
      "applications.rows.totalProcessed.total",
    ]);
  });

  it("drops only the identities of a null cell in 经济发展局 2023, whose own sums don't hold", async () => {
    // As printed: 一 自然人 3, 总计 3; （七）总计 0; 四 0 — T3-01 fails in 自然人 and 总计.
    const printed = await importedContent("pt-jjf-2023.page.html");
    expect(runRules(historyContext(printed)).findings.filter((f) => f.ruleId.startsWith("T3-0")).map((f) => [f.ruleId, f.path])).toEqual([
      ["T3-01", "applications.rows.totalProcessed.naturalPerson"],
      ["T3-01", "applications.rows.totalProcessed.total"],
    ]);
    // The same report with 一·自然人 not read: that column's T3-01 and row 一's T3-03 are unknown, the 总计 column still fails.
    const report = await importedContent("pt-jjf-2023.page.html");
    setCell(report, "applications.rows.newReceived.naturalPerson", null);
    const { findings } = runRules(historyContext(report));
    expect(findings.filter((f) => f.ruleId.startsWith("T3-0")).map((f) => [f.ruleId, f.path])).toEqual([
      ["T3-01", "applications.rows.totalProcessed.total"],
    ]);
    expect(findings.filter((f) => f.ruleId === "S-03").map((f) => f.path)).toEqual(["applications.rows.newReceived.naturalPerson"]);
  });
});
