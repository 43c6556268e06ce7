import { randomUUID } from "node:crypto";
import { AGENCY_KINDS, type AgencyKind } from "../report/catalogue";
import type { PublishRunBody } from "../report/schemas";
import { SYSTEM_ACTOR } from "./actor";
import {
  AcknowledgementRequiredError,
  AppError,
  CorrectionNoteRequiredError,
  FindingsBlockError,
  isDependencyFailure,
  NotFoundError,
} from "./errors";
import type { PublishQueue, PublishRepository, PublishRun, RunOutcome, RunPublishMessage } from "./ports";
import type { PublishService } from "./publish-service";
import type { SitePublisher } from "./site-publisher";
import { logger } from "../log";
import { emitPublishOutcome, emitRunCompleted, emitRunStarted } from "../metrics";

export type RunView = ReturnType<typeof runView>;

/** Reads of the year index before the year files wait for it (about 1.2 s in all). */
const YEAR_INDEX_ATTEMPTS = 4;

/**
 * Where a run is: its agencies are being published ("running"), every agency has its outcome but
 * the year's files are not written yet ("writingYearFiles"), or both are done ("completed").
 */
export type RunStatus = "running" | "writingYearFiles" | "completed";

export function runStatus(run: PublishRun): RunStatus {
  if (run.outcomes.length < run.agencyIds.length) return "running";
  return run.yearFilesWrittenAt ? "completed" : "writingYearFiles";
}

/** A run as the API shows it: the summary with its progress counted. */
export function runView(run: PublishRun) {
  const count = (kind: RunOutcome["outcome"]) => run.outcomes.filter((o) => o.outcome === kind).length;
  return {
    ...run,
    status: runStatus(run),
    published: count("published"),
    skipped: count("skipped"),
    failed: count("failed"),
  };
}

/**
 * Publish runs: the yearly deadline's (or the county office's) publication of every submitted report,
 * one message per agency. A run ends with its own step, writing the year's files (index, index.json,
 * open-data.csv, site root, agency histories): whichever message finds every outcome recorded and the
 * files not yet written writes them, and a failure throws so that the message is delivered again and
 * the step retried. A run is only "completed" once that step succeeded.
 */
export class PublishRuns {
  constructor(
    private readonly publishing: PublishService,
    private readonly repository: PublishRepository,
    private readonly sitePublisher: SitePublisher,
    private readonly queue: () => PublishQueue | undefined,
    private readonly clock: () => Date,
  ) {}

  async startRun(year: number, body: PublishRunBody, trigger: PublishRun["trigger"]): Promise<RunView> {
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
    const queue = this.requireQueue();
    await this.repository.saveRun(run);
    emitRunStarted(run);
    // With nothing to publish no message will finish the run: it is complete as it starts. It changed
    // nothing, so the year's files stay as they are (and the yearly job, which may start it, writes no site object).
    if (run.agencyIds.length === 0) await this.completeWithoutFiles(run);
    await queue.enqueue(run.agencyIds.map((agencyId) => ({ runId: run.runId, agencyId, year })));
    return runView((await this.repository.getRun(year, run.runId)) ?? run);
  }

  async getRun(year: number, runId: string): Promise<RunView> {
    return runView(await this.requireRun(year, runId));
  }

  /**
   * Resumes a run that stopped (its messages were dead-lettered, or the year files kept failing):
   * enqueues again every agency that has no outcome; when all have one but the year files are not
   * written, writes them. Idempotent: a completed run is left as it is, and an agency whose message
   * is still on its way is only published once (the run's idempotency key, the outcome's condition).
   */
  async resumeRun(year: number, runId: string): Promise<RunView> {
    const run = await this.requireRun(year, runId);
    const recorded = new Set(run.outcomes.map((o) => o.agencyId));
    const missing = run.agencyIds.filter((agencyId) => !recorded.has(agencyId));
    if (missing.length > 0) {
      logger.info("publish run resumed", { runId, year, enqueued: missing.length });
      await this.requireQueue().enqueue(missing.map((agencyId) => ({ runId, agencyId, year })));
    } else if (!run.yearFilesWrittenAt) {
      logger.info("publish run resumed: writing its year files", { runId, year });
      await this.writeYearFiles(run);
    }
    return runView(await this.requireRun(year, runId));
  }

  /**
   * The worker: publishes one report of a run if it is ready, and records why not otherwise.
   * Throws on infrastructure failures and when the year files could not be written, so SQS retries
   * those (the retry finds its outcome recorded and goes on to the year files) and the DLQ catches
   * what keeps failing (docs/operations.md: resume the run).
   */
  async processMessage(message: RunPublishMessage): Promise<RunOutcome> {
    const outcome = await this.publishForRun(message).catch((error: unknown): RunOutcome => {
      if (isDependencyFailure(error)) throw error;
      const errorId = randomUUID().slice(0, 8);
      logger.error("publish run item failed", { errorId, ...message, error });
      const detail = error instanceof Error ? error.message.slice(0, 200) : String(error).slice(0, 200);
      return { agencyId: message.agencyId, outcome: "failed", reason: `渲染或发布失败（错误编号 ${errorId}）：${detail}`, at: this.clock().toISOString() };
    });
    const progress = await this.repository.recordRunOutcome(message.year, message.runId, outcome);
    if (progress.recorded) emitPublishOutcome(outcome.outcome, { runId: message.runId });
    if (progress.runComplete && !progress.yearFilesWritten) {
      await this.writeYearFiles({ year: message.year, runId: message.runId, startedAt: progress.startedAt });
    }
    return outcome;
  }

  /**
   * The run's last step: the year's files, then the note that they are written (the run is then
   * completed). Idempotent: two workers finishing at once both write the same files, and only the
   * first note counts the run as completed.
   */
  private async writeYearFiles(run: Pick<PublishRun, "year" | "runId" | "startedAt">): Promise<void> {
    await this.awaitYearIndex(run);
    await this.sitePublisher.regenerateYear(run.year, undefined, { agencyHistories: false });
    const writtenAt = this.clock();
    const first = await this.repository.markYearFilesWritten(run.year, run.runId, writtenAt.toISOString());
    if (first) {
      logger.info("publish run completed", { runId: run.runId, year: run.year });
      emitRunCompleted(run, writtenAt);
    }
  }

  private async completeWithoutFiles(run: Pick<PublishRun, "year" | "runId" | "startedAt">): Promise<void> {
    const writtenAt = this.clock();
    if (await this.repository.markYearFilesWritten(run.year, run.runId, writtenAt.toISOString())) emitRunCompleted(run, writtenAt);
  }

  /**
   * The year's files are built from the year index (a GSI, eventually consistent): the last report
   * this run published may not show there yet. Written from such a read, the files would miss it
   * while the run says "completed", so wait a moment for the index, then give up and let the
   * message be retried.
   */
  private async awaitYearIndex(run: Pick<PublishRun, "year" | "runId">): Promise<void> {
    const outcomes = (await this.repository.getRun(run.year, run.runId))?.outcomes ?? [];
    const published = outcomes.filter((o) => o.outcome === "published" && o.version !== undefined);
    if (published.length === 0) return;
    for (let attempt = 1; ; attempt += 1) {
      const listed = new Map((await this.repository.listYear(run.year)).map((r) => [r.agencyId, r.latestVersion]));
      const lagging = published.filter((o) => (listed.get(o.agencyId) ?? 0) < o.version!);
      if (lagging.length === 0) return;
      if (attempt >= YEAR_INDEX_ATTEMPTS) {
        throw new Error(`the year index of ${run.year} does not show ${lagging.length} reports of run ${run.runId} yet (e.g. ${lagging[0]!.agencyId})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }

  private async requireRun(year: number, runId: string): Promise<PublishRun> {
    const run = await this.repository.getRun(year, runId);
    if (!run) throw new NotFoundError(`发布任务 ${runId} 不存在`);
    return run;
  }

  private requireQueue(): PublishQueue {
    const queue = this.queue();
    if (!queue) throw new Error("publish queue not configured");
    return queue;
  }

  private async publishForRun(message: RunPublishMessage): Promise<RunOutcome> {
    const { agencyId, year, runId } = message;
    const at = this.clock().toISOString();
    const skipped = (reason: string): RunOutcome => ({ agencyId, outcome: "skipped", reason, at });
    const report = await this.repository.getReport(agencyId, year);
    if (!report) return skipped("未开始填报");
    const key = `run-${runId}`;
    const earlier = report.idempotencyRecords[key];
    if (earlier) {
      // A redelivered message after a crash past the commit: finish the report's own files.
      await this.publishing.completeSite(report, { deferYearFiles: true });
      return { agencyId, outcome: "published", version: earlier.result.version, at };
    }
    if (report.status === "published") return skipped(`已发布第 ${report.versions.length} 版，无需重复发布`);
    if (report.status !== "submitted") return skipped("尚未提交（草稿）");
    try {
      const result = await this.publishing.publish(SYSTEM_ACTOR, agencyId, year, {}, key, { onlyFromSubmitted: true, deferYearFiles: true });
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
