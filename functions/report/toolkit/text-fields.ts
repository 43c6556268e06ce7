/**
 * The free-text fields of a report, in document order, with their names as the catalogue labels them:
 * what the comparison diffs and the inspection searches.
 */
import {
  OTHER_MATTERS_FIELDS,
  OVERVIEW_FIELDS,
  PREAMBLE_FIELDS,
  PROBLEMS_FIELDS,
  PROCESSING_FEE_FIELDS,
} from "../catalogue";
import { overviewFieldName, quoted, sectionName } from "../rules/labels";
import { textAt } from "../rules/read";
import type { ReportContent } from "../schemas";

export type TextSection = "preamble" | "overview" | "problemsAndImprovements" | "otherMatters";

export interface TextField {
  section: TextSection;
  /** Keys from the report's sections, e.g. ["otherMatters", "processingFee", "statement"]. */
  keys: readonly string[];
  path: string;
  /** e.g. “五、存在的主要问题及改进情况”“存在的主要问题”. */
  label: string;
}

const field = (section: TextSection, keys: readonly string[], label: string): TextField => ({
  section,
  keys: [section, ...keys],
  path: [section, ...keys].join("."),
  label,
});

const keysOf = <T extends object>(fields: T) => Object.keys(fields) as (keyof T & string)[];

export const TEXT_FIELDS: readonly TextField[] = [
  field("preamble", ["basisText"], `${sectionName("preamble")}${quoted(PREAMBLE_FIELDS.basisText)}`),
  field("preamble", ["downloadNote"], `${sectionName("preamble")}${quoted(PREAMBLE_FIELDS.downloadNote)}`),
  ...keysOf(OVERVIEW_FIELDS).map((key) => field("overview", [key], overviewFieldName(key))),
  ...keysOf(PROBLEMS_FIELDS).map((key) =>
    field("problemsAndImprovements", [key], `${sectionName("problemsAndImprovements")}${quoted(PROBLEMS_FIELDS[key])}`),
  ),
  ...keysOf(OTHER_MATTERS_FIELDS).map((key) =>
    key === "processingFee"
      ? field(
          "otherMatters",
          ["processingFee", "statement"],
          `${sectionName("otherMatters")}${quoted(OTHER_MATTERS_FIELDS.processingFee)}${quoted(PROCESSING_FEE_FIELDS.statement)}`,
        )
      : field("otherMatters", [key], `${sectionName("otherMatters")}${quoted(OTHER_MATTERS_FIELDS[key])}`),
  ),
];

/** A field's text in a report ("" when absent or not a string). */
export function fieldText(report: ReportContent | undefined, textField: TextField): string {
  return textAt(report?.sections, ...textField.keys);
}
