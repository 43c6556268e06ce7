import { describe, expect, it } from "vitest";
import { DEFAULT_DEADLINES } from "../../../functions/report/deadline";
import type { ReportContent } from "../../../functions/report/schemas";
import {
  GENERIC_MIN_CHARACTERS,
  GENERIC_MIN_SUBSTANTIVE_CHARACTERS,
  INSPECTION_CHECKS,
  inspectReport,
  inspectYear,
  substantiveLength,
  type InspectionCheckId,
  type InspectionOptions,
  type InspectionSubject,
  type ReportInspection,
} from "../../../functions/report/toolkit/inspection";
import { wordingLength } from "../../../functions/report/toolkit/similarity";
import { BEFORE_DEADLINE, TIME_ZONE, YEAR, buildPreviousReport, buildReport, sectionsOf, setRaw } from "../rules/report-builder";
import { memberReport } from "./members";
import { BOILERPLATE_PROBLEMS, REWRITTEN_OVERVIEW, REWRITTEN_PROBLEMS } from "./texts";

const OPTIONS: InspectionOptions = { year: YEAR, now: BEFORE_DEADLINE, deadlines: { ...DEFAULT_DEADLINES }, timeZone: TIME_ZONE };
/** 2025-01-15 10:00 in 沂源 (Asia/Shanghai), before the town deadline 2025-01-31. */
const ON_TIME = "2025-01-15T02:00:00Z";

function rewrittenPrevious(): ReportContent {
  const previous = buildPreviousReport();
  sectionsOf(previous).overview = structuredClone(REWRITTEN_OVERVIEW);
  sectionsOf(previous).problemsAndImprovements = structuredClone(REWRITTEN_PROBLEMS);
  return previous;
}

/** The base report, published on time, with last year's report written differently: passes every check. */
function cleanSubject(report: ReportContent = buildReport()): InspectionSubject {
  return { agency: report.agency, report, firstPublishedAt: ON_TIME, previous: rewrittenPrevious() };
}

const check = (inspection: ReportInspection, id: InspectionCheckId) => inspection.checks.find((c) => c.id === id)!;
const failed = (subject: InspectionSubject, options: Partial<InspectionOptions> = {}) =>
  inspectReport(subject, { ...OPTIONS, ...options }).deductions;

describe("inspectReport", () => {
  it("passes a consistent report published on time, with every check listed with its basis", () => {
    const inspection = inspectReport(cleanSubject(), OPTIONS);
    expect(inspection.clean).toBe(true);
    expect(inspection.checks.map((c) => [c.id, c.result])).toEqual(INSPECTION_CHECKS.map((c) => [c.id, "pass"]));
    for (const c of inspection.checks) {
      expect(c.title).toMatch(/[\u4e00-\u9fff]/u);
      expect(c.basis).toMatch(/[\u4e00-\u9fff]/u);
    }
    expect(check(inspection, "I-01").evidence).toEqual([{ path: "publishedAt", message: "已于2025年1月15日发布（期限2025年1月31日）" }]);
  });

  describe("I-01 publication", () => {
    it("deducts a report not yet published, saying how many days remain", () => {
      const subject = { ...cleanSubject(), firstPublishedAt: undefined };
      const inspection = inspectReport(subject, OPTIONS);
      expect(inspection.deductions).toEqual(["I-01"]);
      expect(check(inspection, "I-01").evidence[0]!.message).toBe("尚未发布，发布期限为2025年1月31日（还有11天）");
    });

    it("deducts a report still unpublished after the deadline", () => {
      const subject = { ...cleanSubject(), firstPublishedAt: undefined };
      const inspection = inspectReport(subject, { ...OPTIONS, now: new Date("2025-02-03T04:00:00Z") });
      expect(check(inspection, "I-01").evidence[0]!.message).toBe("截至2025年2月3日尚未发布，已超过期限2025年1月31日3天");
    });

    it("deducts a late publication, judged by the county's day (00:30 on 1 February in 沂源 is late)", () => {
      const inspection = inspectReport({ ...cleanSubject(), firstPublishedAt: "2025-01-31T16:30:00Z" }, OPTIONS);
      expect(inspection.deductions).toEqual(["I-01"]);
      expect(check(inspection, "I-01").evidence[0]!.message).toBe("于2025年2月1日发布，晚于期限2025年1月31日1天");
      expect(failed({ ...cleanSubject(), firstPublishedAt: "2025-01-31T15:30:00Z" })).toEqual([]);
    });

    it("deducts, and says so, when the publication time cannot be read", () => {
      const inspection = inspectReport({ ...cleanSubject(), firstPublishedAt: "not a date" }, OPTIONS);
      expect(check(inspection, "I-01")).toEqual(
        expect.objectContaining({ result: "fail", evidence: [{ path: "publishedAt", message: "发布时间无法识别（“not a date”），无法判断是否按期发布" }] }),
      );
    });

    it("gives the county government its 31 March deadline", () => {
      const report = memberReport("county-gov", "沂源县人民政府", "countyGovernment");
      expect(failed({ ...cleanSubject(report), firstPublishedAt: "2025-03-20T02:00:00Z" })).not.toContain("I-01");
    });

    it("deducts an agency that has not started, and checks nothing else", () => {
      const inspection = inspectReport({ agency: buildReport().agency }, OPTIONS);
      expect(inspection.deductions).toEqual(["I-01"]);
      expect(check(inspection, "I-01").evidence[0]!.message).toBe("尚未填报，尚未发布，发布期限为2025年1月31日（还有11天）");
      expect(inspection.checks.slice(1).every((c) => c.result === "notApplicable")).toBe(true);
    });
  });

  it("I-02 names the broken T3/T4 identities", () => {
    const report = buildReport();
    sectionsOf(report).reviewLitigation.review.upheld += 1;
    const inspection = inspectReport(cleanSubject(report), OPTIONS);
    expect(inspection.deductions).toEqual(["I-02"]);
    expect(check(inspection, "I-02").evidence).toEqual([
      expect.objectContaining({ ruleId: "T4-01", path: "reviewLitigation.review.total" }),
    ]);
  });

  it("I-03 lists blank, “/” and null cells of an imported report, and a missing table", () => {
    const report = buildReport();
    setRaw(sectionsOf(report).applications.rows.granted, "naturalPerson", null);
    setRaw(sectionsOf(report).activeDisclosure.administrativeLicensing, "decisions", "/");
    delete (report.sections as Record<string, unknown>).reviewLitigation;
    const evidence = check(inspectReport(cleanSubject(report), OPTIONS), "I-03").evidence;
    expect(evidence.map((e) => e.path)).toEqual([
      "reviewLitigation",
      "activeDisclosure.administrativeLicensing.decisions",
      "applications.rows.granted.naturalPerson",
    ]);
    expect(evidence[0]!.message).toBe("缺少“四、政府信息公开行政复议、行政诉讼情况”表格");
  });

  it("I-04 deducts 一 and 五 copied from last year", () => {
    const subject = { ...cleanSubject(), previous: buildPreviousReport() };
    const evidence = check(inspectReport(subject, OPTIONS), "I-04").evidence;
    expect(evidence.map((e) => [e.ruleId, e.path])).toEqual([
      ["N-06", "problemsAndImprovements"],
      ["N-06", "overview"],
    ]);
  });

  it("I-05 deducts a 六 without its 信息处理费 statement", () => {
    const report = buildReport();
    delete (sectionsOf(report).otherMatters as Record<string, unknown>).processingFee;
    expect(failed(cleanSubject(report))).toEqual(["I-05"]);
    const missingSection = buildReport();
    delete (missingSection.sections as Record<string, unknown>).otherMatters;
    expect(check(inspectReport(cleanSubject(missingSection), OPTIONS), "I-05").evidence[0]!.message).toBe("缺少“六、其他需要报告的事项”");
  });

  describe("I-06 五 empty or generic", () => {
    const withProblems = (problems: string, improvements: string) => {
      const report = buildReport();
      sectionsOf(report).problemsAndImprovements = { previousYearRectification: "上年度问题已整改。", problems, improvements };
      return inspectReport(cleanSubject(report), OPTIONS);
    };

    it("deducts a 五 that only says 无", () => {
      expect(check(withProblems("无", "无。"), "I-06").evidence.map((e) => e.ruleId)).toEqual(["N-02", "N-02"]);
    });

    it("deducts a 五 shorter than the minimum", () => {
      const inspection = withProblems("栏目更新不及时。", "每周检查栏目。");
      expect(inspection.deductions).toEqual(["I-06"]);
      expect(check(inspection, "I-06").evidence[0]!.message).toBe(
        `“五、存在的主要问题及改进情况”“存在的主要问题”和“改进情况”合计仅13字（不含标点），少于${GENERIC_MIN_CHARACTERS}字，内容空泛`,
      );
    });

    it("deducts a 五 made of stock phrases, long as it is", () => {
      const problems = "一是政务公开工作人员业务能力有待提高，信息公开的及时性不够。二是公开内容不够全面，政务公开工作有待加强。";
      const improvements = "下一步，我单位将进一步加强业务培训，不断提高政府信息公开工作水平，进一步完善工作机制，切实提高公开质量。";
      const text = `${problems}\n${improvements}`;
      expect(wordingLength(text)).toBeGreaterThanOrEqual(GENERIC_MIN_CHARACTERS);
      expect(substantiveLength(text)).toBeLessThan(GENERIC_MIN_SUBSTANTIVE_CHARACTERS);
      expect(check(withProblems(problems, improvements), "I-06").evidence[0]!.message).toMatch(/^“五、存在的主要问题及改进情况”“存在的主要问题”和“改进情况”去除套话后仅余\d+字（共\d+字），少于40字/u);
    });

    it("passes a concrete 五 such as the example's and a rewritten one", () => {
      expect(check(withProblems(REWRITTEN_PROBLEMS.problems, REWRITTEN_PROBLEMS.improvements), "I-06").result).toBe("pass");
      expect(check(withProblems(BOILERPLATE_PROBLEMS.problems, BOILERPLATE_PROBLEMS.improvements), "I-06").result).toBe("pass");
    });
  });

  it("I-07 deducts a 五 that never mentions last year's rectification", () => {
    const report = buildReport();
    sectionsOf(report).problemsAndImprovements = {
      problems: "部分栏目更新滞后，网站附件多为扫描图片，群众用手机阅读困难；依申请公开答复文书格式不统一，引用条款不够准确。",
      improvements: "明年由党政办每月核查各栏目更新情况，新上传文件一律提供可复制的文字版，统一使用县里下发的答复文书模板，并组织两次答复文书专题培训。",
    };
    const inspection = inspectReport(cleanSubject(report), OPTIONS);
    expect(inspection.deductions).toEqual(["I-07"]);
    expect(check(inspection, "I-07").evidence.map((e) => e.ruleId)).toEqual(["N-03"]);
  });

  describe("I-08 stale template citation", () => {
    it("deducts a 2021+ report citing 国办公开办函〔2019〕60号 in any bracket form", () => {
      for (const citation of ["国办公开办函〔2019〕60号", "国办公开办函[2019]60号", "国办公开办函（2019） 60号"]) {
        const report = buildReport();
        sectionsOf(report).preamble.basisText = `根据《中华人民共和国政府信息公开条例》和${citation}要求，编制本报告。`;
        const inspection = inspectReport(cleanSubject(report), OPTIONS);
        expect(inspection.deductions).toEqual(["I-08"]);
        expect(check(inspection, "I-08").evidence).toEqual([
          { path: "preamble.basisText", message: `“导语”“编制依据”引用了“${citation}”，2024年度报告应依据国办公开办函〔2021〕30号` },
        ]);
      }
    });

    it("does not deduct the citation in a 2020 report, nor the current basis", () => {
      const old = buildReport();
      old.year = 2020;
      sectionsOf(old).preamble.basisText = "依据国办公开办函〔2019〕60号编制。";
      expect(check(inspectReport(cleanSubject(old), OPTIONS), "I-08").result).toBe("pass");
      const current = buildReport();
      sectionsOf(current).preamble.basisText = "依据国办公开办函〔2021〕30号编制。";
      expect(check(inspectReport(cleanSubject(current), OPTIONS), "I-08").result).toBe("pass");
    });
  });

  it("I-09 deducts text that contradicts the tables", () => {
    const report = buildReport();
    const overview = sectionsOf(report).overview;
    overview.requestDisclosure = overview.requestDisclosure.replace("共收到依申请公开办件19件", "共收到依申请公开办件7件");
    const inspection = inspectReport(cleanSubject(report), OPTIONS);
    expect(inspection.deductions).toEqual(["I-09"]);
    expect(check(inspection, "I-09").evidence.map((e) => e.ruleId)).toEqual(["T3-N1"]);
  });
});

describe("inspectYear", () => {
  function county(): InspectionSubject[] {
    const clean = cleanSubject();
    const finance = memberReport("finance-bureau", "沂源县财政局");
    const water = memberReport("water-bureau", "沂源县水利局");
    for (const report of [finance, water]) {
      sectionsOf(report).problemsAndImprovements = structuredClone(BOILERPLATE_PROBLEMS);
      sectionsOf(report).overview = structuredClone(REWRITTEN_OVERVIEW);
    }
    // Water also publishes late.
    return [
      clean,
      { agency: finance.agency, report: finance, firstPublishedAt: ON_TIME },
      { agency: water.agency, report: water, firstPublishedAt: "2025-02-10T02:00:00Z" },
      { agency: { agencyId: "health-bureau", fullName: "沂源县卫生健康局", kind: "countyDepartment", hasRulemakingPower: false } },
    ];
  }

  it("compares every agency with the others and summarises the county", () => {
    const year = inspectYear(county(), OPTIONS);
    expect(year.year).toBe(YEAR);
    expect(year.agencies.map((a) => [a.agencyId, a.deductions])).toEqual([
      ["yuezhuang-town", []],
      ["finance-bureau", ["I-04"]],
      ["water-bureau", ["I-01", "I-04"]],
      ["health-bureau", ["I-01"]],
    ]);
    // The two bureaus share 五 and 一; each names the other for both.
    const evidence = (agencyId: string) => year.agencies.find((a) => a.agencyId === agencyId)!.checks.find((c) => c.id === "I-04")!.evidence;
    expect(evidence("finance-bureau").map((e) => [e.path, e.message.includes("《沂源县水利局2024年政府信息公开工作年度报告》")])).toEqual([
      ["problemsAndImprovements", true],
      ["overview", true],
    ]);
    expect(evidence("water-bureau").map((e) => [e.path, e.message.includes("《沂源县财政局2024年政府信息公开工作年度报告》")])).toEqual([
      ["problemsAndImprovements", true],
      ["overview", true],
    ]);
    expect(year.summary).toEqual(
      expect.objectContaining({ agencies: 4, clean: 1, withDeductions: 3 }),
    );
    expect(year.summary.checks.map((c) => [c.id, c.failed])).toEqual(
      INSPECTION_CHECKS.map((c) => [c.id, c.id === "I-01" || c.id === "I-04" ? 2 : 0]),
    );
    expect(year.summary.checks.find((c) => c.id === "I-01")!.agencyIds).toEqual(["water-bureau", "health-bureau"]);
    expect(year.summary.mostCommon.map((c) => [c.id, c.title, c.failed])).toEqual([
      ["I-01", "未按期发布年度报告", 2],
      ["I-04", "与上年度或其他单位报告雷同", 2],
    ]);
  });

  it("orders the most common problems by count", () => {
    const subjects = county();
    subjects[0] = { ...subjects[0]!, firstPublishedAt: undefined }; // a third agency unpublished
    const mostCommon = inspectYear(subjects, OPTIONS).summary.mostCommon;
    expect(mostCommon.map((c) => [c.id, c.failed])).toEqual([
      ["I-01", 3],
      ["I-04", 2],
    ]);
  });

  it("summarises an empty county", () => {
    expect(inspectYear([], OPTIONS).summary).toEqual(
      expect.objectContaining({ agencies: 0, clean: 0, withDeductions: 0, mostCommon: [] }),
    );
  });

  it("finds the one shared 五 among 40 agencies with long texts, in bounded time", () => {
    let state = 11;
    const next = () => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0);
    // Characters drawn from 3,000 common CJK code points: unrelated texts share almost no 3-grams.
    const text = (length: number) =>
      Array.from({ length }, (_, i) => (i % 40 === 39 ? "。" : String.fromCodePoint(0x4e00 + (next() % 3000)))).join("");
    const shared = text(3_000);
    const subjects = Array.from({ length: 40 }, (_, i): InspectionSubject => {
      const report = memberReport(`dept-${i}`, `沂源县第${i}局`);
      const overview = sectionsOf(report).overview;
      for (const field of ["proactiveDisclosure", "requestDisclosure", "informationManagement", "platformBuilding", "supervisionAndGuarantee"] as const) {
        overview[field] = text(2_000);
      }
      sectionsOf(report).problemsAndImprovements.problems = i === 7 || i === 31 ? shared : text(3_000);
      return { agency: report.agency, report, firstPublishedAt: ON_TIME };
    });
    const started = performance.now();
    const year = inspectYear(subjects, OPTIONS);
    const elapsed = performance.now() - started;
    console.info(`inspectYear, 40 agencies of 13,000 characters: ${elapsed.toFixed(0)} ms`);
    expect(year.summary.checks.find((c) => c.id === "I-04")!.agencyIds).toEqual(["dept-7", "dept-31"]);
    expect(elapsed).toBeLessThan(10_000);
  });
});

