import { createHash } from "node:crypto";
import { SECTION_NAMES, type SectionName } from "../report/catalogue";
import type { ImportResult, ReviewEntry } from "../report/import";
import { narrativeSignatures, runRules } from "../report/rules";
import type { AnyReportContent, ImportedSections } from "../report/schemas";
import { type Actor, requireCountyAdmin } from "./actor";
import { detail } from "./error-details";
import { ConflictError, DocumentRejectedError } from "./errors";
import { previewImport } from "./import-service";
import type { PublishRepository, SiteStore, StoredReport, VersionRecord } from "./ports";
import { currentReportYear } from "../report/deadline";
import { checkSectionsPrecondition, type ReportService, type SectionPrecondition, type ServiceConfig } from "./report-service";
import { openDataRowOf, type SitePublisher, versionSummaryOf } from "./site-publisher";
import { CONTENT_TYPES, siteKeys, siteUrl } from "./site-layout";

/** The file extension a source document keeps on the site, by the importer's format. */
const SOURCE_EXTENSIONS = { html: "html", pdf: "pdf", docx: "docx", text: "txt" } as const;
const SOURCE_CONTENT_TYPES = {
  html: CONTENT_TYPES.html,
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  text: "text/plain; charset=utf-8",
} as const;

/** The tables whose cells are counted as read. */
const TABLE_SECTIONS = ["activeDisclosure", "applications", "reviewLitigation"] as const;

export interface ImportOutcomeCounts {
  cellsRead: number;
  review: ReviewEntry[];
  findings: { errors: number; warnings: number; infos: number };
}

export type ReportImportOutcome =
  | ({
      mode: "history";
      agencyId: string;
      year: number;
      templateVersion: "2021" | "2019";
      version: number;
      url: string;
      sourceUrl: string;
    } & ImportOutcomeCounts)
  | ({
      mode: "draft";
      agencyId: string;
      year: number;
      templateVersion: "2021" | "2019";
      written: { section: SectionName; etag: string }[];
      notWritten: { section: SectionName; reason: string }[];
    } & ImportOutcomeCounts);

/**
 * POST /v1/agencies/{agencyId}/reports/{year}/import: a published report comes into the agency's
 * history as found (a year before the current reporting year), or fills the current draft.
 */
export class ReportImport {
  constructor(
    private readonly reports: ReportService,
    private readonly repository: PublishRepository,
    private readonly site: SiteStore,
    private readonly sitePublisher: SitePublisher,
    private readonly config: ServiceConfig,
    private readonly clock: () => Date,
  ) {}

  async importReport(
    actor: Actor,
    agencyId: string,
    year: number,
    bytes: Uint8Array,
    contentType: string,
    precondition: SectionPrecondition,
  ): Promise<ReportImportOutcome> {
    const agency = await this.reports.getAgency(agencyId);
    const historical = year < currentReportYear(this.clock(), this.config.TIME_ZONE);
    // History is the county office's to build; an agency's clerk imports into its own draft.
    if (historical) requireCountyAdmin(actor);
    const result = await previewImport(bytes, contentType);
    if (result.reportYear !== null && result.reportYear !== year) {
      throw new DocumentRejectedError(`文件是 ${result.reportYear} 年度的报告，不是 ${year} 年度的`, {
        details: [detail("body.reportYear", `文件中的报告年度为 ${result.reportYear}，与路径中的 ${year} 不一致`)],
      });
    }
    return historical ? this.importHistory(actor, agency, year, bytes, result) : this.fillDraft(actor, agencyId, year, result, precondition);
  }

  private async importHistory(
    actor: Actor,
    agency: StoredReport["agency"],
    year: number,
    bytes: Uint8Array,
    result: ImportResult,
  ): Promise<ReportImportOutcome> {
    const { agencyId } = agency;
    const existing = await this.repository.getReport(agencyId, year);
    if (existing) {
      throw new ConflictError(
        existing.versions.length > 0
          ? `${agency.fullName} ${year} 年度报告已发布（第 ${existing.versions.length} 版），不能再导入`
          : `${agency.fullName} ${year} 年度报告已在本系统中填写（草稿），不能导入为历史报告`,
      );
    }
    const now = this.clock().toISOString();
    const content = importedContent(result, agency, year);
    const findings = runRules({
      report: content,
      previous: await this.previousContent(agencyId, year),
      publishedAt: result.publishedAt,
      now: this.clock(),
      deadlines: this.config.DEADLINES,
      timeZone: this.config.TIME_ZONE,
    });
    const sourceKey = siteKeys.importSource(year, agencyId, SOURCE_EXTENSIONS[result.format]);
    const record: VersionRecord = {
      version: 1,
      // As the document dates it; without a date, when it came in (and the record says so).
      publishedAt: result.publishedAt ?? now,
      publishedBy: actor.subject,
      files: [sourceKey, ...this.sitePublisher.reportFiles(year, agencyId, 1)],
      imported: {
        importedAt: now,
        sourceKey,
        format: result.format,
        ...(result.publishedAt ? { publishedAtInDocument: result.publishedAt } : {}),
        reviewCount: result.review.length,
      },
    };
    const stored: StoredReport = {
      agencyId,
      year,
      templateVersion: result.templateVersion,
      title: content.title,
      agency,
      status: "published",
      revision: 1,
      createdAt: now,
      updatedAt: now,
      reopened: false,
      sections: Object.fromEntries(
        Object.entries(content.sections).map(([name, data]) => [name, { data, computedTotals: [], version: 1, updatedAt: now, updatedBy: actor.subject }]),
      ) as StoredReport["sections"],
      versions: [record],
      idempotencyRecords: {},
    };

    // The immutable files first (nothing links to them until the commit), then the commit, then the
    // mutable files; as for a publish, a failure before the commit leaves nothing recorded.
    await this.site.put(sourceKey, bytes, SOURCE_CONTENT_TYPES[result.format], { immutable: true });
    await this.site.put(siteKeys.versionHtml(year, agencyId, 1), this.sitePublisher.renderVersionPage(stored, record, "archived"), CONTENT_TYPES.html, {
      immutable: true,
    });
    await this.site.put(siteKeys.versionJson(year, agencyId, 1), this.sitePublisher.openDataJson(stored, record), CONTENT_TYPES.json, {
      immutable: true,
    });
    const committed = await this.repository.commitImportedReport({
      agency,
      year,
      templateVersion: result.templateVersion,
      title: content.title,
      sections: content.sections as Record<string, unknown>,
      record,
      openDataRow: openDataRowOf(content, record),
      historyEntry: versionSummaryOf(record),
      findingCounts: {
        revision: 1,
        sectionVersions: Object.fromEntries(Object.keys(content.sections).map((name) => [name, 1])),
        errors: findings.errors,
        warnings: findings.warnings,
        infos: findings.infos,
        narrative: narrativeSignatures(content),
      },
      revisionRecord: {
        revision: 1,
        action: "imported",
        actor: actor.subject,
        at: now,
        status: "published",
        version: 1,
        source: { contentType: SOURCE_CONTENT_TYPES[result.format], bytes: bytes.byteLength, sha256: sha256(bytes), key: sourceKey },
        sections: content.sections as Record<string, unknown>,
      },
      now,
    });
    if (!committed) throw new ConflictError(`${agency.fullName} ${year} 年度报告已存在，不能导入`);
    await this.sitePublisher.syncSite(stored);
    return {
      mode: "history",
      agencyId,
      year,
      templateVersion: result.templateVersion,
      version: 1,
      url: siteUrl(this.config.SITE_BASE_URL, siteKeys.reportIndex(year, agencyId)),
      sourceUrl: siteUrl(this.config.SITE_BASE_URL, sourceKey),
      cellsRead: cellsRead(content.sections),
      review: result.review,
      findings: { errors: findings.errors, warnings: findings.warnings, infos: findings.infos },
    };
  }

  /**
   * The current draft: every section the document gave in full is written as a PUT would write it
   * (same If-Match rules, its own audit record); a section with cells the importer could not read
   * is left for the clerk, with the review entries that say which and why — never filled in.
   */
  private async fillDraft(
    actor: Actor,
    agencyId: string,
    year: number,
    result: ImportResult,
    precondition: SectionPrecondition,
  ): Promise<ReportImportOutcome> {
    if (result.templateVersion !== "2021") {
      throw new DocumentRejectedError("文件使用 2019 年版格式；本年度报告须按 2021 年版格式填写，只能导入为历史报告", {
        details: [detail("body.templateVersion", "2019 年版格式的报告只能导入为以往年度的历史报告")],
      });
    }
    const report = await this.repository.getReport(agencyId, year);
    if (report?.status === "published") throw new ConflictError(`报告已发布（第 ${report.versions.length} 版），不能导入；如需更正请先由县政务公开办重新开放`);
    const written: { section: SectionName; etag: string }[] = [];
    const notWritten: { section: SectionName; reason: string }[] = [];
    const candidates: { section: SectionName; body: unknown }[] = [];
    // Imported here, not at the top: the body schemas are built on the first request that needs them.
    const { sectionInputSchemas } = await import("../report/schemas");
    for (const section of SECTION_NAMES) {
      const data = result.sections[section];
      if (data === undefined || data === null) continue;
      const unread = result.review.filter((entry) => entry.path === section || entry.path.startsWith(`${section}.`));
      const parsed = sectionInputSchemas[section].safeParse(data);
      if (unread.length > 0 || !parsed.success) {
        notWritten.push({
          section,
          reason: unread.length > 0 ? `有 ${unread.length} 处未能准确读取，请核对后手工填写（见 review）` : "读取的内容不符合本章节的格式，请手工填写",
        });
        continue;
      }
      candidates.push({ section, body: parsed.data });
    }
    // The clerk's If-Match lists the ETags of every section the draft has (which of them the document
    // fills is only known here): checked before anything is written, so a stale one writes nothing;
    // then each write is conditional on the version checked, so a concurrent PUT is never overwritten.
    const existing = SECTION_NAMES.map((name) => report?.sections[name]?.version).filter((v): v is number => v !== undefined);
    checkSectionsPrecondition(existing, precondition, "草稿");
    for (const { section, body } of candidates) {
      const version = report?.sections[section]?.version;
      const sectionPrecondition: SectionPrecondition = version === undefined ? { kind: "none" } : { kind: "versions", versions: [version] };
      const outcome = await this.reports.putSection(actor, agencyId, year, section, body as never, sectionPrecondition);
      written.push({ section, etag: outcome.etag });
    }
    // Nothing written and no draft yet: there is no report to count findings of.
    const after = written.length > 0 || report ? await this.reports.requireReport(agencyId, year) : undefined;
    const counts = after ? this.reports.findingCountsOf(after) : { errors: 0, warnings: 0, infos: 0 };
    return {
      mode: "draft",
      agencyId,
      year,
      templateVersion: "2021",
      written,
      notWritten,
      cellsRead: cellsRead(result.sections),
      review: result.review,
      findings: { errors: counts.errors, warnings: counts.warnings, infos: counts.infos },
    };
  }

  private async previousContent(agencyId: string, year: number): Promise<AnyReportContent | undefined> {
    const previous = await this.repository.getReport(agencyId, year - 1);
    if (!previous || previous.versions.length === 0) return undefined;
    return this.reports.contentOf(previous);
  }
}

/** The imported report as content: the document's own title, the agency as this county knows it. */
function importedContent(result: ImportResult, agency: StoredReport["agency"], year: number): AnyReportContent {
  const sections = Object.fromEntries(
    Object.entries(result.sections).filter(([name, data]) => (SECTION_NAMES as readonly string[]).includes(name) && data !== undefined),
  ) as ImportedSections;
  return {
    year,
    templateVersion: result.templateVersion,
    title: result.title ?? `${agency.fullName}${year}年政府信息公开工作年度报告`,
    agency,
    sections,
  } as AnyReportContent;
}

/** Numeric cells of tables 二, 三 and 四 that the importer read (not null). */
function cellsRead(sections: Record<string, unknown> | ImportedSections): number {
  let count = 0;
  const walk = (value: unknown): void => {
    if (typeof value === "number") count += 1;
    else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  for (const name of TABLE_SECTIONS) walk((sections as Record<string, unknown>)[name]);
  return count;
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
