/**
 * The published-page renderer: pure functions from report data to the static site's files
 * (design.md §5). No I/O — the publish worker writes what these return.
 */
export { renderReportPage, processingFeeStatement, type ReportPageView, type ReportVersionLink } from "./report-page";
export {
  renderYearIndex,
  yearIndexJson,
  publicationStatusLabel,
  type YearIndexView,
  type YearIndexEntry,
  type YearIndexJson,
} from "./year-index";
export { renderAgencyHistory, type AgencyHistoryView } from "./agency-history";
export {
  reportOpenData,
  openDataCsv,
  openDataCsvColumns,
  tableLabels,
  type ReportOpenData,
  type ReportOpenDataView,
  type OpenDataCsvRow,
} from "./open-data";
export { escapeHtml } from "./html";
export { shanghaiChineseDate, shanghaiIsoDate } from "./format";
