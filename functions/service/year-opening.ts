import { APPLICANT_COLUMNS, APPLICATION_ROW_KEYS, reportTitle } from "../report/catalogue";
import { completeSectionTracked } from "../report/complete";
import type { ReportOpenData } from "../report/render";
import type { Agency, ApplicantCounts, SectionInputs } from "../report/schemas";
import { SYSTEM_ACTOR } from "./actor";
import type { OpenYearMessage, PublishQueue, PublishRepository, SiteStore, StoredReport, StoredSection } from "./ports";
import type { ReportService } from "./report-service";
import { siteKeys } from "./site-layout";

/**
 * Agencies per open-year message. Each agency costs one S3 GET (last year's report.json) and one
 * TransactWriteItems: a chunk of 100 took 1.3–2.2 s on the local stack (bench (e) --province), and
 * the worker takes up to 5 messages per invocation, ≈ 7–11 s there, within its 60 s on Lambda's
 * slower CPU too; the message (≤ 100 agencies of ≤ ~450 bytes) stays far below SQS's 256 KiB (the
 * queue adapter batches by size).
 */
export const OPEN_YEAR_CHUNK = 100;

/** The yearly job's opening of a reporting year: a draft for every agency, continuing from last year. */
export class YearOpening {
  constructor(
    private readonly reports: ReportService,
    private readonly repository: PublishRepository,
    private readonly site: SiteStore,
    private readonly clock: () => Date,
    private readonly queue: () => PublishQueue | undefined,
  ) {}

  /** Opens `year` here and now for every agency (local runs, tests, a small county). */
  async openYear(year: number): Promise<{ created: string[]; existing: string[] }> {
    return this.openAgencies(year, await this.repository.listAgencies());
  }

  /**
   * Opens `year` through the queue: one message per {@link OPEN_YEAR_CHUNK} agencies, each opened
   * by the publish worker ({@link openAgencies}); what the job itself does is one paginated listing and
   * the enqueueing, whatever the number of agencies. Opening is idempotent (a draft that exists is
   * left alone), so a redelivered or resumed chunk changes nothing.
   */
  async startYearOpening(year: number): Promise<{ agencies: number; chunks: number }> {
    const queue = this.queue();
    if (!queue) throw new Error("publish queue not configured");
    const agencies = await this.repository.listAgencies();
    const messages: OpenYearMessage[] = [];
    for (let start = 0; start < agencies.length; start += OPEN_YEAR_CHUNK) {
      messages.push({ kind: "openYear", year, agencies: agencies.slice(start, start + OPEN_YEAR_CHUNK) });
    }
    await queue.enqueue(messages);
    return { agencies: agencies.length, chunks: messages.length };
  }

  /** Drafts of `year` for these agencies, 上年结转 prefilled from last year's published 结转下年度. */
  async openAgencies(year: number, agencies: readonly Agency[]): Promise<{ created: string[]; existing: string[] }> {
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
        revisionRecord: {
          revision: 1,
          action: "opened",
          actor: SYSTEM_ACTOR.subject,
          at: now,
          status: "draft",
          sections: Object.fromEntries(Object.entries(sections).map(([name, completed]) => [name, completed.data])),
        },
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
