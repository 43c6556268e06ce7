/**
 * Defensive readers for stored report data.
 *
 * Rules run on what the store holds, and that may come from imports or from older versions of the
 * service, so it is never trusted to match the zod schemas. Every reader checks the shape and answers
 * `undefined` (or "") for anything malformed: S-03/S-04/S-05 report the malformed cells, and every
 * other rule simply skips a comparison it cannot make. No reader throws.
 *
 * A cell an import could not read is `null`: `countAt` answers undefined for it like for any other
 * non-count, so an identity that involves it is not evaluated (unknown, not wrong).
 */
import { AGENCY_KINDS, type AgencyKind, type SectionName } from "../catalogue";
import type { AnyReportContent, TemplateVersion } from "../schemas";

export type DataRecord = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is DataRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value at a path of own keys, or undefined when any step is missing or not an object. */
export function valueAt(container: unknown, ...keys: readonly string[]): unknown {
  let current = container;
  for (const key of keys) {
    if (!isRecord(current) || !Object.hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

/** A non-negative safe integer: the only valid content of a count cell (S-04). */
export function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

/** A safe integer of either sign: the 2019 本年增/减 cell, the only signed cell of either template (S-04). */
export function isSignedCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value);
}

/** The count at a path, or undefined when it is missing or not a valid count. */
export function countAt(container: unknown, ...keys: readonly string[]): number | undefined {
  const value = valueAt(container, ...keys);
  return isCount(value) ? value : undefined;
}

/** The string at a path, or "" when it is missing or not a string. */
export function textAt(container: unknown, ...keys: readonly string[]): string {
  const value = valueAt(container, ...keys);
  return typeof value === "string" ? value : "";
}

export const isBlank = (text: string): boolean => text.trim() === "";

/** A stored section, or undefined when it is absent or not an object (S-02 reports it). */
export function sectionOf(report: AnyReportContent | undefined, name: SectionName): DataRecord | undefined {
  const section = valueAt(report, "sections", name);
  return isRecord(section) ? section : undefined;
}

/** The report year, when it is usable for date and title arithmetic. */
export function reportYear(report: AnyReportContent | undefined): number | undefined {
  const year = valueAt(report, "year");
  return typeof year === "number" && Number.isSafeInteger(year) ? year : undefined;
}

/**
 * Whether `previous` may be compared with `report` by the cross-year rules: it must be the report of
 * the year just before (a store handing over another year would make every comparison misleading).
 */
export function isPreviousYear(report: AnyReportContent, previous: AnyReportContent): boolean {
  const year = reportYear(report);
  return year !== undefined && reportYear(previous) === year - 1;
}

/** The report's template; anything but "2019" is read as the authoring template (S-01 reports a bad tag). */
export function templateOf(report: AnyReportContent | undefined): TemplateVersion {
  return valueAt(report, "templateVersion") === "2019" ? "2019" : "2021";
}

/**
 * The layout of table 二 as stored: its own `kind` when it has one (an imported 2021 report may print
 * table 二 in 2019 columns, format-spec corpus `pt-shs-2021`), else the report's template.
 */
export function activeDisclosureTemplateOf(report: AnyReportContent | undefined): TemplateVersion {
  const kind = valueAt(report, "sections", "activeDisclosure", "kind");
  return kind === "2019" || kind === "2021" ? kind : templateOf(report);
}

/**
 * Cross-year rules compare two years only on the same template (issue 9): a 2019-template year and a
 * 2021-template year are not compared, whatever rows they share.
 */
export function isSameTemplate(report: AnyReportContent, previous: AnyReportContent): boolean {
  return templateOf(report) === templateOf(previous);
}

export function agencyKind(report: AnyReportContent): AgencyKind | undefined {
  const kind = valueAt(report, "agency", "kind");
  return AGENCY_KINDS.find((known) => known === kind);
}

export function agencyFullName(report: AnyReportContent): string | undefined {
  const name = textAt(report, "agency", "fullName");
  return isBlank(name) ? undefined : name;
}

/**
 * Blank, null, or a text marker such as “/”, “—”, “--”, “无”, “不适用”, “N/A”: a cell that holds no
 * number at all (S-03). A string that contains a digit is a wrongly typed value instead (S-04/S-05).
 */
export function isNoValueMarker(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  return typeof value === "string" && !/\d/.test(value);
}

const MAX_SHOWN_LENGTH = 40;

/** A short, printable rendering of any stored value for `actual` and messages. */
export function describeValue(value: unknown): string {
  let shown: string;
  if (value === undefined) return "空";
  if (typeof value === "string") shown = value.trim() === "" ? "空" : value;
  else if (value === null || typeof value !== "object") shown = String(value);
  else {
    try {
      shown = JSON.stringify(value) ?? typeof value;
    } catch {
      shown = typeof value;
    }
  }
  return shown.length > MAX_SHOWN_LENGTH ? `${shown.slice(0, MAX_SHOWN_LENGTH)}…` : shown;
}
