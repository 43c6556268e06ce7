/**
 * The county's aggregate report (format-spec §7, “Scope of the government report”): tables 二, 三 and
 * 四 as the cell-wise sum of the member reports, with the members behind every cell.
 *
 * Every cell is summed as the member printed it, totals included, and never recomputed: on members
 * whose own 勾稽关系 hold, the sums satisfy every T3/T4 identity too (each identity is linear), and a
 * member whose tables do not add up is named in `inconsistentMembers` instead of being smoothed over.
 * A blank or invalid member cell adds nothing and is named in that member's `unreadableCells`.
 * Amounts are summed in 分 as BigInt (money.ts), never as floats.
 */
import { AGENCY_KIND_LABELS, aggregationNote } from "../catalogue";

export { aggregationNote };
import { DEFAULT_DEADLINES } from "../deadline";
import type { Finding, RuleContext } from "../findings";
import { describeValue, reportYear } from "../rules/read";
import { TABLE3_RULES } from "../rules/table3";
import { TABLE4_RULES } from "../rules/table4";
import type { ActiveDisclosure, Applications, ReportContent, ReviewLitigation } from "../schemas";
import { TABLE_CELLS, fenToWanYuan, readCell, type TableCell } from "./table-cells";

export interface AggregateMember {
  agencyId: string;
  fullName: string;
  kind: ReportContent["agency"]["kind"];
  /** ERROR findings of the T3/T4 rules on the member's own tables (empty when they add up). */
  tableErrors: Finding[];
  /** Cells that were blank, “/”, null or invalid in the member's report, and so added nothing. */
  unreadableCells: { path: string; label: string; value: string }[];
}

export interface AggregateCell {
  path: string;
  label: string;
  /** Counts as numbers; the 本年收费金额 as exact 万元 text. */
  value: number | string;
  /** agencyIds of the members with a non-zero value in this cell, in member order. */
  contributors: string[];
}

export interface AggregateExclusion {
  agencyId: string;
  fullName: string;
  reason: string;
}

export interface AggregateReport {
  year: number | undefined;
  members: AggregateMember[];
  /** Members whose own tables break a T3/T4 identity: named, so the sum is never trusted blindly. */
  inconsistentMembers: AggregateMember[];
  /** Reports given but not summed, with the reason (the county government itself, another year, a duplicate). */
  excluded: AggregateExclusion[];
  /** The summed tables in the stored shape, every total present: what the county government's draft adopts. */
  sections: { activeDisclosure: ActiveDisclosure; applications: Applications; reviewLitigation: ReviewLitigation };
  cells: AggregateCell[];
  /** The sentence the published page shows under the tables. */
  note: string;
}

/** The T3/T4 identities that must hold on each member (and hold on their sum): the ERROR rules of tables 三 and 四. */
const TABLE_IDENTITY_RULES = [...TABLE3_RULES, ...TABLE4_RULES].filter((rule) => rule.severity === "ERROR");

/** The T3/T4 ERROR findings of one report. These rules read only the report; the clock fields are unused placeholders. */
export function tableIdentityErrors(report: ReportContent): Finding[] {
  const context: RuleContext = { report, now: new Date(0), deadlines: DEFAULT_DEADLINES, timeZone: "Asia/Shanghai" };
  return TABLE_IDENTITY_RULES.flatMap((rule) => rule.check(context));
}


function setAt(target: Record<string, unknown>, keys: readonly string[], value: unknown): void {
  let container = target;
  keys.slice(0, -1).forEach((key) => {
    if (typeof container[key] !== "object" || container[key] === null) container[key] = {};
    container = container[key] as Record<string, unknown>;
  });
  container[keys[keys.length - 1]!] = value;
}

/**
 * Sums the member reports of one year. The year is `year` when given, else the first member's. The
 * county government's own report is never a member of its aggregate; reports of another year and a
 * second report of the same agency are excluded with the reason.
 */
export function aggregateReports(reports: readonly ReportContent[], year?: number): AggregateReport {
  const aggregateYear = year ?? (reports.length > 0 ? reportYear(reports[0]!) : undefined);
  const excluded: AggregateExclusion[] = [];
  const memberReports: ReportContent[] = [];
  const seen = new Set<string>();
  for (const report of reports) {
    const { agencyId, fullName, kind } = report.agency;
    const exclude = (reason: string) => excluded.push({ agencyId, fullName, reason });
    if (kind === "countyGovernment") exclude(`${AGENCY_KIND_LABELS.countyGovernment}报告是汇总的对象，不计入汇总`);
    else if (reportYear(report) !== aggregateYear) exclude(`报告年度（${describeValue(report.year)}）不是${aggregateYear}年度`);
    else if (seen.has(agencyId)) exclude("同一单位的报告重复提供，只计第一份");
    else {
      seen.add(agencyId);
      memberReports.push(report);
    }
  }

  const members: AggregateMember[] = memberReports.map((report) => ({
    agencyId: report.agency.agencyId,
    fullName: report.agency.fullName,
    kind: report.agency.kind,
    tableErrors: tableIdentityErrors(report),
    unreadableCells: [],
  }));

  const sections: Record<string, unknown> = {};
  const cells = TABLE_CELLS.map((tableCell: TableCell): AggregateCell => {
    let count = 0;
    let fen = 0n;
    const contributors: string[] = [];
    memberReports.forEach((report, index) => {
      const value = readCell(report, tableCell);
      if (value.state === "count") {
        count += value.value;
        if (value.value !== 0) contributors.push(report.agency.agencyId);
      } else if (value.state === "amount") {
        fen += BigInt(value.fen);
        if (value.fen !== 0) contributors.push(report.agency.agencyId);
      } else {
        members[index]!.unreadableCells.push({ path: tableCell.path, label: tableCell.label, value: describeValue(value.raw) });
      }
    });
    if (!Number.isSafeInteger(count)) throw new RangeError(`aggregate of ${tableCell.path} exceeds the safe integer range`);
    const value = tableCell.kind === "amountWanYuan" ? fenToWanYuan(fen) : count;
    setAt(sections, [tableCell.section, ...tableCell.keys], value);
    return { path: tableCell.path, label: tableCell.label, value, contributors };
  });

  return {
    year: aggregateYear,
    members,
    inconsistentMembers: members.filter((member) => member.tableErrors.length > 0),
    excluded,
    sections: sections as unknown as AggregateReport["sections"],
    cells,
    note: aggregationNote(members.length),
  };
}
