import {
  APPLICANT_COLUMNS,
  APPLICATION_COLUMNS,
  APPLICATION_ROW_KEYS,
  OUTCOME_ROW_KEYS,
  RESULT_COLUMNS,
  REVIEW_GROUPS,
  type ApplicationRowKey,
  type SectionName,
} from "./catalogue";
import type { z } from "zod";
import type {
  ApplicantCounts,
  applicantCountsInputSchema,
  Applications,
  ResultCounts,
  ReviewLitigation,
  SectionInputs,
  Sections,
} from "./schemas";

type ApplicantInput = z.infer<typeof applicantCountsInputSchema>;
type ResultInput = SectionInputs["reviewLitigation"]["review"];

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

function completeApplicantRow(row: ApplicantInput): ApplicantCounts {
  return { ...row, total: row.total ?? sum(APPLICANT_COLUMNS.map((c) => row[c.key])) };
}

/**
 * Fills the totals a clerk left out: the 总计 column of every row and, when the whole （七）总计 row is
 * omitted, its cells as the column sums of the outcome rows. Totals that were given are kept as given,
 * so the rules can report a wrong total instead of the service silently correcting it.
 */
export function completeApplications(input: SectionInputs["applications"]): Applications {
  const rows = {} as Record<ApplicationRowKey, ApplicantCounts>;
  for (const key of APPLICATION_ROW_KEYS) {
    const row = input.rows[key] as ApplicantInput | undefined;
    if (row) rows[key] = completeApplicantRow(row);
  }
  if (!input.rows.totalProcessed) {
    const outcomes = OUTCOME_ROW_KEYS.map((key) => rows[key]);
    rows.totalProcessed = Object.fromEntries(
      APPLICATION_COLUMNS.map((c) => [c.key, sum(outcomes.map((row) => row[c.key]))]),
    ) as ApplicantCounts;
  }
  return { rows };
}

function completeResultRow(row: ResultInput): ResultCounts {
  return { ...row, total: row.total ?? sum(RESULT_COLUMNS.map((c) => row[c.key])) };
}

export function completeReviewLitigation(input: SectionInputs["reviewLitigation"]): ReviewLitigation {
  return Object.fromEntries(REVIEW_GROUPS.map((g) => [g.key, completeResultRow(input[g.key])])) as ReviewLitigation;
}

export function calendarYearPeriod(year: number): { from: string; to: string } {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/** Turns a validated section body into its stored form (every total and the statistics period present). */
export function completeSection<K extends SectionName>(name: K, input: SectionInputs[K], year: number): Sections[K] {
  switch (name) {
    case "applications":
      return completeApplications(input as SectionInputs["applications"]) as Sections[K];
    case "reviewLitigation":
      return completeReviewLitigation(input as SectionInputs["reviewLitigation"]) as Sections[K];
    case "preamble": {
      const preamble = input as SectionInputs["preamble"];
      return { ...preamble, statisticsPeriod: preamble.statisticsPeriod ?? calendarYearPeriod(year) } as Sections[K];
    }
    default:
      return input as unknown as Sections[K];
  }
}
