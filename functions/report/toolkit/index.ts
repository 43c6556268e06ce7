/**
 * The county office's toolkit (issue 12), pure domain: the aggregate report, the year-over-year
 * comparison, text similarity (N-06) and the inspection pre-check. No I/O: callers load the reports.
 */
export { aggregateReports, aggregationNote, tableIdentityErrors } from "./aggregate";
export type { AggregateCell, AggregateExclusion, AggregateMember, AggregateReport } from "./aggregate";
export { compareReports } from "./comparison";
export type { CellChange, FieldComparison, ReportComparison, SectionComparison } from "./comparison";
export { diffText, diffStatistics, reconstruct } from "./diff";
export type { DiffOperation, DiffRun } from "./diff";
export {
  GENERIC_MIN_CHARACTERS,
  GENERIC_MIN_SUBSTANTIVE_CHARACTERS,
  INSPECTION_CHECKS,
  STOCK_PHRASES,
  inspectReport,
  inspectYear,
  substantiveLength,
} from "./inspection";
export type {
  CheckOutcome,
  CheckResult,
  CheckSummary,
  Evidence,
  InspectionCheckId,
  InspectionOptions,
  InspectionSubject,
  ReportInspection,
  YearInspection,
} from "./inspection";
export { ShingleIndex, formatPercent, jaccard, shingleSet, sortedJaccardFraction, textSimilarity, wordingOf } from "./similarity";
export { TABLE_CELLS, fenToWanYuan, readCell } from "./table-cells";
export type { CellValue, TableCell } from "./table-cells";
export { TEXT_FIELDS, fieldText } from "./text-fields";
