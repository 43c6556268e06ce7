import { describe, expect, it } from "vitest";
import { DEFAULT_DEADLINES } from "../../../functions/report/deadline";
import {
  daysBetween,
  planReminders,
  type ReminderPlanInput,
  type ReminderReportState,
  reminderReasons,
} from "../../../functions/report/reminders";
import type { Agency } from "../../../functions/report/schemas";

const agency = (agencyId: string, kind: Agency["kind"], fullName: string): Agency => ({ agencyId, kind, fullName, hasRulemakingPower: false });
const state = (agencyId: string, status: ReminderReportState["status"], errors = 0, extra: Partial<ReminderReportState> = {}): ReminderReportState => ({
  agencyId,
  status,
  reopened: false,
  revision: 4,
  findingCounts: { revision: 4, errors },
  ...extra,
});

const AGENCIES: Agency[] = [
  agency("county-gov", "countyGovernment", "沂源县人民政府"),
  agency("dept-draft", "countyDepartment", "沂源县教育和体育局"),
  agency("dept-submitted", "countyDepartment", "沂源县财政局"),
  agency("dept-missing", "countyDepartment", "沂源县民政局"),
  agency("town-errors", "town", "沂源县南麻街道办事处"),
  agency("town-published", "town", "沂源县燕崖镇人民政府"),
  agency("dept-reopened", "countyDepartment", "沂源县司法局"),
  agency("dept-stale", "countyDepartment", "沂源县卫生健康局"),
];
const REPORTS: ReminderReportState[] = [
  state("county-gov", "draft"),
  state("dept-draft", "draft", 3),
  state("dept-submitted", "submitted"),
  // dept-missing: no report at all
  state("town-errors", "submitted", 2),
  state("town-published", "published"),
  state("dept-reopened", "draft", 0, { reopened: true }),
  // Counts of an earlier revision: the errors are not known any more.
  state("dept-stale", "draft", 0, { revision: 6, findingCounts: { revision: 5, errors: 7 } }),
];

/** 09:00 in Shanghai on the given local day. */
const shanghaiMorning = (day: string) => new Date(`${day}T01:00:00Z`);

const input = (overrides: Partial<ReminderPlanInput> = {}): ReminderPlanInput => ({
  year: 2025,
  agencies: AGENCIES,
  reports: REPORTS,
  deadlines: DEFAULT_DEADLINES,
  now: shanghaiMorning("2026-01-21"),
  timeZone: "Asia/Shanghai",
  countyName: "沂源县",
  ...overrides,
});

describe("who is reminded", () => {
  it("the agencies of the deadline whose report is not started, not submitted, or has ERRORs", () => {
    const plan = planReminders(input({ step: 10, deadline: "01-31" }));
    expect(plan.reminders.map((r) => [r.agency.agencyId, r.reasons])).toEqual([
      ["dept-draft", ["draft", "hasErrors"]],
      ["dept-missing", ["notStarted"]],
      ["dept-stale", ["draft"]],
      ["town-errors", ["hasErrors"]],
    ]);
    // The county government's deadline is 31 March: not in this run although its report is a draft.
    expect(plan.reminders.some((r) => r.agency.agencyId === "county-gov")).toBe(false);
    expect(plan.deadlines).toEqual([{ deadline: "2026-01-31", step: 10, daysLeft: 10, kinds: ["countyDepartment", "town", "subdistrict"] }]);
  });

  it("reasons: stored counts count only while they are of the report's revision", () => {
    expect(reminderReasons(undefined)).toEqual({ reasons: ["notStarted"], errors: 0 });
    expect(reminderReasons(state("a", "submitted", 0))).toEqual({ reasons: [], errors: 0 });
    expect(reminderReasons(state("a", "published", 1))).toEqual({ reasons: ["hasErrors"], errors: 1 });
    expect(reminderReasons(state("a", "draft", 0, { reopened: true }))).toEqual({ reasons: [], errors: 0 });
    expect(reminderReasons(state("a", "draft", 2, { reopened: true }))).toEqual({ reasons: ["hasErrors"], errors: 2 });
    expect(reminderReasons(state("a", "submitted", 0, { findingCounts: undefined }))).toEqual({ reasons: [], errors: 0 });
  });
});

describe("steps and days in Asia/Shanghai", () => {
  it("counts calendar days in the county's zone, not UTC", () => {
    // 2026-01-20 17:30 UTC is already 21 January in Shanghai: 10 days to go there, 11 in UTC.
    const plan = planReminders(input({ now: new Date("2026-01-20T17:30:00Z"), step: 10 }));
    expect(plan.deadlines.map((d) => [d.deadline, d.daysLeft])).toEqual([["2026-01-31", 10]]);
    const utcPlan = planReminders(input({ now: new Date("2026-01-20T17:30:00Z"), step: 10, timeZone: "UTC" }));
    expect(utcPlan.deadlines).toEqual([]);
    expect(daysBetween("2028-02-28", "2028-03-01")).toBe(2);
  });

  it("a step without a deadline covers the deadlines exactly that many days ahead", () => {
    expect(planReminders(input({ step: 10 })).deadlines.map((d) => d.deadline)).toEqual(["2026-01-31"]);
    expect(planReminders(input({ step: 10, now: shanghaiMorning("2026-03-21") })).deadlines.map((d) => d.deadline)).toEqual(["2026-03-31"]);
    const none = planReminders(input({ step: 5 }));
    expect(none.deadlines).toEqual([]);
    expect(none.reminders).toEqual([]);
  });

  it("a schedule retried a day late keeps its step and says the days actually left", () => {
    const plan = planReminders(input({ step: 10, deadline: "01-31", now: shanghaiMorning("2026-01-22") }));
    expect(plan.deadlines).toEqual([{ deadline: "2026-01-31", step: 10, daysLeft: 9, kinds: ["countyDepartment", "town", "subdistrict"] }]);
    expect(plan.reminders[0]!.text).toContain("距截止还有 9 天");
  });

  it("a manual run covers every deadline, each as the step of its days left, overdue ones included", () => {
    const plan = planReminders(input({ now: shanghaiMorning("2026-02-02") }));
    expect(plan.deadlines.map((d) => [d.deadline, d.step, d.daysLeft])).toEqual([
      ["2026-01-31", -2, -2],
      ["2026-03-31", 57, 57],
    ]);
    const gov = plan.reminders.find((r) => r.agency.agencyId === "county-gov")!;
    expect(gov).toMatchObject({ deadline: "2026-03-31", step: 57, reasons: ["draft"] });
    const late = plan.reminders.find((r) => r.agency.agencyId === "dept-missing")!;
    expect(late.title).toContain("已逾期 2 天");
  });

  it("follows the county's own deadlines", () => {
    const deadlines = { ...DEFAULT_DEADLINES, town: "02-28" };
    const plan = planReminders(input({ deadlines, step: 10, now: shanghaiMorning("2026-02-18") }));
    expect(plan.deadlines.map((d) => [d.deadline, d.kinds])).toEqual([["2026-02-28", ["town"]]]);
    expect(plan.reminders.map((r) => r.agency.agencyId)).toEqual(["town-errors"]);
  });
});

describe("messages", () => {
  it("names the agency, what is missing, the deadline, the days left and the office", () => {
    const plan = planReminders(input({ step: 10, deadline: "01-31" }));
    const draft = plan.reminders.find((r) => r.agency.agencyId === "dept-draft")!;
    expect(draft.missing).toEqual(["尚未提交", "有 3 项错误须改正"]);
    expect(draft.title).toBe("【提醒】2025年度政府信息公开工作年度报告距截止还有 10 天");
    expect(draft.text.startsWith("沂源县教育和体育局：贵单位2025年度政府信息公开工作年度报告尚未提交，有 3 项错误须改正。")).toBe(true);
    expect(draft.text).toContain("2026年1月31日前向社会公布");
    expect(draft.text).toContain("第四十九条");
    expect(draft.text.endsWith("——沂源县政务公开办")).toBe(true);
    const missing = plan.reminders.find((r) => r.agency.agencyId === "dept-missing")!;
    expect(missing.missing).toEqual(["尚未开始填报"]);
    expect(missing.text).toContain("贵单位2025年度政府信息公开工作年度报告尚未开始填报。");
  });
});

describe("the county office's digest", () => {
  it("counts the agencies due and reminded, by reason, and lists each with what is missing", () => {
    const { digest } = planReminders(input({ step: 10, deadline: "01-31" }));
    expect(digest).toMatchObject({ year: 2025, date: "2026-01-21", agencies: 7, reminded: 4, byReason: { notStarted: 1, draft: 2, hasErrors: 2 } });
    expect(digest.deadlines).toEqual([
      expect.objectContaining({ deadline: "2026-01-31", agencies: 7, reminded: 4, byReason: { notStarted: 1, draft: 2, hasErrors: 2 } }),
    ]);
    expect(digest.entries.map((e) => [e.fullName, e.missing])).toEqual([
      ["沂源县教育和体育局", ["尚未提交", "有 3 项错误须改正"]],
      ["沂源县民政局", ["尚未开始填报"]],
      ["沂源县卫生健康局", ["尚未提交"]],
      ["沂源县南麻街道办事处", ["有 2 项错误须改正"]],
    ]);
    expect(digest.title).toBe("【汇总】沂源县2025年度政府信息公开工作年度报告催报情况（2026年1月21日）");
    for (const entry of digest.entries) expect(digest.text).toContain(`${entry.fullName}：${entry.missing.join("，")}`);
    expect(digest.text).toContain("共 7 个单位，已提醒 4 个（尚未填报 1 个，尚未提交 2 个，存在错误 2 个）");
    for (const id of ["沂源县财政局", "沂源县燕崖镇人民政府", "沂源县司法局", "沂源县人民政府"]) expect(digest.text).not.toContain(id);
  });

  it("says so when everyone due has submitted", () => {
    const reports = AGENCIES.map((a) => state(a.agencyId, "submitted"));
    const { digest, reminders } = planReminders(input({ reports, step: 3, deadline: "03-31", now: shanghaiMorning("2026-03-28") }));
    expect(reminders).toEqual([]);
    expect(digest).toMatchObject({ agencies: 1, reminded: 0, entries: [] });
    expect(digest.text).toContain("共 1 个单位，均已提交或发布。");
  });
});
