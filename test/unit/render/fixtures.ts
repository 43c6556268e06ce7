import { APPLICANT_COLUMNS, OUTCOME_ROW_KEYS, SECTION_NAMES, type SectionName } from "../../../functions/report/catalogue";
import { completeSection } from "../../../functions/report/complete";
import type { ReportContent, SectionInputs, Sections } from "../../../functions/report/schemas";
import { exampleAgency, exampleSections, exampleYear } from "../../../fixtures/example";

/** The example report's stored sections (every total filled in), as the service keeps them. */
export function storedSections(inputs: { [K in SectionName]: SectionInputs[K] }, year: number): Sections {
  const entries = SECTION_NAMES.map((name) => [name, completeSection(name, inputs[name] as never, year)]);
  return Object.fromEntries(entries) as Sections;
}

export function exampleContent(): ReportContent {
  return {
    year: exampleYear,
    templateVersion: "2021",
    title: `${exampleAgency.fullName}${exampleYear}年政府信息公开工作年度报告`,
    agency: { ...exampleAgency },
    sections: storedSections(exampleSections, exampleYear),
  };
}

/**
 * The example as a clerk authoring a new report would write it: the same texts, but without the
 * agency's own `headings` and `order`, and without the numbering the official text carries inside
 * section 一's paragraphs ("1.主动公开方面。…"), so the page uses the template's standard wording.
 */
export function standardLayoutContent(): ReportContent {
  const content = exampleContent();
  const { overview, problemsAndImprovements, otherMatters } = content.sections;
  for (const section of [overview, problemsAndImprovements, otherMatters]) {
    delete section?.headings;
    delete section?.order;
  }
  if (overview) {
    for (const field of ["proactiveDisclosure", "requestDisclosure", "informationManagement", "platformBuilding", "supervisionAndGuarantee"] as const) {
      overview[field] = overview[field].replace(/^\d\./u, "");
    }
  }
  return content;
}

/**
 * A report with a distinct non-zero number in every cell of tables 二–四 (consistent 勾稽关系),
 * the fee 24252.311082 万元, and a correction-worthy fee statement generated from fields.
 */
export function busyContent(): ReportContent {
  const content = exampleContent();
  const cols = APPLICANT_COLUMNS.map((c) => c.key);
  const row = (f: (col: number) => number) => Object.fromEntries(cols.map((key, j) => [key, f(j)])) as never;
  const outcomeRows = Object.fromEntries(OUTCOME_ROW_KEYS.map((key, i) => [key, row((j) => ((i + j) % 4) + 1)]));
  const processed = (j: number) => OUTCOME_ROW_KEYS.reduce((sum, _key, i) => sum + ((i + j) % 4) + 1, 0);
  const applications: SectionInputs["applications"] = {
    rows: {
      ...outcomeRows,
      // 第一项 + 第二项 = 第三项 + 第四项 for every column: new = processed + forward − over.
      newReceived: row((j) => processed(j) + 2 - 1),
      carriedOver: row(() => 1),
      carriedForward: row(() => 2),
    } as unknown as SectionInputs["applications"]["rows"],
  };
  const result = (base: number) => ({ upheld: base, corrected: base + 1, otherResult: base + 2, pending: base + 3 });
  const reviewLitigation: SectionInputs["reviewLitigation"] = {
    review: result(1),
    litigationDirect: result(2),
    litigationAfterReview: result(3),
  };
  const activeDisclosure: SectionInputs["activeDisclosure"] = {
    regulations: { issued: 1, repealed: 2, inForce: 3 },
    normativeDocuments: { issued: 4, repealed: 5, inForce: 6 },
    administrativeLicensing: { decisions: 7 },
    administrativePenalty: { decisions: 8 },
    administrativeCoercion: { decisions: 9 },
    administrativeFees: { amountWanYuan: "24252.311082" },
  };
  content.sections = {
    ...content.sections,
    activeDisclosure: completeSection("activeDisclosure", activeDisclosure, content.year),
    applications: completeSection("applications", applications, content.year),
    reviewLitigation: completeSection("reviewLitigation", reviewLitigation, content.year),
  };
  return content;
}

export const XSS = "<script>alert(1)</script>";
