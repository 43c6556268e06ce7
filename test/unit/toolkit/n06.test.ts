import { describe, expect, it } from "vitest";
import { ruleById, runRules } from "../../../functions/report/rules";
import { MIN_COMPARED_SHINGLES, N06, SIMILARITY_THRESHOLD, sectionText } from "../../../functions/report/rules/similarity";
import type { ReportContent } from "../../../functions/report/schemas";
import { textSimilarity } from "../../../functions/report/toolkit/similarity";
import { buildContext, buildPreviousReport, buildReport, sectionsOf } from "../rules/report-builder";
import { memberReport } from "./members";
import { BOILERPLATE_PROBLEMS, REWRITTEN_OVERVIEW, REWRITTEN_PROBLEMS } from "./texts";

/** The previous year's report with 一 and 五 rewritten from scratch. */
function rewrittenPrevious(): ReportContent {
  const previous = buildPreviousReport();
  sectionsOf(previous).overview = structuredClone(REWRITTEN_OVERVIEW);
  sectionsOf(previous).problemsAndImprovements = structuredClone(REWRITTEN_PROBLEMS);
  return previous;
}

describe("N-06 against the previous year", () => {
  it("is registered as a WARNING among the rules", () => {
    expect(ruleById("N-06")?.severity).toBe("WARNING");
  });

  it("fires on 一 and 五 copied from last year, naming last year's report and the figure", () => {
    const findings = N06.check(buildContext({ previous: buildPreviousReport() }));
    expect(findings).toEqual([
      {
        ruleId: "N-06",
        severity: "WARNING",
        path: "problemsAndImprovements",
        expected: "≤50%",
        actual: "100.0%",
        message:
          "“五、存在的主要问题及改进情况”与上年度报告《沂源县悦庄镇人民政府2023年政府信息公开工作年度报告》相应部分的文字相似度为100.0%，超过50%，请结合本年度实际情况撰写",
        needsAcknowledgement: false,
      },
      expect.objectContaining({ path: "overview", actual: "100.0%" }),
    ]);
  });

  it("fires on a copy with this year's figures and a sentence added, with the measured figure", () => {
    const previous = buildPreviousReport();
    const report = buildReport();
    const problems = sectionsOf(report).problemsAndImprovements;
    problems.problems = `${problems.problems.replaceAll("2024", "2025")}三是个别栏目更新仍不及时。`;
    const figure = textSimilarity(sectionText(report, "problemsAndImprovements"), sectionText(previous, "problemsAndImprovements"));
    expect(figure).toBeGreaterThan(SIMILARITY_THRESHOLD);
    expect(figure).toBeLessThan(1);
    const finding = N06.check(buildContext({ report, previous })).find((f) => f.path === "problemsAndImprovements");
    expect(finding?.actual).toBe(`${(Math.round(figure * 1000) / 10).toFixed(1)}%`);
  });

  it("does not fire on a rewritten text on the same topics", () => {
    const previous = rewrittenPrevious();
    const context = buildContext({ previous });
    for (const section of ["overview", "problemsAndImprovements"] as const) {
      expect(textSimilarity(sectionText(context.report, section), sectionText(previous, section))).toBeLessThan(SIMILARITY_THRESHOLD);
    }
    expect(N06.check(context)).toEqual([]);
  });

  it("ignores a “previous” report that is not of the year before", () => {
    const previous = buildPreviousReport();
    previous.year -= 1;
    expect(N06.check(buildContext({ previous }))).toEqual([]);
  });

  it("does not compare texts shorter than the minimum, such as a bare “无”", () => {
    const report = buildReport();
    const previous = rewrittenPrevious();
    sectionsOf(report).problemsAndImprovements = { problems: "无", improvements: "无" };
    sectionsOf(previous).problemsAndImprovements = { problems: "无", improvements: "无" };
    expect(MIN_COMPARED_SHINGLES).toBeGreaterThan(2);
    expect(N06.check(buildContext({ report, previous }))).toEqual([]);
  });
});

describe("N-06 against other agencies of the same year", () => {
  function twoAgenciesSharingBoilerplate(): [ReportContent, ReportContent] {
    const a = memberReport("finance-bureau", "沂源县财政局");
    const b = memberReport("water-bureau", "沂源县水利局");
    sectionsOf(a).problemsAndImprovements = structuredClone(BOILERPLATE_PROBLEMS);
    sectionsOf(b).problemsAndImprovements = structuredClone(BOILERPLATE_PROBLEMS);
    // Only 五 is shared: b's 一 is its own.
    sectionsOf(b).overview = structuredClone(REWRITTEN_OVERVIEW);
    return [a, b];
  }

  it("fires on both agencies sharing boilerplate, each naming the other", () => {
    const [a, b] = twoAgenciesSharingBoilerplate();
    const onA = N06.check(buildContext({ report: a, peers: [a, b] }));
    const onB = N06.check(buildContext({ report: b, peers: [a, b] }));
    expect(onA.map((f) => [f.path, f.actual])).toEqual([["problemsAndImprovements", "100.0%"]]);
    expect(onA[0]!.message).toContain("同年度其他单位报告《沂源县水利局2024年政府信息公开工作年度报告》");
    expect(onB.map((f) => [f.path, f.actual])).toEqual([["problemsAndImprovements", "100.0%"]]);
    expect(onB[0]!.message).toContain("《沂源县财政局2024年政府信息公开工作年度报告》");
  });

  it("fires on boilerplate with a few words changed", () => {
    const [a, b] = twoAgenciesSharingBoilerplate();
    const problems = sectionsOf(b).problemsAndImprovements;
    problems.problems = problems.problems.replace("政策解读形式较为单一", "依申请公开答复文书不够规范");
    problems.improvements = problems.improvements.replace("我单位", "我局");
    const findings = N06.check(buildContext({ report: b, peers: [a] }));
    expect(findings).toHaveLength(1);
    expect(Number.parseFloat(findings[0]!.actual!)).toBeGreaterThan(50);
    expect(Number.parseFloat(findings[0]!.actual!)).toBeLessThan(100);
  });

  it("leaves out the report itself and peers of another year", () => {
    const [a, b] = twoAgenciesSharingBoilerplate();
    b.year -= 1;
    expect(N06.check(buildContext({ report: a, peers: [a, b] }))).toEqual([]);
  });

  it("runs in runRules when peers are given", () => {
    const [a, b] = twoAgenciesSharingBoilerplate();
    expect(runRules(buildContext({ report: a, peers: [b] })).findings.filter((f) => f.ruleId === "N-06")).toHaveLength(1);
  });
});
