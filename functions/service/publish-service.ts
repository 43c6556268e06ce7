import { createHash, randomUUID } from "node:crypto";
import type { PublishBody, PublishRunBody } from "../report/schemas";
import type { ReportPageView } from "../report/render";
import type { Actor } from "./actor";
import { CountyBoard } from "./county-board";
import {
  AcknowledgementRequiredError,
  ConflictError,
  CorrectionNoteRequiredError,
  FindingsBlockError,
  IdempotencyKeyReuseError,
  PublishInProgressError,
  SiteSyncPendingError,
  UnneededAcknowledgementError,
} from "./errors";
import { EditionPublisher, type EditionsOutcome } from "./edition-publisher";
import type {
  Acknowledgement,
  EditionRenderer,
  PublishMessage,
  PublishQueue,
  PublishRepository,
  PublishResult,
  PublishRun,
  RunOutcome,
  SiteStore,
  StoredReport,
  VersionRecord,
} from "./ports";
import { PublishRuns } from "./publish-runs";
import { ReportImport } from "./report-import";
import { adoptedAggregateOf, firstPublication, type ReportService, reportContent, type ServiceConfig } from "./report-service";
import { openDataRowOf, SitePublisher, versionSummaryOf } from "./site-publisher";
import { siteKeys, siteUrl, CONTENT_TYPES } from "./site-layout";
import { YearOpening } from "./year-opening";
import { logger } from "../log";

export type { BoardStatus } from "./county-board";

/** What the worker did with one message: a run's outcome for its report, a chunk of a year opened, a version's editions. */
export type MessageOutcome = RunOutcome | { kind: "openYear"; year: number; created: number; existing: number } | EditionsOutcome;

export interface PublishDeps {
  reports: ReportService;
  repository: PublishRepository;
  site: SiteStore;
  config: ServiceConfig & { PUBLISH_LEASE_SECONDS: number; PUBLISH_EDITIONS: boolean };
  clock?: () => Date;
  /** The Word/PDF renderer: given to the publish worker (and the local runner), never to the api. */
  editionRenderer?: EditionRenderer;
  /** The page renderer; replaceable so a test can make one report's rendering fail. */
  renderPage?: (view: ReportPageView) => string;
}

/**
 * Publishing a report (and reopening it for a correction). The other publishing use cases live in
 * their own modules — the site's files (site-publisher.ts), the county board (county-board.ts),
 * opening a year (year-opening.ts), publish runs (publish-runs.ts) — and are reached through this
 * service so the entries and routes have one object to call.
 */
export class PublishService {
  private readonly reports: ReportService;
  private readonly repository: PublishRepository;
  private readonly config: PublishDeps["config"];
  private readonly clock: () => Date;
  readonly sitePublisher: SitePublisher;
  readonly countyBoard: CountyBoard;
  readonly yearOpening: YearOpening;
  readonly runs: PublishRuns;
  readonly reportImport: ReportImport;
  readonly editions: EditionPublisher;
  /** Set after construction: the in-process queue needs this service to process its messages. */
  queue?: PublishQueue;

  constructor(deps: PublishDeps) {
    this.reports = deps.reports;
    this.repository = deps.repository;
    this.config = deps.config;
    this.clock = deps.clock ?? (() => new Date());
    this.sitePublisher = new SitePublisher({ repository: deps.repository, site: deps.site, config: deps.config, clock: this.clock, renderPage: deps.renderPage });
    this.countyBoard = new CountyBoard(deps.reports, deps.repository, this.sitePublisher, this.clock);
    this.yearOpening = new YearOpening(deps.reports, deps.repository, deps.site, this.clock, () => this.queue);
    this.reportImport = new ReportImport(deps.reports, deps.repository, deps.site, this.sitePublisher, deps.config, this.clock);
    this.runs = new PublishRuns(this, deps.repository, this.sitePublisher, () => this.queue, this.clock);
    this.editions = new EditionPublisher(deps.repository, deps.site, deps.editionRenderer, () => this.queue);
  }

  board = (year: number) => this.countyBoard.board(year);
  openYear = (year: number) => this.yearOpening.openYear(year);
  startYearOpening = (year: number) => this.yearOpening.startYearOpening(year);
  startRun = (year: number, body: PublishRunBody, trigger: PublishRun["trigger"]) => this.runs.startRun(year, body, trigger);
  getRun = (year: number, runId: string) => this.runs.getRun(year, runId);
  /** The publish worker's message: a report of a run, or a chunk of a year's opening. */
  processMessage = async (message: PublishMessage): Promise<MessageOutcome> => {
    if (message.kind === "openYear") {
      const opened = await this.yearOpening.openAgencies(message.year, message.agencies);
      return { kind: "openYear", year: message.year, created: opened.created.length, existing: opened.existing.length };
    }
    if (message.kind === "editions") return this.editions.render(message.agencyId, message.year, message.version);
    return this.runs.processMessage(message);
  };
  syncSite = (report: StoredReport, options?: { deferYearFiles?: boolean }) => this.sitePublisher.syncSite(report, options);
  regenerateYear = (year: number, justPublished?: StoredReport) => this.sitePublisher.regenerateYear(year, justPublished);

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
      await this.completeSite(report, options);
      return earlier.result;
    }
    if (report.status === "published") {
      await this.completeSite(report, options);
      throw new ConflictError(`该报告已发布第 ${report.versions.length} 版；如需更正请先重新开放`, {
        version: report.versions.length,
      });
    }
    if (options.onlyFromSubmitted && report.status !== "submitted") {
      throw new ConflictError("报告尚未提交");
    }

    const publishedAt = this.clock().toISOString();
    // A correction (v2 …) is judged late or not by its first publication, as the page shows it.
    const summary = this.reports.findingsFor(report, await this.reports.previousYear(report), firstPublication(report) ?? publishedAt);
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
    // The county government's tables adopted from its members' aggregate: the page says so.
    const aggregated = adoptedAggregateOf(report);
    const record: VersionRecord = {
      version,
      publishedAt,
      publishedBy: actor.subject,
      ...(isCorrection ? { correctionNote: body.correctionNote } : {}),
      ...(acknowledgements.length > 0 ? { acknowledgements } : {}),
      ...(aggregated ? { aggregatedMembers: aggregated.memberCount } : {}),
      ...(this.config.PUBLISH_EDITIONS ? { editions: true } : {}),
      files: this.sitePublisher.reportFiles(year, agencyId, version),
    };
    const result: PublishResult = {
      version,
      publishedAt,
      url: siteUrl(this.config.SITE_BASE_URL, siteKeys.reportIndex(year, agencyId)),
      files: record.files,
      ...(record.editions
        ? {
            editions: {
              docx: siteUrl(this.config.SITE_BASE_URL, siteKeys.versionDocx(year, agencyId, version)),
              pdf: siteUrl(this.config.SITE_BASE_URL, siteKeys.versionPdf(year, agencyId, version)),
            },
          }
        : {}),
    };
    const published: StoredReport = { ...report, status: "published", reopened: false, versions: [...report.versions, record] };

    try {
      // The immutable files first: until the commit below nothing links to them, so a failure here
      // leaves the report exactly as it was and a retry simply writes them again.
      const page = this.sitePublisher.renderVersionPage(published, record, "archived");
      const openData = this.sitePublisher.openDataJson(published, record);
      await this.sitePublisher.putFile(siteKeys.versionHtml(year, agencyId, version), page, CONTENT_TYPES.html, { immutable: true });
      await this.sitePublisher.putFile(siteKeys.versionJson(year, agencyId, version), openData, CONTENT_TYPES.json, { immutable: true });
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
      historyEntry: versionSummaryOf(record),
      revisionRecord: {
        revision: report.revision + 1,
        action: "published" as const,
        actor: actor.subject,
        at: publishedAt,
        status: "published" as const,
        version,
        ...(record.correctionNote ? { correctionNote: record.correctionNote } : {}),
        ...(record.acknowledgements ? { acknowledgements: record.acknowledgements } : {}),
      },
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
    // Committed: the report is published. The mutable files and the editions follow; if they fail,
    // any retry of this publish (same key or not) makes them, so say so instead of pretending
    // nothing happened.
    try {
      await this.completeSite(published, options);
    } catch (error) {
      logger.error("site sync after commit failed", { agencyId, year, version, error });
      throw new SiteSyncPendingError(version);
    }
    return result;
  }

  /**
   * The site after a commit: the latest pages and year files, then the latest version's Word and
   * PDF files (rendered here in the worker, enqueued for it from the api). Both are idempotent, so
   * every retry of a publish calls this again.
   */
  async completeSite(report: StoredReport, options: { deferYearFiles?: boolean }): Promise<void> {
    await this.syncSite(report, options);
    const latest = report.versions.at(-1);
    if (latest?.editions) await this.editions.request(report.agencyId, report.year, latest.version);
  }

  /** After an inconclusive commit: did this very version land (e.g. the response was lost)? */
  private async landed(agencyId: string, year: number, record: VersionRecord): Promise<boolean> {
    const now = await this.repository.getReport(agencyId, year);
    return now?.versions.some((v) => v.version === record.version && v.publishedAt === record.publishedAt) ?? false;
  }

  /** A published report becomes a draft correction of itself; its published versions stay online. */
  async reopen(actor: Actor, agencyId: string, year: number) {
    const report = await this.reports.requireReport(agencyId, year);
    if (report.status !== "published") throw new ConflictError("只有已发布的报告可以重新开放");
    const now = this.clock().toISOString();
    const moved = await this.repository.transition(agencyId, year, {
      from: "published",
      to: "draft",
      revision: report.revision,
      now,
      reopen: true,
      findingCounts: this.reports.countsForNextRevision(report),
      revisionRecord: { revision: report.revision + 1, action: "reopened", actor: actor.subject, at: now, status: "draft" },
    });
    if (!moved) throw new ConflictError("报告状态已变化，请刷新后重试");
    const reopened = await this.reports.requireReport(agencyId, year);
    return this.reports.reportView(reopened, this.reports.findingCountsOf(reopened));
  }
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

