/**
 * The published-page renderer: pure functions from report data to the static site's files
 * (design.md §5). No I/O — the publish worker writes what these return.
 */
export {
  renderReportPage,
  renderReportEditions,
  processingFeeStatement,
  type ReportPageView,
  type ReportVersionLink,
  type ReportEdition,
} from "./report-page";
export {
  renderYearIndex,
  yearIndexJson,
  YEAR_INDEX_JSON_HREF,
  YEAR_OPEN_DATA_CSV_HREF,
  publicationStatusLabel,
  type YearIndexView,
  type YearIndexEntry,
  type YearIndexJson,
} from "./year-index";
export { renderAgencyHistory, type AgencyHistoryView } from "./agency-history";
export { renderSiteRoot, renderNotFoundPage, type SiteRootView, type NotFoundView } from "./site-pages";
export {
  reportOpenData,
  publishedViewOfOpenData,
  openDataCsv,
  openDataCsvColumns,
  tableLabels,
  type ReportOpenData,
  type ReportOpenDataView,
  type OpenDataCsvRow,
} from "./open-data";
export { escapeHtml } from "./html";
export { shanghaiChineseDate, shanghaiIsoDate } from "./format";
