import { createHash, randomUUID } from "node:crypto";
import {
  AGENCY_KINDS,
  type AgencyKind,
  APPLICANT_COLUMNS,
  APPLICATION_ROW_KEYS,
  REPORT_STATUS_LABELS,
  reportTitle,
} from "../report/catalogue";
import { completeSectionTracked } from "../report/complete";
import { deadlineStatus, localDate } from "../report/deadline";
import {
  openDataCsv,
  type OpenDataCsvRow,
  renderAgencyHistory,
  renderNotFoundPage,
  renderReportPage,
  renderSiteRoot,
  type ReportEdition,
  renderYearIndex,
  reportOpenData,
  type ReportOpenData,
  type ReportPageView,
  yearIndexJson,
} from "../report/render";
import {
  type Agency,
  type ApplicantCounts,
  type PublishBody,
  type PublishRunBody,
  type ReportContent,
  type SectionInputs,
} from "../report/schemas";
import { type Actor, SYSTEM_ACTOR } from "./actor";
import {
  AcknowledgementRequiredError,
  AppError,
  ConflictError,
  CorrectionNoteRequiredError,
  FindingsBlockError,
  IdempotencyKeyReuseError,
  NotFoundError,
  PublishInProgressError,
  SiteSyncPendingError,
  UnneededAcknowledgementError,
} from "./errors";
import type {
  Acknowledgement,
  AgencyWithHistory,
  PublishMessage,
  PublishQueue,
  PublishRepository,
  PublishResult,
  PublishRun,
  RunOutcome,
  SiteStore,
  StoredReport,
  StoredSection,
  VersionRecord,
  YearReportSummary,
} from "./ports";
import { type ReportService, reportContent, type ServiceConfig } from "./report-service";
import { CONTENT_TYPES, reportPageLinks, siteKeys, siteRootPath, siteUrl, versionPageLinks, yearIndexLinks } from "./site-layout";

export interface PublishDeps {
  reports: ReportService;
  repository: PublishRepository;
  site: SiteStore;
  config: ServiceConfig & { PUBLISH_LEASE_SECONDS: number };
  clock?: () => Date;
  /** The page renderer; replaceable so a test can make one report's rendering fail. */
  renderPage?: (view: ReportPageView) => string;
}

export type BoardStatus = keyof typeof REPORT_STATUS_LABELS;

export class PublishService {
  private readonly reports: ReportService;
  private readonly repository: PublishRepository;
  private readonly site: SiteStore;
  private readonly config: PublishDeps["config"];
  private readonly clock: () => Date;
  private readonly renderPage: (view: ReportPageView) => string;
  /** Set after construction: the in-process queue needs this service to process its messages. */
  queue?: PublishQueue;

  constructor(deps: PublishDeps) {
    this.reports = deps.reports;
    this.repository = deps.repository;
    this.site = deps.site;
    this.config = deps.config;
    this.clock = deps.clock ?? (() => new Date());
    this.renderPage = deps.renderPage ?? renderReportPage;
  }

  // ------------------------------------------------------------ publish

  async publish(
    actor: Actor,
    agencyId: string,
    year: number,
    body: PublishBody,
    idempotencyKey: string | undefined,
    options: {
      onlyFromSubmitted?: boolean;
      /** A publish run rewrites the year's index and open data once at its end, not per report. */
      deferYearFiles?: boolean;
    } = {},
  ): Promise<PublishResult> {
    const report = await this.reports.requireReport(agencyId, year);

    const requestHash = publishRequestHash(body);
    const earlier = idempotencyKey && Object.hasOwn(report.idempotencyRecords, idempotencyKey) ? report.idempotencyRecords[idempotencyKey] : undefined;
    if (earlier) {
      // The key answers for the request it was first used with; another request (e.g. a correction)
      // replayed onto it would be told it succeeded while nothing was published.
      if (earlier.requestHash !== undefined && earlier.requestHash !== requestHash) throw new IdempotencyKeyReuseError();
      // A retry after a crash between commit and the site files completes the site here.
      await this.syncSite(report, options);
      return earlier.result;
    }
    if (report.status === "published") {
      await this.syncSite(report, options);
      throw new ConflictError(`该报告已发布第 ${report.versions.length} 版；如需更正请先重新开放`, {
        version: report.versions.length,
      });
    }
    if (options.onlyFromSubmitted && report.status !== "submitted") {
      throw new ConflictError("报告尚未提交");
    }

    const publishedAt = this.clock().toISOString();
    const summary = this.reports.findingsFor(report, await this.reports.previousYear(report), publishedAt);
    const errors = summary.findings.filter((f) => f.severity === "ERROR");
    if (errors.length > 0) throw new FindingsBlockError("发布", summary);

    const given = new Map((body.acknowledgements ?? []).map((a) => [a.ruleId, a.note]));
    const needing = [...new Set(summary.findings.filter((f) => f.needsAcknowledgement).map((f) => f.ruleId))];
    const missing = needing.filter((ruleId) => !given.has(ruleId));
    if (missing.length > 0) {
      throw new AcknowledgementRequiredError(missing, summary.findings.filter((f) => missing.includes(f.ruleId)));
    }
    // An explanation for a warning the report doesn't have would be published as if it answered something.
    const unneeded = [...given.keys()].filter((ruleId) => !needing.includes(ruleId));
    if (unneeded.length > 0) throw new UnneededAcknowledgementError(unneeded);
    const isCorrection = report.versions.length > 0;
    if (isCorrection && !body.correctionNote) throw new CorrectionNoteRequiredError();

    const version = report.versions.length + 1;
    const claimId = randomUUID();
    const leaseUntil = new Date(this.clock().getTime() + this.config.PUBLISH_LEASE_SECONDS * 1000).toISOString();
    const claimed = await this.repository.claimPublish(agencyId, year, {
      claimId,
      version,
      leaseUntil,
      idempotencyKey,
      revision: report.revision,
      fromStatuses: options.onlyFromSubmitted ? ["submitted"] : ["draft", "submitted"],
      now: publishedAt,
    });
    if (!claimed) throw new PublishInProgressError();

    const acknowledgements: Acknowledgement[] = needing.map((ruleId) => ({
      ruleId,
      note: given.get(ruleId)!,
      by: actor.subject,
      at: publishedAt,
    }));
    const record: VersionRecord = {
      version,
      publishedAt,
      publishedBy: actor.subject,
      ...(isCorrection ? { correctionNote: body.correctionNote } : {}),
      ...(acknowledgements.length > 0 ? { acknowledgements } : {}),
      files: this.reportFiles(year, agencyId, version),
    };
    const result: PublishResult = {
      version,
      publishedAt,
      url: siteUrl(this.config.SITE_BASE_URL, siteKeys.reportIndex(year, agencyId)),
      files: record.files,
    };
    const published: StoredReport = { ...report, status: "published", reopened: false, versions: [...report.versions, record] };

    try {
      // The immutable files first: until the commit below nothing links to them, so a failure here
      // leaves the report exactly as it was and a retry simply writes them again.
      const page = this.renderVersionPage(published, record, "archived");
      const openData = this.openDataJson(published, record);
      await this.site.put(siteKeys.versionHtml(year, agencyId, version), page, CONTENT_TYPES.html, { immutable: true });
      await this.site.put(siteKeys.versionJson(year, agencyId, version), openData, CONTENT_TYPES.json, { immutable: true });
    } catch (error) {
      // The original failure is what the caller must see, even if freeing the claim fails too.
      await this.repository.releasePublish(agencyId, year, claimId).catch(() => undefined);
      throw error;
    }
    const commit = {
      claimId,
      revision: report.revision,
      record,
      result,
      idempotencyKey,
      requestHash,
      openDataRow: openDataRowOf(reportContent(published), record),
      findingCounts: this.reports.countsForNextRevision(report),
    };
    let committed: boolean;
    try {
      committed = await this.repository.commitPublish(agencyId, year, commit);
    } catch (error) {
      // The commit did not go through (its token makes a landed one succeed on retry): free the
      // report at once rather than leaving it locked for the lease. If it did land, the claim is
      // already gone and this release is a no-op.
      await this.repository.releasePublish(agencyId, year, claimId).catch(() => undefined);
      throw error;
    }
    if (!committed && !(await this.landed(agencyId, year, record))) {
      await this.repository.releasePublish(agencyId, year, claimId);
      throw new ConflictError("发布期间报告被修改或发布权被接管，本次发布未生效，请重试");
    }
    // Committed: the report is published. The mutable files follow; if they fail, any retry of
    // this publish (same key or not) rewrites them, so say so instead of pretending nothing happened.
    try {
      await this.syncSite(published, options);
    } catch (error) {
      console.error(JSON.stringify({ level: "error", msg: "site sync after commit failed", agencyId, year, version, error: String(error) }));
      throw new SiteSyncPendingError(version);
    }
    return result;
  }

  /** After an inconclusive commit: did this very version land (e.g. the response was lost)? */
  private async landed(agencyId: string, year: number, record: VersionRecord): Promise<boolean> {
    const now = await this.repository.getReport(agencyId, year);
    return now?.versions.some((v) => v.version === record.version && v.publishedAt === record.publishedAt) ?? false;
  }

  /** A published report becomes a draft correction of itself; its published versions stay online. */
  async reopen(agencyId: string, year: number) {
    const report = await this.reports.requireReport(agencyId, year);
    if (report.status !== "published") throw new ConflictError("只有已发布的报告可以重新开放");
    const moved = await this.repository.transition(agencyId, year, {
      from: "published",
      to: "draft",
      revision: report.revision,
      now: this.clock().toISOString(),
      reopen: true,
      findingCounts: this.reports.countsForNextRevision(report),
    });
    if (!moved) throw new ConflictError("报告状态已变化，请刷新后重试");
    const reopened = await this.reports.requireReport(agencyId, year);
    return this.reports.reportView(reopened, this.reports.findingCountsOf(reopened));
  }

  // ------------------------------------------------------------ the site

  private reportFiles(year: number, agencyId: string, version: number): string[] {
    return [
      siteKeys.versionHtml(year, agencyId, version),
      siteKeys.versionJson(year, agencyId, version),
      siteKeys.reportIndex(year, agencyId),
      siteKeys.reportJson(year, agencyId),
      siteKeys.yearIndex(year),
      siteKeys.yearJson(year),
      siteKeys.yearCsv(year),
      siteKeys.agencyHistory(agencyId),
    ];
  }

  /**
   * A version's page: "archived" is the immutable v{n}.html, which never claims to be current;
   * "latest" is index.html, which says it is and lists every version with its 更正说明.
   */
  private renderVersionPage(report: StoredReport, record: VersionRecord, edition: ReportEdition): string {
    return this.renderPage({
      content: reportContent(report),
      mode: "published",
      edition,
      version: record.version,
      publishedAt: record.publishedAt,
      correctionNote: record.correctionNote,
      versions: report.versions
        .filter((v) => v.version <= record.version)
        .map((v) => ({ version: v.version, publishedAt: v.publishedAt, correctionNote: v.correctionNote, href: `./v${v.version}.html` })),
      links: edition === "archived" ? versionPageLinks(report.agencyId, record.version) : reportPageLinks(report.agencyId),
    });
  }

  private openDataJson(report: StoredReport, record: VersionRecord): string {
    return `${JSON.stringify(
      reportOpenData({
        content: reportContent(report),
        version: record.version,
        publishedAt: record.publishedAt,
        correctionNote: record.correctionNote,
      }),
      null,
      2,
    )}\n`;
  }

  /**
   * Writes the mutable files that follow a report's latest published version: its index.html (the
   * "latest" edition) and report.json, both rendered from the same stored content as v{n} (so
   * "latest" can never differ from the version it names), then the year's index and open data and
   * the agency's history. Idempotent.
   */
  async syncSite(report: StoredReport, options: { deferYearFiles?: boolean } = {}): Promise<void> {
    const latest = report.versions.at(-1);
    if (!latest) return;
    const { year, agencyId } = report;
    // A reopened report's sections are an unpublished correction: its pages stay as last published.
    const published = report.status === "published" ? report : undefined;
    if (published) {
      await this.site.put(siteKeys.reportIndex(year, agencyId), this.renderVersionPage(published, latest, "latest"), CONTENT_TYPES.html);
      await this.site.put(siteKeys.reportJson(year, agencyId), this.openDataJson(published, latest), CONTENT_TYPES.json);
    }
    if (!options.deferYearFiles) await this.regenerateYear(year, published);
  }

  /**
   * The year's index page, index.json and open-data.csv from the one year Query (each published
   * report's META carries its open-data row: no S3 reads), then the agency history pages. The year
   * index is eventually consistent, so the report just published, `justPublished`, is taken as it is.
   * After a manual publish in a year that already had published reports (so the site root lists it)
   * only that agency's history is rewritten; otherwise (the year's first publication, the end of a
   * run) the site root and every listed agency's history too.
   */
  async regenerateYear(year: number, justPublished?: StoredReport): Promise<void> {
    const byAgency = new Map((await this.repository.listYear(year, { openData: true })).map((r) => [r.agencyId, r]));
    if (justPublished) byAgency.set(justPublished.agencyId, yearSummaryOfPublished(justPublished));
    const reports = [...byAgency.values()].sort((a, b) => a.agencyId.localeCompare(b.agencyId));
    const now = this.clock();
    const entries = reports.map((r) => ({
      agency: r.agency,
      status: r.latestVersion > 0 ? ("published" as const) : ("unpublished" as const),
      ...this.deadlineStatus(r.agency, year, r.firstPublishedAt, now),
      ...(r.latestVersion > 0 ? { version: r.latestVersion, publishedAt: r.publishedAt, correctionCount: r.latestVersion - 1 } : {}),
    }));
    const rows: OpenDataCsvRow[] = [];
    for (const r of reports.filter((r) => r.latestVersion > 0)) {
      const row = r.openDataRow ?? (await this.openDataRowFromReportJson(r));
      if (row) rows.push(row);
    }

    const view = { countyName: this.config.COUNTY_NAME, year, generatedAt: now.toISOString(), entries };
    await this.site.put(siteKeys.yearIndex(year), renderYearIndex({ ...view, links: yearIndexLinks }), CONTENT_TYPES.html);
    await this.site.put(siteKeys.yearJson(year), `${JSON.stringify(yearIndexJson(view), null, 2)}\n`, CONTENT_TYPES.json);
    await this.site.put(siteKeys.yearCsv(year), openDataCsv(rows), CONTENT_TYPES.csv);

    const withThisPublication = (entry: AgencyWithHistory): AgencyWithHistory =>
      justPublished && entry.agency.agencyId === justPublished.agencyId
        ? { agency: entry.agency, published: { ...entry.published, [year]: justPublished.versions.map(({ version, publishedAt, correctionNote }) => ({ version, publishedAt, correctionNote })) } }
        : entry;
    const yearAlreadyListed = justPublished && reports.some((r) => r.agencyId !== justPublished.agencyId && r.latestVersion > 0);
    if (justPublished && yearAlreadyListed) {
      const agency = await this.repository.getAgencyWithHistory(justPublished.agencyId);
      if (agency) await this.writeAgencyHistory(withThisPublication(agency));
      return;
    }
    const agencies = (await this.repository.listAgenciesWithHistory()).map(withThisPublication);
    await this.writeSiteFrontDoor(agencies, year);
    const touched = agencies.filter(({ agency }) => (justPublished ? agency.agencyId === justPublished.agencyId : byAgency.has(agency.agencyId)));
    for (const agency of touched) await this.writeAgencyHistory(agency);
  }

  private async writeAgencyHistory({ agency, published }: AgencyWithHistory): Promise<void> {
    const reports = Object.entries(published).map(([y, versions]) => ({ year: Number(y), versions }));
    await this.site.put(
      siteKeys.agencyHistory(agency.agencyId),
      renderAgencyHistory({ countyName: this.config.COUNTY_NAME, agency, reports }),
      CONTENT_TYPES.html,
    );
  }

  /** A report published before open-data rows were stored: its row from report.json, kept for next time. */
  private async openDataRowFromReportJson(report: YearReportSummary): Promise<OpenDataCsvRow | undefined> {
    const json = await this.site.get(siteKeys.reportJson(report.year, report.agencyId));
    if (!json) return undefined;
    const data = JSON.parse(json) as ReportOpenData;
    const row = openDataRowOf(
      { year: data.year, templateVersion: data.templateVersion, title: data.title, agency: data.agency, sections: data.sections },
      data,
    );
    await this.repository.saveOpenDataRow(report.agencyId, report.year, row);
    return row;
  }

  /** The site root (the years that have an index) and the 404 page. */
  private async writeSiteFrontDoor(agencies: { published: Record<string, unknown> }[], year: number): Promise<void> {
    const years = new Set([year, ...agencies.flatMap(({ published }) => Object.keys(published).map(Number))]);
    const countyName = this.config.COUNTY_NAME;
    await this.site.put(siteKeys.siteRoot, renderSiteRoot({ countyName, years: [...years] }), CONTENT_TYPES.html);
    const homeHref = siteRootPath(this.config.SITE_BASE_URL);
    await this.site.put(siteKeys.notFound, renderNotFoundPage({ countyName, homeHref }), CONTENT_TYPES.html);
  }

  private deadlineStatus(agency: Agency, year: number, firstPublishedAt: string | undefined, now: Date) {
    return deadlineStatus(agency.kind, year, this.config.DEADLINES, firstPublishedAt, now, this.config.TIME_ZONE);
  }

  // ------------------------------------------------------------ the county board

  async board(year: number) {
    const [agencies, metas] = await Promise.all([this.repository.listAgencies(), this.repository.listYear(year)]);
    const metaByAgency = new Map(metas.map((m) => [m.agencyId, m]));
    const now = this.clock();
    const rows = await mapWithConcurrency(agencies, 8, async (agency) => {
      const meta = metaByAgency.get(agency.agencyId);
      const { deadline, late } = this.deadlineStatus(agency, year, meta?.firstPublishedAt, now);
      let status: BoardStatus = "notStarted";
      let errors = 0;
      let warnings = 0;
      if (meta) {
        // The counts stored with the report's last change; only a report without current ones is read.
        let counts = this.reports.findingCountsOfListed(meta, meta.firstPublishedAt);
        if (!counts) {
          const report = await this.repository.getReport(agency.agencyId, year);
          if (report) counts = this.reports.findingCountsOf(report, meta.firstPublishedAt);
        }
        errors = counts?.errors ?? 0;
        warnings = counts?.warnings ?? 0;
        status =
          meta.status === "published" ? "published" : meta.status === "submitted" ? "submitted" : errors > 0 ? "hasErrors" : "draft";
      }
      return {
        agencyId: agency.agencyId,
        fullName: agency.fullName,
        kind: agency.kind,
        status,
        statusLabel: REPORT_STATUS_LABELS[status],
        deadline,
        late,
        errors,
        warnings,
        latestVersion: meta?.latestVersion ?? 0,
      };
    });
    const kindOrder = (kind: string) => AGENCY_KINDS.indexOf(kind as AgencyKind);
    rows.sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind) || a.agencyId.localeCompare(b.agencyId));
    return { year, reports: rows };
  }

  // ------------------------------------------------------------ the yearly job

  /** Opens `year`: a draft for every agency, 上年结转 prefilled from last year's published 结转下年度. */
  async openYear(year: number): Promise<{ created: string[]; existing: string[] }> {
    const agencies = await this.repository.listAgencies();
    const created: string[] = [];
    const existing: string[] = [];
    const now = this.clock().toISOString();
    for (const agency of agencies) {
      const previous = await this.previousPublished(agency, year);
      const carriedOver = previous?.sections.applications?.rows.carriedForward;
      const stock = previous?.sections.activeDisclosure;
      const title = reportTitle(agency.fullName, year);
      const sections = carriedOver ? { applications: prefilledApplications(carriedOver, year) } : {};
      const draft: StoredReport = {
        agencyId: agency.agencyId,
        year,
        templateVersion: "2021",
        title,
        agency,
        status: "draft",
        revision: 1,
        createdAt: now,
        updatedAt: now,
        reopened: false,
        sections: Object.fromEntries(
          Object.entries(sections).map(([name, completed]) => [
            name,
            { ...completed, version: 1, updatedAt: now, updatedBy: SYSTEM_ACTOR.subject } satisfies StoredSection,
          ]),
        ),
        versions: [],
        idempotencyRecords: {},
      };
      const made = await this.repository.createDraft({
        agency,
        year,
        title,
        sections,
        ...(stock
          ? { inForceBaseline: { fromYear: year - 1, regulations: stock.regulations.inForce, normativeDocuments: stock.normativeDocuments.inForce } }
          : {}),
        now,
        findingCounts: this.reports.storedCountsFor(draft, draft.revision),
      });
      (made ? created : existing).push(agency.agencyId);
    }
    return { created, existing };
  }

  /** Last year's report as published (its report.json), which is what this year must continue from. */
  private async previousPublished(agency: Agency, year: number): Promise<ReportOpenData | undefined> {
    const json = await this.site.get(siteKeys.reportJson(year - 1, agency.agencyId));
    return json ? (JSON.parse(json) as ReportOpenData) : undefined;
  }

  async startRun(year: number, body: PublishRunBody, trigger: PublishRun["trigger"]): Promise<PublishRun> {
    const kinds: AgencyKind[] = body.kinds ?? [...AGENCY_KINDS];
    const agencies = (await this.repository.listAgencies()).filter((a) => kinds.includes(a.kind));
    const startedAt = this.clock().toISOString();
    const run: PublishRun = {
      runId: `${startedAt.replace(/[-:.TZ]/g, "").slice(0, 14)}-${randomUUID().slice(0, 8)}`,
      year,
      kinds,
      startedAt,
      trigger,
      agencyIds: agencies.map((a) => a.agencyId),
      outcomes: [],
    };
    await this.repository.saveRun(run);
    if (!this.queue) throw new Error("publish queue not configured");
    // With nothing to publish no worker will finish the run, so its year files are written here.
    if (run.agencyIds.length === 0) await this.regenerateYear(year);
    await this.queue.enqueue(run.agencyIds.map((agencyId) => ({ runId: run.runId, agencyId, year })));
    return (await this.repository.getRun(year, run.runId)) ?? run;
  }

  async getRun(year: number, runId: string): Promise<PublishRun> {
    const run = await this.repository.getRun(year, runId);
    if (!run) throw new NotFoundError(`发布任务 ${runId} 不存在`);
    return run;
  }

  /**
   * The worker: publishes one report of a run if it is ready, and records why not otherwise.
   * Throws only on infrastructure failures, so SQS retries those and the DLQ catches the rest.
   * The worker that records a run's last outcome rewrites the year's index and open data.
   */
  async processMessage(message: PublishMessage): Promise<RunOutcome> {
    const outcome = await this.publishForRun(message).catch((error: unknown): RunOutcome => {
      if (isInfrastructureError(error)) throw error;
      const errorId = randomUUID().slice(0, 8);
      console.error(JSON.stringify({ level: "error", msg: "publish run item failed", errorId, ...message, error: String(error), stack: (error as Error)?.stack }));
      const detail = error instanceof Error ? error.message.slice(0, 200) : String(error).slice(0, 200);
      return { agencyId: message.agencyId, outcome: "failed", reason: `渲染或发布失败（错误编号 ${errorId}）：${detail}`, at: this.clock().toISOString() };
    });
    const { runComplete } = await this.repository.recordRunOutcome(message.year, message.runId, outcome);
    if (runComplete) await this.regenerateYear(message.year);
    return outcome;
  }

  private async publishForRun(message: PublishMessage): Promise<RunOutcome> {
    const { agencyId, year, runId } = message;
    const at = this.clock().toISOString();
    const skipped = (reason: string): RunOutcome => ({ agencyId, outcome: "skipped", reason, at });
    const report = await this.repository.getReport(agencyId, year);
    if (!report) return skipped("未开始填报");
    const key = `run-${runId}`;
    const earlier = report.idempotencyRecords[key];
    if (earlier) {
      // A redelivered message after a crash past the commit: finish the report's own files.
      await this.syncSite(report, { deferYearFiles: true });
      return { agencyId, outcome: "published", version: earlier.result.version, at };
    }
    if (report.status === "published") return skipped(`已发布第 ${report.versions.length} 版，无需重复发布`);
    if (report.status !== "submitted") return skipped("尚未提交（草稿）");
    try {
      const result = await this.publish(SYSTEM_ACTOR, agencyId, year, {}, key, { onlyFromSubmitted: true, deferYearFiles: true });
      return { agencyId, outcome: "published", version: result.version, at };
    } catch (error) {
      if (error instanceof FindingsBlockError) return skipped(error.message);
      if (error instanceof AcknowledgementRequiredError) return skipped(`${error.message}；须由县政务公开办填写说明后手动发布`);
      if (error instanceof CorrectionNoteRequiredError) return skipped("更正须填写更正说明，须手动发布");
      if (error instanceof AppError && (error.code === "CONFLICT" || error.code === "PUBLISH_IN_PROGRESS")) {
        return skipped(error.message);
      }
      throw error;
    }
  }
}

/**
 * The new year's table 三 with only 二、上年结转 filled in (from last year's 四、结转下年度继续办理);
 * every other cell starts at 0 for the clerk to fill, and （七）总计 is left to be computed.
 */
function prefilledApplications(carriedOver: ApplicantCounts, year: number) {
  const zeroRow = Object.fromEntries(APPLICANT_COLUMNS.map((c) => [c.key, 0]));
  const rows = Object.fromEntries(
    APPLICATION_ROW_KEYS.filter((key) => key !== "totalProcessed").map((key) => [
      key,
      key === "carriedOver" ? Object.fromEntries(APPLICANT_COLUMNS.map((c) => [c.key, carriedOver[c.key]])) : zeroRow,
    ]),
  );
  return completeSectionTracked("applications", { rows } as SectionInputs["applications"], year);
}

/** open-data.csv holds the report's metadata and every cell of tables 二, 三 and 四 (openDataCsv): a row keeps only those. */
const OPEN_DATA_CSV_SECTIONS = ["activeDisclosure", "applications", "reviewLitigation"] as const;

function openDataRowOf(content: ReportContent, version: { version: number; publishedAt: string }): OpenDataCsvRow {
  const sections = Object.fromEntries(
    OPEN_DATA_CSV_SECTIONS.filter((name) => content.sections[name] !== undefined).map((name) => [name, content.sections[name]]),
  );
  const { year, templateVersion, title, agency } = content;
  return { content: { year, templateVersion, title, agency, sections }, version: version.version, publishedAt: version.publishedAt };
}

/** The year listing's view of a report just published (the year index may not show the commit yet). */
function yearSummaryOfPublished(report: StoredReport): YearReportSummary {
  const latest = report.versions.at(-1)!;
  return {
    agencyId: report.agencyId,
    year: report.year,
    agency: report.agency,
    status: report.status,
    reopened: report.reopened,
    revision: report.revision,
    latestVersion: latest.version,
    firstPublishedAt: report.versions[0]!.publishedAt,
    publishedAt: latest.publishedAt,
    openDataRow: openDataRowOf(reportContent(report), latest),
  };
}

/**
 * The publish request an Idempotency-Key is bound to: its acknowledgements (ordered by rule, as
 * their order changes nothing) and its correction note.
 */
function publishRequestHash(body: PublishBody): string {
  const acknowledgements = (body.acknowledgements ?? [])
    .map(({ ruleId, note }) => [ruleId, note])
    .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0));
  return createHash("sha256").update(JSON.stringify({ acknowledgements, correctionNote: body.correctionNote ?? null })).digest("base64url");
}

/** AWS SDK errors (they carry $metadata) and a half-synced site are worth a retry; a bad report is not. */
function isInfrastructureError(error: unknown): boolean {
  if (error instanceof SiteSyncPendingError) return true;
  return typeof error === "object" && error !== null && ("$metadata" in error || (error as Error).name === "TransactionConflict");
}

async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  });
  await Promise.all(workers);
  return results;
}

export const currentReportYear = (now: Date, timeZone: string): number => Number(localDate(now, timeZone).slice(0, 4)) - 1;
