import { AGENCY_KINDS, type AgencyKind, REPORT_STATUS_LABELS } from "../report/catalogue";
import { mapWithConcurrency } from "./concurrency";
import type { PublishRepository } from "./ports";
import type { ReportService } from "./report-service";
import type { SitePublisher } from "./site-publisher";

export type BoardStatus = keyof typeof REPORT_STATUS_LABELS;

/** The county board: every agency's report of a year, its status, deadline and finding counts. */
export class CountyBoard {
  constructor(
    private readonly reports: ReportService,
    private readonly repository: PublishRepository,
    private readonly sitePublisher: SitePublisher,
    private readonly clock: () => Date,
  ) {}

  async board(year: number) {
    const [agencies, metas] = await Promise.all([this.repository.listAgencies(), this.repository.listYear(year)]);
    const metaByAgency = new Map(metas.map((m) => [m.agencyId, m]));
    const now = this.clock();
    const rows = await mapWithConcurrency(agencies, 8, async (agency) => {
      const meta = metaByAgency.get(agency.agencyId);
      const { deadline, late } = this.sitePublisher.deadlineStatus(agency, year, meta?.firstPublishedAt, now);
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
}
