/**
 * Reports for the rule tests.
 *
 * - `exampleReport()`: the real example report (沂源县悦庄镇人民政府 2024) from the fixtures, completed
 *   the way the service stores it.
 * - `buildReport()`: a report built on the example whose every table holds non-zero, consistent data
 *   and whose text agrees with the tables, so that it passes every rule. Tests break one thing in it.
 * - `buildPreviousReport()`: the 2023 report the cross-year rules compare it with.
 *
 * Every call returns a fresh deep copy, so tests may mutate what they get.
 */
import { exampleAgency, exampleSections, exampleYear } from "../../../fixtures/example";
import { DEFAULT_DEADLINES } from "../../../functions/config";
import { APPLICANT_COLUMNS, APPLICATION_ROW_KEYS, SECTION_NAMES, reportTitle, type ApplicationRowKey } from "../../../functions/report/catalogue";
import { completeSection } from "../../../functions/report/complete";
import type { RuleContext } from "../../../functions/report/findings";
import type { ReportContent, SectionInputs, Sections } from "../../../functions/report/schemas";

export const YEAR = exampleYear;
export const TIME_ZONE = "Asia/Shanghai";
/** A moment before the 2025-01-31 deadline of a town's 2024 report. */
export const BEFORE_DEADLINE = new Date("2025-01-20T02:00:00Z");

function completeAll(inputs: SectionInputs, year: number): Sections {
  const sections = {} as Record<string, unknown>;
  for (const name of SECTION_NAMES) sections[name] = completeSection(name, inputs[name] as never, year);
  return sections as unknown as Sections;
}

export function exampleReport(): ReportContent {
  return structuredClone({
    year: exampleYear,
    templateVersion: "2021",
    title: reportTitle(exampleAgency.fullName, exampleYear),
    agency: exampleAgency,
    sections: completeAll(exampleSections, exampleYear),
  });
}

/**
 * Table 三 of the base report, applicant columns only (自然人, 商业企业, 科研机构, 社会公益组织,
 * 法律服务机构, 其他); rows not listed are all zero. 总计 and （七）总计 are computed on completion.
 * Per column: 一 + 二 = （七） + 四, e.g. 自然人 12 + 2 = 13 + 1; totals 19 + 3 = 20 + 2.
 */
export const BASE_APPLICANT_COUNTS: Partial<Record<ApplicationRowKey, readonly number[]>> = {
  newReceived: [12, 3, 1, 0, 2, 1], // 19
  carriedOver: [2, 1, 0, 0, 0, 0], // 3
  granted: [6, 2, 1, 0, 1, 0], // 10
  partiallyGranted: [2, 0, 0, 0, 0, 0], // 2
  deniedThirdPartyRights: [1, 0, 0, 0, 0, 0], // 1
  deniedProcessInformation: [0, 1, 0, 0, 0, 0], // 1
  unableNotHeld: [2, 0, 0, 0, 1, 0], // 3
  notProcessedDuplicate: [1, 0, 0, 0, 0, 0], // 1
  otherFeeUnpaid: [1, 0, 0, 0, 0, 0], // 1
  otherOther: [0, 0, 0, 0, 0, 1], // 1  → （七）总计 13, 3, 1, 0, 2, 1 = 20
  carriedForward: [1, 1, 0, 0, 0, 0], // 2
};

function applicantRow(counts: readonly number[] = [0, 0, 0, 0, 0, 0]) {
  return Object.fromEntries(APPLICANT_COLUMNS.map((column, index) => [column.key, counts[index] ?? 0]));
}

function replaceOnce(text: string, search: string, replacement: string): string {
  if (!text.includes(search)) throw new Error(`fixture text changed: “${search}” not found`);
  return text.replace(search, replacement);
}

function baseInputs(): SectionInputs {
  const example = structuredClone(exampleSections);
  const rows = Object.fromEntries(
    APPLICATION_ROW_KEYS.filter((key) => key !== "totalProcessed").map((key) => [key, applicantRow(BASE_APPLICANT_COUNTS[key])]),
  );
  return {
    ...example,
    overview: {
      ...example.overview,
      proactiveDisclosure: `${example.overview.proactiveDisclosure}全年制发行政规范性文件3件，废止1件，现行有效的行政规范性文件12件。`,
      requestDisclosure: replaceOnce(
        example.overview.requestDisclosure,
        "共收到依申请公开办件1件，并在规定时限内予以答复，与去年办理数量持平。",
        "共收到依申请公开办件19件，办理上年度结转申请3件，办结20件，结转至下年度继续办理2件。全年发生行政复议3件、行政诉讼2件。",
      ),
      supervisionAndGuarantee: `${example.overview.supervisionAndGuarantee}将政务公开纳入年度绩效考核，开展社会评议1次，全年未发生责任追究情况。`,
    },
    activeDisclosure: {
      regulations: { issued: 0, repealed: 0, inForce: 0 }, // a town has no rule-making power (T2-01)
      normativeDocuments: { issued: 3, repealed: 1, inForce: 12 },
      administrativeLicensing: { decisions: 25 },
      administrativePenalty: { decisions: 4 },
      administrativeCoercion: { decisions: 2 },
      administrativeFees: { amountWanYuan: "0" }, // a town collects no 行政事业性收费 (T2-I1)
    },
    applications: { rows } as SectionInputs["applications"],
    reviewLitigation: {
      review: { upheld: 1, corrected: 1, otherResult: 0, pending: 1 },
      litigationDirect: { upheld: 1, corrected: 0, otherResult: 0, pending: 0 },
      litigationAfterReview: { upheld: 0, corrected: 0, otherResult: 1, pending: 0 },
    },
    problemsAndImprovements: {
      ...example.problemsAndImprovements,
      previousYearRectification: "针对上年度报告指出的栏目更新不及时问题，已逐项完成整改。",
    },
    otherMatters: {
      ...example.otherMatters,
      processingFee: {
        charged: false,
        amountYuan: "0",
        feeNoticesIssued: 1,
        statement: "2024年度，我镇发出信息处理费收费通知1件，申请人逾期未缴纳，未收取信息处理费。",
      },
    },
  };
}

export function buildReport(): ReportContent {
  return {
    year: YEAR,
    templateVersion: "2021",
    title: reportTitle(exampleAgency.fullName, YEAR),
    agency: structuredClone(exampleAgency),
    sections: completeAll(baseInputs(), YEAR),
  };
}

/**
 * The 2023 report, consistent with the base report across years: its 行政规范性文件 in force
 * (10 + 3 − 1 = 12) and its 结转下年度继续办理 row (= this year's 上年结转 row). Only the values the
 * cross-year rules read matter here.
 */
export function buildPreviousReport(): ReportContent {
  const previous = buildReport();
  previous.year = YEAR - 1;
  previous.title = reportTitle(previous.agency.fullName, YEAR - 1);
  const sections = sectionsOf(previous);
  sections.activeDisclosure.normativeDocuments = { issued: 2, repealed: 0, inForce: 10 };
  sections.applications.rows.carriedForward = structuredClone(sectionsOf(buildReport()).applications.rows.carriedOver);
  return previous;
}

export function buildContext(overrides: Partial<RuleContext> = {}): RuleContext {
  return {
    report: buildReport(),
    now: BEFORE_DEADLINE,
    deadlines: { ...DEFAULT_DEADLINES },
    timeZone: TIME_ZONE,
    ...overrides,
  };
}

/** All seven sections of a built report, typed as present, for tests to mutate. */
export function sectionsOf(report: ReportContent): Sections {
  for (const name of SECTION_NAMES) if (!report.sections[name]) throw new Error(`section ${name} is missing`);
  return report.sections as Sections;
}

/** Puts a value the schemas would reject into stored data, as an import could. */
export function setRaw(container: object, key: string, value: unknown): void {
  (container as Record<string, unknown>)[key] = value;
}
