import type { Config } from "../config";
import { reportTitle, SECTION_TITLES, type SectionName } from "../report/catalogue";
import { completeSectionTracked } from "../report/complete";
import { deadlineStatus } from "../report/deadline";
import { type FindingsSummary, summarize } from "../report/findings";
import { renderReportPage } from "../report/render";
import { changedCells } from "../report/revision-diff";
import {
  COMPARED_SECTIONS,
  type ComparedSection,
  mayBeSimilar,
  narrativeSignatures,
  type NarrativeSignatures,
  ruleById,
  runRules,
} from "../report/rules";
import type { Agency, AgencyInput, AgencyRecord, AnyReportContent, ReportContent, SectionInputs, Sections } from "../report/schemas";
import type { Actor } from "./actor";
import { mapWithConcurrency } from "./concurrency";
import {
  ConflictError,
  FindingsBlockError,
  NotFoundError,
  PreconditionFailedError,
  PreconditionRequiredError,
  PublishInProgressError,
  ValidationError,
} from "./errors";
import { detail } from "./error-details";
import type { AdoptedAggregate, ReportRepository, StoredFindingCounts, StoredReport, StoredSection, StoredSections } from "./ports";

export type ServiceConfig = Pick<Config, "DEADLINES" | "TIME_ZONE" | "COUNTY_NAME" | "SITE_BASE_URL">;

export interface ServiceDeps {
  repository: ReportRepository;
  config: ServiceConfig;
  clock?: () => Date;
}

export const etagOf = (version: number): string => `"${version}"`;

/**
 * What a replace of a section must match, as parsed from If-Match at the edge: nothing (a create),
 * or one of the section versions the client last read.
 */
export type SectionPrecondition = { kind: "none" } | { kind: "any" } | { kind: "versions"; versions: number[] };

export interface FindingCounts {
  errors: number;
  warnings: number;
  infos: number;
}

/**
 * The rules that judge the report against the clock rather than its content (P-01: published, or
 * still unpublished, after the deadline). Their outcome changes while the report does not, so they
 * are left out of the stored counts and run at each read; they look only at the year and the agency.
 */
const CLOCK_RULES = ["P-01"].map((id) => {
  const rule = ruleById(id);
  if (!rule) throw new Error(`rule ${id} is not defined`);
  return rule;
});
const CLOCK_RULE_IDS = new Set(CLOCK_RULES.map((rule) => rule.id));

/** The sections whose text N-06 compares (and whose signatures the counts keep). */
const NARRATIVE_SECTIONS = Object.keys(COMPARED_SECTIONS) as ComparedSection[];

const sectionVersionsOf = (sections: StoredSections): StoredFindingCounts["sectionVersions"] =>
  Object.fromEntries(Object.entries(sections).map(([name, stored]) => [name, (stored as StoredSection).version]));

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

  /** The agency resources (with their reminder addresses: the API is for the county's own staff). */
  async listAgencyRecords(): Promise<AgencyRecord[]> {
    const agencies = await this.repository.listAgencyRecords();
    return agencies.sort((a, b) => a.agencyId.localeCompare(b.agencyId));
  }

  /** The agency resource, with its reminder address (GET /v1/agencies/{agencyId}). */
  async getAgencyRecord(agencyId: string): Promise<AgencyRecord> {
    const agency = await this.repository.getAgencyRecord(agencyId);
    if (!agency) throw new NotFoundError(`机构 ${agencyId} 不存在`);
    return agency;
  }

  /** The agency as reports snapshot it: never the reminder address (use cases that copy it into a report). */
  async getAgency(agencyId: string): Promise<Agency> {
    const agency = await this.repository.getAgency(agencyId);
    if (!agency) throw new NotFoundError(`机构 ${agencyId} 不存在`);
    return agency;
  }

  async putAgency(actor: Actor, agencyId: string, input: AgencyInput): Promise<{ agency: AgencyRecord; created: boolean }> {
    const agency: AgencyRecord = { agencyId, ...input, hasRulemakingPower: input.hasRulemakingPower ?? false };
    const { created } = await this.repository.putAgency(agency, this.now(), actor.subject);
    return { agency, created };
  }

  // ------------------------------------------------------------ reports

  /** An agency's report years, newest first, with status, deadline and version count. */
  async listAgencyReports(agencyId: string) {
    const agency = await this.getAgency(agencyId);
    const now = this.clock();
    // Reports exist up to next year's (the yearly job opens it in advance).
    const years = await this.repository.listAgencyYears(agencyId, now.getUTCFullYear() + 1);
    const reports = years
      .sort((a, b) => b.year - a.year)
      .map((entry) => {
        const { deadline, late } = deadlineStatus(agency.kind, entry.year, this.config.DEADLINES, entry.firstPublishedAt, now, this.config.TIME_ZONE);
        return {
          year: entry.year,
          title: reportTitle(agency.fullName, entry.year),
          status: entry.status,
          reopened: entry.reopened,
          deadline,
          late,
          versionCount: entry.latestVersion,
        };
      });
    return { agencyId, fullName: agency.fullName, reports };
  }

  async getReport(agencyId: string, year: number) {
    const report = await this.requireReport(agencyId, year);
    return this.reportView(report, this.findingCountsOf(report));
  }

  async getSection(agencyId: string, year: number, section: SectionName) {
    const report = await this.requireReport(agencyId, year);
    const stored = report.sections[section];
    if (!stored) throw new NotFoundError(`${report.agency.fullName} ${year} 年度报告的“${SECTION_TITLES[section]}”尚未填写`);
    return {
      data: stored.data,
      etag: etagOf(stored.version),
      version: stored.version,
      updatedAt: stored.updatedAt,
      computedTotals: stored.computedTotals,
    };
  }

  async putSection<K extends SectionName>(
    actor: Actor,
    agencyId: string,
    year: number,
    section: K,
    input: SectionInputs[K],
    precondition: SectionPrecondition,
    options: { adoptedAggregate?: AdoptedAggregate } = {},
  ): Promise<{ data: unknown; etag: string; created: boolean; computedTotals: string[] }> {
    // Each write is conditional on the report's revision (its audit record takes the next number):
    // a write to another section landing in between moves it, and this write is computed again.
    for (let attempt = 1; ; attempt++) {
      const written = await this.tryPutSection({ actor, agencyId, year, section, input, precondition, ...options });
      if (written) return written;
      if (attempt >= MAX_WRITE_ATTEMPTS) throw new ConflictError("报告正被他人同时修改，请稍后重试");
    }
  }

  /** One attempt; undefined when another change to the report landed since it was read. */
  private async tryPutSection<K extends SectionName>(put: {
    actor: Actor;
    agencyId: string;
    year: number;
    section: K;
    input: SectionInputs[K];
    precondition: SectionPrecondition;
    adoptedAggregate?: AdoptedAggregate;
  }): Promise<{ data: unknown; etag: string; created: boolean; computedTotals: string[] } | undefined> {
    const { actor, agencyId, year, section, input, precondition, adoptedAggregate } = put;
    const report = await this.repository.getReport(agencyId, year);
    if (report?.status === "published") throw this.publishedConflict(report);
    const current = report?.sections[section];
    const expectedVersion = this.expectedVersion(current, precondition);
    // The totals follow the cells when a client writes back what it read (see completeSectionTracked).
    const { data, computedTotals } = completeSectionTracked(section, input, year, current);
    // Each cell is a safe integer, but a total of several may not be: refuse it with its path
    // rather than store a number that JSON readers can no longer count exactly.
    const unsafe = unsafeTotals(section, data);
    if (unsafe.length > 0) throw new ValidationError(unsafe.map((path) => detail(path, "合计超出可精确计数的范围（不能大于 9007199254740991）")));

    let newReport: { agency: Agency; title: string } | undefined;
    if (!report) {
      const agency = await this.repository.getAgency(agencyId);
      if (!agency) throw new NotFoundError(`机构 ${agencyId} 不存在`);
      newReport = { agency, title: reportTitle(agency.fullName, year) };
    }
    const now = this.now();
    const written: StoredSection = {
      data,
      computedTotals,
      version: (expectedVersion ?? 0) + 1,
      updatedAt: now,
      updatedBy: actor.subject,
      ...(adoptedAggregate ? { adoptedAggregate } : {}),
    };
    const after: StoredReport = report
      ? { ...report, sections: { ...report.sections, [section]: written } }
      : {
          agencyId,
          year,
          templateVersion: "2021",
          title: newReport!.title,
          agency: newReport!.agency,
          status: "draft",
          revision: 0,
          createdAt: now,
          updatedAt: now,
          reopened: false,
          sections: { [section]: written },
          versions: [],
          idempotencyRecords: {},
        };
    const expectedRevision = report?.revision ?? 0;
    const outcome = await this.repository.writeSection({
      agencyId,
      year,
      section,
      data,
      computedTotals,
      expectedVersion,
      expectedRevision,
      revisionRecord: {
        revision: expectedRevision + 1,
        action: "sectionWritten",
        actor: actor.subject,
        at: now,
        status: "draft",
        section,
        sectionVersion: written.version,
        changes: changedCells(section, current?.data, data),
        sectionData: data,
      },
      newReport,
      actor: actor.subject,
      now,
      // The write bumps the revision by one; if another write lands in between, the revision (or a
      // section version) no longer matches and reads compute the counts instead.
      findingCounts: this.storedCountsFor(after, after.revision + 1),
      ...(adoptedAggregate ? { adoptedAggregate } : {}),
    });
    if (outcome.ok) return { data, etag: etagOf(outcome.version), created: expectedVersion === null, computedTotals };
    switch (outcome.reason) {
      case "revisionMoved":
        return undefined;
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

  async findings(agencyId: string, year: number): Promise<FindingsSummary> {
    const report = await this.requireReport(agencyId, year);
    const [previous, peers] = await Promise.all([this.previousYear(report), this.similarPeers(report)]);
    return this.findingsFor(report, previous, firstPublication(report), peers);
  }

  async preview(agencyId: string, year: number): Promise<string> {
    const report = await this.requireReport(agencyId, year);
    const aggregated = adoptedAggregateOf(report);
    return renderReportPage({ content: reportContent(report), mode: "preview", ...(aggregated ? { aggregatedMembers: aggregated.memberCount } : {}) });
  }

  async submit(actor: Actor, agencyId: string, year: number) {
    const report = await this.requireReport(agencyId, year);
    if (report.status === "published") throw this.publishedConflict(report);
    const [previous, peers] = await Promise.all([this.previousYear(report), this.similarPeers(report)]);
    const summary = this.findingsFor(report, previous, firstPublication(report), peers);
    if (report.status === "submitted") return this.reportView(report, summary);
    const errors = summary.findings.filter((f) => f.severity === "ERROR");
    if (errors.length > 0) {
      throw new FindingsBlockError("提交", summary);
    }
    const now = this.now();
    const moved = await this.repository.transition(agencyId, year, {
      from: "draft",
      to: "submitted",
      revision: report.revision,
      now,
      findingCounts: this.countsForNextRevision(report),
      revisionRecord: { revision: report.revision + 1, action: "submitted", actor: actor.subject, at: now, status: "submitted" },
    });
    if (!moved) throw new ConflictError("报告在检查期间已被修改，请重新提交");
    return this.reportView((await this.requireReport(agencyId, year)), summary);
  }

  // ------------------------------------------------------------ the audit trail

  /** The report's changes, newest first. */
  async listRevisions(agencyId: string, year: number, page: { limit: number; before?: number }) {
    await this.requireReport(agencyId, year);
    return { agencyId, year, ...(await this.repository.listRevisions(agencyId, year, page)) };
  }

  /**
   * The report's sections as they were after revision `revision`: each section as its latest write
   * at or before it left it (a snapshot — the year's opening, an import — gives every section then).
   */
  async revisionContent(agencyId: string, year: number, revision: number) {
    const report = await this.requireReport(agencyId, year);
    if (revision > report.revision) throw new NotFoundError(`${report.agency.fullName} ${year} 年度报告没有第 ${revision} 次修改（当前为第 ${report.revision} 次）`);
    const sections: Partial<Record<SectionName, unknown>> = {};
    const records = await this.repository.readRevisionsDownFrom(agencyId, year, revision, (read) => read.some((r) => r.sections !== undefined));
    const record = records[0];
    if (!record || record.revision !== revision) {
      throw new NotFoundError(`${report.agency.fullName} ${year} 年度报告第 ${revision} 次修改没有记录（早于修改记录功能上线）`);
    }
    for (const older of records) {
      if (older.section && older.sectionData !== undefined && !(older.section in sections)) sections[older.section] = older.sectionData;
      if (older.sections) {
        for (const [name, data] of Object.entries(older.sections)) if (!(name in sections)) sections[name as SectionName] = data;
        break;
      }
    }
    const { sectionData: _sectionData, sections: _sections, ...shown } = record;
    return { agencyId, year, revision: shown, sections };
  }

  async listAgencyRevisions(agencyId: string, page: { limit: number; before?: number }) {
    await this.getAgency(agencyId);
    return { agencyId, ...(await this.repository.listAgencyRevisions(agencyId, page)) };
  }

  // ------------------------------------------------------------ shared with publishing

  /**
   * Every rule. P-01 judges lateness by the first publication (an imported history's date as printed
   * in the document, a correction's original date), or by now while the report is unpublished.
   * `peers` are the other agencies' reports N-06 compares with (`similarPeers`); without
   * them N-06 compares with the previous year only — as publish does: an N-06 warning neither blocks
   * nor needs an explanation and the publish answer carries no findings, so publish does not pay for
   * the year's listing.
   */
  findingsFor(
    report: StoredReport,
    previous: StoredReport | undefined,
    publishedAt = firstPublication(report),
    peers?: AnyReportContent[],
  ): FindingsSummary {
    return runRules({
      report: reportContent(report),
      previous: previous ? reportContent(previous) : undefined,
      ...(peers ? { peers } : {}),
      publishedAt,
      now: this.clock(),
      deadlines: this.config.DEADLINES,
      timeZone: this.config.TIME_ZONE,
    });
  }

  /**
   * What GET report and the board show: the stored counts of the report's last change when they are
   * still its own, plus the clock's rules; computed from every rule but the cross-year ones when the
   * report has none (stored before counts were, or changed by a write that could not compute them).
   */
  findingCountsOf(report: StoredReport, publishedAt = firstPublication(report)): FindingCounts {
    const stored = this.currentStoredCounts(report);
    if (!stored) return countsOf(this.findingsFor(report, undefined, publishedAt));
    return this.withClockRules(stored, report, publishedAt);
  }

  /** The same from a year listing's META alone (no sections): valid while the revision matches. */
  findingCountsOfListed(
    listed: { year: number; agency: Agency; revision: number; findingCounts?: StoredFindingCounts },
    publishedAt?: string,
  ): FindingCounts | undefined {
    const stored = listed.findingCounts;
    if (!stored || stored.revision !== listed.revision) return undefined;
    return this.withClockRules(stored, listed, publishedAt);
  }

  /** The counts to store with a change to `report` that gives it revision `revision`, with its narrative signatures. */
  storedCountsFor(report: StoredReport, revision: number): StoredFindingCounts {
    const summary = summarize(this.findingsFor(report, undefined).findings.filter((f) => !CLOCK_RULE_IDS.has(f.ruleId)));
    return { revision, sectionVersions: sectionVersionsOf(report.sections), ...countsOf(summary), narrative: this.narrativeOf(report) };
  }

  /**
   * The report's narrative signatures: the stored ones while sections 五 and 一 are at the versions
   * they were computed for (a PUT of table 三 does not shingle section 五 again), else computed.
   */
  narrativeOf(report: StoredReport): NarrativeSignatures {
    const stored = report.findingCounts;
    const unchanged =
      stored?.narrative !== undefined &&
      NARRATIVE_SECTIONS.every((name) => stored.sectionVersions[name] === report.sections[name]?.version);
    return unchanged ? stored.narrative! : narrativeSignatures(reportContent(report));
  }

  /**
   * The other agencies' reports of the year that N-06 must compare with: from one listing of the
   * year, those whose stored signatures estimate a similarity near the threshold (or that have no
   * current signatures), read in full. Typically none or a few are read.
   */
  async similarPeers(report: StoredReport): Promise<AnyReportContent[]> {
    const own = this.narrativeOf(report);
    if (Object.keys(own).length === 0) return [];
    const listed = await this.repository.listYear(report.year);
    const candidates = listed.filter((other) => {
      if (other.agencyId === report.agencyId) return false;
      const counts = other.findingCounts;
      const theirs = counts && counts.revision === other.revision ? counts.narrative : undefined;
      return theirs === undefined || mayBeSimilar(own, theirs);
    });
    const reports = await mapWithConcurrency(candidates, 8, (other) => this.repository.getReport(other.agencyId, other.year));
    return reports.filter((peer): peer is StoredReport => peer !== undefined).map(reportContent);
  }

  /** For a status change (content unchanged): the stored counts carried to the next revision. */
  countsForNextRevision(report: StoredReport): StoredFindingCounts {
    const stored = this.currentStoredCounts(report);
    // Counts stored before the narrative signatures get them here, so such a report stops being read
    // in full by every other agency's N-06 peer search (similarPeers) after its next status change.
    return stored
      ? { ...stored, revision: report.revision + 1, ...(stored.narrative ? {} : { narrative: this.narrativeOf(report) }) }
      : this.storedCountsFor(report, report.revision + 1);
  }

  private currentStoredCounts(report: StoredReport): StoredFindingCounts | undefined {
    const stored = report.findingCounts;
    if (!stored || stored.revision !== report.revision) return undefined;
    const names = Object.keys(report.sections) as SectionName[];
    if (names.length !== Object.keys(stored.sectionVersions).length) return undefined;
    return names.every((name) => stored.sectionVersions[name] === report.sections[name]?.version) ? stored : undefined;
  }

  private withClockRules(stored: FindingCounts, report: { year: number; agency: Agency }, publishedAt?: string): FindingCounts {
    const context = {
      // The clock's rules read the year and the agency only.
      report: { year: report.year, templateVersion: "2021" as const, title: "", agency: report.agency, sections: {} },
      publishedAt,
      now: this.clock(),
      deadlines: this.config.DEADLINES,
      timeZone: this.config.TIME_ZONE,
    };
    const counts = { errors: stored.errors, warnings: stored.warnings, infos: stored.infos };
    for (const finding of CLOCK_RULES.flatMap((rule) => rule.check(context))) {
      if (finding.severity === "ERROR") counts.errors += 1;
      else if (finding.severity === "WARNING") counts.warnings += 1;
      else counts.infos += 1;
    }
    return counts;
  }

  async previousYear(report: StoredReport): Promise<StoredReport | undefined> {
    return this.repository.getReport(report.agencyId, report.year - 1);
  }

  async requireReport(agencyId: string, year: number): Promise<StoredReport> {
    const report = await this.repository.getReport(agencyId, year);
    if (report) return report;
    // Only on this failure path: name the agency as the clerk knows it.
    const agency = await this.repository.getAgency(agencyId);
    throw new NotFoundError(agency ? `${agency.fullName} 的 ${year} 年度报告不存在` : `机构 ${agencyId} 不存在`);
  }

  reportView(report: StoredReport, counts: FindingCounts) {
    const { deadline, late } = deadlineStatus(
      report.agency.kind,
      report.year,
      this.config.DEADLINES,
      firstPublication(report),
      this.clock(),
      this.config.TIME_ZONE,
    );
    const sections = Object.fromEntries(
      Object.entries(report.sections).map(([name, stored]) => {
        const s = stored as StoredSection;
        return [
          name,
          {
            data: s.data,
            etag: etagOf(s.version),
            version: s.version,
            updatedAt: s.updatedAt,
            updatedBy: s.updatedBy,
            computedTotals: s.computedTotals,
            ...(s.adoptedAggregate ? { adoptedAggregate: s.adoptedAggregate } : {}),
          },
        ];
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
      ...(report.submittedAt ? { submittedAt: report.submittedAt } : {}),
      deadline,
      late,
      sections,
      versions: report.versions,
      ...(report.inForceBaseline ? { inForceBaseline: report.inForceBaseline } : {}),
      findingCounts: countsOf(counts),
    };
  }

  now(): string {
    return this.clock().toISOString();
  }

  /** A stored report's content, imported (2019 shapes, unread cells) or authored. */
  contentOf(report: StoredReport): AnyReportContent {
    return reportContent(report);
  }

  private expectedVersion(current: StoredSection | undefined, precondition: SectionPrecondition): number | null {
    if (!current) {
      if (precondition.kind !== "none") {
        throw new PreconditionFailedError("该章节尚不存在，If-Match 不匹配；新建章节时不要带 If-Match");
      }
      return null;
    }
    if (precondition.kind === "none") {
      throw new PreconditionRequiredError("替换已有章节须提供 If-Match 请求头：请先读取该章节，并把其 ETag 作为 If-Match", etagOf(current.version));
    }
    // "*" would replace whatever is there now, unseen: exactly the lost update If-Match exists to prevent.
    if (precondition.kind === "any") {
      throw new PreconditionRequiredError("替换已有章节不接受 If-Match: *：请先读取该章节，并把其 ETag 作为 If-Match", etagOf(current.version));
    }
    if (precondition.versions.includes(current.version)) return current.version;
    throw new PreconditionFailedError("该章节已被他人修改，请重新获取后再提交", etagOf(current.version));
  }

  private publishedConflict(report: StoredReport): ConflictError {
    return new ConflictError(`报告已发布（第 ${report.versions.length} 版），不能修改；如需更正请先由县政务公开办重新开放`);
  }
}

/** Paths of the numbers in a section body that are above Number.MAX_SAFE_INTEGER. */
function unsafeTotals(section: string, data: unknown): string[] {
  const paths: string[] = [];
  const walk = (value: unknown, path: string): void => {
    if (typeof value === "number" && !Number.isSafeInteger(value) && Number.isInteger(value)) paths.push(path);
    else if (value && typeof value === "object") for (const [key, child] of Object.entries(value)) walk(child, `${path}.${key}`);
  };
  walk(data, section);
  return paths;
}

/** A write retried this often while other writes to the same report keep landing first. */
const MAX_WRITE_ATTEMPTS = 5;

const countsOf = (counts: FindingCounts): FindingCounts => ({ errors: counts.errors, warnings: counts.warnings, infos: counts.infos });

/** When the report was first published (versions are kept oldest first), if it has been. */
export function firstPublication(report: Pick<StoredReport, "versions">): string | undefined {
  return report.versions[0]?.publishedAt;
}

/** The sections an adopted aggregate fills: tables 二, 三 and 四. */
export const AGGREGATE_SECTIONS = ["activeDisclosure", "applications", "reviewLitigation"] as const satisfies readonly SectionName[];

/**
 * How many member reports the report's tables aggregate: all three table sections are still those
 * of one adoption (a later PUT of any of them drops its marker), else undefined.
 */
export function adoptedAggregateOf(report: Pick<StoredReport, "sections">): AdoptedAggregate | undefined {
  const markers = AGGREGATE_SECTIONS.map((name) => report.sections[name]?.adoptedAggregate);
  const first = markers[0];
  return first && markers.every((m) => m?.adoptedAt === first.adoptedAt) ? first : undefined;
}

/**
 * If-Match for a write of several sections at once (an adoption of the aggregate, an import into the
 * draft): exactly the ETags of the sections `existing` lists, in any order; no header when there is
 * none. An ETag is a section's version and every write raises one version by one, so any write since
 * the client's read changes the list — one tag per section, unlike a list matched section by section,
 * where a section that moved to another listed version would pass.
 */
export function checkSectionsPrecondition(existing: number[], precondition: SectionPrecondition, sections: string): void {
  const current = existing.map(etagOf).join(", ");
  if (existing.length === 0) {
    if (precondition.kind !== "none") throw new PreconditionFailedError(`${sections}尚无已填写的章节，If-Match 不匹配；此时不要带 If-Match`);
    return;
  }
  if (precondition.kind !== "versions") {
    throw new PreconditionRequiredError(`替换已有章节须提供 If-Match：列出${sections}中已有章节的全部 ETag（当前为 ${current}），不接受 *`);
  }
  const sent = [...precondition.versions].sort((a, b) => a - b).join(",");
  if (sent !== [...existing].sort((a, b) => a - b).join(",")) {
    throw new PreconditionFailedError(`${sections}已被修改（当前 ETag 为 ${current}），请重新获取后再提交`);
  }
}
