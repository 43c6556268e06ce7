/**
 * The inspection pre-check: the deductions a city or provincial evaluator would make on a report
 * (format-spec §7 “Commonly penalised”), each with its Chinese title, its basis and the evidence, as a
 * checklist per agency and a county summary. Pure: the caller supplies the reports, their first
 * publication times, the deadlines and the clock.
 *
 * Most checks reuse the §6 rules (the same findings the clerk sees while writing); two are defined
 * here: “五 empty or generic” (measurable thresholds below) and the stale template citation.
 */
import {
  AGENCY_KIND_LABELS,
  APPLICATIONS_NOTE,
  APPLICATION_TOTAL_COLUMN,
  OTHER_MATTERS_FIELDS,
  PROBLEMS_FIELDS,
  RESULT_TOTAL_COLUMN,
  SECTION_TITLES,
  TEMPLATE_BASIS,
  applicationRow,
} from "../catalogue";
import { deadlineStatus, localDate, type Deadlines } from "../deadline";
import type { Finding, Rule, RuleContext } from "../findings";
import { chineseDate, quoted, sectionName } from "../rules/labels";
import { N01, N02, N03 } from "../rules/narrative";
import { sectionOf, textAt } from "../rules/read";
import { sectionShingles, similarityRule, type SectionShingles } from "../rules/similarity";
import { S03 } from "../rules/structural";
import { T2N1 } from "../rules/table2";
import { T3N1 } from "../rules/table3";
import { T4N1 } from "../rules/table4";
import type { Agency, ReportContent } from "../schemas";
import { tableIdentityErrors } from "./aggregate";
import { wordingLength, wordingOf } from "./similarity";
import { TEXT_FIELDS, fieldText } from "./text-fields";

// ---------------------------------------------------------------- what “generic” means for 五

/**
 * Section 五 (问题 and 改进情况 together) is generic when its wording (whitespace, punctuation and
 * symbols removed, toolkit/similarity.ts) has fewer than GENERIC_MIN_CHARACTERS characters, or when
 * fewer than GENERIC_MIN_SUBSTANTIVE_CHARACTERS remain after deleting every stock phrase below
 * (longest first): a text made of 套话 says nothing about this agency's year.
 */
export const GENERIC_MIN_CHARACTERS = 80;
export const GENERIC_MIN_SUBSTANTIVE_CHARACTERS = 40;
export const STOCK_PHRASES: readonly string[] = [
  "政府信息公开工作", "政务公开工作", "信息公开工作", "一是", "二是", "三是", "四是", "五是",
  "存在一定差距", "存在一些不足", "存在不足", "还存在一些问题", "主要问题", "主要表现在",
  "有待进一步提高", "有待进一步加强", "有待进一步提升", "有待进一步完善", "有待提高", "有待加强", "有待提升", "有待完善",
  "仍需加强", "还需加强", "不够全面", "不够及时", "不够深入", "不够规范", "不够完善", "不够到位", "不够丰富", "不够",
  "进一步加强", "进一步提高", "进一步提升", "进一步规范", "进一步完善", "进一步加大", "进一步强化", "进一步深化", "进一步",
  "不断提高", "不断提升", "切实提高", "持续提升", "全面提升", "持续推进", "认真贯彻落实", "严格按照", "相关要求", "上级要求",
  "下一步", "我单位将", "我局将", "我镇将", "我办将", "我街道将",
  "业务培训", "业务水平", "业务能力", "工作人员", "专业素养", "综合素质", "公开力度", "公开质量", "公开水平",
  "工作机制", "工作力度", "工作水平", "信息公开", "政务公开",
];

// ---------------------------------------------------------------- the checks

/** The 2019 template's notice, replaced by TEMPLATE_BASIS from report year 2021. */
export const STALE_TEMPLATE_BASIS = "国办公开办函〔2019〕60号";

export const INSPECTION_CHECKS = [
  {
    id: "I-01",
    title: "未按期发布年度报告",
    basis:
      "《中华人民共和国政府信息公开条例》第四十九条：县级以上人民政府部门每年1月31日前公布上一年度报告，本级政府报告由主管部门每年3月31日前公布（乡镇、街道按县里配置的期限，默认1月31日）。逾期发布是中国社会科学院评估和鲤城区考评标准所列的首要问题（规则P-01）。",
  },
  {
    id: "I-02",
    title: "表格勾稽关系错误",
    basis: `年度报告格式第三部分表头注明${APPLICATIONS_NOTE}；${quoted(applicationRow("totalProcessed").label)}等于各项办理结果之和，${quoted(APPLICATION_TOTAL_COLUMN.label)}列等于各申请人列之和，第四部分各组${quoted(RESULT_TOTAL_COLUMN.label)}等于四项结果之和（规则T3-01、T3-02、T3-03、T4-01、T4-02、T4-03）。`,
  },
  {
    id: "I-03",
    title: "表格存在空白或“/”单元格",
    basis: "表格每个单元格都应填写数字，无数据时填0；空白、“/”等使合计无法核对，评估中作为扣分项（规则S-03）。",
  },
  {
    id: "I-04",
    title: "与上年度或其他单位报告雷同",
    basis:
      "宿迁市考评标准的扣分项“与上年度重复率大于50%”；泉州市鲤城区考评标准的扣分项“年度报告与往年或与其他单位雷同”。本检查按去除空白、标点和符号后的3字片段计算杰卡德相似度，超过50%即列出（规则N-06）。",
  },
  {
    id: "I-05",
    title: "未说明信息处理费收取情况",
    basis:
      `《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）；2021年版年度报告格式第六部分要求报告${OTHER_MATTERS_FIELDS.processingFee}（是否收取、金额，未收取填0）（规则N-01）。`,
  },
  {
    id: "I-06",
    title: "第五部分为空或内容空泛",
    basis:
      `《中华人民共和国政府信息公开条例》第五十条第四项要求报告政府信息公开工作存在的主要问题及改进情况；评估中第五部分为空或内容空泛作为扣分项（规则N-02及本检查的空泛标准：不含空白和标点少于${GENERIC_MIN_CHARACTERS}字，或去除套话后少于${GENERIC_MIN_SUBSTANTIVE_CHARACTERS}字）。`,
  },
  {
    id: "I-07",
    title: "未说明上年度问题整改情况",
    basis: `2021年版年度报告格式第五部分要求说明${PROBLEMS_FIELDS.previousYearRectification}；评估中未作说明的作为扣分项（规则N-03：填写${quoted(PROBLEMS_FIELDS.previousYearRectification)}，或在文字中提及上年度问题的整改）。`,
  },
  {
    id: "I-08",
    title: "引用过时的年度报告格式文号",
    basis: `自2021年度起年度报告应按${TEMPLATE_BASIS}印发的格式编制，引用已被替代的${STALE_TEMPLATE_BASIS}属于引用过时依据（规则N-08）。`,
  },
  {
    id: "I-09",
    title: "文字与表格数据不一致",
    basis: "评估中核对正文所述数字与表格数据，正文数字与表格矛盾作为扣分项（规则T2-N1、T3-N1、T4-N1）。",
  },
] as const;

export type InspectionCheckId = (typeof INSPECTION_CHECKS)[number]["id"];

const STOCK_PHRASES_LONGEST_FIRST = [...STOCK_PHRASES].map(wordingOf).sort((a, b) => b.length - a.length);

/** Characters of the wording left after deleting the stock phrases. */
export function substantiveLength(text: string): number {
  let wording = wordingOf(text);
  for (const phrase of STOCK_PHRASES_LONGEST_FIRST) wording = wording.split(phrase).join("");
  return wordingLength(wording);
}

// ---------------------------------------------------------------- the stale citation

/** STALE_TEMPLATE_BASIS with any of the bracket forms reports use: 〔〕 [] ［］ () （） 【】, spaces allowed. */
const STALE_TEMPLATE_CITATION = /国办公开办函\s*[〔[［(（【]\s*2019\s*[〕\]］)）】]\s*60\s*号/u;

// ---------------------------------------------------------------- inspection of one report

export interface InspectionSubject {
  agency: Agency;
  /** Absent: the agency has not started its report. */
  report?: ReportContent;
  /** First publication (ISO): lateness is judged by it, not by a later correction. Absent: never published. */
  firstPublishedAt?: string;
  /** The agency's previous-year report, for N-06. */
  previous?: ReportContent;
}

export interface InspectionOptions {
  year: number;
  now: Date;
  deadlines: Deadlines;
  timeZone: string;
}

export interface Evidence {
  path?: string;
  ruleId?: string;
  message: string;
}

export type CheckResult = "pass" | "fail" | "notApplicable";

export interface CheckOutcome {
  id: InspectionCheckId;
  title: string;
  basis: string;
  result: CheckResult;
  evidence: Evidence[];
}

export interface ReportInspection {
  agencyId: string;
  fullName: string;
  kind: Agency["kind"];
  kindLabel: string;
  year: number;
  /** No check failed. */
  clean: boolean;
  /** The failed checks' ids, in check order. */
  deductions: InspectionCheckId[];
  checks: CheckOutcome[];
}

const fromFindings = (findings: readonly Finding[]): Evidence[] =>
  findings.map((finding) => ({ path: finding.path, ruleId: finding.ruleId, message: finding.message }));

const daysBetween = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

function publicationEvidence(subject: InspectionSubject, options: InspectionOptions): { failed: boolean; evidence: Evidence } {
  if (subject.firstPublishedAt !== undefined && Number.isNaN(Date.parse(subject.firstPublishedAt))) {
    // Nothing can be judged from an unreadable time; say so rather than guess either way.
    return { failed: true, evidence: { path: "publishedAt", message: `发布时间无法识别（${quoted(subject.firstPublishedAt)}），无法判断是否按期发布` } };
  }
  const { deadline, late } = deadlineStatus(
    subject.agency.kind,
    options.year,
    options.deadlines,
    subject.firstPublishedAt,
    options.now,
    options.timeZone,
  );
  const due = chineseDate(deadline);
  if (subject.firstPublishedAt !== undefined) {
    const published = localDate(new Date(subject.firstPublishedAt), options.timeZone);
    return late
      ? { failed: true, evidence: { path: "publishedAt", message: `于${chineseDate(published)}发布，晚于期限${due}${daysBetween(deadline, published)}天` } }
      : { failed: false, evidence: { path: "publishedAt", message: `已于${chineseDate(published)}发布（期限${due}）` } };
  }
  const today = localDate(options.now, options.timeZone);
  const started = subject.report === undefined ? "尚未填报，" : "";
  return late
    ? { failed: true, evidence: { path: "publishedAt", message: `${started}截至${chineseDate(today)}尚未发布，已超过期限${due}${daysBetween(deadline, today)}天` } }
    : { failed: true, evidence: { path: "publishedAt", message: `${started}尚未发布，发布期限为${due}（还有${daysBetween(today, deadline)}天）` } };
}

function genericProblemsEvidence(report: ReportContent, n02: readonly Finding[]): Evidence[] {
  const section = sectionOf(report, "problemsAndImprovements");
  if (!section) return [{ path: "problemsAndImprovements", message: `缺少${sectionName("problemsAndImprovements")}` }];
  if (n02.length > 0) return fromFindings(n02);
  const text = `${textAt(section, "problems")}\n${textAt(section, "improvements")}`;
  const length = wordingLength(text);
  const substantive = substantiveLength(text);
  const name = `${sectionName("problemsAndImprovements")}${quoted(PROBLEMS_FIELDS.problems)}和${quoted(PROBLEMS_FIELDS.improvements)}`;
  if (length < GENERIC_MIN_CHARACTERS) {
    return [{ path: "problemsAndImprovements", message: `${name}合计仅${length}字（不含标点），少于${GENERIC_MIN_CHARACTERS}字，内容空泛` }];
  }
  if (substantive < GENERIC_MIN_SUBSTANTIVE_CHARACTERS) {
    return [
      {
        path: "problemsAndImprovements",
        message: `${name}去除套话后仅余${substantive}字（共${length}字），少于${GENERIC_MIN_SUBSTANTIVE_CHARACTERS}字，未写明本单位的具体问题和措施`,
      },
    ];
  }
  return [];
}

function staleCitationEvidence(report: ReportContent): Evidence[] {
  if (typeof report.year !== "number" || report.year < 2021) return [];
  return TEXT_FIELDS.flatMap((textField) => {
    const match = STALE_TEMPLATE_CITATION.exec(fieldText(report, textField));
    return match
      ? [{ path: textField.path, message: `${textField.label}引用了${quoted(match[0])}，${report.year}年度报告应依据${TEMPLATE_BASIS}` }]
      : [];
  });
}

function missingSectionEvidence(report: ReportContent, section: "otherMatters" | "problemsAndImprovements"): Evidence[] {
  return sectionOf(report, section) ? [] : [{ path: section, message: `缺少${quoted(SECTION_TITLES[section])}` }];
}

function missingTablesEvidence(report: ReportContent): Evidence[] {
  return (["activeDisclosure", "applications", "reviewLitigation"] as const).flatMap((section) =>
    sectionOf(report, section) ? [] : [{ path: section, message: `缺少${quoted(SECTION_TITLES[section])}表格` }],
  );
}

function outcome(id: InspectionCheckId, result: CheckResult, evidence: Evidence[]): CheckOutcome {
  const check = INSPECTION_CHECKS.find((candidate) => candidate.id === id)!;
  return { id, title: check.title, basis: check.basis, result, evidence };
}

const failIfAny = (id: InspectionCheckId, evidence: Evidence[]): CheckOutcome => outcome(id, evidence.length > 0 ? "fail" : "pass", evidence);

/**
 * The checklist of one agency. `peers` are the other agencies' reports of the same year (for N-06);
 * `shingles` lets `inspectYear` shingle each report once for all agencies.
 */
export function inspectReport(
  subject: InspectionSubject,
  options: InspectionOptions & { peers?: readonly ReportContent[]; shingles?: SectionShingles },
): ReportInspection {
  const publication = publicationEvidence(subject, options);
  const checks: CheckOutcome[] = [outcome("I-01", publication.failed ? "fail" : "pass", [publication.evidence])];
  const report = subject.report;

  if (report === undefined) {
    for (const check of INSPECTION_CHECKS.slice(1)) {
      checks.push(outcome(check.id, "notApplicable", [{ message: "尚未填报，无法检查" }]));
    }
  } else {
    const context: RuleContext = {
      report,
      ...(subject.previous ? { previous: subject.previous } : {}),
      peers: [...(options.peers ?? [])],
      ...(subject.firstPublishedAt ? { publishedAt: subject.firstPublishedAt } : {}),
      now: options.now,
      deadlines: options.deadlines,
      timeZone: options.timeZone,
    };
    const run = (rule: Rule) => rule.check(context);
    const n02 = run(N02);
    checks.push(
      failIfAny("I-02", fromFindings(tableIdentityErrors(report))),
      failIfAny("I-03", [...missingTablesEvidence(report), ...fromFindings(run(S03))]),
      failIfAny("I-04", fromFindings(similarityRule(options.shingles).check(context))),
      failIfAny("I-05", [...missingSectionEvidence(report, "otherMatters"), ...fromFindings(run(N01))]),
      failIfAny("I-06", genericProblemsEvidence(report, n02)),
      failIfAny("I-07", [...missingSectionEvidence(report, "problemsAndImprovements"), ...fromFindings(run(N03))]),
      failIfAny("I-08", staleCitationEvidence(report)),
      failIfAny("I-09", fromFindings([T2N1, T3N1, T4N1].flatMap(run))),
    );
  }

  const deductions = checks.filter((check) => check.result === "fail").map((check) => check.id);
  return {
    agencyId: subject.agency.agencyId,
    fullName: subject.agency.fullName,
    kind: subject.agency.kind,
    kindLabel: AGENCY_KIND_LABELS[subject.agency.kind],
    year: options.year,
    clean: deductions.length === 0,
    deductions,
    checks,
  };
}

// ---------------------------------------------------------------- the county

export interface CheckSummary {
  id: InspectionCheckId;
  title: string;
  /** Agencies that fail this check. */
  failed: number;
  agencyIds: string[];
}

export interface YearInspection {
  year: number;
  agencies: ReportInspection[];
  summary: {
    agencies: number;
    clean: number;
    withDeductions: number;
    /** Every check, in check order, with the agencies failing it. */
    checks: CheckSummary[];
    /** The checks failed by at least one agency, most often failed first (ties in check order). */
    mostCommon: CheckSummary[];
  };
}

/** Every agency's checklist, compared with each other for N-06, and the county summary. */
export function inspectYear(subjects: readonly InspectionSubject[], options: InspectionOptions): YearInspection {
  const shingles = sectionShingles();
  const agencies = subjects.map((subject) =>
    inspectReport(subject, {
      ...options,
      shingles,
      peers: subjects.flatMap((other) => (other !== subject && other.report ? [other.report] : [])),
    }),
  );
  const checks = INSPECTION_CHECKS.map((check): CheckSummary => {
    const agencyIds = agencies.filter((agency) => agency.deductions.includes(check.id)).map((agency) => agency.agencyId);
    return { id: check.id, title: check.title, failed: agencyIds.length, agencyIds };
  });
  const clean = agencies.filter((agency) => agency.clean).length;
  return {
    year: options.year,
    agencies,
    summary: {
      agencies: agencies.length,
      clean,
      withDeductions: agencies.length - clean,
      checks,
      // Array.prototype.sort is stable: equal counts keep the check order.
      mostCommon: checks.filter((check) => check.failed > 0).sort((a, b) => b.failed - a.failed),
    },
  };
}
