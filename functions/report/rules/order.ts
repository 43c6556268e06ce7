/**
 * Document order of finding paths: the order in which a reader meets the places of a report (title,
 * 导语, 一 … 六, each table row by row as rendered). `runRules` sorts findings by rule, then by this
 * order, so the list is stable whatever order the stored data's keys come in. SECTION_NAMES is
 * already in render order (导语, 一 … 六).
 */
import {
  APPLICATION_COLUMNS,
  CONTACT_FIELDS,
  OTHER_MATTERS_FIELDS,
  OVERVIEW_FIELDS,
  PREAMBLE_FIELDS,
  PROBLEMS_FIELDS,
  PROCESSING_FEE_FIELDS,
  REVIEW_COLUMNS,
  REVIEW_GROUPS,
  SECTION_NAMES,
  type SectionName,
} from "../catalogue";
import { ACTIVE_DISCLOSURE_2019_CELLS, ACTIVE_DISCLOSURE_2021_CELLS, APPLICATION_ROWS_IN_DOCUMENT_ORDER } from "./layouts";

const keys = (fields: object): string[] => Object.keys(fields);

function sectionPaths(section: SectionName): string[] {
  switch (section) {
    case "preamble":
      return keys(PREAMBLE_FIELDS).flatMap((field) =>
        field === "contact" ? ["contact", ...keys(CONTACT_FIELDS).map((c) => `contact.${c}`)] : [field],
      );
    case "overview":
      return keys(OVERVIEW_FIELDS);
    case "activeDisclosure": {
      // A report has one layout of table 二; the 2019 cells follow the 2021 ones, each set in render order.
      const paths = [...ACTIVE_DISCLOSURE_2021_CELLS, ...ACTIVE_DISCLOSURE_2019_CELLS].flatMap((cell) => [cell.row, `${cell.row}.${cell.column}`]);
      return [...new Set(paths)];
    }
    case "applications":
      return [
        "rows",
        ...APPLICATION_ROWS_IN_DOCUMENT_ORDER.flatMap(({ key }) => [`rows.${key}`, ...APPLICATION_COLUMNS.map((c) => `rows.${key}.${c.key}`)]),
      ];
    case "reviewLitigation":
      return REVIEW_GROUPS.flatMap((group) => [group.key, ...REVIEW_COLUMNS.map((c) => `${group.key}.${c.key}`)]);
    case "problemsAndImprovements":
      return keys(PROBLEMS_FIELDS);
    case "otherMatters":
      return keys(OTHER_MATTERS_FIELDS).flatMap((field) =>
        field === "processingFee" ? ["processingFee", ...keys(PROCESSING_FEE_FIELDS).map((f) => `processingFee.${f}`)] : [field],
      );
  }
}

const DOCUMENT_PATHS: readonly string[] = [
  "templateVersion",
  "title",
  ...SECTION_NAMES.flatMap((section) => [section, ...sectionPaths(section).map((path) => `${section}.${path}`)]),
  "publishedAt",
];
const RANK = new Map(DOCUMENT_PATHS.map((path, index) => [path, index]));

/** Compares two finding paths in document order; unknown paths come last, alphabetically. */
export function compareDocumentPaths(a: string, b: string): number {
  const rankA = RANK.get(a) ?? DOCUMENT_PATHS.length;
  const rankB = RANK.get(b) ?? DOCUMENT_PATHS.length;
  if (rankA !== rankB) return rankA - rankB;
  return a < b ? -1 : a > b ? 1 : 0;
}
