/**
 * Numbers stated in the narrative text, for the text–table rules (T2-N1, T3-N1, T4-N1).
 *
 * These rules are deliberately conservative: a number is compared only when the phrase around it
 * names exactly one table row for exactly this report year. So the text is cut into clauses, and a
 * clause is ignored when it names another year (“2023年…”) or compares with the past (上年、去年、
 * 同比、较…), and a number is ignored when it is approximate (约、近、超过、10余件、…以上).
 * Only Arabic digits are read; Chinese numerals (“三件”) are left alone.
 */
import { OVERVIEW_FIELDS } from "../catalogue";
import type { AnyReportContent } from "../schemas";
import { sectionOf, textAt } from "./read";

export type OverviewField = keyof typeof OVERVIEW_FIELDS;
export const OVERVIEW_FIELD_KEYS = Object.keys(OVERVIEW_FIELDS) as OverviewField[];

/** A number the text states, the phrase that states it, and where. */
export interface StatedNumber {
  field: OverviewField;
  value: number;
  phrase: string;
}

/** Splits a text into clauses at sentence and clause punctuation (not at 、, which joins items of one clause). */
export function clausesOf(text: string): string[] {
  return text.split(/[，,。；;！!？?：:\n\r]+/u).filter((clause) => clause.trim() !== "");
}

/** A clause naming a four-digit year other than the report year speaks about another period. */
export function namesAnotherYear(clause: string, year: number): boolean {
  for (const match of clause.matchAll(/(?<!\d)(\d{4})年/gu)) if (Number(match[1]) !== year) return true;
  return false;
}

/** Comparisons with the past: the number may well be last year's. */
export const COMPARES_WITH_PAST = /上一?年|去年|往年|同比|环比|较/u;

const APPROXIMATE_BEFORE = /(?:约|近|超过|超|逾|多于|不少于|不到|不足)$/u;
const APPROXIMATE_AFTER = /^(?:以上|左右|以内|以下|余|多)/u;

/**
 * The numbers a pattern states in a clause. The pattern must be global, use the `d` flag and capture
 * the number in a group named `count`; approximate numbers are skipped.
 */
export function statedCounts(clause: string, pattern: RegExp): { value: number; phrase: string; start: number; end: number }[] {
  const found: { value: number; phrase: string; start: number; end: number }[] = [];
  for (const match of clause.matchAll(pattern)) {
    const count = match.groups?.["count"];
    const countIndices = match.indices?.groups?.["count"];
    if (count === undefined || countIndices === undefined) continue;
    const start = match.index;
    const end = start + match[0].length;
    if (APPROXIMATE_BEFORE.test(clause.slice(0, countIndices[0])) || APPROXIMATE_AFTER.test(clause.slice(end))) continue;
    const value = Number(count);
    if (Number.isSafeInteger(value)) found.push({ value, phrase: match[0], start, end });
  }
  return found;
}

/** Replaces the matched phrases so later, looser patterns do not read the same number again. */
export function withoutPhrases(clause: string, phrases: readonly { start: number; end: number }[]): string {
  let result = clause;
  for (const { start, end } of [...phrases].sort((a, b) => b.start - a.start)) {
    result = `${result.slice(0, start)}|${result.slice(end)}`;
  }
  return result;
}

/** The texts of section 一, field by field, in render order (empty fields left out). */
export function overviewTexts(report: AnyReportContent): { field: OverviewField; text: string }[] {
  const overview = sectionOf(report, "overview");
  if (!overview) return [];
  return OVERVIEW_FIELD_KEYS.map((field) => ({ field, text: textAt(overview, field) })).filter((t) => t.text !== "");
}
