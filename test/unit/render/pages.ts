import {
  renderAgencyHistory,
  renderNotFoundPage,
  renderReportEditions,
  renderReportPage,
  renderSiteRoot,
  renderYearIndex,
  type YearIndexView,
} from "../../../functions/report/render";
import { busyContent, exampleContent } from "./fixtures";

/**
 * One example of every page type the site publishes, shared by the markup test and the browser
 * tests: a report (latest and archived editions, and a preview), the year index, the agency
 * history, the site root and the 404 page.
 */
const CORRECTION = "更正第三部分表格“自然人”列的数据。";

export const reportVersions = [
  { version: 1, publishedAt: "2025-01-15T02:00:00Z", href: "v1.html" },
  { version: 2, publishedAt: "2025-01-19T16:30:00Z", href: "v2.html", correctionNote: CORRECTION },
];

export function reportEditions() {
  return renderReportEditions({
    content: busyContent(),
    version: 2,
    publishedAt: "2025-01-19T16:30:00Z",
    correctionNote: CORRECTION,
    versions: reportVersions,
    links: { yearIndex: "../index.html", agencyHistory: "../../../agencies/yuezhuang-town/index.html", openData: "report.json" },
  });
}

export function yearIndexView(): YearIndexView {
  const agency = exampleContent().agency;
  return {
    countyName: "沂源县",
    year: 2024,
    generatedAt: "2025-02-01T01:30:00Z",
    entries: [
      { agency: { ...agency, agencyId: "county", fullName: "沂源县人民政府", kind: "countyGovernment" }, status: "unpublished", late: false, deadline: "2025-03-31" },
      { agency: { ...agency, agencyId: "fgj", fullName: "沂源县发展和改革局", kind: "countyDepartment" }, status: "unpublished", late: true, deadline: "2025-01-31" },
      { agency, status: "published", late: false, deadline: "2025-01-31", version: 2, publishedAt: "2025-01-19T16:30:00Z", correctionCount: 1 },
    ],
    links: { siteRoot: "../../index.html" },
  };
}

export function everyPageType(): Record<string, string> {
  const editions = reportEditions();
  const preview = exampleContent();
  delete preview.sections.applications;
  return {
    "report (latest, index.html)": editions.latest,
    "report (archived, v2.html)": editions.archived,
    "report preview": renderReportPage({ content: preview, mode: "preview" }),
    "year index": renderYearIndex(yearIndexView()),
    "agency history": renderAgencyHistory({
      countyName: "沂源县",
      agency: exampleContent().agency,
      reports: [
        { year: 2024, versions: [{ version: 1, publishedAt: "2025-01-15T02:00:00Z" }, { version: 2, publishedAt: "2025-01-19T16:30:00Z", correctionNote: "更正。" }] },
        { year: 2023, versions: [{ version: 1, publishedAt: "2024-01-25T02:00:00Z" }] },
      ],
    }),
    "site root": renderSiteRoot({ countyName: "沂源县", years: [2023, 2024] }),
    "404": renderNotFoundPage({ countyName: "沂源县" }),
  };
}
