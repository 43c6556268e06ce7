import { describe, expect, it } from "vitest";
import { compareReports } from "../../../functions/report/toolkit/comparison";
import { reconstruct } from "../../../functions/report/toolkit/diff";
import { TEXT_FIELDS, fieldText } from "../../../functions/report/toolkit/text-fields";
import { buildPreviousReport, buildReport, sectionsOf, setRaw } from "../rules/report-builder";
import { REWRITTEN_PROBLEMS } from "./texts";

describe("compareReports: table cells", () => {
  it("lists exactly the cells that changed, with their labels, both values and the change", () => {
    const previous = buildPreviousReport();
    const current = buildReport();
    // buildPreviousReport differs from the base in 行政规范性文件 and in 结转下年度继续办理.
    const previousDocs = sectionsOf(previous).activeDisclosure.normativeDocuments;
    const changed = compareReports(current, previous).changedCells;
    expect(changed.filter((c) => c.path.startsWith("activeDisclosure."))).toEqual([
      {
        path: "activeDisclosure.normativeDocuments.issued",
        label: "第二部分表格“行政规范性文件”行“本年制发件数”",
        before: previousDocs.issued,
        after: 3,
        change: 3 - previousDocs.issued,
        beforeShown: String(previousDocs.issued),
        afterShown: "3",
      },
      expect.objectContaining({ path: "activeDisclosure.normativeDocuments.repealed", before: 0, after: 1, change: 1 }),
      expect.objectContaining({ path: "activeDisclosure.normativeDocuments.inForce", before: 10, after: 12, change: 2 }),
    ]);
    const carriedForward = sectionsOf(current).applications.rows.carriedForward;
    const previousCarriedForward = sectionsOf(previous).applications.rows.carriedForward;
    const expectedForward = (Object.keys(carriedForward) as (keyof typeof carriedForward)[])
      .filter((column) => carriedForward[column] !== previousCarriedForward[column])
      .map((column) => `applications.rows.carriedForward.${column}`);
    expect(changed.filter((c) => c.path.startsWith("applications.")).map((c) => c.path)).toEqual(expectedForward);
    expect(changed.filter((c) => c.path.startsWith("reviewLitigation."))).toEqual([]);
  });

  it("finds no change between a report and itself", () => {
    expect(compareReports(buildReport(), buildReport()).changedCells).toEqual([]);
  });

  it("compares amounts exactly: 1.50 and 1.5 万元 are equal, and a change is signed 万元 text", () => {
    const previous = buildReport();
    const current = buildReport();
    sectionsOf(previous).activeDisclosure.administrativeFees = { amountWanYuan: "1.50" };
    sectionsOf(current).activeDisclosure.administrativeFees = { amountWanYuan: "1.5" };
    expect(compareReports(current, previous).changedCells).toEqual([]);
    sectionsOf(current).activeDisclosure.administrativeFees = { amountWanYuan: "1.2" };
    expect(compareReports(current, previous).changedCells).toEqual([
      expect.objectContaining({ path: "activeDisclosure.administrativeFees.amountWanYuan", before: "1.50", after: "1.2", change: "-0.3" }),
    ]);
    expect(compareReports(previous, current).changedCells[0]?.change).toBe("+0.3");
  });

  it("shows a blank or “/” cell of an imported report as unreadable, with no change figure", () => {
    const previous = buildReport();
    setRaw(sectionsOf(previous).reviewLitigation.review, "upheld", "/");
    const [change] = compareReports(buildReport(), previous).changedCells;
    expect(change).toEqual(
      expect.objectContaining({ path: "reviewLitigation.review.upheld", before: null, after: 1, change: null, beforeShown: "/", afterShown: "1" }),
    );
  });

  it("does not compare table 二 with a 2019-template report", () => {
    const previous = buildPreviousReport();
    previous.templateVersion = "2019";
    const comparison = compareReports(buildReport(), previous);
    expect(comparison.activeDisclosureCompared).toBe(false);
    expect(comparison.changedCells.some((c) => c.path.startsWith("activeDisclosure."))).toBe(false);
  });
});

describe("compareReports: narrative sections", () => {
  it("diffs every field of 一, 五 and 六, and each diff rebuilds both years' texts", () => {
    const previous = buildPreviousReport();
    sectionsOf(previous).problemsAndImprovements = structuredClone(REWRITTEN_PROBLEMS);
    const current = buildReport();
    const comparison = compareReports(current, previous);
    expect(comparison.sections.map((s) => s.heading)).toEqual(["一、总体情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]);
    const compared = comparison.sections.flatMap((s) => s.fields);
    expect(compared.map((f) => f.path)).toEqual(TEXT_FIELDS.filter((f) => f.section !== "preamble").map((f) => f.path));
    for (const field of compared) {
      const textField = TEXT_FIELDS.find((f) => f.path === field.path)!;
      expect(reconstruct(field.diff, "before")).toBe(fieldText(previous, textField));
      expect(reconstruct(field.diff, "after")).toBe(fieldText(current, textField));
    }
  });

  it("gives a similarity of 1 to unchanged sections and a low one to a rewritten 五", () => {
    const previous = buildPreviousReport();
    sectionsOf(previous).problemsAndImprovements = structuredClone(REWRITTEN_PROBLEMS);
    const [overview, problems] = compareReports(buildReport(), previous).sections;
    expect(overview!.similarity).toBe(1);
    expect(overview!.fields.every((f) => f.unchanged && f.inserted === 0 && f.deleted === 0)).toBe(true);
    expect(problems!.similarity).toBeLessThan(0.1);
    const problemsField = problems!.fields.find((f) => f.path === "problemsAndImprovements.problems")!;
    expect(problemsField.label).toBe("“五、存在的主要问题及改进情况”“存在的主要问题”");
    expect(problemsField.unchanged).toBe(false);
    expect(problemsField.inserted).toBeGreaterThan(0);
    expect(problemsField.deleted).toBeGreaterThan(0);
    expect(problemsField.similarity).toBeLessThan(0.1);
  });

  it("diffs the 信息处理费 statement of 六 character by character", () => {
    const previous = buildReport();
    const current = buildReport();
    sectionsOf(previous).otherMatters.processingFee.statement = "2023年度，我镇未收取信息处理费。";
    sectionsOf(current).otherMatters.processingFee.statement = "2024年度，我镇未收取信息处理费。";
    const otherMatters = compareReports(current, previous).sections[2]!;
    const statement = otherMatters.fields.find((f) => f.path === "otherMatters.processingFee.statement")!;
    expect(statement.label).toBe("“六、其他需要报告的事项”“信息处理费收取情况”“表述”");
    expect(statement.diff).toEqual([
      { op: "equal", text: "202" },
      { op: "delete", text: "3" },
      { op: "insert", text: "4" },
      { op: "equal", text: "年度，我镇未收取信息处理费。" },
    ]);
  });
});
