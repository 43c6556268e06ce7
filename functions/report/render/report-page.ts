import {
  CONTACT_FIELDS,
  OTHER_MATTERS_FIELDS,
  OVERVIEW_FIELDS,
  OVERVIEW_REQUIRED_FIELDS,
  PROBLEMS_FIELDS,
  SECTION_HEADINGS,
  SECTION_TITLES,
} from "../catalogue";
import { calendarYearPeriod } from "../complete";
import type { OtherMatters, Overview, Preamble, ProblemsAndImprovements, ReportContent, Sections } from "../schemas";
import { chineseDate, shanghaiChineseDate } from "./format";
import { attrs, escapeHtml, link, paragraphs, splitParagraphs } from "./html";
import { renderPageShell } from "./layout";
import { renderActiveDisclosureTable } from "./tables/active-disclosure";
import { renderApplicationsTable } from "./tables/applications";
import { renderReviewLitigationTable } from "./tables/review-litigation";
import { UI } from "./ui-labels";

export interface ReportVersionLink {
  version: number;
  publishedAt: string;
  correctionNote?: string;
  href: string;
}

export interface ReportPageView {
  /** All seven sections when published; a preview may lack some (shown as “（未填写）”). */
  content: ReportContent;
  /** A preview carries a visible 预览/草稿 banner and is not indexed. */
  mode: "published" | "preview";
  version?: number;
  /** ISO instant; shown as the Asia/Shanghai calendar date. */
  publishedAt?: string;
  /** 更正说明 of this version, shown near the top. */
  correctionNote?: string;
  /** Every published version of the report, for the 历史版本 list. */
  versions?: ReportVersionLink[];
  /** Relative hrefs. */
  links?: { yearIndex?: string; agencyHistory?: string; openData?: string };
}

type NumberedSection = keyof typeof SECTION_HEADINGS;

export function renderReportPage(view: ReportPageView): string {
  const { content } = view;
  const title = view.mode === "preview" ? `${content.title}${UI.previewTitleSuffix}` : content.title;
  const main = [
    view.mode === "preview" ? `<div class="banner" role="note">${escapeHtml(UI.previewBanner)}</div>` : "",
    `<h1>${escapeHtml(content.title)}</h1>`,
    view.correctionNote ? renderCorrectionBox(view) : "",
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

// ---------------------------------------------------------------- top of the page

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

/** The 导语 as reports write it: basis, statistics period, download note, contact (format-spec §2.2). */
function renderPreamble(preamble: Preamble | undefined, year: number): string {
  if (!preamble) return placeholder(`${SECTION_TITLES.preamble}${UI.notFilled}`);
  const period = preamble.statisticsPeriod ?? calendarYearPeriod(year);
  const periodSentence = escapeHtml(`本年度报告中所列数据的统计期限自${chineseDate(period.from)}起，至${chineseDate(period.to)}止。`);
  const contact = contactSentenceHtml(preamble.contact);
  const parts = [preamble.basisText ? paragraphs(preamble.basisText) : ""];
  // Reports run the period and contact sentences together as one paragraph; a download note, when
  // present, sits between them.
  if (preamble.downloadNote) {
    parts.push(`<p>${periodSentence}</p>`, paragraphs(preamble.downloadNote), `<p>${contact}</p>`);
  } else {
    parts.push(`<p>${periodSentence}${contact}</p>`);
  }
  return parts.filter(Boolean).join("\n");
}

/** The contact sentence, parts that are absent left out; returns escaped HTML. */
function contactSentenceHtml(contact: Preamble["contact"]): string {
  const fields = (["address", "postcode", "phone", "fax", "email"] as const)
    .filter((key) => contact[key])
    .map((key) => {
      const value = escapeHtml(contact[key] ?? "");
      // A long e-mail address may break anywhere, so a narrow screen does not stretch the justified line before it.
      const shown = key === "email" ? `<span class="break-anywhere">${value}</span>` : value;
      return `${escapeHtml(CONTACT_FIELDS[key])}：${shown}`;
    });
  const details = fields.length > 0 ? `（${fields.join("；")}）` : "";
  return `${escapeHtml(`如对报告内容有疑问，请与${contact.organ}联系`)}${details}。`;
}

// ---------------------------------------------------------------- the six parts

const SECTION_RENDERERS: { [K in NumberedSection]: (data: Sections[K], year: number) => string } = {
  overview: renderOverview,
  activeDisclosure: renderActiveDisclosureTable,
  applications: renderApplicationsTable,
  reviewLitigation: renderReviewLitigationTable,
  problemsAndImprovements: renderProblems,
  otherMatters: renderOtherMatters,
};

function renderSections(content: ReportContent): string[] {
  return (Object.keys(SECTION_HEADINGS) as NumberedSection[]).map((name) => {
    const data = content.sections[name];
    const body = data === undefined ? placeholder(UI.notFilled) : renderSectionBody(name, data, content.year);
    const headingId = `part-${name}`;
    return [
      `<section>`,
      `<h2${attrs({ id: headingId })}>${escapeHtml(SECTION_HEADINGS[name])}</h2>`,
      body,
      `</section>`,
    ].join("\n");
  });
}

function renderSectionBody<K extends NumberedSection>(name: K, data: Sections[K], year: number): string {
  return SECTION_RENDERERS[name](data, year);
}

/** 一、总体情况: optional intro, then the template's five aspects under （一）…（五）. */
function renderOverview(overview: Overview): string {
  const parts = overview.intro ? [paragraphs(overview.intro)] : [];
  for (const key of OVERVIEW_REQUIRED_FIELDS) {
    parts.push(subheading(OVERVIEW_FIELDS[key]), textOrPlaceholder(overview[key]));
  }
  return parts.join("\n");
}

/** 五: the parts present, numbered （一）（二）… as real reports do. */
function renderProblems(data: ProblemsAndImprovements): string {
  const present = (Object.keys(PROBLEMS_FIELDS) as (keyof typeof PROBLEMS_FIELDS)[]).filter((key) => hasText(data[key]));
  if (present.length === 0) return placeholder(UI.notFilled);
  return present
    .map((key, index) => [subheading(`（${chineseNumeral(index + 1)}）${PROBLEMS_FIELDS[key]}`), paragraphs(data[key] ?? "")].join("\n"))
    .join("\n");
}

/** 六: numbered items, the 信息处理费 statement always first (rule N-01). */
function renderOtherMatters(data: OtherMatters, year: number): string {
  const items: { label: string; text: string }[] = [
    { label: OTHER_MATTERS_FIELDS.processingFee, text: processingFeeStatement(data.processingFee, year) },
  ];
  for (const key of ["superiorWorkPoints", "deputyProposals", "innovations", "other"] as const) {
    const text = data[key];
    if (hasText(text)) items.push({ label: OTHER_MATTERS_FIELDS[key], text: text ?? "" });
  }
  return items.map((item, index) => [subheading(`${index + 1}.${item.label}`), paragraphs(item.text)].join("\n")).join("\n");
}

/** The clerk's own wording when given; otherwise the sentence generated from the structured fields. */
export function processingFeeStatement(fee: OtherMatters["processingFee"], year: number): string {
  if (hasText(fee.statement)) return fee.statement ?? "";
  const notices = fee.feeNoticesIssued ? `，发出收费通知${fee.feeNoticesIssued}件` : "";
  if (!fee.charged) return `${year}年度，本机关未收取信息处理费${notices}。`;
  const requests = fee.chargedRequests ? `，涉及政府信息公开申请${fee.chargedRequests}件` : "";
  return `${year}年度，本机关收取信息处理费${fee.amountYuan}元${requests}${notices}。`;
}

// ---------------------------------------------------------------- footer

function renderFooter(view: ReportPageView): string {
  const facts = [
    view.version !== undefined ? `${UI.currentVersion}：${UI.version(view.version)}` : "",
    view.publishedAt ? `${UI.publishedOn}：${shanghaiChineseDate(view.publishedAt)}` : "",
  ].filter(Boolean);
  const parts = [
    facts.length > 0 ? `<p>${escapeHtml(facts.join("　"))}</p>` : "",
    renderVersionHistory(view),
    renderLinks(view.links),
  ].filter(Boolean);
  // A preview has no version yet: no footer rather than an empty one.
  return parts.length > 0 ? [`<footer class="page-footer">`, ...parts, `</footer>`].join("\n") : "";
}

function renderVersionHistory(view: ReportPageView): string {
  if (!view.versions || view.versions.length === 0) return "";
  const items = [...view.versions]
    .sort((a, b) => a.version - b.version)
    .map((entry) => {
      const isCurrent = entry.version === view.version;
      const label = UI.version(entry.version);
      const name = isCurrent ? `<span aria-current="page">${escapeHtml(`${label}（${UI.currentVersion}）`)}</span>` : link(entry.href, label);
      const note = entry.correctionNote ? `<br><span class="version-note">${escapeHtml(`${UI.correctionNote}：${entry.correctionNote}`)}</span>` : "";
      return `<li>${name}　${escapeHtml(`${UI.publishedOn}：${shanghaiChineseDate(entry.publishedAt)}`)}${note}</li>`;
    });
  return [
    `<div class="versions">`,
    `<p id="versions-title"><strong>${escapeHtml(UI.versionHistory)}</strong></p>`,
    `<ul class="version-list" aria-labelledby="versions-title">`,
    ...items,
    `</ul>`,
    `</div>`,
  ].join("\n");
}

function renderLinks(links: ReportPageView["links"]): string {
  if (!links) return "";
  const entries = [
    links.yearIndex ? link(links.yearIndex, UI.yearIndex) : "",
    links.agencyHistory ? link(links.agencyHistory, UI.agencyHistory) : "",
    links.openData ? link(links.openData, UI.openData, { type: "application/json" }) : "",
  ].filter(Boolean);
  if (entries.length === 0) return "";
  return `<nav aria-label="${escapeHtml(UI.siteNav)}"><ul>${entries.map((e) => `<li>${e}</li>`).join("")}</ul></nav>`;
}

// ---------------------------------------------------------------- small pieces

function subheading(text: string): string {
  return `<h3>${escapeHtml(text)}</h3>`;
}

function placeholder(text: string): string {
  return `<p class="placeholder">${escapeHtml(text)}</p>`;
}

function hasText(text: string | undefined): boolean {
  return text !== undefined && splitParagraphs(text).length > 0;
}

function textOrPlaceholder(text: string): string {
  return hasText(text) ? paragraphs(text) : placeholder(UI.notFilled);
}

const NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
function chineseNumeral(n: number): string {
  return NUMERALS[n - 1] ?? String(n);
}
