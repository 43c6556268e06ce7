import type { InspectionSubject } from "../report/toolkit";
import { NotFoundError } from "./errors";
import type { ReportRepository, StoredReport } from "./ports";
import { reportContent, type ServiceConfig } from "./report-service";

/**
 * The county office's toolkit (issue 12) over the stored reports: the aggregate of the member
 * reports, the year-over-year comparison and the inspection pre-check. The computing is the domain's
 * (functions/report/toolkit); this module only loads what it needs. The toolkit is imported on first
 * use: the county office's pages are rare requests, and the api's cold start shouldn't pay for them.
 */
const toolkit = () => import("../report/toolkit");
export interface ToolkitDeps {
  repository: Pick<ReportRepository, "listAgencies" | "listYear" | "getReport" | "getAgency">;
  config: ServiceConfig;
  clock?: () => Date;
}

/** A report counts as written by its agency once submitted or published (a reopened correction: its last publication). */
const isMemberReady = (report: StoredReport) => report.status !== "draft" || report.versions.length > 0;

export class ToolkitService {
  private readonly repository: ToolkitDeps["repository"];
  private readonly config: ServiceConfig;
  private readonly clock: () => Date;

  constructor(deps: ToolkitDeps) {
    this.repository = deps.repository;
    this.config = deps.config;
    this.clock = deps.clock ?? (() => new Date());
  }

  /** Tables 二/三/四 summed over every member's submitted or published report, each listed with its status. */
  async aggregate(year: number) {
    const reports = await this.yearReports(year);
    const members = reports.filter((r) => r.agency.kind !== "countyGovernment" && isMemberReady(r));
    const aggregate = (await toolkit()).aggregateReports(members.map(reportContent), year);
    const statusOf = new Map(members.map((r) => [r.agencyId, r.status]));
    return {
      ...aggregate,
      year,
      members: aggregate.members.map((m) => ({ ...m, status: statusOf.get(m.agencyId)! })),
      inconsistentMembers: aggregate.inconsistentMembers.map((m) => ({ ...m, status: statusOf.get(m.agencyId)! })),
      notIncluded: reports
        .filter((r) => r.agency.kind !== "countyGovernment" && !isMemberReady(r))
        .map((r) => ({ agencyId: r.agencyId, fullName: r.agency.fullName, reason: "报告尚未提交" })),
    };
  }

  /** Every cell and text that changed against the agency's previous year's published report. */
  async comparison(agencyId: string, year: number) {
    const [current, previous] = await Promise.all([this.repository.getReport(agencyId, year), this.repository.getReport(agencyId, year - 1)]);
    const agency = await this.repository.getAgency(agencyId);
    const name = agency?.fullName ?? agencyId;
    if (!current) throw new NotFoundError(`${name} 的 ${year} 年度报告不存在`);
    if (!previous || previous.versions.length === 0) throw new NotFoundError(`${name} 的 ${year - 1} 年度报告尚未发布，无可比较的上年度报告`);
    return (await toolkit()).compareReports(reportContent(current), reportContent(previous));
  }

  /** The evaluator's deductions for every agency of the county, with the county summary. */
  async inspectYear(year: number) {
    return (await toolkit()).inspectYear(await this.subjects(year), this.options(year));
  }

  /** One agency's checklist (compared with the other agencies' reports of the year for N-06). */
  async inspectReport(agencyId: string, year: number) {
    const subjects = await this.subjects(year);
    const subject = subjects.find((s) => s.agency.agencyId === agencyId);
    if (!subject) throw new NotFoundError(`机构 ${agencyId} 不存在`);
    const peers = subjects.filter((s) => s !== subject && s.report).map((s) => s.report!);
    return (await toolkit()).inspectReport(subject, { ...this.options(year), peers });
  }

  private options(year: number) {
    return { year, now: this.clock(), deadlines: this.config.DEADLINES, timeZone: this.config.TIME_ZONE };
  }

  private async subjects(year: number): Promise<InspectionSubject[]> {
    const [agencies, metas] = await Promise.all([this.repository.listAgencies(), this.repository.listYear(year)]);
    const opened = new Map(metas.map((m) => [m.agencyId, m]));
    const subjects = await Promise.all(
      agencies.map(async (agency): Promise<InspectionSubject> => {
        const meta = opened.get(agency.agencyId);
        const [report, previous] = meta
          ? await Promise.all([this.repository.getReport(agency.agencyId, year), this.repository.getReport(agency.agencyId, year - 1)])
          : [undefined, undefined];
        return {
          agency,
          ...(report ? { report: reportContent(report) } : {}),
          ...(meta?.firstPublishedAt ? { firstPublishedAt: meta.firstPublishedAt } : {}),
          ...(previous && previous.versions.length > 0 ? { previous: reportContent(previous) } : {}),
        };
      }),
    );
    return subjects.sort((a, b) => a.agency.agencyId.localeCompare(b.agency.agencyId));
  }

  private async yearReports(year: number): Promise<StoredReport[]> {
    const metas = await this.repository.listYear(year);
    const reports = await Promise.all(metas.map((m) => this.repository.getReport(m.agencyId, year)));
    return reports.filter((r): r is StoredReport => r !== undefined).sort((a, b) => a.agencyId.localeCompare(b.agencyId));
  }
}

