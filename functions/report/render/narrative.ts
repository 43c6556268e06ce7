import { CONTACT_FIELDS, OTHER_MATTERS_FIELDS, OVERVIEW_FIELDS, OVERVIEW_REQUIRED_FIELDS, PROBLEMS_FIELDS, SECTION_TITLES } from "../catalogue";
import { calendarYearPeriod } from "../complete";
import type { ImportedSections, OtherMatters } from "../schemas";
import { chineseDate } from "./format";
import { escapeHtml, paragraphs, splitParagraphs } from "./html";
import { UI } from "./ui-labels";

/**
 * The narrative parts of the page: the 导语 and sections 一, 五, 六. Each section is a list of parts
 * (fields of the stored section). The agency's own layout (`headings`, `order`, issue 13) decides the
 * heading line and position of each part; a part without one gets the template's standard wording.
 *
 * Sections come authored (every required field a string) or imported from a published document, where
 * a field the importer could not read is null: such a part is left out (the document had no such
 * part, or its text stands in another one), never filled with a guess; a section with nothing read
 * shows “（原文未能读取）”.
 */

type PreambleData = ImportedSections["preamble"];
type OverviewData = NonNullable<ImportedSections["overview"]>;
type ProblemsData = NonNullable<ImportedSections["problemsAndImprovements"]>;
type OtherMattersData = NonNullable<ImportedSections["otherMatters"]>;
type ContactData = NonNullable<NonNullable<PreambleData>["contact"]>;

interface Part<F extends string> {
  field: F;
  /** Rendered body (escaped HTML). */
  body: string;
}

interface Layout<F extends string> {
  headings?: Partial<Record<F, string | null>> | null;
  order?: readonly (F | null)[] | null;
}

/** The parts in the agency's order; parts the order does not name (older data) keep their standard place at the end. */
function inAgencyOrder<F extends string>(parts: Part<F>[], order: readonly (F | null)[] | null | undefined): Part<F>[] {
  if (!order) return parts;
  const rank = (field: F) => {
    const index = order.indexOf(field);
    return index < 0 ? order.length : index;
  };
  return parts.map((part, index) => ({ part, index })).sort((a, b) => rank(a.part.field) - rank(b.part.field) || a.index - b.index).map((p) => p.part);
}

/**
 * Heading + body of each part. `standardHeading(field, position)` is the template's wording at that
 * position ("" = none); an agency heading replaces it verbatim, and "" means the text carries its own.
 */
function renderParts<F extends string>(parts: Part<F>[], layout: Layout<F>, standardHeading: (field: F, position: number) => string): string {
  return inAgencyOrder(parts, layout.order)
    .map((part, position) => {
      const heading = layout.headings?.[part.field] ?? standardHeading(part.field, position);
      return heading === "" ? part.body : `${subheading(heading)}\n${part.body}`;
    })
    .join("\n");
}

// ---------------------------------------------------------------- 导语

type PreamblePart = "basisText" | "statisticsPeriod" | "downloadNote" | "contact";
const PREAMBLE_STANDARD_ORDER: readonly PreamblePart[] = ["basisText", "statisticsPeriod", "downloadNote", "contact"];

/**
 * The 导语 as reports write it: basis, statistics period, download note, contact (format-spec §2.2),
 * or in the agency's `order`. Reports run the period and contact sentences together as one paragraph
 * when one directly follows the other.
 */
export function renderPreamble(preamble: PreambleData, year: number): string {
  if (!preamble) return placeholder(`${SECTION_TITLES.preamble}${UI.notFilled}`);
  // Omitted: the calendar year (authoring). null: an import found no period in the document, so none is claimed.
  const period = preamble.statisticsPeriod === undefined ? calendarYearPeriod(year) : preamble.statisticsPeriod;
  const sentences: Record<PreamblePart, string[]> = {
    basisText: preamble.basisText ? splitParagraphs(preamble.basisText).map(escapeHtml) : [],
    statisticsPeriod:
      period?.from && period.to
        ? [escapeHtml(`本年度报告中所列数据的统计期限自${chineseDate(period.from)}起，至${chineseDate(period.to)}止。`)]
        : [],
    downloadNote: preamble.downloadNote ? splitParagraphs(preamble.downloadNote).map(escapeHtml) : [],
    contact: preamble.contact ? [contactSentenceHtml(preamble.contact)].filter(Boolean) : [],
  };
  const agencyOrder = (preamble.order ?? []).filter((part): part is PreamblePart => part !== null);
  const order = [...agencyOrder, ...PREAMBLE_STANDARD_ORDER.filter((part) => !agencyOrder.includes(part))];
  const paragraphsHtml: string[] = [];
  let previous: PreamblePart | undefined;
  for (const part of order) {
    const lines = sentences[part];
    if (lines.length === 0) continue;
    if (part === "contact" && previous === "statisticsPeriod") {
      paragraphsHtml.push(`${paragraphsHtml.pop() ?? ""}${lines.join("")}`);
    } else {
      paragraphsHtml.push(...lines);
    }
    previous = part;
  }
  return paragraphsHtml.map((html) => `<p>${html}</p>`).join("\n");
}

/** The contact sentence, parts that are absent (or not read by an import) left out; returns escaped HTML. */
function contactSentenceHtml(contact: ContactData): string {
  const fields = (["address", "postcode", "phone", "fax", "email"] as const)
    .filter((key) => contact[key])
    .map((key) => {
      const value = escapeHtml(contact[key] ?? "");
      // A long e-mail address may break anywhere, so a narrow screen does not stretch the justified line before it.
      const shown = key === "email" ? `<span class="break-anywhere">${value}</span>` : value;
      return `${escapeHtml(CONTACT_FIELDS[key])}：${shown}`;
    });
  const details = fields.length > 0 ? `（${fields.join("；")}）` : "";
  // An import that found no contact organ leaves the sentence out: the basis text keeps the document's own.
  if (!contact.organ) return "";
  return `${escapeHtml(`如对报告内容有疑问，请与${contact.organ}联系`)}${details}。`;
}

// ---------------------------------------------------------------- 一、五、六

/** 一、总体情况: optional intro, then the template's five aspects, standard subheadings （一）…（五）. */
export function renderOverview(overview: OverviewData): string {
  const parts: Part<keyof typeof OVERVIEW_FIELDS>[] = overview.intro ? [{ field: "intro", body: paragraphs(overview.intro) }] : [];
  // null: an imported document has no such part (its text stands in the intro), so no heading is invented for it.
  for (const field of OVERVIEW_REQUIRED_FIELDS) {
    const text = overview[field];
    if (text !== null) parts.push({ field, body: textOrPlaceholder(text) });
  }
  if (parts.length === 0) return placeholder(UI.unreadText);
  return renderParts(parts, overview, (field) => OVERVIEW_FIELDS[field]);
}

/** 五: the parts present; standard headings numbered （一）（二）… by position, as real reports do. */
export function renderProblems(data: ProblemsData): string {
  const fields = (Object.keys(PROBLEMS_FIELDS) as (keyof typeof PROBLEMS_FIELDS)[]).filter((field) => hasText(data[field]));
  if (fields.length === 0) return placeholder(UI.notFilled);
  const parts = fields.map((field) => ({ field, body: paragraphs(data[field] ?? "") }));
  return renderParts(parts, data, (field, position) => `（${chineseNumeral(position + 1)}）${PROBLEMS_FIELDS[field]}`);
}

const OTHER_TEXT_FIELDS = ["superiorWorkPoints", "deputyProposals", "innovations", "other"] as const;

/** 六: numbered items; in the template's order the 信息处理费 statement comes first (rule N-01). */
export function renderOtherMatters(data: OtherMattersData, year: number): string {
  const fee = data.processingFee;
  // An import that found no fee statement (a 2019 report need not have one) leaves it out, not “未收取”.
  const feeKnown = fee && (hasText(fee.statement) || (typeof fee.charged === "boolean" && typeof fee.amountYuan === "string"));
  const parts: Part<keyof typeof OTHER_MATTERS_FIELDS>[] = feeKnown
    ? [{ field: "processingFee", body: paragraphs(processingFeeStatement(fee as OtherMatters["processingFee"], year)) }]
    : [];
  for (const field of OTHER_TEXT_FIELDS) {
    const text = data[field];
    if (hasText(text)) parts.push({ field, body: paragraphs(text ?? "") });
  }
  return renderParts(parts, data, (field, position) => `${position + 1}.${OTHER_MATTERS_FIELDS[field]}`);
}

/** The clerk's own wording when given; otherwise the sentence generated from the structured fields. */
export function processingFeeStatement(fee: OtherMatters["processingFee"], year: number): string {
  if (hasText(fee.statement)) return fee.statement ?? "";
  const notices = fee.feeNoticesIssued ? `，发出收费通知${fee.feeNoticesIssued}件` : "";
  if (!fee.charged) return `${year}年度，本机关未收取信息处理费${notices}。`;
  const requests = fee.chargedRequests ? `，涉及政府信息公开申请${fee.chargedRequests}件` : "";
  return `${year}年度，本机关收取信息处理费${fee.amountYuan}元${requests}${notices}。`;
}

// ---------------------------------------------------------------- small pieces

function subheading(text: string): string {
  return `<h3>${escapeHtml(text)}</h3>`;
}

export function placeholder(text: string): string {
  return `<p class="placeholder">${escapeHtml(text)}</p>`;
}

function hasText(text: string | null | undefined): text is string {
  return typeof text === "string" && splitParagraphs(text).length > 0;
}

function textOrPlaceholder(text: string | undefined): string {
  return hasText(text) ? paragraphs(text) : placeholder(UI.notFilled);
}

const NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
function chineseNumeral(n: number): string {
  return NUMERALS[n - 1] ?? String(n);
}
