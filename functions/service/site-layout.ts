/** Object keys of the published site (design.md §5). Every writer and link builder reads these. */
export const siteKeys = {
  reportDir: (year: number, agencyId: string) => `reports/${year}/${agencyId}`,
  reportIndex: (year: number, agencyId: string) => `reports/${year}/${agencyId}/index.html`,
  reportJson: (year: number, agencyId: string) => `reports/${year}/${agencyId}/report.json`,
  versionHtml: (year: number, agencyId: string, version: number) => `reports/${year}/${agencyId}/v${version}.html`,
  versionJson: (year: number, agencyId: string, version: number) => `reports/${year}/${agencyId}/v${version}.json`,
  yearIndex: (year: number) => `reports/${year}/index.html`,
  yearJson: (year: number) => `reports/${year}/index.json`,
  yearCsv: (year: number) => `reports/${year}/open-data.csv`,
  agencyHistory: (agencyId: string) => `agencies/${agencyId}/index.html`,
};

export const CONTENT_TYPES = {
  html: "text/html; charset=utf-8",
  json: "application/json; charset=utf-8",
  csv: "text/csv; charset=utf-8",
};

/** Links from reports/{year}/{agencyId}/*.html to its neighbours. */
export const reportPageLinks = (agencyId: string) => ({
  yearIndex: "../index.html",
  agencyHistory: `../../../agencies/${encodeURIComponent(agencyId)}/index.html`,
  openData: "./report.json",
});

export function siteUrl(baseUrl: string, key: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/${key}`;
}
