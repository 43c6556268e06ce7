import type { Deadlines } from "../config";
import type { AgencyKind } from "./catalogue";

/** The last day (YYYY-MM-DD, local to the county) on which the report for `year` may be published. */
export function deadlineDate(kind: AgencyKind, year: number, deadlines: Deadlines): string {
  return `${year + 1}-${deadlines[kind]}`;
}

/** The calendar date of an instant in the county's time zone, as YYYY-MM-DD. */
export function localDate(instant: Date, timeZone = "Asia/Shanghai"): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
}

/** Late when published (or, while unpublished, now) after the deadline day in the county's time zone. */
export function isLate(
  kind: AgencyKind,
  year: number,
  deadlines: Deadlines,
  publishedAtOrNow: Date,
  timeZone = "Asia/Shanghai",
): boolean {
  return localDate(publishedAtOrNow, timeZone) > deadlineDate(kind, year, deadlines);
}
