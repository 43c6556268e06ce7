import { type ReportContent, sectionInputSchemas } from "../report/schemas";
import type { InspectionSubject } from "../report/toolkit";
import type { Actor } from "./actor";
import { ConflictError, NotFoundError } from "./errors";
import type { AdoptedAggregate, ReportRepository, SiteStore, StoredReport } from "./ports";
import { readPublishedView } from "./published-files";
import { siteKeys } from "./site-layout";
import { AGGREGATE_SECTIONS, checkSectionsPrecondition, reportContent, type ReportService, type SectionPrecondition, type ServiceConfig } from "./report-service";

/**
 * The county office's toolkit (issue 12) over the stored reports: the aggregate of the member
 * reports, the year-over-year comparison and the inspection pre-check. The computing is the domain's
 * (functions/report/toolkit); this module only loads what it needs. The toolkit is imported on first
 * use: the county office's pages are rare requests, and the api's cold start shouldn't pay for them.
 */
const toolkit = () => import("../report/toolkit");
export interface ToolkitDeps {
  repository: Pick<ReportRepository, "listAgencies" | "listYear" | "getReport" | "getAgency">;
  /** Writes the adopted aggregate's sections as PUT does (If-Match, totals, audit records). */
  reports: Pick<ReportService, "putSection">;
  /** The published site: a report reopened for correction counts with its last published v{n}.json. */
  site: Pick<SiteStore, "get">;
  config: ServiceConfig;
  clock?: () => Date;
}

/** A report counts as written by its agency once submitted or published (a reopened correction: its last publication). */
const isMemberReady = (report: StoredReport) => report.status !== "draft" || report.versions.length > 0;
/** Reopened for correction and not yet submitted again: its current sections are unpublished edits. */
const isReopenedDraft = (report: StoredReport) => report.status === "draft" && report.versions.length > 0;

export class ToolkitService {
  private readonly repository: ToolkitDeps["repository"];
  private readonly reports: ToolkitDeps["reports"];
  private readonly site: ToolkitDeps["site"];
  private readonly config: ServiceConfig;
  private readonly clock: () => Date;

  constructor(deps: ToolkitDeps) {
    this.repository = deps.repository;
    this.reports = deps.reports;
    this.site = deps.site;
    this.config = deps.config;
    this.clock = deps.clock ?? (() => new Date());
  }

  /** Tables 二/三/四 summed over every member's submitted or published report, each listed with its status. */
  async aggregate(year: number) {
    const reports = await this.yearReports(year);
    const members = reports.filter((r) => r.agency.kind !== "countyGovernment" && isMemberReady(r));
    // A correction in progress counts as last published, never with its unsubmitted edits.
    const contents = await Promise.all(members.map((r) => (isReopenedDraft(r) ? this.lastPublishedContent(r) : reportContent(r))));
    const aggregate = (await toolkit()).aggregateReports(contents, year);
    const statusOf = new Map(members.map((r) => [r.agencyId, isReopenedDraft(r) ? ("published" as const) : r.status]));
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

  /**
   * The county government's draft takes tables 二, 三 and 四 from the aggregate of its members'
   * reports (the county office's act: it sees the members' unpublished tables), each written as a PUT
   * writes it (totals computed, one audit record each) and marked as the aggregate of N members, which
   * the published page then says. Members whose own tables don't add up are summed as they are and
   * named in the answer.
   *
   * If-Match must list exactly the ETags of those of the three sections that exist (in any order;
   * none, and no header, when none exists). An ETag is a section's version and every write raises
   * one version by one, so any write since the client's read changes that list: 412, nothing written.
   * Each section is then written conditional on the very version checked, so a write landing while
   * the three are written stops the adoption (412) before it can overwrite that section.
   */
  async adoptAggregate(actor: Actor, agencyId: string, year: number, precondition: SectionPrecondition) {
    const agency = await this.repository.getAgency(agencyId);
    if (!agency) throw new NotFoundError(`机构 ${agencyId} 不存在`);
    if (agency.kind !== "countyGovernment") {
      throw new ConflictError(`只有本级政府的报告可以采用成员单位报告的汇总（${agency.fullName} 不是本级政府）`);
    }
    const aggregate = await this.aggregate(year);
    if (aggregate.members.length === 0) {
      throw new ConflictError(`${year} 年度还没有已提交或已发布的成员单位报告，无可汇总的数据`);
    }
    const report = await this.repository.getReport(agencyId, year);
    if (report?.status === "published") {
      throw new ConflictError(`报告已发布（第 ${report.versions.length} 版），不能修改；如需更正请先由县政务公开办重新开放`);
    }
    const current = AGGREGATE_SECTIONS.map((section) => report?.sections[section]?.version);
    checkSectionsPrecondition(current.filter((v): v is number => v !== undefined), precondition, "第二、三、四部分");
    // Every body before any write: nothing is written when one of them would not be accepted.
    const bodies = AGGREGATE_SECTIONS.map((section) => sectionInputSchemas[section].parse(aggregate.sections[section]));
    const adoptedAggregate: AdoptedAggregate = {
      memberCount: aggregate.members.length,
      members: aggregate.members.map((m) => m.agencyId),
      adoptedAt: this.clock().toISOString(),
    };
    const written: { section: (typeof AGGREGATE_SECTIONS)[number]; etag: string }[] = [];
    for (const [index, section] of AGGREGATE_SECTIONS.entries()) {
      const version = current[index];
      const sectionPrecondition: SectionPrecondition = version === undefined ? { kind: "none" } : { kind: "versions", versions: [version] };
      const outcome = await this.reports.putSection(actor, agencyId, year, section, bodies[index] as never, sectionPrecondition, { adoptedAggregate });
      written.push({ section, etag: outcome.etag });
    }
    return {
      agencyId,
      year,
      memberCount: adoptedAggregate.memberCount,
      members: aggregate.members.map(({ agencyId: id, fullName, status }) => ({ agencyId: id, fullName, status })),
      inconsistentMembers: aggregate.inconsistentMembers.map(({ agencyId: id, fullName }) => ({ agencyId: id, fullName })),
      written,
      note: aggregate.note,
    };
  }

  /** Every cell and text that changed against the agency's previous year's published report. */
  async comparison(agencyId: string, year: number) {
    const [current, previous] = await Promise.all([this.repository.getReport(agencyId, year), this.repository.getReport(agencyId, year - 1)]);
    const agency = await this.repository.getAgency(agencyId);
    const name = agency?.fullName ?? agencyId;
    if (!current) throw new NotFoundError(`${name} 的 ${year} 年度报告不存在`);
    if (!previous || previous.versions.length === 0) throw new NotFoundError(`${name} 的 ${year - 1} 年度报告尚未发布，无可比较的上年度报告`);
    return (await toolkit()).compareReports(reportContent(current), await this.publishedContent(previous));
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
          ...(previous && previous.versions.length > 0 ? { previous: await this.publishedContent(previous) } : {}),
        };
      }),
    );
    return subjects.sort((a, b) => a.agency.agencyId.localeCompare(b.agency.agencyId));
  }

  /**
   * What last year's report says as published: the stored sections while it is published, else (a
   * correction reopened or submitted again, not yet published) its newest version's v{n}.json.
   */
  private publishedContent(report: StoredReport): Promise<ReportContent> | ReportContent {
    return report.status === "published" ? reportContent(report) : this.lastPublishedContent(report);
  }

  /** The report as its newest version published it (v{n}.json, written before that version's commit). */
  private async lastPublishedContent(report: StoredReport): Promise<ReportContent> {
    const version = report.versions[report.versions.length - 1]!.version;
    const key = siteKeys.versionJson(report.year, report.agencyId, version);
    // Typed as reportContent() types a stored report: the aggregate reads imported contents (null cells) as they are.
    const published = await readPublishedView<ReportContent>(this.site, key);
    if (!published) throw new Error(`toolkit: ${key} of a published version does not exist`);
    return published.content;
  }

  private async yearReports(year: number): Promise<StoredReport[]> {
    const metas = await this.repository.listYear(year);
    const reports = await Promise.all(metas.map((m) => this.repository.getReport(m.agencyId, year)));
    return reports.filter((r): r is StoredReport => r !== undefined).sort((a, b) => a.agencyId.localeCompare(b.agencyId));
  }
}
