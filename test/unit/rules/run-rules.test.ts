import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SECTION_NAMES } from "../../../functions/report/catalogue";
import type { RuleContext } from "../../../functions/report/findings";
import { ACKNOWLEDGEABLE_RULE_IDS, RULES, runRules } from "../../../functions/report/rules";
import type { ReportContent } from "../../../functions/report/schemas";
import { REWRITTEN_OVERVIEW, REWRITTEN_PROBLEMS } from "../toolkit/texts";
import { BEFORE_DEADLINE, buildContext, buildPreviousReport as copiedPreviousReport, buildReport, exampleReport, sectionsOf, setRaw } from "./report-builder";

/** Last year's report, its text in other words (a copy of this year's would rightly fire N-06). */
function buildPreviousReport() {
  const previous = copiedPreviousReport();
  const sections = sectionsOf(previous);
  sections.overview = structuredClone(REWRITTEN_OVERVIEW);
  sections.problemsAndImprovements = structuredClone(REWRITTEN_PROBLEMS);
  return previous;
}

describe("the rule set", () => {
  it("holds exactly the rules of format-spec §6 with their authoring severities", () => {
    expect(RULES.map((rule) => [rule.id, rule.severity])).toEqual([
      ["S-01", "ERROR"],
      ["S-02", "ERROR"],
      ["S-03", "ERROR"],
      ["S-04", "ERROR"],
      ["S-05", "ERROR"],
      ["S-06", "WARNING"],
      ["S-07", "WARNING"],
      ["T2-01", "ERROR"],
      ["T2-02", "WARNING"],
      ["T2-X1", "WARNING"],
      ["T2-N1", "WARNING"],
      ["T2-I1", "INFO"],
      ["T3-01", "ERROR"],
      ["T3-02", "ERROR"],
      ["T3-03", "ERROR"],
      ["T3-X1", "WARNING"],
      ["T3-N1", "WARNING"],
      ["T3-N2", "WARNING"],
      ["T4-01", "ERROR"],
      ["T4-02", "ERROR"],
      ["T4-03", "ERROR"],
      ["T4-N1", "WARNING"],
      ["N-01", "ERROR"],
      ["N-02", "ERROR"],
      ["N-03", "WARNING"],
      ["N-04", "ERROR"],
      ["N-05", "WARNING"],
      ["N-07", "ERROR"],
      ["N-09", "WARNING"],
      ["P-01", "WARNING"],
      ["N-06", "WARNING"],
    ]);
  });

  it("runs on the 2019 template only the structural rules, T3-01…T3-03, T3-X1 and T4-01…T4-03 (issue 9)", () => {
    expect(RULES.filter((rule) => rule.templates.includes("2019")).map((rule) => rule.id)).toEqual([
      "S-01",
      "S-02",
      "S-03",
      "S-04",
      "S-05",
      "S-06",
      "S-07",
      "T3-01",
      "T3-02",
      "T3-03",
      "T3-X1",
      "T4-01",
      "T4-02",
      "T4-03",
    ]);
    expect(RULES.every((rule) => rule.templates.includes("2021"))).toBe(true);
  });

  it("marks the two cross-year warnings as needing an acknowledgement, and only them", () => {
    expect(ACKNOWLEDGEABLE_RULE_IDS).toEqual(["T2-X1", "T3-X1"]);
    expect(RULES.filter((rule) => rule.requiresAcknowledgement).map((rule) => rule.severity)).toEqual(["WARNING", "WARNING"]);
  });

  it("describes every rule in Chinese", () => {
    for (const rule of RULES) expect(rule.description, rule.id).toMatch(/[\u4e00-\u9fff]/u);
  });
});

describe("runRules on consistent reports", () => {
  it("finds nothing in the base report, even with last year's report present", () => {
    expect(runRules(buildContext({ previous: buildPreviousReport() }))).toEqual({ findings: [], errors: 0, warnings: 0, infos: 0 });
  });

  it("finds no ERROR in the example report, and exactly its one known warning", () => {
    const summary = runRules(buildContext({ report: exampleReport(), now: BEFORE_DEADLINE }));
    expect(summary.errors).toBe(0);
    // The example's 监督保障 paragraph says nothing of 工作考核、社会评议、责任追究 (第五十条第四项).
    expect(summary.findings.map((f) => [f.ruleId, f.severity, f.path])).toEqual([
      ["N-05", "WARNING", "overview.supervisionAndGuarantee"],
    ]);
    expect(summary).toMatchObject({ warnings: 1, infos: 0 });
  });
});

describe("cross-year rules", () => {
  /** A base report whose 上年结转 and 现行有效 both contradict the given previous report. */
  function contradictedByPrevious() {
    const previous = buildPreviousReport();
    sectionsOf(previous).activeDisclosure.normativeDocuments.inForce = 1;
    sectionsOf(previous).applications.rows.carriedForward.total = 9;
    return previous;
  }

  it("report when last year's report is given", () => {
    const ids = runRules(buildContext({ previous: contradictedByPrevious() })).findings.map((f) => f.ruleId);
    expect(ids).toEqual(["T2-X1", "T3-X1"]);
  });

  it("are skipped (no finding at all) without last year's report", () => {
    const context = buildContext();
    expect(context.previous).toBeUndefined();
    expect(runRules(context).findings).toEqual([]);
  });
});

describe("runRules never throws on malformed stored data", () => {
  const garbageReports: [string, () => ReportContent][] = [
    ["sections is null", () => ({ ...buildReport(), sections: null as never })],
    ["every section a string", () => ({ ...buildReport(), sections: Object.fromEntries(SECTION_NAMES.map((n) => [n, "x"])) as never })],
    ["every section an array", () => ({ ...buildReport(), sections: Object.fromEntries(SECTION_NAMES.map((n) => [n, [1, 2]])) as never })],
    [
      "rows of the wrong types",
      () => {
        const report = buildReport();
        const sections = sectionsOf(report);
        setRaw(sections.applications, "rows", { newReceived: "abc", carriedOver: [1], granted: { total: {} }, totalProcessed: null });
        setRaw(sections.reviewLitigation, "review", { total: Number.NaN, upheld: Infinity, corrected: "1", pending: true });
        setRaw(sections.activeDisclosure, "administrativeFees", { amountWanYuan: 12 });
        setRaw(sections.activeDisclosure, "regulations", { issued: 1e300, repealed: -0, inForce: "0" });
        return report;
      },
    ],
    [
      "texts and fields of the wrong types",
      () => {
        const report = buildReport();
        const sections = sectionsOf(report);
        setRaw(sections.overview, "requestDisclosure", 42);
        setRaw(sections.overview, "supervisionAndGuarantee", { text: "考核" });
        setRaw(sections.preamble, "statisticsPeriod", "2024");
        setRaw(sections.preamble, "contact", { postcode: 256102, phone: ["0533"] });
        setRaw(sections.problemsAndImprovements, "problems", null);
        setRaw(sections.otherMatters, "processingFee", { charged: "no", amountYuan: { v: 1 }, feeNoticesIssued: "1" });
        return report;
      },
    ],
    [
      "report fields of the wrong types",
      () => {
        const report = buildReport();
        setRaw(report, "title", 2024);
        setRaw(report, "templateVersion", null);
        setRaw(report, "agency", { kind: "province", fullName: 7 });
        setRaw(report, "year", "2024");
        return report;
      },
    ],
  ];

  it.each(garbageReports)("%s", (_name, make) => {
    const context: RuleContext = buildContext({ report: make(), previous: make(), publishedAt: "not a date" });
    const summary = runRules(context);
    expect(summary.findings.length).toBe(summary.errors + summary.warnings + summary.infos);
    for (const finding of summary.findings) {
      expect(typeof finding.path).toBe("string");
      expect(finding.message).toMatch(/[\u4e00-\u9fff]/u);
    }
  });

  it("reports malformed cells instead of skipping them silently", () => {
    const [, make] = garbageReports[3]!;
    const ids = new Set(runRules(buildContext({ report: make() })).findings.map((f) => f.ruleId));
    expect([...ids].filter((id) => id.startsWith("S-"))).toEqual(["S-03", "S-04", "S-05"]);
  });

  it("for any JSON-like value in any section, table row or cell", () => {
    const anyValue = fc.anything({ maxDepth: 3 });
    const cellPaths = fc.constantFrom(
      ["applications", "rows"],
      ["applications", "rows", "newReceived"],
      ["applications", "rows", "totalProcessed", "total"],
      ["reviewLitigation", "review", "total"],
      ["activeDisclosure", "administrativeFees", "amountWanYuan"],
      ["activeDisclosure", "normativeDocuments"],
      ["overview", "requestDisclosure"],
      ["preamble", "statisticsPeriod"],
      ["otherMatters", "processingFee"],
      ["otherMatters", "processingFee", "feeNoticesIssued"],
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(cellPaths, anyValue), { maxLength: 6 }), fc.option(fc.string()), (edits, publishedAt) => {
        const report = buildReport();
        for (const [path, value] of edits) {
          let container: unknown = report.sections;
          for (const key of path.slice(0, -1)) {
            container = typeof container === "object" && container !== null ? (container as Record<string, unknown>)[key] : undefined;
          }
          if (typeof container === "object" && container !== null) setRaw(container, path[path.length - 1]!, value);
        }
        const context = buildContext({ report, previous: buildReport(), ...(publishedAt === null ? {} : { publishedAt }) });
        runRules(context);
      }),
      { numRuns: 300 },
    );
  });

  it("for any value as a whole section", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...SECTION_NAMES), fc.anything({ maxDepth: 4 })), (sections) => {
        runRules(buildContext({ report: { ...buildReport(), sections: sections as never }, previous: { ...buildReport(), sections: sections as never } }));
      }),
      { numRuns: 300 },
    );
  });
});

describe("order of findings", () => {
  /** A report with findings of several rules at several paths. */
  function brokenReport(): ReportContent {
    const report = buildReport();
    const sections = sectionsOf(report);
    sections.applications.rows.carriedForward.total = 5;
    sections.applications.rows.newReceived.total = 1;
    sections.applications.rows.granted.naturalPerson = 0;
    sections.reviewLitigation.review.total = 9;
    sections.activeDisclosure.regulations.inForce = 2;
    report.title = "报告";
    return report;
  }

  it("is by rule, then by place in the document (table rows and columns in render order)", () => {
    const findings = runRules(buildContext({ report: brokenReport() })).findings;
    expect(findings.map((f) => `${f.ruleId} ${f.path}`)).toEqual([
      "T2-01 activeDisclosure.regulations.inForce",
      "T3-01 applications.rows.totalProcessed.total",
      "T3-02 applications.rows.totalProcessed.naturalPerson",
      "T3-03 applications.rows.newReceived.total",
      "T3-03 applications.rows.granted.total",
      "T3-03 applications.rows.carriedForward.total",
      "T3-N1 overview.requestDisclosure",
      "T3-N1 overview.requestDisclosure",
      "T4-01 reviewLitigation.review.total",
      "T4-N1 overview.requestDisclosure",
      "N-09 title",
    ]);
    const rulePositions = findings.map((f) => RULES.findIndex((rule) => rule.id === f.ruleId));
    expect(rulePositions).toEqual([...rulePositions].sort((a, b) => a - b));
  });

  it("does not depend on the order of keys in the stored data", () => {
    const report = brokenReport();
    const reversed = structuredClone(report);
    const reverseKeys = (value: unknown): unknown =>
      typeof value === "object" && value !== null && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]))
        : value;
    reversed.sections = reverseKeys(reversed.sections) as ReportContent["sections"];
    const rowKeys = (r: ReportContent) => Object.keys(r.sections.applications!.rows);
    expect(rowKeys(reversed)).toEqual(rowKeys(report).reverse());
    expect(runRules(buildContext({ report: reversed }))).toEqual(runRules(buildContext({ report })));
  });
});
