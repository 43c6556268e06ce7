/**
 * Rule N-06 (format-spec §6.5): the texts of sections 五 and 一 are not copied from the previous
 * year's report or from another agency's report of the same year.
 *
 * Measure: Jaccard similarity of character 3-gram shingles after removing whitespace, punctuation
 * and symbols (toolkit/similarity.ts says exactly which). A section fires when the figure is more
 * than 50 %: the threshold of the issue and of 宿迁's rubric (“与上年度重复率大于50%”), stricter than
 * the 0.85 format-spec §6.5 suggests, because a 50 % shingle overlap already means most sentences
 * were carried over. Each section is compared as a whole (all its fields, in template order).
 * Texts with fewer than MIN_COMPARED_SHINGLES distinct shingles (about 30 characters of wording)
 * are not compared: identical one-liners such as “无” are N-02's concern, not 雷同.
 */
import { OVERVIEW_FIELDS, PROBLEMS_FIELDS, reportTitle } from "../catalogue";
import type { Rule, RuleContext } from "../findings";
import type { AnyReportContent } from "../schemas";
import { CANDIDATE_ESTIMATE, estimatedJaccard, shingleSignature } from "../toolkit/min-hash";
import { ShingleIndex, formatPercent, shingleSet, sortedJaccardFraction } from "../toolkit/similarity";
import { defineRule, type FindingDraft } from "./define";
import { sectionName } from "./labels";
import { agencyFullName, isPreviousYear, reportYear, sectionOf, textAt, valueAt } from "./read";

/** More than this share of shared shingles is 雷同. */
export const SIMILARITY_THRESHOLD = 0.5;
export const MIN_COMPARED_SHINGLES = 28;
const THRESHOLD_SHOWN = `${SIMILARITY_THRESHOLD * 100}%`;

/** The sections N-06 compares, with their fields in template order. */
export const COMPARED_SECTIONS = {
  problemsAndImprovements: Object.keys(PROBLEMS_FIELDS),
  overview: Object.keys(OVERVIEW_FIELDS),
} as const satisfies Record<string, readonly string[]>;
export type ComparedSection = keyof typeof COMPARED_SECTIONS;

/** A section's whole text: its fields joined in template order ("" when absent). */
export function sectionText(report: AnyReportContent, section: ComparedSection): string {
  const stored = sectionOf(report, section);
  return COMPARED_SECTIONS[section]
    .map((field) => textAt(stored, field))
    .filter((text) => text.trim() !== "")
    .join("\n");
}

/** “《沂源县悦庄镇人民政府2023年政府信息公开工作年度报告》”: the other report, by agency full name and year. */
export function reportReference(report: AnyReportContent): string {
  const name = agencyFullName(report) ?? String(valueAt(report, "agency", "agencyId") ?? "未知单位");
  const year = reportYear(report);
  return year === undefined ? `${name}（年度不明）的报告` : `《${reportTitle(name, year)}》`;
}

/** The same-year reports of other agencies; the report itself and other years are left out. */
function peersOf(context: RuleContext): AnyReportContent[] {
  const year = reportYear(context.report);
  const agencyId = valueAt(context.report, "agency", "agencyId");
  return (context.peers ?? []).filter(
    (peer) => reportYear(peer) === year && valueAt(peer, "agency", "agencyId") !== agencyId,
  );
}

/**
 * The stored signatures of a report's compared sections (toolkit/min-hash.ts), for the sections
 * long enough to be compared: what lets N-06 pick, from the year's listing alone, the few other
 * reports worth reading.
 */
export type NarrativeSignatures = Partial<Record<ComparedSection, string>>;

export function narrativeSignatures(report: AnyReportContent): NarrativeSignatures {
  const signatures: NarrativeSignatures = {};
  for (const section of Object.keys(COMPARED_SECTIONS) as ComparedSection[]) {
    const shingles = shingleSet(sectionText(report, section));
    if (shingles.size >= MIN_COMPARED_SHINGLES) signatures[section] = shingleSignature(shingles);
  }
  return signatures;
}

/**
 * Whether N-06 could fire between two reports: some compared section of both whose estimated
 * similarity is above CANDIDATE_ESTIMATE. False only when the estimates say the exact figures are
 * far below the threshold; a signature that cannot be read counts as a possible match.
 */
export function mayBeSimilar(own: NarrativeSignatures, other: NarrativeSignatures): boolean {
  return (Object.keys(own) as ComparedSection[]).some((section) => {
    const theirs = other[section];
    if (theirs === undefined) return false;
    const estimate = estimatedJaccard(own[section]!, theirs);
    return estimate === undefined || estimate > CANDIDATE_ESTIMATE;
  });
}

/** The shingle ids of one section of one report; see `sectionShingles`. */
export type SectionShingles = (report: AnyReportContent, section: ComparedSection) => Float64Array;

/**
 * Shingles each section of each report once, with one ShingleIndex. Cached by report object, so it
 * must only live while the reports are not changed: one rule run, or one `inspectYear` call.
 */
export function sectionShingles(): SectionShingles {
  const index = new ShingleIndex();
  const cache = new WeakMap<AnyReportContent, Map<ComparedSection, Float64Array>>();
  return (report, section) => {
    let sections = cache.get(report);
    if (!sections) {
      sections = new Map();
      cache.set(report, sections);
    }
    let ids = sections.get(section);
    if (!ids) {
      ids = index.idsOf(sectionText(report, section));
      sections.set(section, ids);
    }
    return ids;
  };
}

function* similarityDrafts(context: RuleContext, shingles: SectionShingles): Generator<FindingDraft> {
  const others: { report: AnyReportContent; relation: string }[] = [];
  if (context.previous && isPreviousYear(context.report, context.previous)) {
    others.push({ report: context.previous, relation: "上年度报告" });
  }
  for (const peer of peersOf(context)) others.push({ report: peer, relation: "同年度其他单位报告" });

  for (const section of Object.keys(COMPARED_SECTIONS) as ComparedSection[]) {
    const own = shingles(context.report, section);
    if (own.length < MIN_COMPARED_SHINGLES) continue;
    for (const other of others) {
      const theirs = shingles(other.report, section);
      if (theirs.length < MIN_COMPARED_SHINGLES) continue;
      const { shared, union } = sortedJaccardFraction(own, theirs);
      // Exact comparison of the fraction: shared / union > 1/2.
      if (union === 0 || shared <= union * SIMILARITY_THRESHOLD) continue;
      const figure = formatPercent(shared / union);
      yield {
        path: section,
        expected: `≤${THRESHOLD_SHOWN}`,
        actual: figure,
        message: `${sectionName(section)}与${other.relation}${reportReference(other.report)}相应部分的文字相似度为${figure}，超过${THRESHOLD_SHOWN}，请结合本年度实际情况撰写`,
      };
    }
  }
}

/**
 * N-06. Without `shingles`, each check shingles afresh (a stored report may have changed since the
 * last run); `inspectYear` passes one `sectionShingles()` for all its agencies.
 */
export function similarityRule(shingles?: SectionShingles): Rule {
  return defineRule({
    id: "N-06",
    severity: "WARNING",
    description: `${sectionName("problemsAndImprovements")}和${sectionName("overview")}的文字与上年度报告或同年度其他单位报告的相似度不超过${THRESHOLD_SHOWN}（去除空白、标点和符号后按3字片段计算杰卡德相似度）。`,
    findings: (context) => similarityDrafts(context, shingles ?? sectionShingles()),
  });
}

export const N06 = similarityRule();

export const SIMILARITY_RULES: readonly Rule[] = [N06];
