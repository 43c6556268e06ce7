import {
  APPLICANT_COLUMNS,
  APPLICATION_COLUMNS,
  APPLICATION_ROW_KEYS,
  OUTCOME_ROW_KEYS,
  RESULT_COLUMNS,
  REVIEW_GROUPS,
  type SectionName,
} from "./catalogue";
import type { SectionInputs, Sections } from "./schemas";

/** A section as stored: every total present, and which of them the service computed. */
export interface CompletedSection<K extends SectionName = SectionName> {
  data: Sections[K];
  /** Dotted paths within the section, e.g. "rows.granted.total", "statisticsPeriod". */
  computedTotals: string[];
}

/** What the section looked like before this write: its totals that were computed, with their values. */
export interface PreviousSection {
  data: unknown;
  computedTotals: readonly string[];
}

type Cells = Record<string, number | undefined>;
const sum = (values: readonly (number | undefined)[]): number => values.reduce<number>((a, b) => a + (b ?? 0), 0);

/**
 * Fills the totals a clerk left out: the 总计 column of every row of tables 三 and 四, any cell of the
 * （七）总计 row (the column sum of the outcome rows), and the statistics period. Totals that were
 * given are kept as given, so the rules can report a wrong total instead of the service silently
 * correcting it.
 *
 * A portal reads a section, changes cells and writes the body back with the totals it was given. So
 * that those totals follow the cells, a total that the service computed last time and that comes back
 * with exactly the computed value is treated as left out and computed again; a total the client
 * changed is declared.
 */
export function completeSectionTracked<K extends SectionName>(
  name: K,
  input: SectionInputs[K],
  year: number,
  previous?: PreviousSection,
): CompletedSection<K> {
  const computed: string[] = [];
  const body = structuredClone(input) as Record<string, unknown>;
  if (previous) forgetUnchangedComputedTotals(body, previous);
  switch (name) {
    case "applications":
      completeApplications(body as { rows: Record<string, Cells | undefined> }, computed);
      break;
    case "reviewLitigation":
      for (const group of REVIEW_GROUPS) {
        const row = body[group.key] as Cells;
        if (row.total === undefined) {
          row.total = sum(RESULT_COLUMNS.map((c) => row[c.key]));
          computed.push(`${group.key}.total`);
        }
      }
      break;
    case "preamble":
      if (body.statisticsPeriod === undefined) {
        body.statisticsPeriod = calendarYearPeriod(year);
        computed.push("statisticsPeriod");
      }
      break;
  }
  return { data: body as unknown as Sections[K], computedTotals: computed };
}

/** The stored form of a section written without any previous state. */
export function completeSection<K extends SectionName>(name: K, input: SectionInputs[K], year: number): Sections[K] {
  return completeSectionTracked(name, input, year).data;
}

function completeApplications(body: { rows: Record<string, Cells | undefined> }, computed: string[]): void {
  const rows = body.rows;
  for (const key of APPLICATION_ROW_KEYS) {
    if (key === "totalProcessed") continue;
    const row = rows[key];
    if (row && row.total === undefined) {
      row.total = sum(APPLICANT_COLUMNS.map((c) => row[c.key]));
      computed.push(`rows.${key}.total`);
    }
  }
  // The （七）总计 row: every cell left out is the column sum of the outcome rows (its 总计 cell included).
  const totalRow = (rows.totalProcessed ??= {});
  for (const column of APPLICATION_COLUMNS) {
    if (totalRow[column.key] !== undefined) continue;
    totalRow[column.key] = sum(OUTCOME_ROW_KEYS.map((key) => rows[key]?.[column.key]));
    computed.push(`rows.totalProcessed.${column.key}`);
  }
  // Keep the catalogue's row order in the stored body.
  body.rows = Object.fromEntries(APPLICATION_ROW_KEYS.filter((key) => rows[key]).map((key) => [key, rows[key]]));
}

function forgetUnchangedComputedTotals(body: Record<string, unknown>, previous: PreviousSection): void {
  for (const path of previous.computedTotals) {
    const segments = path.split(".");
    const last = segments.pop()!;
    const parent = segments.reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), body);
    const before = segments.reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), previous.data);
    if (isRecord(parent) && isRecord(before) && sameValue(parent[last], before[last])) delete parent[last];
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export function calendarYearPeriod(year: number): { from: string; to: string } {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}
