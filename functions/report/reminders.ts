/**
 * Deadline reminders (issue 12 point 3): which agencies the county office reminds before a
 * publication deadline, what each is told, and the office's own digest. Pure: the caller supplies
 * the agencies, the year's report states (status and stored finding counts), the deadlines, the
 * clock and the time zone; sending and recording belong to functions/service/reminder-service.ts.
 *
 * A *step* is a number of days before a deadline (the schedules fire 10, 3 and 1 days before each
 * by default). Days are counted between calendar dates in the county's time zone, so a reminder sent
 * at 09:00 on 21 January (Asia/Shanghai) for a 31 January deadline says 10 days whatever UTC says.
 */
import { AGENCY_KINDS, AGENCY_KIND_LABELS, type AgencyKind } from "./catalogue";
import { deadlineDate, type Deadlines, localDate } from "./deadline";
import { chineseDate } from "./rules/labels";
import type { Agency } from "./schemas";

/** What the reminder logic needs of a report; functions/service/ports.ts's YearReportSummary has it. */
export interface ReminderReportState {
  agencyId: string;
  status: "draft" | "submitted" | "published";
  /** A reopened draft is a correction of a report already published: its deadline was met. */
  reopened: boolean;
  revision: number;
  /** Counts stored with the report's last change; trusted only while they are of `revision`. */
  findingCounts?: { revision: number; errors: number };
}

/** Why an agency is reminded. */
export type ReminderReason = "notStarted" | "draft" | "hasErrors";

export const REMINDER_REASON_LABELS: Record<ReminderReason, string> = {
  notStarted: "尚未填报",
  draft: "尚未提交",
  hasErrors: "存在错误",
};

/** One deadline the run reminds for: its day, the step it counts as and the days actually left. */
export interface ReminderDeadline {
  /** YYYY-MM-DD, local to the county. */
  deadline: string;
  /** The step the run is for: the scheduled days-before, or (a manual run) the days left. */
  step: number;
  /** Days from today (local) to the deadline day; negative once it has passed. */
  daysLeft: number;
  /** The agency kinds whose reports are due that day. */
  kinds: AgencyKind[];
}

export interface AgencyReminder {
  agency: Agency;
  deadline: string;
  step: number;
  daysLeft: number;
  reasons: ReminderReason[];
  /** ERROR findings of the report's stored counts (0 when unknown). */
  errors: number;
  /** What is missing, in Chinese, to follow “（单位的）年度报告”: e.g. ["尚未提交", "有 3 项错误须改正"]. */
  missing: string[];
  title: string;
  text: string;
}

export interface DigestEntry {
  agencyId: string;
  fullName: string;
  kind: AgencyKind;
  deadline: string;
  daysLeft: number;
  reasons: ReminderReason[];
  missing: string[];
}

export interface DigestDeadline extends ReminderDeadline {
  /** Agencies whose report is due that day. */
  agencies: number;
  /** Of those, the ones reminded. */
  reminded: number;
  byReason: Record<ReminderReason, number>;
}

/** The county office's summary of a reminder run. */
export interface ReminderDigest {
  year: number;
  /** Today, YYYY-MM-DD local to the county. */
  date: string;
  deadlines: DigestDeadline[];
  /** Agencies whose report is due on one of the run's deadlines. */
  agencies: number;
  reminded: number;
  byReason: Record<ReminderReason, number>;
  entries: DigestEntry[];
  title: string;
  text: string;
}

export interface ReminderPlan {
  deadlines: ReminderDeadline[];
  reminders: AgencyReminder[];
  digest: ReminderDigest;
}

export interface ReminderPlanInput {
  year: number;
  agencies: readonly Agency[];
  reports: readonly ReminderReportState[];
  deadlines: Deadlines;
  now: Date;
  timeZone: string;
  countyName: string;
  /**
   * The days-before step of a scheduled run. With `deadline` it labels that deadline whatever the
   * days left (a retried schedule a day late is still the same step); without it, the run covers
   * the deadlines exactly this many days ahead.
   */
  step?: number;
  /** MM-DD: only the agencies whose deadline is this day. */
  deadline?: string;
}

const DAY_MS = 86_400_000;

/** Whole calendar days from `fromDate` to `toDate` (both YYYY-MM-DD). */
export function daysBetween(fromDate: string, toDate: string): number {
  return Math.round((Date.parse(`${toDate}T00:00:00Z`) - Date.parse(`${fromDate}T00:00:00Z`)) / DAY_MS);
}

/** Why the report needs a reminder; empty when it needs none. */
export function reminderReasons(report: ReminderReportState | undefined): { reasons: ReminderReason[]; errors: number } {
  if (!report) return { reasons: ["notStarted"], errors: 0 };
  // Counts of an older revision say nothing about the report as it is. A report can only be
  // submitted or published without ERRORs, so for those unknown counts mean none.
  const counts = report.findingCounts && report.findingCounts.revision === report.revision ? report.findingCounts : undefined;
  const errors = counts?.errors ?? 0;
  const reasons: ReminderReason[] = [];
  if (report.status === "draft" && !report.reopened) reasons.push("draft");
  if (errors > 0) reasons.push("hasErrors");
  return { reasons, errors };
}

function missingTexts(reasons: readonly ReminderReason[], errors: number): string[] {
  const texts: string[] = [];
  if (reasons.includes("notStarted")) texts.push("尚未开始填报");
  if (reasons.includes("draft")) texts.push("尚未提交");
  if (reasons.includes("hasErrors")) texts.push(`有 ${errors} 项错误须改正`);
  return texts;
}

/** “还有 10 天” / “为今天” / “已逾期 2 天”. */
function timeLeftText(daysLeft: number): string {
  if (daysLeft > 0) return `距截止还有 ${daysLeft} 天`;
  if (daysLeft === 0) return "今天即为截止日";
  return `已逾期 ${-daysLeft} 天`;
}

const reportName = (year: number) => `${year}年度政府信息公开工作年度报告`;

function agencyMessage(
  countyName: string,
  year: number,
  agency: Agency,
  deadline: string,
  daysLeft: number,
  missing: readonly string[],
): { title: string; text: string } {
  const title = `【提醒】${reportName(year)}${timeLeftText(daysLeft)}`;
  const text =
    `${agency.fullName}：贵单位${reportName(year)}${missing.join("，")}。` +
    `按照《中华人民共和国政府信息公开条例》第四十九条，年度报告应于${chineseDate(deadline)}前向社会公布，` +
    `${timeLeftText(daysLeft)}。请尽快登录年度报告系统完成填报、改正错误并提交。` +
    `——${countyName}政务公开办`;
  return { title, text };
}

const emptyByReason = (): Record<ReminderReason, number> => ({ notStarted: 0, draft: 0, hasErrors: 0 });

function countReasons(entries: readonly { reasons: readonly ReminderReason[] }[]): Record<ReminderReason, number> {
  const counts = emptyByReason();
  for (const entry of entries) for (const reason of entry.reasons) counts[reason] += 1;
  return counts;
}

/** The deadlines of the year, one per distinct day, each with the agency kinds due on it. */
export function yearDeadlines(year: number, deadlines: Deadlines): { deadline: string; monthDay: string; kinds: AgencyKind[] }[] {
  const byDay = new Map<string, AgencyKind[]>();
  for (const kind of AGENCY_KINDS) {
    const day = deadlineDate(kind, year, deadlines);
    byDay.set(day, [...(byDay.get(day) ?? []), kind]);
  }
  return [...byDay.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([deadline, kinds]) => ({ deadline, monthDay: deadline.slice(5), kinds }));
}

/**
 * The run's deadlines: the one named (`deadline`), or those exactly `step` days ahead, or (neither
 * given: a manual run) every deadline of the year, each counted as the step of its days left.
 */
export function reminderDeadlines(input: Pick<ReminderPlanInput, "year" | "deadlines" | "now" | "timeZone" | "step" | "deadline">): ReminderDeadline[] {
  const today = localDate(input.now, input.timeZone);
  return yearDeadlines(input.year, input.deadlines)
    .filter((d) => input.deadline === undefined || d.monthDay === input.deadline)
    .map((d) => ({ ...d, daysLeft: daysBetween(today, d.deadline) }))
    .filter((d) => input.deadline !== undefined || input.step === undefined || d.daysLeft === input.step)
    .map((d) => ({ deadline: d.deadline, step: input.step ?? d.daysLeft, daysLeft: d.daysLeft, kinds: d.kinds }));
}

/** Who is reminded for which deadline, with what message, and the county office's digest. */
export function planReminders(input: ReminderPlanInput): ReminderPlan {
  const deadlines = reminderDeadlines(input);
  const reportByAgency = new Map(input.reports.map((r) => [r.agencyId, r]));
  const kindOrder = (kind: AgencyKind) => AGENCY_KINDS.indexOf(kind);
  const agencies = [...input.agencies].sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind) || a.agencyId.localeCompare(b.agencyId));

  const reminders: AgencyReminder[] = [];
  const digestDeadlines: DigestDeadline[] = [];
  for (const d of deadlines) {
    const due = agencies.filter((a) => d.kinds.includes(a.kind));
    const forDeadline: AgencyReminder[] = [];
    for (const agency of due) {
      const { reasons, errors } = reminderReasons(reportByAgency.get(agency.agencyId));
      if (reasons.length === 0) continue;
      const missing = missingTexts(reasons, errors);
      forDeadline.push({
        agency,
        deadline: d.deadline,
        step: d.step,
        daysLeft: d.daysLeft,
        reasons,
        errors,
        missing,
        ...agencyMessage(input.countyName, input.year, agency, d.deadline, d.daysLeft, missing),
      });
    }
    reminders.push(...forDeadline);
    digestDeadlines.push({ ...d, agencies: due.length, reminded: forDeadline.length, byReason: countReasons(forDeadline) });
  }

  const entries: DigestEntry[] = reminders.map((r) => ({
    agencyId: r.agency.agencyId,
    fullName: r.agency.fullName,
    kind: r.agency.kind,
    deadline: r.deadline,
    daysLeft: r.daysLeft,
    reasons: r.reasons,
    missing: r.missing,
  }));
  const date = localDate(input.now, input.timeZone);
  return {
    deadlines,
    reminders,
    digest: {
      year: input.year,
      date,
      deadlines: digestDeadlines,
      agencies: digestDeadlines.reduce((sum, d) => sum + d.agencies, 0),
      reminded: reminders.length,
      byReason: countReasons(reminders),
      entries,
      ...digestMessage(input.countyName, input.year, date, digestDeadlines, entries),
    },
  };
}

function digestMessage(
  countyName: string,
  year: number,
  date: string,
  deadlines: readonly DigestDeadline[],
  entries: readonly DigestEntry[],
): { title: string; text: string } {
  const title = `【汇总】${countyName}${reportName(year)}催报情况（${chineseDate(date)}）`;
  if (deadlines.length === 0) {
    return { title, text: `${chineseDate(date)}没有需要催报的截止日期。` };
  }
  const lines: string[] = [];
  for (const d of deadlines) {
    const kinds = d.kinds.map((k) => AGENCY_KIND_LABELS[k]).join("、");
    lines.push(
      `截止日期${chineseDate(d.deadline)}（${kinds}，${timeLeftText(d.daysLeft)}）：共 ${d.agencies} 个单位，` +
        (d.reminded === 0
          ? "均已提交或发布。"
          : `已提醒 ${d.reminded} 个（尚未填报 ${d.byReason.notStarted} 个，尚未提交 ${d.byReason.draft} 个，存在错误 ${d.byReason.hasErrors} 个）。`),
    );
    entries
      .filter((e) => e.deadline === d.deadline)
      .forEach((e, i) => lines.push(`  ${i + 1}. ${e.fullName}：${e.missing.join("，")}`));
  }
  return { title, text: lines.join("\n") };
}
