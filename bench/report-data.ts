/**
 * The report the benchmarks measure: the rule tests' base report (test/unit/rules/report-builder.ts),
 * built on the real example report with non-zero, consistent data in every table (二, 三 and 四) and
 * text that agrees with the tables, so it passes every rule and can be published.
 */
import type { CompletedSection } from "../functions/report/complete";
import { reportTitle, SECTION_NAMES, type SectionName } from "../functions/report/catalogue";
import type { Agency, ReportContent, SectionInputs, Sections } from "../functions/report/schemas";
import { buildPreviousReport, buildReport } from "../test/unit/rules/report-builder";

export const BENCH_YEAR = 2024;

export function benchReport(): ReportContent {
  return buildReport();
}

export function benchPreviousReport(): ReportContent {
  return buildPreviousReport();
}

/** The stored (completed) sections; every one is also a valid PUT body (totals may be given). */
export function benchSections(): Sections {
  const sections = benchReport().sections;
  for (const name of SECTION_NAMES) if (!sections[name]) throw new Error(`bench report lacks ${name}`);
  return sections as Sections;
}

/** The bench report's sections as a repository stores them (every total declared). */
export function benchStoredSections(): Partial<Record<SectionName, CompletedSection>> {
  const sections = benchSections();
  return Object.fromEntries(SECTION_NAMES.map((name) => [name, { data: sections[name], computedTotals: [] }]));
}

export function sectionBody<K extends SectionName>(name: K): SectionInputs[K] {
  return benchSections()[name] as unknown as SectionInputs[K];
}

export function benchAgency(index: number): Agency {
  return {
    agencyId: `bench-${String(index).padStart(4, "0")}`,
    fullName: `沂源县测试第${index}镇人民政府`,
    kind: "town",
    hasRulemakingPower: false,
  };
}

export const benchTitle = (agency: Agency, year = BENCH_YEAR) => reportTitle(agency.fullName, year);
