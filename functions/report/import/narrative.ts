/**
 * The report's text: title, agency and year, the preamble's statistics period and contact, and the
 * narrative sections 一、五、六 as paragraphs (kept as published). Headings are found tolerantly (the
 * wording varies between templates and reports); what is not found goes to review.
 *
 * The agency's own layout is recorded in the sections' `headings` and `order` (schemas.ts): a subheading
 * printed on a line of its own (“（一）存在问题”) becomes `headings.<part>` exactly as printed and leaves
 * the part's text; a subheading that runs into its text (“（一）主动公开方面。2024年，……”) stays in the text
 * and the heading is "" — so a history page shows the parts as published, never the template's wording.
 */
import {
  CONTACT_FIELDS,
  OVERVIEW_FIELDS,
  OVERVIEW_REQUIRED_FIELDS,
  SECTION_HEADINGS,
  SECTION_TITLES,
} from "../catalogue";
import { OVERVIEW_PARTS } from "../layout-parts";
import type { ImportSink } from "./cells";

type HeadingKey = keyof typeof SECTION_HEADINGS;

/**
 * Heading patterns. Numbering is not trusted for 五/六 (an inserted part shifts it); 四 accepts the 2019
 * wording and the published typo 行政法复议; 三 stops before its own row 四、结转下年度继续办理.
 */
const HEADING_PATTERNS: Record<HeadingKey, RegExp> = {
  overview: /[一1][、.．]\s*总体情况/,
  activeDisclosure: /[二2][、.．]\s*主动公开政府信息(的)?情况/,
  applications: /[三3][、.．]\s*收到和处理政府信息公开申请(的)?情况/,
  reviewLitigation: /[四4][、.．]\s*(因)?政府信息公开[^。；\n]{0,14}?行政法?复议/,
  problemsAndImprovements: /[五六七][、.．]\s*(政府信息公开工作)?存在的主要问题([及和与][^。；\n]{0,10}?(情况|计划|措施|方向))?/,
  otherMatters: /[六七八][、.．]\s*其他需要报告的事项/,
};

export interface HeadingPosition {
  key: HeadingKey;
  start: number;
  end: number;
  text: string;
}

/** Headings in order of the text; each is searched after the previous one. */
export function findHeadings(text: string): HeadingPosition[] {
  const found: HeadingPosition[] = [];
  let from = 0;
  for (const key of Object.keys(HEADING_PATTERNS) as HeadingKey[]) {
    const pattern = new RegExp(HEADING_PATTERNS[key].source, "g");
    pattern.lastIndex = from;
    const m = pattern.exec(text);
    if (!m) continue;
    found.push({ key, start: m.index, end: m.index + m[0].length, text: m[0] });
    from = m.index + m[0].length;
  }
  return found;
}

/** The text of a part: from its heading's end to the next heading found. */
export function partText(text: string, headings: readonly HeadingPosition[], key: HeadingKey): string | undefined {
  const i = headings.findIndex((h) => h.key === key);
  if (i < 0) return undefined;
  const end = headings[i + 1]?.start ?? text.length;
  return text.slice(headings[i]!.end, end);
}

const YEAR_FIRST_TITLE_PATTERN = /^(\d{4})年度?(.{2,60}?)政府信息公开工作(年度)?报告$/;
const TITLE_PATTERN = /^(.{2,60}?)(\d{4})年度?政府信息公开工作(年度)?报告$/;

export function readIdentity(
  title: string | undefined,
  text: string,
): { title: string | null; agencyName: string | null; reportYear: number | null } {
  const candidates = [title, ...text.split("\n").slice(0, 20)].filter((t): t is string => Boolean(t));
  for (const candidate of candidates) {
    const compactTitle = candidate.replace(/\s+/g, "");
    const m = TITLE_PATTERN.exec(compactTitle);
    if (m) return { title: candidate.trim(), agencyName: m[1]!, reportYear: Number(m[2]) };
    const yearFirst = YEAR_FIRST_TITLE_PATTERN.exec(compactTitle);
    if (yearFirst) return { title: candidate.trim(), agencyName: yearFirst[2]!, reportYear: Number(yearFirst[1]) };
  }
  // A title wrapped over two lines (Word export) is matched with the line breaks removed.
  const inline = /([\u4e00-\u9fff（）()]{2,40}?)(\d{4})年度?政府信息公开工作(年度)?报告/.exec(text.slice(0, 400).replace(/\s+/g, ""));
  if (inline) return { title: inline[0], agencyName: inline[1]!, reportYear: Number(inline[2]) };
  return { title: title?.trim() ?? null, agencyName: null, reportYear: null };
}

const paragraphsOf = (text: string) =>
  text
    .split("\n")
    .map((p) => p.trim())
    .filter(Boolean)
    .join("\n");

export function readNarratives(text: string, sink: ImportSink, reportYear: number | null, agencyName: string | null): void {
  const headings = findHeadings(text);
  readPreamble(text, headings, sink, reportYear, agencyName);

  const overview = partText(text, headings, "overview");
  if (overview === undefined) {
    sink.note("overview", `原文中没有找到“${SECTION_HEADINGS.overview}”`);
    for (const field of OVERVIEW_REQUIRED_FIELDS) sink.unread(`overview.${field}`, "原文中没有找到第一部分，此项不能从文件确定");
  } else {
    readOverview(paragraphsOf(overview), sink);
  }

  const problems = partText(text, headings, "problemsAndImprovements");
  if (problems === undefined) {
    sink.unread("problemsAndImprovements.problems", `原文中没有找到“${SECTION_HEADINGS.problemsAndImprovements}”`);
    sink.unread("problemsAndImprovements.improvements", `原文中没有找到“${SECTION_HEADINGS.problemsAndImprovements}”`);
  } else {
    const heading = headings.find((h) => h.key === "problemsAndImprovements")!;
    const paragraphs = paragraphsOf(problems).split("\n");
    // The improvements start at the first later paragraph that announces next year's measures.
    const split = paragraphs.findIndex((p, i) => i > 0 && IMPROVEMENTS_START.test(p));
    if (split > 0) {
      readPart(sink, "problemsAndImprovements", "problems", paragraphs.slice(0, split), `“${heading.text}”之下第 1–${split} 段`);
      readPart(sink, "problemsAndImprovements", "improvements", paragraphs.slice(split), `“${heading.text}”之下自“${paragraphs[split]!.slice(0, 12)}…”起的段落`);
    } else {
      readPart(sink, "problemsAndImprovements", "problems", paragraphs, `“${heading.text}”之下全文`);
      sink.unread("problemsAndImprovements.improvements", "原文未把“改进情况”与问题分段，第五部分全文已放入 problems，请人工拆分");
    }
  }

  const other = partText(text, headings, "otherMatters");
  const problemsIndex = headings.findIndex((h) => h.key === "problemsAndImprovements");
  const inserted = problemsIndex >= 0 ? insertedParts(text, headings) : [];
  const otherText = [...inserted, other].filter((t): t is string => t !== undefined).map(paragraphsOf).join("\n");
  const fee = readProcessingFee(text, sink);
  if (!otherText) {
    sink.note("otherMatters", `原文中没有找到“${SECTION_HEADINGS.otherMatters}”`);
    return;
  }
  const where = inserted.length > 0 ? "第六部分及原文插入的其他部分" : `“${SECTION_TITLES.otherMatters}”之下`;
  const lines = otherText.split("\n");
  const feeBlock = fee ? feeParagraph(lines, fee.sentence) : undefined;
  if (!feeBlock) {
    sink.exact("otherMatters.other", otherText, `${where}全文`);
    sink.exact("otherMatters.headings", { other: "" }, NO_HEADING_LINE);
    if (fee && lines.some((line) => line.includes(fee.sentence.trim()))) {
      sink.note("otherMatters.processingFee", "信息处理费的表述印在第六部分其他内容之间，已随原文照录在 other 中；processingFee 只记录收费与金额");
    }
    return;
  }
  // The fee paragraph (and its own subheading line) becomes the fee's statement, so the page shows it
  // once and in its printed place: first (as the template has it) or last.
  sink.exact("otherMatters.processingFee.statement", lines[feeBlock.line]!, `${where}第 ${feeBlock.line + 1} 段`);
  const rest = lines.filter((_, i) => i < feeBlock.start || i > feeBlock.line);
  const feeHeading = feeBlock.start < feeBlock.line ? lines[feeBlock.start]! : "";
  sink.exact("otherMatters.headings", rest.length > 0 ? { processingFee: feeHeading, other: "" } : { processingFee: feeHeading }, feeHeading ? `“${feeHeading}”（单独成行的小标题）` : NO_HEADING_LINE);
  if (rest.length === 0) return;
  sink.exact("otherMatters.other", rest.join("\n"), `${where}除信息处理费一段外的全文`);
  // The template puts the fee first (N-01); a report that prints it last keeps its order.
  if (feeBlock.start > 0) sink.exact("otherMatters.order", ["other", "processingFee"], "原文各部分的先后顺序");
}

/**
 * Where the fee paragraph of 六 is, with the numbered subheading line right above it if there is one —
 * only when it opens or closes the section: moved out of the middle it would change the printed order.
 */
function feeParagraph(lines: readonly string[], sentence: string): { start: number; line: number } | undefined {
  const line = lines.findIndex((l) => l.replace(/[。.]$/, "") === sentence.trim());
  if (line < 0) return undefined;
  const above = lines[line - 1];
  const start = above !== undefined && NUMBERED_LINE.test(above) && HEADING_ONLY_LINE.test(above) && /处理费/.test(above) ? line - 1 : line;
  return start === 0 || line === lines.length - 1 ? { start, line } : undefined;
}

const NO_HEADING_LINE = "原文无单独成行的小标题";

/** A line that numbers a part: （一）…, 1. …, 一、… */
const NUMBERED_LINE = /^([（(][一二三四五六七八九十][）)]|\d{1,2}[.．、]|[一二三四五六七八九十][、.．])/;
/** A subheading alone on its line: short, numbered, no sentence in it (a closing 。 or ： allowed). */
const HEADING_ONLY_LINE = /^[^。；！？!?;]{1,40}[。：:]?$/;

/**
 * A part's heading as printed: its first line when that line is a numbered subheading standing alone
 * with text after it (the heading leaves the text); otherwise "" and the lines stay as they are.
 */
export function splitHeading(lines: readonly string[]): { heading: string; body: string } {
  const first = lines[0] ?? "";
  if (lines.length > 1 && NUMBERED_LINE.test(first) && HEADING_ONLY_LINE.test(first)) {
    return { heading: first, body: lines.slice(1).join("\n") };
  }
  return { heading: "", body: lines.join("\n") };
}

/** One narrative part: its text exact, its printed heading in `headings`. */
function readPart(sink: ImportSink, section: string, field: string, lines: readonly string[], where: string): void {
  const { heading, body } = splitHeading(lines);
  sink.exact(`${section}.${field}`, body, where);
  sink.exact(`${section}.headings.${field}`, heading, heading ? `“${heading}”（单独成行的小标题）` : NO_HEADING_LINE);
}

const IMPROVEMENTS_START = /^([（(]二[）)]|下一步|今后|接下来|针对|\d{4}年[，,]?[^，。]{0,12}将|改进)/;

const BRACKETED_SUBHEADING = /^[（(][一二三四五六七八九十][）)]\s*([^。；]{0,30})/;
const NUMBERED_SUBHEADING = /^\d[.．、]\s*([^。；]{0,30})/;

/** Keywords that name each of the five aspects in a subheading such as “（一）主动公开方面”. */
const OVERVIEW_KEYWORDS: Record<(typeof OVERVIEW_REQUIRED_FIELDS)[number], RegExp> = {
  proactiveDisclosure: /主动公开/,
  requestDisclosure: /依申请/,
  informationManagement: /信息管理/,
  platformBuilding: /平台/,
  supervisionAndGuarantee: /监督保障|监督|保障/,
};

/**
 * Section 一: a subheading （一）…（五） that names one of the five aspects fills that field; everything else
 * (the opening and subheadings of the report's own) stays in intro, so no text is lost.
 */
function readOverview(body: string, sink: ImportSink): void {
  const lines = body.split("\n");
  const parts: { heading: string; field?: (typeof OVERVIEW_REQUIRED_FIELDS)[number]; lines: string[] }[] = [{ heading: "", lines: [] }];
  // （一）-style subheadings when the report has them, else 1.-style ones (which otherwise number lists).
  const bracketed = lines.some((l) => BRACKETED_SUBHEADING.test(l));
  const subheading = bracketed ? BRACKETED_SUBHEADING : NUMBERED_SUBHEADING;
  for (const line of lines) {
    const sub = subheading.exec(line);
    if (sub) {
      const field = OVERVIEW_REQUIRED_FIELDS.find((f) => OVERVIEW_KEYWORDS[f].test(sub[1]!) && !parts.some((p) => p.field === f));
      parts.push({ heading: line.slice(0, sub[0].length), ...(field ? { field } : {}), lines: [line] });
    } else parts[parts.length - 1]!.lines.push(line);
  }
  const intro = parts.filter((p) => !p.field).flatMap((p) => p.lines).join("\n");
  if (intro) sink.exact("overview.intro", intro, `“${SECTION_HEADINGS.overview}”之下、未对应五个方面的段落`);
  for (const field of OVERVIEW_REQUIRED_FIELDS) {
    const part = parts.find((p) => p.field === field);
    if (part) readPart(sink, "overview", field, part.lines, `小标题“${part.heading}”之下的段落`);
    else sink.unread(`overview.${field}`, `原文没有“${OVERVIEW_FIELDS[field]}”的小标题，相关内容在 intro 中，请人工拆分`);
  }
  // The printed order of the parts, when it is not the template's: intro where its first paragraph was,
  // the aspects as they came, and those the document lacks (null) last.
  const printed = parts.filter((p) => p.lines.length > 0).map((p) => p.field ?? "intro");
  const read = [...new Set(printed)].filter((f) => f !== "intro" || intro);
  const order = [...read, ...OVERVIEW_REQUIRED_FIELDS.filter((f) => !read.includes(f))];
  const standard = OVERVIEW_PARTS.filter((f) => order.includes(f));
  if (order.some((f, i) => f !== standard[i])) sink.exact("overview.order", order, "原文各部分的先后顺序");
}

/** Parts a report inserts between 四 and 问题 (e.g. 五、信息处理费收取情况), kept with their heading. */
function insertedParts(text: string, headings: readonly HeadingPosition[]): string[] {
  const four = headings.find((h) => h.key === "reviewLitigation");
  const problems = headings.find((h) => h.key === "problemsAndImprovements");
  if (!four || !problems) return [];
  const between = text.slice(four.end, problems.start);
  const m = /(?:^|\n)\s*(五[、.．][^\n]{2,30})/.exec(between);
  return m ? [between.slice(m.index).trim()] : [];
}

function readPreamble(
  text: string,
  headings: readonly HeadingPosition[],
  sink: ImportSink,
  reportYear: number | null,
  agencyName: string | null,
): void {
  const end = headings[0]?.start ?? Math.min(text.length, 2000);
  const preamble = text.slice(0, end);
  const period = /(\d{4})年\s*1\s*月\s*1\s*日[^。]{0,12}?(?:(\d{4})年)?\s*12\s*月\s*31\s*日/.exec(preamble);
  if (period) {
    const fromYear = period[1]!;
    const toYear = period[2] ?? fromYear;
    sink.exact("preamble.statisticsPeriod", { from: `${fromYear}-01-01`, to: `${toYear}-12-31` }, `“${period[0]}”（导语）`);
    if (reportYear !== null && (Number(fromYear) !== reportYear || Number(toYear) !== reportYear)) {
      sink.note("preamble.statisticsPeriod", `导语中的统计期限（${fromYear}–${toYear} 年）与报告年度 ${reportYear} 不符，已按原文记录`);
    }
  } else {
    sink.unread("preamble.statisticsPeriod", "导语中没有找到统计期限（1月1日至12月31日）");
  }
  const basis = preamble.split("\n").map((p) => p.trim()).filter((p) => /条例|根据/.test(p));
  if (basis.length > 0) sink.exact("preamble.basisText", basis.join("\n"), "导语");

  const field = (pattern: RegExp) => {
    const m = pattern.exec(preamble);
    return m ? { value: m[1]!.trim(), raw: m[0] } : undefined;
  };
  const contact = {
    address: field(/地\s*址\s*[:：]\s*([^；;，,）)\n]+)/),
    postcode: field(/邮\s*编\s*[:：]\s*(\d{6})/),
    phone: field(/电\s*话\s*[:：]\s*([0-9\-－—（）()\s]{5,40}?\d)(?=[；;，,。）)\s]|$)/),
    fax: field(/传\s*真\s*[:：]\s*([0-9\-－—（）()\s]{5,40}?\d)(?=[；;，,。）)\s]|$)/),
    email: field(/(?:电子邮箱|邮\s*箱|E-?mail)\s*[:：]\s*([\w.+-]+@[\w.-]+\w)/i),
  };
  const organ =
    /请(?:与|联系)([^联（(。，,]{2,40}?)(?:联系|办公室联系)/.exec(preamble) ??
    /(?:可|请)联系([^（(。，,；]{2,40}?)[（(：:]/.exec(preamble);
  if (organ) sink.exact("preamble.contact.organ", organ[1]!.trim(), `“${organ[0]}”（导语）`);
  else sink.unread("preamble.contact.organ", "导语中没有找到联系机构", agencyName ? [agencyName] : undefined);
  for (const key of ["address", "postcode", "phone"] as const) {
    const hit = contact[key];
    if (hit) sink.exact(`preamble.contact.${key}`, key === "phone" ? hit.value.replace(/\s+/g, "") : hit.value, `“${hit.raw}”（导语）`);
    else sink.unread(`preamble.contact.${key}`, `导语中没有找到${CONTACT_FIELDS[key]}`);
  }
  for (const key of ["fax", "email"] as const) {
    const hit = contact[key];
    if (hit) sink.exact(`preamble.contact.${key}`, hit.value.replace(/\s+/g, ""), `“${hit.raw}”（导语）`);
  }
}

/**
 * 信息处理费: read only an explicit “no fee” or an explicit yuan amount; anything else goes to review.
 * Returns the sentence it was read from.
 */
function readProcessingFee(text: string, sink: ImportSink): { sentence: string } | undefined {
  const sentences = text.split(/[。\n]/).filter((s) => /信息处理费|处理费/.test(s));
  const none = sentences.find((s) => /(没有|未|无|不)(产生|收取|发生)?[^，,；]{0,8}(信息)?(公开)?(信息)?处理费|处理费[^，,；]{0,6}(为|共)?\s*0\s*元|无收取/.test(s));
  const amount = sentences.map((s) => /处理费[^0-9]{0,10}(\d+(?:\.\d{1,2})?)\s*元/.exec(s)).find(Boolean);
  if (amount && Number(amount[1]) > 0) {
    sink.exact("otherMatters.processingFee.charged", true, `“${amount[0]}”（第六部分）`);
    sink.exact("otherMatters.processingFee.amountYuan", amount[1], `“${amount[0]}”（第六部分）`);
    return { sentence: sentences.find((s) => s.includes(amount[0]))! };
  }
  if (none) {
    sink.exact("otherMatters.processingFee.charged", false, `“${none.trim()}”（原文）`);
    sink.exact("otherMatters.processingFee.amountYuan", "0", `“${none.trim()}”（原文）`);
    return { sentence: none };
  }
  sink.unread("otherMatters.processingFee.charged", "原文中没有找到信息处理费收取情况的明确表述");
  sink.unread("otherMatters.processingFee.amountYuan", "原文中没有找到信息处理费收取金额");
  return undefined;
}
