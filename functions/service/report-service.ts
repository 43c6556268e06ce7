import type { z } from "zod";
import type { Config } from "../config";
import { reportTitle, SECTION_TITLES, type SectionName } from "../report/catalogue";
import { completeSection } from "../report/complete";
import { deadlineStatus } from "../report/deadline";
import type { FindingsSummary } from "../report/findings";
import { renderReportPage } from "../report/render";
import { runRules } from "../report/rules";
import {
  type Agency,
  agencyInputSchema,
  type ReportContent,
  sectionInputSchemas,
  type Sections,
} from "../report/schemas";
import { type Actor, requireAgencyAccess, requireCountyAdmin } from "./actor";
import {
  ConflictError,
  FindingsBlockError,
  NotFoundError,
  PreconditionFailedError,
  PreconditionRequiredError,
  PublishInProgressError,
  ValidationError,
  type ErrorDetail,
} from "./errors";
import type { ReportRepository, StoredReport, StoredSection } from "./ports";

export type ServiceConfig = Pick<Config, "DEADLINES" | "TIME_ZONE" | "COUNTY_NAME" | "SITE_BASE_URL">;

export interface ServiceDeps {
  repository: ReportRepository;
  config: ServiceConfig;
  clock?: () => Date;
}

export const etagOf = (version: number): string => `"${version}"`;

/** zod issues → error details with dotted paths rooted at `prefix`. */
export function issuesToDetails(issues: readonly z.core.$ZodIssue[], prefix: string): ErrorDetail[] {
  const pathOf = (segments: readonly PropertyKey[]) => [prefix, ...segments.map(String)].filter(Boolean).join(".");
  return issues.flatMap((issue) =>
    // An unknown field is reported at its own path, so the client sees exactly what to remove.
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ path: pathOf([...issue.path, key]), message: "不允许的字段" }))
      : [{ path: pathOf(issue.path), message: issue.message }],
  );
}

/** The report as rules and renderers see it. */
export function reportContent(report: StoredReport): ReportContent {
  const sections: Partial<Sections> = {};
  for (const [name, stored] of Object.entries(report.sections)) {
    (sections as Record<string, unknown>)[name] = (stored as StoredSection).data;
  }
  return { year: report.year, templateVersion: report.templateVersion, title: report.title, agency: report.agency, sections };
}

export class ReportService {
  private readonly repository: ReportRepository;
  private readonly config: ServiceConfig;
  private readonly clock: () => Date;

  constructor(deps: ServiceDeps) {
    this.repository = deps.repository;
    this.config = deps.config;
    this.clock = deps.clock ?? (() => new Date());
  }

  // ------------------------------------------------------------ agencies

  async listAgencies(): Promise<Agency[]> {
    const agencies = await this.repository.listAgencies();
    return agencies.sort((a, b) => a.agencyId.localeCompare(b.agencyId));
  }

  async getAgency(agencyId: string): Promise<Agency> {
    const agency = await this.repository.getAgency(agencyId);
    if (!agency) throw new NotFoundError(`机构 ${agencyId} 不存在`);
    return agency;
  }

  async putAgency(actor: Actor, agencyId: string, body: unknown): Promise<{ agency: Agency; created: boolean }> {
    requireCountyAdmin(actor);
    const parsed = agencyInputSchema.safeParse(body);
    if (!parsed.success) throw new ValidationError(issuesToDetails(parsed.error.issues, ""));
    const agency: Agency = { agencyId, ...parsed.data, hasRulemakingPower: parsed.data.hasRulemakingPower ?? false };
    const { created } = await this.repository.putAgency(agency, this.now());
    return { agency, created };
  }

  // ------------------------------------------------------------ reports

  async getReport(actor: Actor, agencyId: string, year: number) {
    requireAgencyAccess(actor, agencyId);
    const report = await this.requireReport(agencyId, year);
    // Counts without the cross-year rules: reading the previous year would double the cost of this read.
    const summary = this.findingsFor(report, undefined);
    return this.reportView(report, summary);
  }

  async getSection(actor: Actor, agencyId: string, year: number, section: SectionName) {
    requireAgencyAccess(actor, agencyId);
    const report = await this.requireReport(agencyId, year);
    const stored = report.sections[section];
    if (!stored) throw new NotFoundError(`“${SECTION_TITLES[section]}”尚未填写`);
    return { data: stored.data, etag: etagOf(stored.version), version: stored.version, updatedAt: stored.updatedAt };
  }

  async putSection(
    actor: Actor,
    agencyId: string,
    year: number,
    section: SectionName,
    body: unknown,
    ifMatch: string | undefined,
  ): Promise<{ data: unknown; etag: string; created: boolean }> {
    requireAgencyAccess(actor, agencyId);
    const parsed = sectionInputSchemas[section].safeParse(body);
    if (!parsed.success) throw new ValidationError(issuesToDetails(parsed.error.issues, section));
    const data = completeSection(section, parsed.data as never, year);

    const report = await this.repository.getReport(agencyId, year);
    if (report?.status === "published") throw this.publishedConflict(report);
    const current = report?.sections[section];
    const expectedVersion = this.expectedVersion(current, ifMatch);

    let newReport: { agency: Agency; title: string } | undefined;
    if (!report) {
      const agency = await this.repository.getAgency(agencyId);
      if (!agency) throw new NotFoundError(`机构 ${agencyId} 不存在`);
      newReport = { agency, title: reportTitle(agency.fullName, year) };
    }
    const outcome = await this.repository.writeSection({
      agencyId,
      year,
      section,
      data,
      expectedVersion,
      newReport,
      actor: actor.subject,
      now: this.now(),
    });
    if (outcome.ok) return { data, etag: etagOf(outcome.version), created: expectedVersion === null };
    switch (outcome.reason) {
      case "sectionVersion":
        throw new PreconditionFailedError(
          "该章节已被他人修改，请重新获取后再提交",
          outcome.currentVersion === undefined ? undefined : etagOf(outcome.currentVersion),
        );
      case "sectionExists":
        throw new PreconditionRequiredError(
          "该章节已存在，替换时须提供 If-Match 请求头",
          outcome.currentVersion === undefined ? undefined : etagOf(outcome.currentVersion),
        );
      case "published":
        throw new ConflictError("报告已发布，不能修改；如需更正请先由县政务公开办重新开放");
      case "publishing":
        throw new PublishInProgressError();
      case "agencyMissing":
        throw new NotFoundError(`机构 ${agencyId} 不存在`);
    }
  }

  async findings(actor: Actor, agencyId: string, year: number): Promise<FindingsSummary> {
    requireAgencyAccess(actor, agencyId);
    const report = await this.requireReport(agencyId, year);
    return this.findingsFor(report, await this.previousYear(report));
  }

  async preview(actor: Actor, agencyId: string, year: number): Promise<string> {
    requireAgencyAccess(actor, agencyId);
    const report = await this.requireReport(agencyId, year);
    return renderReportPage({ content: reportContent(report), mode: "preview" });
  }

  async submit(actor: Actor, agencyId: string, year: number) {
    requireAgencyAccess(actor, agencyId);
    const report = await this.requireReport(agencyId, year);
    if (report.status === "published") throw this.publishedConflict(report);
    const summary = this.findingsFor(report, await this.previousYear(report));
    if (report.status === "submitted") return this.reportView(report, summary);
    const errors = summary.findings.filter((f) => f.severity === "ERROR");
    if (errors.length > 0) {
      throw new FindingsBlockError(`报告仍有 ${errors.length} 项错误，不能提交`, summary.findings);
    }
    const moved = await this.repository.transition(agencyId, year, {
      from: "draft",
      to: "submitted",
      revision: report.revision,
      now: this.now(),
    });
    if (!moved) throw new ConflictError("报告在检查期间已被修改，请重新提交");
    return this.reportView((await this.requireReport(agencyId, year)), summary);
  }

  // ------------------------------------------------------------ shared with publishing

  findingsFor(report: StoredReport, previous: StoredReport | undefined, publishedAt?: string): FindingsSummary {
    return runRules({
      report: reportContent(report),
      previous: previous ? reportContent(previous) : undefined,
      publishedAt,
      now: this.clock(),
      deadlines: this.config.DEADLINES,
      timeZone: this.config.TIME_ZONE,
    });
  }

  async previousYear(report: StoredReport): Promise<StoredReport | undefined> {
    return this.repository.getReport(report.agencyId, report.year - 1);
  }

  async requireReport(agencyId: string, year: number): Promise<StoredReport> {
    const report = await this.repository.getReport(agencyId, year);
    if (!report) throw new NotFoundError(`${agencyId} 的 ${year} 年度报告不存在`);
    return report;
  }

  reportView(report: StoredReport, summary: FindingsSummary) {
    const { deadline, late } = deadlineStatus(
      report.agency.kind,
      report.year,
      this.config.DEADLINES,
      report.versions[0]?.publishedAt,
      this.clock(),
      this.config.TIME_ZONE,
    );
    const sections = Object.fromEntries(
      Object.entries(report.sections).map(([name, stored]) => {
        const s = stored as StoredSection;
        return [name, { data: s.data, etag: etagOf(s.version), version: s.version, updatedAt: s.updatedAt, updatedBy: s.updatedBy }];
      }),
    );
    return {
      agencyId: report.agencyId,
      year: report.year,
      title: report.title,
      templateVersion: report.templateVersion,
      agency: report.agency,
      status: report.status,
      reopened: report.reopened,
      revision: report.revision,
      createdAt: report.createdAt,
      updatedAt: report.updatedAt,
      submittedAt: report.submittedAt,
      deadline,
      late,
      sections,
      versions: report.versions,
      ...(report.inForceBaseline ? { inForceBaseline: report.inForceBaseline } : {}),
      findingCounts: { errors: summary.errors, warnings: summary.warnings, infos: summary.infos },
    };
  }

  now(): string {
    return this.clock().toISOString();
  }

  private expectedVersion(current: StoredSection | undefined, ifMatch: string | undefined): number | null {
    if (!current) {
      if (ifMatch !== undefined && ifMatch.trim() !== "*") {
        throw new PreconditionFailedError("该章节尚不存在，If-Match 不匹配");
      }
      return null;
    }
    if (ifMatch === undefined) {
      throw new PreconditionRequiredError("替换已有章节须提供 If-Match 请求头（取自上次读取的 ETag）", etagOf(current.version));
    }
    const tags = ifMatch.split(",").map((tag) => tag.trim().replace(/^W\//, ""));
    if (tags.includes("*") || tags.includes(etagOf(current.version))) return current.version;
    throw new PreconditionFailedError("该章节已被他人修改，请重新获取后再提交", etagOf(current.version));
  }

  private publishedConflict(report: StoredReport): ConflictError {
    return new ConflictError(`报告已发布（第 ${report.versions.length} 版），不能修改；如需更正请先由县政务公开办重新开放`);
  }
}
