/**
 * Member reports for the toolkit tests: the rule tests' base report (test/unit/rules/report-builder.ts)
 * under another agency, optionally with table data from fast-check that satisfies every T3/T4 identity.
 */
import fc from "fast-check";
import { APPLICANT_COLUMNS, APPLICATION_ROW_KEYS, OUTCOME_ROW_KEYS, RESULT_COLUMNS, REVIEW_GROUPS, reportTitle } from "../../../functions/report/catalogue";
import { completeSection } from "../../../functions/report/complete";
import type { AgencyKind } from "../../../functions/report/catalogue";
import type { ReportContent, SectionInputs } from "../../../functions/report/schemas";
import { buildReport, sectionsOf } from "../rules/report-builder";

export function memberReport(agencyId: string, fullName: string, kind: AgencyKind = "countyDepartment"): ReportContent {
  const report = buildReport();
  report.agency = { agencyId, fullName, kind, hasRulemakingPower: false };
  report.title = reportTitle(fullName, report.year);
  return report;
}

export interface MemberTables {
  /** Per outcome row, six applicant counts. */
  outcomes: number[][];
  carriedForward: number[];
  /** Share of (outcomes + carried forward) that came from last year, per column, 0–1. */
  carriedOverShare: number[];
  review: number[][];
  docs: { issued: number; repealed: number; inForce: number };
  decisions: [number, number, number];
  /** 本年收费金额 in 分. */
  feeFen: number;
}

const counts = (length: number, max = 20) => fc.array(fc.nat({ max }), { minLength: length, maxLength: length });

export const memberTablesArbitrary: fc.Arbitrary<MemberTables> = fc.record({
  outcomes: fc.array(counts(APPLICANT_COLUMNS.length, 5), { minLength: OUTCOME_ROW_KEYS.length, maxLength: OUTCOME_ROW_KEYS.length }),
  carriedForward: counts(APPLICANT_COLUMNS.length, 5),
  carriedOverShare: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 6, maxLength: 6 }),
  review: fc.array(counts(RESULT_COLUMNS.length, 4), { minLength: REVIEW_GROUPS.length, maxLength: REVIEW_GROUPS.length }),
  docs: fc.record({ issued: fc.nat({ max: 30 }), repealed: fc.nat({ max: 30 }), inForce: fc.nat({ max: 300 }) }),
  decisions: fc.tuple(fc.nat({ max: 5000 }), fc.nat({ max: 500 }), fc.nat({ max: 50 })),
  feeFen: fc.nat({ max: 99_999_999 }),
});

/** "123456789" 分 → "123.456789" 万元, written by hand so the tests do not reuse the code under test. */
export function wanYuanText(fen: number): string {
  const whole = Math.floor(fen / 1_000_000);
  const fraction = String(fen % 1_000_000).padStart(6, "0");
  return `${whole}.${fraction}`;
}

/** Replaces the three tables of `report` with consistent tables (totals computed as the service does on write). */
export function withTables(report: ReportContent, tables: MemberTables): ReportContent {
  const sections = sectionsOf(report);
  const row = (values: readonly number[]) => Object.fromEntries(APPLICANT_COLUMNS.map((c, i) => [c.key, values[i] ?? 0]));
  const rows: Record<string, Record<string, number>> = {};
  OUTCOME_ROW_KEYS.forEach((key, index) => (rows[key] = row(tables.outcomes[index]!)));
  rows.carriedForward = row(tables.carriedForward);
  const outflow = APPLICANT_COLUMNS.map(
    (_, column) => OUTCOME_ROW_KEYS.reduce((sum, _key, index) => sum + tables.outcomes[index]![column]!, 0) + tables.carriedForward[column]!,
  );
  const carriedOver = outflow.map((total, column) => Math.floor(total * tables.carriedOverShare[column]!));
  rows.carriedOver = row(carriedOver);
  rows.newReceived = row(outflow.map((total, column) => total - carriedOver[column]!));
  for (const key of APPLICATION_ROW_KEYS) if (key !== "totalProcessed" && !rows[key]) throw new Error(`row ${key} not built`);
  sections.applications = completeSection("applications", { rows } as SectionInputs["applications"], report.year);
  sections.reviewLitigation = completeSection(
    "reviewLitigation",
    Object.fromEntries(
      REVIEW_GROUPS.map((group, index) => [group.key, Object.fromEntries(RESULT_COLUMNS.map((c, i) => [c.key, tables.review[index]![i]!]))]),
    ) as SectionInputs["reviewLitigation"],
    report.year,
  );
  sections.activeDisclosure = {
    regulations: { issued: 0, repealed: 0, inForce: 0 },
    normativeDocuments: tables.docs,
    administrativeLicensing: { decisions: tables.decisions[0] },
    administrativePenalty: { decisions: tables.decisions[1] },
    administrativeCoercion: { decisions: tables.decisions[2] },
    administrativeFees: { amountWanYuan: wanYuanText(tables.feeFen) },
  };
  return report;
}
