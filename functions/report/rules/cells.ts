/**
 * Walks every data cell of tables 二, 三 and 四 as stored, in render order, for the per-cell rules
 * S-03…S-06. A row that is missing altogether (or is not an object) is yielded once as a row, so a
 * broken import is reported row by row instead of burying the user under 175 cell findings.
 */
import {
  APPLICATION_COLUMNS,
  OTHER_MATTERS_FIELDS,
  PROCESSING_FEE_FIELDS,
  REVIEW_COLUMNS,
  REVIEW_GROUPS,
} from "../catalogue";
import type { AnyReportContent } from "../schemas";
import {
  activeDisclosurePlaceName,
  applicationCellName,
  applicationRowName,
  quoted,
  reviewCellName,
  reviewGroupName,
  sectionName,
} from "./labels";
import { ACTIVE_DISCLOSURE_CELLS_OF, APPLICATION_ROWS_OF, type AnyApplicationRowKey, type CellValueKind } from "./layouts";
import { activeDisclosureTemplateOf, isRecord, sectionOf, templateOf, valueAt } from "./read";

export type TableEntry =
  | { type: "cell"; valueKind: CellValueKind; path: string; name: string; value: unknown }
  | { type: "missingRow"; path: string; name: string };

/**
 * Table 二 in the layout it is stored in (its `kind`), table 三 in the report's template (an import
 * keeps a 2021 report's row keys even where the document printed the single 2019 （六） row).
 */
export function* tableEntries(report: AnyReportContent): Generator<TableEntry> {
  const activeDisclosure = sectionOf(report, "activeDisclosure");
  if (activeDisclosure) {
    const reportedMissingRows = new Set<string>();
    for (const cell of ACTIVE_DISCLOSURE_CELLS_OF[activeDisclosureTemplateOf(report)]) {
      const path = `activeDisclosure.${cell.row}`;
      const row = valueAt(activeDisclosure, cell.row);
      if (!isRecord(row)) {
        if (!reportedMissingRows.has(path)) yield { type: "missingRow", path, name: activeDisclosurePlaceName(cell.rowLabel) };
        reportedMissingRows.add(path);
        continue;
      }
      yield {
        type: "cell",
        valueKind: cell.valueKind,
        path: `${path}.${cell.column}`,
        name: activeDisclosurePlaceName(cell.rowLabel, cell.columnLabel),
        value: valueAt(row, cell.column),
      };
    }
  }

  const applications = sectionOf(report, "applications");
  if (applications) {
    for (const { key } of APPLICATION_ROWS_OF[templateOf(report)]) {
      const rowKey = key as AnyApplicationRowKey;
      const path = `applications.rows.${rowKey}`;
      const row = valueAt(applications, "rows", rowKey);
      if (!isRecord(row)) {
        yield { type: "missingRow", path, name: applicationRowName(rowKey) };
        continue;
      }
      for (const column of APPLICATION_COLUMNS) {
        yield {
          type: "cell",
          valueKind: "count",
          path: `${path}.${column.key}`,
          name: applicationCellName(rowKey, column.key),
          value: valueAt(row, column.key),
        };
      }
    }
  }

  const reviewLitigation = sectionOf(report, "reviewLitigation");
  if (reviewLitigation) {
    for (const group of REVIEW_GROUPS) {
      const path = `reviewLitigation.${group.key}`;
      const counts = valueAt(reviewLitigation, group.key);
      if (!isRecord(counts)) {
        yield { type: "missingRow", path, name: reviewGroupName(group.key) };
        continue;
      }
      for (const column of REVIEW_COLUMNS) {
        yield {
          type: "cell",
          valueKind: "count",
          path: `${path}.${column.key}`,
          name: reviewCellName(group.key, column.key),
          value: valueAt(counts, column.key),
        };
      }
    }
  }
}

/** The optional counts of section 六 (收费件数, 发出收费通知件数), when given. */
export function* optionalFeeCounts(report: AnyReportContent): Generator<{ path: string; name: string; value: unknown }> {
  const otherMatters = sectionOf(report, "otherMatters");
  for (const key of ["chargedRequests", "feeNoticesIssued"] as const) {
    const value = valueAt(otherMatters, "processingFee", key);
    // Optional fields: absent (or null from an import) means “not stated”, not a bad count.
    if (value === undefined || value === null) continue;
    yield {
      path: `otherMatters.processingFee.${key}`,
      name: `${sectionName("otherMatters")}${quoted(OTHER_MATTERS_FIELDS.processingFee)}${quoted(PROCESSING_FEE_FIELDS[key])}`,
      value,
    };
  }
}
