/** Narrative and meta rules, format-spec §6.5 (N-06 is in similarity.ts; N-08 is inspection check I-08). */
import {
  CONTACT_FIELDS,
  OTHER_MATTERS_FIELDS,
  OVERVIEW_FIELDS,
  OVERVIEW_REQUIRED_FIELDS,
  PREAMBLE_FIELDS,
  PROBLEMS_FIELDS,
  PROCESSING_FEE_FIELDS,
  INDEX_GROUPS,
  SECTION_ORDINALS,
  SECTION_TITLES,
  reportTitle,
} from "../catalogue";
import { calendarYearPeriod } from "../complete";
import { DEFAULT_DEADLINES, deadlineDate, isLate, localDate } from "../deadline";
import type { Rule } from "../findings";
import { yuanToFen } from "../money";
import { YUAN_PATTERN } from "../money";
import { defineRule } from "./define";
import { chineseDate, overviewFieldName, quoted, sectionName } from "./labels";
import {
  agencyFullName,
  agencyKind,
  describeValue,
  isBlank,
  isRecord,
  reportYear,
  sectionOf,
  textAt,
  valueAt,
} from "./read";

const feeName = `${sectionName("otherMatters")}${quoted(OTHER_MATTERS_FIELDS.processingFee)}`;

/** "01-31" → 1月31日. */
const chineseMonthDay = (monthDay: string): string => {
  const [month, day] = monthDay.split("-").map(Number);
  return `${month}月${day}日`;
};

export const N01 = defineRule({
  id: "N-01",
  severity: "ERROR",
  description: `${SECTION_ORDINALS.otherMatters}说明${OTHER_MATTERS_FIELDS.processingFee}：${PROCESSING_FEE_FIELDS.charged}及${PROCESSING_FEE_FIELDS.amountYuan}（未收取填0），两者一致。`,
  *findings({ report }) {
    const otherMatters = sectionOf(report, "otherMatters");
    if (!otherMatters) return;
    const fee = valueAt(otherMatters, "processingFee");
    if (!isRecord(fee)) {
      yield { path: "otherMatters.processingFee", message: `${sectionName("otherMatters")}缺少${quoted(OTHER_MATTERS_FIELDS.processingFee)}` };
      return;
    }
    const charged = valueAt(fee, "charged");
    const amount = valueAt(fee, "amountYuan");
    const chargedName = `${feeName}${quoted(PROCESSING_FEE_FIELDS.charged)}`;
    const amountName = `${feeName}${quoted(PROCESSING_FEE_FIELDS.amountYuan)}`;
    const chargedIsStated = typeof charged === "boolean";
    const amountIsValid = typeof amount === "string" && YUAN_PATTERN.test(amount);
    if (!chargedIsStated) {
      yield { path: "otherMatters.processingFee.charged", actual: describeValue(charged), message: `${chargedName}未填写` };
    }
    if (!amountIsValid) {
      yield {
        path: "otherMatters.processingFee.amountYuan",
        expected: "以元为单位的非负金额（未收取填0）",
        actual: describeValue(amount),
        message: `${amountName}应为以元为单位的非负金额，未收取时填0（实为${quoted(describeValue(amount))}）`,
      };
    }
    if (!chargedIsStated || !amountIsValid) return;
    const amountFen = yuanToFen(amount);
    if (charged && amountFen === 0) {
      yield {
        path: "otherMatters.processingFee.amountYuan",
        expected: ">0",
        actual: amount,
        message: `${chargedName}为已收取，但${amountName}为0`,
      };
    } else if (!charged && amountFen > 0) {
      yield {
        path: "otherMatters.processingFee.amountYuan",
        expected: "0",
        actual: amount,
        message: `${chargedName}为未收取，但${amountName}为${amount}`,
      };
    }
  },
});

/** Empty, or nothing but “无”/“暂无”/“没有” once whitespace and punctuation are removed. */
function isEmptyOrNone(text: string): boolean {
  const essential = text.replace(/[\s\p{P}\p{S}]/gu, "");
  return essential === "" || /^(?:无|暂无|没有|无问题)$/u.test(essential);
}

export const N02 = defineRule({
  id: "N-02",
  severity: "ERROR",
  description: `${SECTION_ORDINALS.problemsAndImprovements}须写明${PROBLEMS_FIELDS.problems}和${PROBLEMS_FIELDS.improvements}，不能为空或仅写“无”。`,
  *findings({ report }) {
    const section = sectionOf(report, "problemsAndImprovements");
    if (!section) return;
    for (const field of ["problems", "improvements"] as const) {
      if (!isEmptyOrNone(textAt(section, field))) continue;
      yield {
        path: `problemsAndImprovements.${field}`,
        actual: describeValue(valueAt(section, field)),
        message: `${sectionName("problemsAndImprovements")}中${quoted(PROBLEMS_FIELDS[field])}不能为空或仅写“无”`,
      };
    }
  },
});

/** Keywords of format-spec N-03: 上年, 上一年度, 整改. */
const RECTIFICATION_WORDS = /上一?年|整改/u;

export const N03 = defineRule({
  id: "N-03",
  severity: "WARNING",
  description: `${SECTION_ORDINALS.problemsAndImprovements}说明上年度问题整改情况（填写${quoted(PROBLEMS_FIELDS.previousYearRectification)}，或在文字中提及上年度问题的整改）。`,
  *findings({ report }) {
    const section = sectionOf(report, "problemsAndImprovements");
    if (!section) return;
    if (!isBlank(textAt(section, "previousYearRectification"))) return;
    const text = `${textAt(section, "problems")}\n${textAt(section, "improvements")}`;
    if (RECTIFICATION_WORDS.test(text)) return;
    yield {
      path: "problemsAndImprovements.previousYearRectification",
      message: `${sectionName("problemsAndImprovements")}未说明${quoted(PROBLEMS_FIELDS.previousYearRectification)}`,
    };
  },
});

export const N04 = defineRule({
  id: "N-04",
  severity: "ERROR",
  description: `${SECTION_ORDINALS.overview}须分别写明五个方面：${OVERVIEW_REQUIRED_FIELDS.map((field) => OVERVIEW_FIELDS[field]).join("")}。`,
  *findings({ report }) {
    const overview = sectionOf(report, "overview");
    if (!overview) return;
    for (const field of OVERVIEW_REQUIRED_FIELDS) {
      if (!isBlank(textAt(overview, field))) continue;
      yield { path: `overview.${field}`, message: `${overviewFieldName(field)}未填写` };
    }
  },
});

/** The three results 第五十条第四项 asks 各级人民政府 to report, and the words that show each. */
const GOVERNMENT_RESULTS = [
  { name: "工作考核", words: /考核|考评/u },
  { name: "社会评议", words: /评议/u },
  { name: "责任追究", words: /追究|问责/u },
] as const;

export const N05 = defineRule({
  id: "N-05",
  severity: "WARNING",
  description: `人民政府（县政府、乡镇政府）的报告在${quoted(OVERVIEW_FIELDS.supervisionAndGuarantee)}中说明工作考核、社会评议和责任追究结果情况。`,
  *findings({ report }) {
    // 第五十条第四项 binds 各级人民政府 only. A 街道办事处 is a 派出机关, not a 人民政府 (format-spec §8),
    // so subdistricts are left out until the county decides otherwise.
    const kind = agencyKind(report);
    if (kind !== "countyGovernment" && kind !== "town") return;
    const overview = sectionOf(report, "overview");
    if (!overview) return;
    const text = textAt(overview, "supervisionAndGuarantee");
    const missing = GOVERNMENT_RESULTS.filter((result) => !result.words.test(text)).map((result) => result.name);
    if (missing.length === 0) return;
    yield {
      path: "overview.supervisionAndGuarantee",
      message: `${overviewFieldName("supervisionAndGuarantee")}未说明工作考核、社会评议和责任追究结果情况（缺少：${missing.join("、")}）`,
    };
  },
});

const preambleName = sectionName("preamble");

export const N07 = defineRule({
  id: "N-07",
  severity: "ERROR",
  description: `${SECTION_TITLES.preamble}写明${PREAMBLE_FIELDS.statisticsPeriod}（本年度1月1日至12月31日）和${PREAMBLE_FIELDS.contact}（${CONTACT_FIELDS.address}、6位${CONTACT_FIELDS.postcode}、${CONTACT_FIELDS.phone}）。`,
  *findings({ report }) {
    const preamble = sectionOf(report, "preamble");
    const year = reportYear(report);
    if (!preamble || year === undefined) return;

    const expectedPeriod = calendarYearPeriod(year);
    const from = textAt(preamble, "statisticsPeriod", "from");
    const to = textAt(preamble, "statisticsPeriod", "to");
    if (from !== expectedPeriod.from || to !== expectedPeriod.to) {
      const actual = isBlank(from) && isBlank(to) ? "未填写" : `${describeValue(from)}至${describeValue(to)}`;
      yield {
        path: "preamble.statisticsPeriod",
        expected: `${expectedPeriod.from}至${expectedPeriod.to}`,
        actual,
        message: `${preambleName}${quoted(PREAMBLE_FIELDS.statisticsPeriod)}应为${chineseDate(expectedPeriod.from)}至${chineseDate(expectedPeriod.to)}（实为${actual}）`,
      };
    }

    const contact = valueAt(preamble, "contact");
    if (!isRecord(contact)) {
      yield { path: "preamble.contact", message: `${preambleName}缺少${quoted(PREAMBLE_FIELDS.contact)}` };
      return;
    }
    const contactName = `${preambleName}${quoted(PREAMBLE_FIELDS.contact)}`;
    if (isBlank(textAt(contact, "address"))) {
      yield { path: "preamble.contact.address", message: `${contactName}缺少${quoted(CONTACT_FIELDS.address)}` };
    }
    const postcode = textAt(contact, "postcode");
    if (!/^\d{6}$/u.test(postcode)) {
      yield {
        path: "preamble.contact.postcode",
        expected: "6位数字",
        actual: describeValue(valueAt(contact, "postcode")),
        message: `${contactName}${quoted(CONTACT_FIELDS.postcode)}应为6位数字（实为${describeValue(valueAt(contact, "postcode"))}）`,
      };
    }
    // A phone number worth printing has at least a few digits; the schema checks the exact format.
    if ((textAt(contact, "phone").match(/\d/gu) ?? []).length < 5) {
      yield {
        path: "preamble.contact.phone",
        actual: describeValue(valueAt(contact, "phone")),
        message: `${contactName}缺少有效的${quoted(CONTACT_FIELDS.phone)}`,
      };
    }
  },
});

export const N09 = defineRule({
  id: "N-09",
  severity: "WARNING",
  description: "标题为“{机关全称}{年度}年政府信息公开工作年度报告”（也接受“…年度政府信息公开工作年度报告”）。",
  *findings({ report }) {
    const fullName = agencyFullName(report);
    const year = reportYear(report);
    if (fullName === undefined || year === undefined) return;
    const expected = reportTitle(fullName, year);
    // format-spec §2.1: “{YYYY}年度…” is an accepted variant of “{YYYY}年…”.
    const withNianDu = expected.replace(`${fullName}${year}年`, `${fullName}${year}年度`);
    const title = valueAt(report, "title");
    if (title === expected || title === withNianDu) return;
    yield {
      path: "title",
      expected,
      actual: describeValue(title),
      message: `标题应为${quoted(expected)}（实为${quoted(describeValue(title))}）`,
    };
  },
});

export const P01 = defineRule({
  id: "P-01",
  severity: "WARNING",
  description: `按期发布：${INDEX_GROUPS.map((g) => `${g.label}报告于次年${chineseMonthDay(DEFAULT_DEADLINES[g.kinds[0]])}前`).join("，")}发布（期限可由县里配置）。`,
  *findings({ report, publishedAt, now, deadlines, timeZone }) {
    const kind = agencyKind(report);
    const year = reportYear(report);
    if (kind === undefined || year === undefined || !/^\d{2}-\d{2}$/u.test(String(deadlines[kind]))) return;
    const published = publishedAt === undefined ? undefined : new Date(publishedAt);
    // An unreadable publication time says nothing about lateness; report nothing rather than guess.
    if (published !== undefined && Number.isNaN(published.getTime())) return;
    const moment = published ?? now;
    if (!isLate(kind, year, deadlines, moment, timeZone)) return;
    const deadline = deadlineDate(kind, year, deadlines);
    const day = localDate(moment, timeZone);
    yield {
      path: "publishedAt",
      expected: `≤${deadline}`,
      actual: day,
      message:
        published === undefined
          ? `本报告应于${chineseDate(deadline)}前发布，已逾期`
          : `发布时间（${chineseDate(day)}）晚于法定期限（${chineseDate(deadline)}）`,
    };
  },
});

export const NARRATIVE_RULES: readonly Rule[] = [N01, N02, N03, N04, N05, N07, N09, P01];
