import { shanghaiChineseDate } from "../format";
import { renderReportPage, type ReportPageView } from "../report-page";
import { UI } from "../ui-labels";
import { htmlToBlocks, type EditionBlock } from "./html-blocks";
import { EDITION_UI } from "./labels";

/**
 * One published version as a print document: the blocks both editions lay out, in page order.
 * They are read from the published page itself (the `<main>` of `v{n}.html`: sections, tables
 * with their spans, narrative, notes), so the Word and PDF files say exactly what the page says,
 * on either template, with no second copy of any label or layout rule.
 */
export interface EditionDocument {
  title: string;
  /** The version and publication date line under the title (“版本：第2版　发布日期：2025年1月20日”). */
  facts: string;
  /** 更正说明 of this version: heading line and paragraphs. */
  correction?: { heading: string; paragraphs: string[] };
  blocks: EditionBlock[];
}

/** The part of the page view an edition needs; a `ReportPageView` of the published page fits as is. */
export type EditionView = Pick<ReportPageView, "content" | "version" | "publishedAt" | "correctionNote" | "aggregatedMembers">;

/**
 * Page parts that are not part of the report: the archived page's “this is version n” notice (the
 * edition names its version in the facts line), the 更正说明 box (the edition draws its own from the
 * same note), a preview banner, and the page's download links to these very files (`edition-links`,
 * should the page put them inside `<main>`). The h1 is the title, which the edition sets apart.
 */
const PAGE_ONLY_CLASSES = ["edition-note", "correction", "banner", "edition-links"];

export function buildEditionDocument(view: EditionView): EditionDocument {
  // The archived page is the one that never claims to be current, like a downloaded file.
  const page = renderReportPage({ ...view, mode: "published", edition: "archived" });
  const main = /<main>([\s\S]*)<\/main>/.exec(page)?.[1];
  if (main === undefined) throw new Error("report page without <main>");
  const blocks = htmlToBlocks(main, PAGE_ONLY_CLASSES).filter((block) => !(block.kind === "heading" && block.level === 1));
  const publishedOn = view.publishedAt ? shanghaiChineseDate(view.publishedAt) : "";
  const facts = [
    view.version !== undefined ? `${EDITION_UI.version}：${UI.version(view.version)}` : "",
    publishedOn ? `${UI.publishedOn}：${publishedOn}` : "",
  ]
    .filter(Boolean)
    .join("　");
  return {
    title: view.content.title,
    facts,
    ...(view.correctionNote ? { correction: correctionOf(view, publishedOn) } : {}),
    blocks,
  };
}

/** The same box the page shows: “更正说明（第2版，2025年3月1日）” and the note's paragraphs. */
function correctionOf(view: EditionView, publishedOn: string): { heading: string; paragraphs: string[] } {
  const when = [view.version ? UI.version(view.version) : "", publishedOn].filter(Boolean).join("，");
  const paragraphs = (view.correctionNote ?? "")
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  return { heading: when ? `${UI.correctionNote}（${when}）` : UI.correctionNote, paragraphs };
}
