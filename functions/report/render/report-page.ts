import { aggregationNote, SECTION_HEADINGS } from "../catalogue";
import type { AnyReportContent, ImportedSections } from "../schemas";
import { shanghaiChineseDate } from "./format";
import { attrs, escapeHtml, link, paragraphs, titleHtml } from "./html";
import { renderPageShell } from "./layout";
import { placeholder, renderOtherMatters, renderOverview, renderPreamble, renderProblems } from "./narrative";
import { renderActiveDisclosureTable } from "./tables/active-disclosure";
import { renderApplicationsTable } from "./tables/applications";
import { renderReviewLitigationTable } from "./tables/review-litigation";
import { UI } from "./ui-labels";

export { processingFeeStatement } from "./narrative";

export interface ReportVersionLink {
  version: number;
  publishedAt: string;
  correctionNote?: string;
  href: string;
}

export interface ReportPageView {
  /**
   * All seven sections when published; a preview may lack some (shown as “（未填写）”). Imported
   * history may be on the 2019 template (rendered in its own table layouts) and have cells and
   * fields the importer could not read (null: shown blank, marked 原文未能读取).
   */
  content: AnyReportContent;
  /** A preview carries a visible 预览/草稿 banner and is not indexed. */
  mode: "published" | "preview";
  /**
   * Which file of a published report this page is (ignored for a preview):
   * - "latest" (default): the report's `index.html`. It says it is the current version and lists
   *   every version with its 更正说明; rewritten on every publish.
   * - "archived": the immutable `v{n}.html`. It is written once and never rewritten, so it never
   *   claims to be current: it says which version it is and links to the latest (`links.latest`).
   */
  edition?: ReportEdition;
  version?: number;
  /** ISO instant; shown as the Asia/Shanghai calendar date. */
  publishedAt?: string;
  /** 更正说明 of this version, shown near the top. */
  correctionNote?: string;
  /** Every published version of the report up to this one, for the 历史版本 list. */
  versions?: ReportVersionLink[];
  /** Relative hrefs. `latest` defaults to `index.html` (the archived page sits beside it). */
  links?: { yearIndex?: string; agencyHistory?: string; openData?: string; latest?: string };
  /** An imported report: the original file it was read from (relative href), shown near the top. */
  importedSource?: { href: string; format: string };
  /** The county government's report adopted from the aggregate of its members' reports: how many. */
  aggregatedMembers?: number;
  /** Relative hrefs of this version's Word and PDF files (a published page; absent: none are made). */
  editions?: { docx: string; pdf: string };
}

export type ReportEdition = "latest" | "archived";

type NumberedSection = keyof typeof SECTION_HEADINGS;

const DEFAULT_LATEST_HREF = "index.html";

export function renderReportPage(view: ReportPageView): string {
  const { content } = view;
  const archived = isArchived(view);
  const title =
    view.mode === "preview"
      ? `${content.title}${UI.previewTitleSuffix}`
      : archived && view.version !== undefined
        ? `${content.title}${UI.archivedTitleSuffix(view.version)}`
        : content.title;
  const main = [
    view.mode === "preview" ? `<div class="banner" role="note">${escapeHtml(UI.previewBanner)}</div>` : "",
    archived ? renderArchivedNotice(view) : "",
    `<h1>${titleHtml(content.title)}</h1>`,
    view.correctionNote ? renderCorrectionBox(view) : "",
    view.importedSource ? renderImportedNote(view.importedSource) : "",
    view.aggregatedMembers !== undefined ? `<div class="aggregation-note" role="note"><p>${escapeHtml(aggregationNote(view.aggregatedMembers))}</p></div>` : "",
    view.mode === "published" && view.editions ? renderEditionLinks(view.editions) : "",
    renderPreamble(content.sections.preamble, content.year),
    ...renderSections(content),
  ];
  return renderPageShell({
    title,
    main: main.filter(Boolean).join("\n"),
    footer: renderFooter(view),
    noIndex: view.mode === "preview",
  });
}

/**
 * Both files of one published version: `latest` for `index.html`, `archived` for `v{n}.html`.
 * The publisher writes each to its key; they differ only in how they speak about being current.
 */
export function renderReportEditions(view: Omit<ReportPageView, "mode" | "edition">): { latest: string; archived: string } {
  return {
    latest: renderReportPage({ ...view, mode: "published", edition: "latest" }),
    archived: renderReportPage({ ...view, mode: "published", edition: "archived" }),
  };
}

const isArchived = (view: ReportPageView) => view.mode === "published" && view.edition === "archived";

function renderArchivedNotice(view: ReportPageView): string {
  const when = view.publishedAt ? shanghaiChineseDate(view.publishedAt) : "";
  const text = UI.archivedNotice(view.version ?? 0, when);
  return `<div class="edition-note" role="note"><p>${escapeHtml(text)}${link(view.links?.latest ?? DEFAULT_LATEST_HREF, UI.viewLatest)}</p></div>`;
}

// ---------------------------------------------------------------- top of the page

function renderImportedNote(source: { href: string; format: string }): string {
  return `<div class="edition-note" role="note"><p>${escapeHtml(UI.importedNote)}${link(source.href, UI.importedSourceLink(source.format))}</p></div>`;
}

/** The Word and PDF files of the version on this page; the editions leave this paragraph out of themselves. */
function renderEditionLinks(editions: { docx: string; pdf: string }): string {
  return `<p class="edition-links">${escapeHtml(UI.downloadEditions)}${link(editions.docx, UI.docxEdition)}　${link(editions.pdf, UI.pdfEdition)}</p>`;
}

function renderCorrectionBox(view: ReportPageView): string {
  const when = [view.version ? UI.version(view.version) : "", view.publishedAt ? shanghaiChineseDate(view.publishedAt) : ""]
    .filter(Boolean)
    .join("，");
  const heading = when ? `${UI.correctionNote}（${when}）` : UI.correctionNote;
  return [
    `<div class="correction" role="note" aria-labelledby="correction-title">`,
    `<p class="box-title" id="correction-title">${escapeHtml(heading)}</p>`,
    paragraphs(view.correctionNote ?? ""),
    `</div>`,
  ].join("\n");
}

// ---------------------------------------------------------------- the six parts

type SectionData<K extends NumberedSection> = NonNullable<ImportedSections[K]>;

const SECTION_RENDERERS: { [K in NumberedSection]: (data: SectionData<K>, content: AnyReportContent) => string } = {
  overview: renderOverview,
  activeDisclosure: renderActiveDisclosureTable,
  // Table 三's rows follow the report's template (2019: the single （六）其他处理 row).
  applications: (data, content) => renderApplicationsTable(data, content.templateVersion === "2019" ? "2019" : "2021"),
  reviewLitigation: renderReviewLitigationTable,
  problemsAndImprovements: renderProblems,
  otherMatters: (data, content) => renderOtherMatters(data, content.year),
};

function renderSections(content: AnyReportContent): string[] {
  return (Object.keys(SECTION_HEADINGS) as NumberedSection[]).map((name) => {
    const data = content.sections[name];
    // undefined: not written yet; null: an import found no such part in the document.
    const body =
      data === undefined ? placeholder(UI.notFilled) : data === null ? placeholder(UI.unreadText) : renderSectionBody(name, data, content);
    const headingId = `part-${name}`;
    return [
      `<section>`,
      `<h2${attrs({ id: headingId })}>${escapeHtml(SECTION_HEADINGS[name])}</h2>`,
      body,
      `</section>`,
    ].join("\n");
  });
}

function renderSectionBody<K extends NumberedSection>(name: K, data: SectionData<K>, content: AnyReportContent): string {
  return SECTION_RENDERERS[name](data, content);
}

// ---------------------------------------------------------------- footer

function renderFooter(view: ReportPageView): string {
  const archived = isArchived(view);
  const facts = [
    view.version !== undefined ? `${archived ? UI.thisPageVersion : UI.currentVersion}：${UI.version(view.version)}` : "",
    view.publishedAt ? `${UI.publishedOn}：${shanghaiChineseDate(view.publishedAt)}` : "",
  ].filter(Boolean);
  const parts = [
    facts.length > 0 ? `<p>${escapeHtml(facts.join("　"))}</p>` : "",
    renderVersionHistory(view),
    renderLinks(view),
  ].filter(Boolean);
  // A preview has no version yet: no footer rather than an empty one.
  return parts.length > 0 ? [`<footer class="page-footer">`, ...parts, `</footer>`].join("\n") : "";
}

function renderVersionHistory(view: ReportPageView): string {
  if (!view.versions || view.versions.length === 0) return "";
  // The latest page marks its version 当前版本; an archived page only knows it is this page.
  const thisMark = isArchived(view) ? UI.thisPage : UI.currentVersion;
  const items = [...view.versions]
    .sort((a, b) => a.version - b.version)
    .map((entry) => {
      const isThis = entry.version === view.version;
      const label = UI.version(entry.version);
      const name = isThis ? `<span aria-current="page">${escapeHtml(`${label}（${thisMark}）`)}</span>` : link(entry.href, label);
      const note = entry.correctionNote ? `<br><span class="version-note">${escapeHtml(`${UI.correctionNote}：${entry.correctionNote}`)}</span>` : "";
      return `<li>${name}　${escapeHtml(`${UI.publishedOn}：${shanghaiChineseDate(entry.publishedAt)}`)}${note}</li>`;
    });
  return [
    `<section class="versions" aria-labelledby="versions-title">`,
    `<p id="versions-title"><strong>${escapeHtml(UI.versionHistory)}</strong></p>`,
    `<ul class="version-list">`,
    ...items,
    `</ul>`,
    `</section>`,
  ].join("\n");
}

function renderLinks(view: ReportPageView): string {
  const links = view.links ?? {};
  const entries = [
    isArchived(view) ? link(links.latest ?? DEFAULT_LATEST_HREF, UI.latestVersion) : "",
    links.yearIndex ? link(links.yearIndex, UI.yearIndex) : "",
    links.agencyHistory ? link(links.agencyHistory, UI.agencyHistory) : "",
    links.openData ? link(links.openData, UI.openData, { type: "application/json" }) : "",
  ].filter(Boolean);
  if (entries.length === 0) return "";
  return `<nav class="site-links" aria-label="${escapeHtml(UI.siteNav)}"><ul>${entries.map((e) => `<li>${e}</li>`).join("")}</ul></nav>`;
}
