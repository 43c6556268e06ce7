// zod/mini: the configuration is validated at every cold start (functions/config.ts).
import * as z from "zod/mini";
import type { AgencyKind } from "./catalogue";

/** Month-day (MM-DD) of the publication deadline in the year after the report year. */
const monthDay = z.string().check(z.regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "应为 MM-DD 格式"));

export const deadlinesSchema = z.strictObject({
  countyGovernment: monthDay,
  countyDepartment: monthDay,
  town: monthDay,
  subdistrict: monthDay,
});
export type Deadlines = z.infer<typeof deadlinesSchema>;

/** 条例第四十九条: departments (and by county practice towns) by 1-31; the 本级政府 report by 3-31. */
export const DEFAULT_DEADLINES: Deadlines = {
  countyGovernment: "03-31",
  countyDepartment: "01-31",
  town: "01-31",
  subdistrict: "01-31",
};

/** The last day (YYYY-MM-DD, local to the county) on which the report for `year` may be published. */
export function deadlineDate(kind: AgencyKind, year: number, deadlines: Deadlines): string {
  return `${year + 1}-${deadlines[kind]}`;
}

/** The year being reported on now: last calendar year in the county's time zone (earlier years are history). */
export function currentReportYear(now: Date, timeZone: string): number {
  return Number(localDate(now, timeZone).slice(0, 4)) - 1;
}

/**
 * One formatter per time zone: constructing an Intl.DateTimeFormat and formatting costs ≈ 0.12 ms,
 * formatting with a kept one ≈ 2 µs (a loop in node 20 on the 2-core bench machine), and a GET
 * report asks for dates several times (P-01, the deadline status). The bench's CPU profile of the
 * API process found localDate as the service's largest self time before it was kept.
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of an instant in the county's time zone, as YYYY-MM-DD. */
export function localDate(instant: Date, timeZone = "Asia/Shanghai"): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    // en-CA formats dates as YYYY-MM-DD. An invalid zone throws here, before anything is kept.
    format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dateFormats.set(timeZone, format);
  }
  return format.format(instant);
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

/**
 * A report's deadline day and whether it is late (P-01): judged by its first publication — a later
 * correction does not make a report late — or, while unpublished, by `now`.
 */
export function deadlineStatus(
  kind: AgencyKind,
  year: number,
  deadlines: Deadlines,
  firstPublishedAt: string | undefined,
  now: Date,
  timeZone: string,
): { deadline: string; late: boolean } {
  return {
    deadline: deadlineDate(kind, year, deadlines),
    late: isLate(kind, year, deadlines, firstPublishedAt ? new Date(firstPublishedAt) : now, timeZone),
  };
}
