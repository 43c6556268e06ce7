import { reportTitle } from "../catalogue";
import type { Agency } from "../schemas";
import { shanghaiChineseDate } from "./format";
import { attrs, escapeHtml, link, titleHtml } from "./html";
import { renderPageShell } from "./layout";
import { UI } from "./ui-labels";

export interface AgencyHistoryView {
  countyName: string;
  agency: Agency;
  reports: {
    year: number;
    versions: { version: number; publishedAt: string; correctionNote?: string; importedSource?: { file: string; format: string } }[];
  }[];
}

/** Relative to agencies/{agencyId}/index.html. */
const reportDir = (year: number, agencyId: string) => `../../reports/${year}/${encodeURIComponent(agencyId)}`;
const yearIndexHref = (year: number) => `../../reports/${year}/index.html`;

/** agencies/{agencyId}/index.html: the agency's reports over the years, newest first. */
export function renderAgencyHistory(view: AgencyHistoryView): string {
  const title = UI.agencyHistoryTitle(view.agency.fullName);
  const reports = [...view.reports].filter((r) => r.versions.length > 0).sort((a, b) => b.year - a.year);
  const main = [
    `<h1>${titleHtml(title)}</h1>`,
    `<p class="index-summary">${escapeHtml(view.countyName)}</p>`,
    ...(reports.length > 0 ? reports.map((report) => renderYear(view.agency, report)) : [`<p>${escapeHtml(UI.none)}</p>`]),
  ].join("\n");
  return renderPageShell({ title, main });
}

function renderYear(agency: Agency, report: AgencyHistoryView["reports"][number]): string {
  const headingId = `year-${report.year}`;
  const dir = reportDir(report.year, agency.agencyId);
  const versions = [...report.versions].sort((a, b) => a.version - b.version);
  const latest = versions[versions.length - 1]!;
  const items = versions.map((entry) => {
    const note = entry.correctionNote ? `<br><span class="version-note">${escapeHtml(`${UI.correctionNote}：${entry.correctionNote}`)}</span>` : "";
    // An imported version: the original file it was read from, beside it.
    const source = entry.importedSource
      ? `　${link(`${dir}/${encodeURIComponent(entry.importedSource.file)}`, UI.importedSourceLink(entry.importedSource.format))}`
      : "";
    return `<li>${link(`${dir}/v${entry.version}.html`, UI.version(entry.version))}　${escapeHtml(
      `${UI.publishedOn}：${shanghaiChineseDate(entry.publishedAt)}`,
    )}${source}${note}</li>`;
  });
  return [
    `<section>`,
    `<h2${attrs({ id: headingId })}>${escapeHtml(UI.yearHeading(report.year))}</h2>`,
    `<p>${link(`${dir}/index.html`, reportTitle(agency.fullName, report.year))}（${escapeHtml(
      `${UI.latestVersion}：${UI.version(latest.version)}`,
    )}）　${link(yearIndexHref(report.year), UI.yearIndex)}</p>`,
    `<ul class="version-list">`,
    ...items,
    `</ul>`,
    `</section>`,
  ].join("\n");
}
