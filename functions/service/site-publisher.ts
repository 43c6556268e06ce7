import { deadlineStatus } from "../report/deadline";
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
  type ReportPageView,
  yearIndexJson,
} from "../report/render";
import type { Agency, AnyReportContent, ReportContent } from "../report/schemas";
import { readPublishedView } from "./published-files";
import type {
  AgencyWithHistory,
  PublishedVersionSummary,
  PublishRepository,
  SiteStore,
  StoredReport,
  VersionRecord,
  YearReportSummary,
} from "./ports";
import { reportContent, type ServiceConfig } from "./report-service";
import { CONTENT_TYPES, editionLinks, reportPageLinks, siteKeys, siteRootPath, sourceFileName, versionPageLinks, yearIndexLinks } from "./site-layout";

export interface SitePublisherDeps {
  repository: PublishRepository;
  site: SiteStore;
  config: ServiceConfig;
  clock: () => Date;
  /** The page renderer; replaceable so a test can make one report's rendering fail. */
  renderPage?: (view: ReportPageView) => string;
}

/**
 * The public site's files of published reports: a version's pages and open data, the latest
 * edition, the year's index and open data, the agency history pages, the site root and 404 page.
 */
export class SitePublisher {
  private readonly repository: PublishRepository;
  private readonly site: SiteStore;
  private readonly config: ServiceConfig;
  private readonly clock: () => Date;
  private readonly renderPage: (view: ReportPageView) => string;

  constructor(deps: SitePublisherDeps) {
    this.repository = deps.repository;
    this.site = deps.site;
    this.config = deps.config;
    this.clock = deps.clock;
    this.renderPage = deps.renderPage ?? renderReportPage;
  }

  /** An immutable file of a version (its archived page and open data), written before the commit links it. */
  putFile(key: string, body: string | Uint8Array, contentType: string, options?: { immutable?: boolean }): Promise<void> {
    return this.site.put(key, body, contentType, options);
  }

  reportFiles(year: number, agencyId: string, version: number): string[] {
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
  renderVersionPage(report: StoredReport, record: VersionRecord, edition: ReportEdition): string {
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
      ...(record.imported
        ? { importedSource: { href: `./${sourceFileName(record.imported.sourceKey)}`, format: record.imported.format } }
        : {}),
      ...(record.aggregatedMembers !== undefined ? { aggregatedMembers: record.aggregatedMembers } : {}),
      ...(record.editions ? { editions: edition === "archived" ? editionLinks.version(record.version) : editionLinks.latest } : {}),
    });
  }

  openDataJson(report: StoredReport, record: VersionRecord): string {
    return `${JSON.stringify(
      reportOpenData({
        content: reportContent(report),
        version: record.version,
        publishedAt: record.publishedAt,
        correctionNote: record.correctionNote,
        ...(record.aggregatedMembers !== undefined ? { aggregatedMembers: record.aggregatedMembers } : {}),
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
    if (!options.deferYearFiles) {
      await this.regenerateYear(year, published);
    } else if (published) {
      // In a run the agency's own history page goes with its report, so the run's last step writes
      // the year's files only, whatever the number of agencies (10,000 history pages written one
      // after another at the end were most of a province run's last step).
      const agency = await this.repository.getAgencyWithHistory(agencyId);
      if (agency) await this.writeAgencyHistory(withPublication(agency, published));
    }
  }

  /**
   * The year's index page, index.json and open-data.csv from the one year Query (each published
   * report's META carries its open-data row: no S3 reads), then the agency history pages. The year
   * index is eventually consistent, so the report just published, `justPublished`, is taken as it is.
   * After a manual publish in a year that already had published reports (so the site root lists it)
   * only that agency's history is rewritten; after the year's first publication the site root too;
   * at the end of a run (`agencyHistories: false`) the site root and no history, since each report
   * of the run wrote its agency's history with it.
   */
  async regenerateYear(year: number, justPublished?: StoredReport, options: { agencyHistories?: boolean } = {}): Promise<void> {
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

    const withThisPublication = (entry: AgencyWithHistory): AgencyWithHistory => (justPublished ? withPublication(entry, justPublished) : entry);
    const yearAlreadyListed = justPublished && reports.some((r) => r.agencyId !== justPublished.agencyId && r.latestVersion > 0);
    if (justPublished && yearAlreadyListed) {
      const agency = await this.repository.getAgencyWithHistory(justPublished.agencyId);
      if (agency) await this.writeAgencyHistory(withThisPublication(agency));
      return;
    }
    const agencies = (await this.repository.listAgenciesWithHistory()).map(withThisPublication);
    await this.writeSiteFrontDoor(agencies, year);
    // A run's last step: each report of the run wrote its agency's history when it was published.
    if (options.agencyHistories === false) return;
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
    const published = await readPublishedView<ReportContent>(this.site, siteKeys.reportJson(report.year, report.agencyId));
    if (!published) return undefined;
    const row = openDataRowOf(published.content, published);
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

  deadlineStatus(agency: Agency, year: number, firstPublishedAt: string | undefined, now: Date) {
    return deadlineStatus(agency.kind, year, this.config.DEADLINES, firstPublishedAt, now, this.config.TIME_ZONE);
  }
}

/** open-data.csv holds the report's metadata and every cell of tables 二, 三 and 四 (openDataCsv): a row keeps only those. */
const OPEN_DATA_CSV_SECTIONS = ["activeDisclosure", "applications", "reviewLitigation"] as const;

export function openDataRowOf(content: AnyReportContent, version: { version: number; publishedAt: string }): OpenDataCsvRow {
  const sections = Object.fromEntries(
    OPEN_DATA_CSV_SECTIONS.filter((name) => content.sections[name] !== undefined).map((name) => [name, content.sections[name]]),
  );
  const { year, templateVersion, title, agency } = content;
  return { content: { year, templateVersion, title, agency, sections }, version: version.version, publishedAt: version.publishedAt };
}

/** A version as the agency's history lists it. */
export function versionSummaryOf(record: VersionRecord): PublishedVersionSummary {
  return {
    version: record.version,
    publishedAt: record.publishedAt,
    ...(record.correctionNote ? { correctionNote: record.correctionNote } : {}),
    ...(record.imported ? { importedSource: { file: sourceFileName(record.imported.sourceKey), format: record.imported.format } } : {}),
  };
}

/** The agency's history with `report`'s versions in it (the agency item may not show the commit yet). */
function withPublication(entry: AgencyWithHistory, report: StoredReport): AgencyWithHistory {
  if (entry.agency.agencyId !== report.agencyId) return entry;
  return { agency: entry.agency, published: { ...entry.published, [report.year]: report.versions.map(versionSummaryOf) } };
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
