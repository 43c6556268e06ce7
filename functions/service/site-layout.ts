import { DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE } from "../report/render/editions/labels";

/** Object keys of the published site (design.md §5). Every writer and link builder reads these. */
export const siteKeys = {
  reportDir: (year: number, agencyId: string) => `reports/${year}/${agencyId}`,
  reportIndex: (year: number, agencyId: string) => `reports/${year}/${agencyId}/index.html`,
  reportJson: (year: number, agencyId: string) => `reports/${year}/${agencyId}/report.json`,
  versionHtml: (year: number, agencyId: string, version: number) => `reports/${year}/${agencyId}/v${version}.html`,
  versionJson: (year: number, agencyId: string, version: number) => `reports/${year}/${agencyId}/v${version}.json`,
  /** A version's Word and PDF editions (immutable), and the latest version's (rewritten on each publish). */
  versionDocx: (year: number, agencyId: string, version: number) => `reports/${year}/${agencyId}/v${version}.docx`,
  versionPdf: (year: number, agencyId: string, version: number) => `reports/${year}/${agencyId}/v${version}.pdf`,
  reportDocx: (year: number, agencyId: string) => `reports/${year}/${agencyId}/report.docx`,
  reportPdf: (year: number, agencyId: string) => `reports/${year}/${agencyId}/report.pdf`,
  yearIndex: (year: number) => `reports/${year}/index.html`,
  yearJson: (year: number) => `reports/${year}/index.json`,
  yearCsv: (year: number) => `reports/${year}/open-data.csv`,
  agencyHistory: (agencyId: string) => `agencies/${agencyId}/index.html`,
  /** The original file an imported report was read from, kept as published. */
  importSource: (year: number, agencyId: string, extension: string) => `reports/${year}/${agencyId}/source.${extension}`,
  /** The site's front door: the county's reporting years. */
  siteRoot: "index.html",
  /** Served by CloudFront (and the local site server) for every missing key, with status 404. */
  notFound: "404.html",
};

/** The file name of an imported report's source beside its pages (source.pdf, …), from its key. */
export const sourceFileName = (sourceKey: string): string => sourceKey.slice(sourceKey.lastIndexOf("/") + 1);

/** By file extension: the local site server serves each key with the type the publisher wrote it with. */
export const CONTENT_TYPES = {
  html: "text/html; charset=utf-8",
  json: "application/json; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  docx: DOCX_CONTENT_TYPE,
  pdf: PDF_CONTENT_TYPE,
};

/** Links from a report's pages to the Word and PDF files of the same version. */
export const editionLinks = {
  latest: { docx: "./report.docx", pdf: "./report.pdf" },
  version: (version: number) => ({ docx: `./v${version}.docx`, pdf: `./v${version}.pdf` }),
};

/** Links from reports/{year}/{agencyId}/*.html to its neighbours. */
export const reportPageLinks = (agencyId: string) => ({
  yearIndex: "../index.html",
  agencyHistory: `../../../agencies/${encodeURIComponent(agencyId)}/index.html`,
  openData: "./report.json",
});

/** Links from v{n}.html: its own open data, and the latest version beside it. */
export const versionPageLinks = (agencyId: string, version: number) => ({
  ...reportPageLinks(agencyId),
  openData: `./v${version}.json`,
  latest: "./index.html",
});

/** Links from reports/{year}/index.html. */
export const yearIndexLinks = { siteRoot: "../../index.html" };

/** The site root's absolute path (the 404 page is served at any depth, so its home link is absolute). */
export function siteRootPath(baseUrl: string): string {
  return `${new URL(baseUrl).pathname.replace(/\/+$/, "")}/`;
}

export function siteUrl(baseUrl: string, key: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/${key}`;
}
