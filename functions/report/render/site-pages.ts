import { escapeHtml, link, titleHtml } from "./html";
import { renderPageShell } from "./layout";
import { UI } from "./ui-labels";

/** The site's front door (`index.html` at the site root): the county's reporting years, newest first. */
export interface SiteRootView {
  countyName: string;
  /** Report years that have a year index (`reports/{year}/index.html`); duplicates are listed once. */
  years: readonly number[];
}

/** Relative to the site root. */
const yearIndexHref = (year: number) => `./reports/${year}/index.html`;
const yearJsonHref = (year: number) => `./reports/${year}/index.json`;
const yearCsvHref = (year: number) => `./reports/${year}/open-data.csv`;

export function renderSiteRoot(view: SiteRootView): string {
  const title = UI.siteRootTitle(view.countyName);
  const years = [...new Set(view.years)].sort((a, b) => b - a);
  const items = years.map(
    (year) =>
      `<li>${link(yearIndexHref(year), UI.yearIndexLink(year))}　<span class="open-data-links">${link(yearJsonHref(year), "JSON", {
        type: "application/json",
        "aria-label": `${UI.yearIndexLink(year)}${UI.openDataIndexJson}`,
      })}　${link(yearCsvHref(year), "CSV", { type: "text/csv", "aria-label": `${year}年${UI.openDataCsv}` })}</span></li>`,
  );
  const main = [
    `<h1>${titleHtml(title)}</h1>`,
    `<p class="index-summary">${escapeHtml(UI.siteRootIntro(view.countyName))}</p>`,
    `<section aria-labelledby="years-title">`,
    `<h2 id="years-title">${escapeHtml(UI.reportYears)}</h2>`,
    years.length > 0 ? [`<ul class="year-list">`, ...items, `</ul>`].join("\n") : `<p>${escapeHtml(UI.none)}</p>`,
    `</section>`,
  ].join("\n");
  return renderPageShell({ title, main });
}

/**
 * The Chinese page for any missing key (CloudFront's error response, mirrored by the local site
 * server). It is served at whatever path was asked for, so its one link is root-relative
 * (`homeHref`, default "/"; the local server, which serves the site under /site/, passes "/site/").
 */
export interface NotFoundView {
  countyName?: string;
  homeHref?: string;
}

export function renderNotFoundPage(view: NotFoundView = {}): string {
  const title = view.countyName ? `${UI.notFoundTitle} - ${UI.siteRootTitle(view.countyName)}` : UI.notFoundTitle;
  const main = [
    `<h1>${escapeHtml(UI.notFoundTitle)}</h1>`,
    `<p class="index-summary">${escapeHtml(UI.notFoundText)}</p>`,
    `<p class="index-summary">${link(view.homeHref ?? "/", UI.notFoundHome)}</p>`,
  ].join("\n");
  return renderPageShell({ title, main, noIndex: true });
}
