/**
 * Year over year: every table cell that changed against the previous year's report, and for each
 * narrative section (一, 五, 六) and each of its fields a character diff and a similarity figure.
 *
 * Table 二 is compared only when both reports use the 2021 template: its 2019 columns cannot be
 * converted (format-spec §3.3). Tables 三 and 四 keep their labels across the template change.
 */
import { SECTION_HEADINGS } from "../catalogue";
import { describeValue, reportYear } from "../rules/read";
import type { ReportContent } from "../schemas";
import { diffStatistics, diffText, type DiffRun } from "./diff";
import { textSimilarity } from "./similarity";
import { TABLE_CELLS, fenToWanYuan, readCell, type CellValue } from "./table-cells";
import { TEXT_FIELDS, fieldText } from "./text-fields";

export interface CellChange {
  path: string;
  label: string;
  /** A count, the 万元 amount as text, or null for a blank / invalid cell. */
  before: number | string | null;
  after: number | string | null;
  /** after − before (counts as numbers, amounts as signed 万元 text such as "+1.5"); null when either side is unreadable. */
  change: number | string | null;
  /** The stored values as shown, for unreadable ones (“/”, 空). */
  beforeShown: string;
  afterShown: string;
}

export interface FieldComparison {
  path: string;
  label: string;
  /** Jaccard of 3-gram shingles (toolkit/similarity.ts), 0–1. */
  similarity: number;
  unchanged: boolean;
  diff: DiffRun[];
  inserted: number;
  deleted: number;
}

export interface SectionComparison {
  section: (typeof COMPARED_SECTIONS)[number];
  heading: string;
  /** Similarity of the whole section's text (its fields joined in template order). */
  similarity: number;
  fields: FieldComparison[];
}

export interface ReportComparison {
  year: number | undefined;
  previousYear: number | undefined;
  /** False when either report is on the 2019 template: table 二 is then not compared. */
  activeDisclosureCompared: boolean;
  changedCells: CellChange[];
  sections: SectionComparison[];
}

/** The narrative sections compared (一, 五, 六); the 导语 is generated and not compared. */
const COMPARED_SECTIONS = ["overview", "problemsAndImprovements", "otherMatters"] as const;

function plainValue(value: CellValue): number | string | null {
  if (value.state === "count") return value.value;
  if (value.state === "amount") return value.text;
  return null;
}

function sameValue(a: CellValue, b: CellValue): boolean {
  if (a.state === "count" && b.state === "count") return a.value === b.value;
  // "1.50" and "1.5" are the same amount.
  if (a.state === "amount" && b.state === "amount") return a.fen === b.fen;
  if (a.state === "blank" && b.state === "blank") return true;
  if (a.state === "invalid" && b.state === "invalid") return describeValue(a.raw) === describeValue(b.raw);
  return false;
}

function changeOf(before: CellValue, after: CellValue): number | string | null {
  if (before.state === "count" && after.state === "count") return after.value - before.value;
  if (before.state === "amount" && after.state === "amount") {
    const difference = BigInt(after.fen) - BigInt(before.fen);
    return difference > 0n ? `+${fenToWanYuan(difference)}` : fenToWanYuan(difference);
  }
  return null;
}

export function compareReports(current: ReportContent, previous: ReportContent): ReportComparison {
  const activeDisclosureCompared = current.templateVersion === "2021" && previous.templateVersion === "2021";
  const changedCells: CellChange[] = [];
  for (const cell of TABLE_CELLS) {
    if (cell.section === "activeDisclosure" && !activeDisclosureCompared) continue;
    const before = readCell(previous, cell);
    const after = readCell(current, cell);
    if (sameValue(before, after)) continue;
    changedCells.push({
      path: cell.path,
      label: cell.label,
      before: plainValue(before),
      after: plainValue(after),
      change: changeOf(before, after),
      beforeShown: before.state === "count" || before.state === "amount" ? String(plainValue(before)) : describeValue(before.raw),
      afterShown: after.state === "count" || after.state === "amount" ? String(plainValue(after)) : describeValue(after.raw),
    });
  }

  const sections = COMPARED_SECTIONS.map((section): SectionComparison => {
    const fields = TEXT_FIELDS.filter((textField) => textField.section === section);
    const compared = fields.map((textField): FieldComparison => {
      const before = fieldText(previous, textField);
      const after = fieldText(current, textField);
      const diff = diffText(before, after);
      const { inserted, deleted } = diffStatistics(diff);
      return {
        path: textField.path,
        label: textField.label,
        similarity: textSimilarity(before, after),
        unchanged: before === after,
        diff,
        inserted,
        deleted,
      };
    });
    const whole = (report: ReportContent) =>
      fields
        .map((textField) => fieldText(report, textField))
        .filter((text) => text.trim() !== "")
        .join("\n");
    return {
      section,
      heading: SECTION_HEADINGS[section],
      similarity: textSimilarity(whole(previous), whole(current)),
      fields: compared,
    };
  });

  return {
    year: reportYear(current),
    previousYear: reportYear(previous),
    activeDisclosureCompared,
    changedCells,
    sections,
  };
}
