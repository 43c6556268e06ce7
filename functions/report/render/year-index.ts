import { AGENCY_KIND_LABELS, INDEX_GROUPS, reportTitle } from "../catalogue";
import type { Agency } from "../schemas";
import { chineseDate, shanghaiChineseDate, shanghaiChineseDateTime } from "./format";
import { attrs, escapeHtml, link, titleHtml } from "./html";
import { renderPageShell } from "./layout";
import { scrollableTable } from "./tables/cells";
import { PUBLICATION_STATUS_LABELS, UI } from "./ui-labels";

export interface YearIndexEntry {
  agency: Agency;
  status: "published" | "unpublished";
  /** Published after the deadline, or still unpublished once it has passed (rule P-01). */
  late: boolean;
  /** YYYY-MM-DD */
  deadline: string;
  version?: number;
  publishedAt?: string;
  correctionCount?: number;
}

export interface YearIndexView {
  countyName: string;
  year: number;
  /** ISO instant of generation. */
  generatedAt: string;
  /** Listed in the given order inside each group. */
  entries: YearIndexEntry[];
  /** Relative hrefs; `siteRoot` (e.g. "../../index.html") adds a link back to the list of years. */
  links?: { siteRoot?: string };
}

/** Relative to reports/{year}/index.html. */
export const reportHref = (agencyId: string) => `./${encodeURIComponent(agencyId)}/index.html`;
export const reportJsonHref = (agencyId: string) => `./${encodeURIComponent(agencyId)}/report.json`;

type IndexGroup = (typeof INDEX_GROUPS)[number];

function entriesOf(group: IndexGroup, entries: readonly YearIndexEntry[]): YearIndexEntry[] {
  return entries.filter((entry) => (group.kinds as readonly string[]).includes(entry.agency.kind));
}

/** 已发布 / 未发布, with 逾期 added when late (format-spec §7). */
export function publicationStatusLabel(entry: Pick<YearIndexEntry, "status" | "late">): string {
  const base = PUBLICATION_STATUS_LABELS[entry.status];
  return entry.late ? `${base}（${PUBLICATION_STATUS_LABELS.late}）` : base;
}

// ---------------------------------------------------------------- HTML

export function renderYearIndex(view: YearIndexView): string {
  const title = UI.yearIndexTitle(view.countyName, view.year);
  const published = view.entries.filter((e) => e.status === "published").length;
  const main = [
    `<h1>${titleHtml(title)}</h1>`,
    `<p class="index-summary">${escapeHtml(
      `${UI.publishedCount(published, view.entries.length)}${UI.generatedAt}：${shanghaiChineseDateTime(view.generatedAt)}`,
    )}</p>`,
    renderOpenDataLinks(),
    ...INDEX_GROUPS.map((group, index) => renderGroup(group, index, entriesOf(group, view.entries), view.year)),
  ].join("\n");
  return renderPageShell({ title, main, footer: renderIndexFooter(view.links) });
}

/** The year's open data sits beside this page: reports/{year}/index.json and open-data.csv. */
export const YEAR_INDEX_JSON_HREF = "./index.json";
export const YEAR_OPEN_DATA_CSV_HREF = "./open-data.csv";

function renderOpenDataLinks(): string {
  return `<p class="open-data">${link(YEAR_INDEX_JSON_HREF, UI.openDataIndexJson, { type: "application/json" })}　${link(
    YEAR_OPEN_DATA_CSV_HREF,
    UI.openDataCsv,
    { type: "text/csv" },
  )}</p>`;
}

function renderIndexFooter(links: YearIndexView["links"]): string | undefined {
  if (!links?.siteRoot) return undefined;
  return `<footer class="page-footer"><nav class="site-links" aria-label="${escapeHtml(UI.siteNav)}"><ul><li>${link(
    links.siteRoot,
    UI.siteRootLink,
  )}</li></ul></nav></footer>`;
}

function renderGroup(group: IndexGroup, index: number, entries: YearIndexEntry[], year: number): string {
  const headingId = `group-${index + 1}`;
  const rows =
    entries.length > 0
      ? entries.map((entry) => renderEntryRow(entry, year))
      : [`<tr><td colspan="5">${escapeHtml(UI.none)}</td></tr>`];
  return [
    `<section>`,
    `<h2${attrs({ id: headingId })}>${escapeHtml(group.label)}</h2>`,
    scrollableTable(
      group.label,
      [
        `<table class="list-table">`,
        `<caption class="sr-only">${escapeHtml(group.label)}</caption>`,
        `<colgroup><col class="c-name"><col class="c-status"><col class="c-version"><col class="c-date"><col class="c-date"></colgroup>`,
        `<thead><tr>${[UI.agencyName, UI.status, UI.currentVersion, UI.publishedOn, UI.deadline]
          .map((label, column) => `<th scope="col"${attrs({ class: column === 0 ? "stick-0" : undefined })}>${escapeHtml(label)}</th>`)
          .join("")}</tr></thead>`,
        `<tbody>`,
        ...rows,
        `</tbody>`,
        `</table>`,
      ].join("\n"),
    ),
    `</section>`,
  ].join("\n");
}

function renderEntryRow(entry: YearIndexEntry, year: number): string {
  const name = reportTitle(entry.agency.fullName, year);
  // Only a published report has a page to link to; an unpublished one is listed by name.
  const nameCell = entry.status === "published" ? link(reportHref(entry.agency.agencyId), name) : escapeHtml(name);
  const statusText = publicationStatusLabel(entry);
  const corrected = entry.correctionCount ? `，${UI.correctedTimes(entry.correctionCount)}` : "";
  const cells = [
    // The agency's name is the row label: it stays in view while a phone scrolls the other columns.
    `<th scope="row" class="stick-0">${nameCell}</th>`,
    `<td${attrs({ class: entry.late ? "status-late" : undefined })}>${escapeHtml(statusText + corrected)}</td>`,
    `<td>${escapeHtml(entry.version !== undefined ? UI.version(entry.version) : "—")}</td>`,
    `<td>${escapeHtml(entry.publishedAt ? shanghaiChineseDate(entry.publishedAt) : "—")}</td>`,
    `<td>${escapeHtml(chineseDate(entry.deadline))}</td>`,
  ];
  return `<tr>${cells.join("")}</tr>`;
}

// ---------------------------------------------------------------- JSON

export interface YearIndexJson {
  schemaVersion: 1;
  countyName: string;
  year: number;
  generatedAt: string;
  groups: {
    label: string;
    reports: {
      agencyId: string;
      fullName: string;
      kind: Agency["kind"];
      kindLabel: string;
      title: string;
      status: YearIndexEntry["status"];
      statusLabel: string;
      late: boolean;
      deadline: string;
      version: number | null;
      publishedAt: string | null;
      correctionCount: number;
      /** Relative to reports/{year}/; null while unpublished. */
      href: string | null;
      jsonHref: string | null;
    }[];
  }[];
}

/** The machine-readable twin of the year index, for reports/{year}/index.json. */
export function yearIndexJson(view: YearIndexView): YearIndexJson {
  return {
    schemaVersion: 1,
    countyName: view.countyName,
    year: view.year,
    generatedAt: view.generatedAt,
    groups: INDEX_GROUPS.map((group) => ({
      label: group.label,
      reports: entriesOf(group, view.entries).map((entry) => {
        const published = entry.status === "published";
        return {
          agencyId: entry.agency.agencyId,
          fullName: entry.agency.fullName,
          kind: entry.agency.kind,
          kindLabel: AGENCY_KIND_LABELS[entry.agency.kind],
          title: reportTitle(entry.agency.fullName, view.year),
          status: entry.status,
          statusLabel: publicationStatusLabel(entry),
          late: entry.late,
          deadline: entry.deadline,
          version: entry.version ?? null,
          publishedAt: entry.publishedAt ?? null,
          correctionCount: entry.correctionCount ?? 0,
          href: published ? reportHref(entry.agency.agencyId) : null,
          jsonHref: published ? reportJsonHref(entry.agency.agencyId) : null,
        };
      }),
    })),
  };
}
