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
 * that those totals follow the cells, a total that was computed last time (see `settle`) and comes
 * back with exactly that value is treated as left out and computed again; a total the client changed
 * to anything but the sum of its parts is declared.
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
        settle(row, "total", sum(RESULT_COLUMNS.map((c) => row[c.key])), `${group.key}.total`, computed);
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

/**
 * A total is "computed" when the service filled it in, or when the value given is exactly the sum of
 * its parts: such a total follows the cells on the next write-back. Only a total that differs from its
 * parts is declared, and kept for the rules to report.
 */
function settle(row: Cells, key: string, expected: number, path: string, computed: string[]): void {
  if (row[key] === undefined) row[key] = expected;
  if (row[key] === expected) computed.push(path);
}

function completeApplications(body: { rows: Record<string, Cells | undefined> }, computed: string[]): void {
  const rows = body.rows;
  for (const key of APPLICATION_ROW_KEYS) {
    if (key === "totalProcessed") continue;
    const row = rows[key];
    if (row) settle(row, "total", sum(APPLICANT_COLUMNS.map((c) => row[c.key])), `rows.${key}.total`, computed);
  }
  // The （七）总计 row: each cell is the column sum of the outcome rows (its 总计 cell included).
  const totalRow = (rows.totalProcessed ??= {});
  for (const column of APPLICATION_COLUMNS) {
    const expected = sum(OUTCOME_ROW_KEYS.map((key) => rows[key]?.[column.key]));
    settle(totalRow, column.key, expected, `rows.totalProcessed.${column.key}`, computed);
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
