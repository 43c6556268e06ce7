import type { CompletedSection } from "../report/complete";
import type { SectionName } from "../report/catalogue";
import type { OpenDataCsvRow } from "../report/render";
import type { Agency, Sections } from "../report/schemas";

/** The ports the use cases need; functions/store implements them on DynamoDB, S3 and SQS. */

export type ReportStatus = "draft" | "submitted" | "published";

export interface StoredSection<T = unknown> {
  data: T;
  /** Paths (within the section) of the totals the service computed because the writer left them out. */
  computedTotals: string[];
  /** Optimistic-lock counter; the ETag is derived from it. */
  version: number;
  updatedAt: string;
  updatedBy: string;
}

export interface Acknowledgement {
  ruleId: string;
  note: string;
  by: string;
  at: string;
}

export interface VersionRecord {
  version: number;
  publishedAt: string;
  publishedBy: string;
  correctionNote?: string;
  acknowledgements?: Acknowledgement[];
  files: string[];
}

export interface PublishClaim {
  claimId: string;
  version: number;
  leaseUntil: string;
  idempotencyKey?: string;
}

export interface PublishResult {
  version: number;
  publishedAt: string;
  url: string;
  files: string[];
}

export type StoredSections = { [K in SectionName]?: StoredSection<Sections[K]> };

export interface StoredReport {
  agencyId: string;
  year: number;
  templateVersion: "2021";
  title: string;
  /** The agency as it was when the report was created or the agency last changed. */
  agency: Agency;
  status: ReportStatus;
  /** Bumped by every change to the report; submit and publish are conditional on it. */
  revision: number;
  createdAt: string;
  updatedAt: string;
  submittedAt?: string;
  /** A reopened report is a draft correction of its last published version. */
  reopened: boolean;
  sections: StoredSections;
  versions: VersionRecord[];
  publishing?: PublishClaim;
  /** Earlier publishes by Idempotency-Key. */
  idempotencyRecords: Record<string, IdempotencyRecord>;
  /** Noted when the year was opened: last year's published 现行有效件数, the stock this year builds on. */
  inForceBaseline?: InForceBaseline;
  /** The finding counts stored with the last change; absent on reports stored before they were. */
  findingCounts?: StoredFindingCounts;
}

export interface IdempotencyRecord {
  result: PublishResult;
  /** Hash of the request the key was first used with; absent on records stored before keys were bound. */
  requestHash?: string;
}

/**
 * The finding counts of the rules that judge the report's content (cross-year rules excluded, as GET
 * report has always counted), computed by the service for the report as a change leaves it and
 * stored in the same write. Valid while the report is still at `revision` with these section
 * versions; the clock's rule (P-01, lateness) is not in them, it is run at each read.
 */
export interface StoredFindingCounts {
  revision: number;
  sectionVersions: Partial<Record<SectionName, number>>;
  errors: number;
  warnings: number;
  infos: number;
}

export interface InForceBaseline {
  fromYear: number;
  regulations: number;
  normativeDocuments: number;
}

export interface YearReportSummary {
  agencyId: string;
  year: number;
  /** The agency as the report names it (kept current until the report is published). */
  agency: Agency;
  status: ReportStatus;
  reopened: boolean;
  revision: number;
  latestVersion: number;
  /** First publication: what lateness (P-01) is judged by. */
  firstPublishedAt?: string;
  /** Latest publication. */
  publishedAt?: string;
  submittedAt?: string;
  findingCounts?: StoredFindingCounts;
  /** The latest published version's row of open-data.csv; only read when asked for (listYear's `openData`). */
  openDataRow?: OpenDataCsvRow;
}

export type SectionWriteOutcome =
  | { ok: true; version: number }
  | { ok: false; reason: "sectionExists" | "sectionVersion"; currentVersion?: number }
  | { ok: false; reason: "published" | "agencyMissing" | "publishing" };

export interface SectionWrite<K extends SectionName = SectionName> {
  agencyId: string;
  year: number;
  section: K;
  data: Sections[K];
  computedTotals: string[];
  /** null: the section must not exist yet; a number: it must still be at that version. */
  expectedVersion: number | null;
  /** Needed when the report does not exist yet. */
  newReport?: { agency: Agency; title: string };
  actor: string;
  now: string;
  /** The counts for the report as this write leaves it (revision + 1). */
  findingCounts?: StoredFindingCounts;
}

/** A status change; the content stays as it is, so the stored counts follow to the new revision. */
export interface StatusChange {
  from: ReportStatus;
  to: ReportStatus;
  revision: number;
  now: string;
  reopen?: boolean;
  findingCounts?: StoredFindingCounts;
}

export interface ReportRepository {
  getAgency(agencyId: string): Promise<Agency | undefined>;
  listAgencies(): Promise<Agency[]>;
  /** Creates or replaces the agency and refreshes its snapshot in its unpublished reports. */
  putAgency(agency: Agency, now: string): Promise<{ created: boolean }>;
  getReport(agencyId: string, year: number): Promise<StoredReport | undefined>;
  writeSection(write: SectionWrite): Promise<SectionWriteOutcome>;
  /** Moves the status if the report is still at `revision` and `from`; false when it moved meanwhile. */
  transition(agencyId: string, year: number, change: StatusChange): Promise<boolean>;
  /** Every report of the year (paginated Queries of the year index); `openData` also decodes their open-data rows. */
  listYear(year: number, options?: { openData?: boolean }): Promise<YearReportSummary[]>;
  /** The agency's reports of the years 2019 … throughYear that exist (one batched read). */
  listAgencyYears(agencyId: string, throughYear: number): Promise<YearReportSummary[]>;
  /** Creates a draft if the report does not exist; false when it already did. */
  createDraft(report: {
    agency: Agency;
    year: number;
    title: string;
    sections: Partial<{ [K in SectionName]: CompletedSection<K> }>;
    inForceBaseline?: InForceBaseline;
    now: string;
    findingCounts?: StoredFindingCounts;
  }): Promise<boolean>;
}

// ---------------------------------------------------------------- publishing

export interface PublishedVersionSummary {
  version: number;
  publishedAt: string;
  correctionNote?: string;
}

export interface AgencyWithHistory {
  agency: Agency;
  /** Published versions by report year, as recorded at each publish. */
  published: Record<number, PublishedVersionSummary[]>;
}

export interface PublishCommit {
  claimId: string;
  revision: number;
  record: VersionRecord;
  result: PublishResult;
  idempotencyKey?: string;
  /** Stored with the idempotency record: a later use of the key must carry the same request. */
  requestHash?: string;
  /** The version's row of open-data.csv, kept with the report so the year's files need no S3 reads. */
  openDataRow: OpenDataCsvRow;
  findingCounts?: StoredFindingCounts;
}

export interface PublishRepository extends ReportRepository {
  listAgenciesWithHistory(): Promise<AgencyWithHistory[]>;
  /** One agency with its published versions, read consistently (it follows a commit made a moment ago). */
  getAgencyWithHistory(agencyId: string): Promise<AgencyWithHistory | undefined>;
  /** Keeps the open-data row of a report published before rows were stored (read once from its report.json). */
  saveOpenDataRow(agencyId: string, year: number, row: OpenDataCsvRow): Promise<void>;
  /** Takes the report's publish claim; false when another publisher holds a live claim or the report moved. */
  claimPublish(
    agencyId: string,
    year: number,
    claim: PublishClaim & { revision: number; fromStatuses: ReportStatus[]; now: string },
  ): Promise<boolean>;
  /** Atomically: the version record, the report state, the agency's history, the idempotent result. */
  commitPublish(agencyId: string, year: number, commit: PublishCommit): Promise<boolean>;
  releasePublish(agencyId: string, year: number, claimId: string): Promise<void>;
  saveRun(run: PublishRun): Promise<void>;
  /** Records an agency's outcome; runComplete once every agency of the run has one. */
  recordRunOutcome(year: number, runId: string, outcome: RunOutcome): Promise<{ runComplete: boolean }>;
  getRun(year: number, runId: string): Promise<PublishRun | undefined>;
}

export type RunOutcomeKind = "published" | "skipped" | "failed";

export interface RunOutcome {
  agencyId: string;
  outcome: RunOutcomeKind;
  reason?: string;
  version?: number;
  at: string;
}

export interface PublishRun {
  runId: string;
  year: number;
  kinds: string[];
  startedAt: string;
  trigger: "schedule" | "manual";
  agencyIds: string[];
  outcomes: RunOutcome[];
}

/** The static site (S3). */
export interface SiteStore {
  put(key: string, body: string, contentType: string, options?: { immutable?: boolean }): Promise<void>;
  get(key: string): Promise<string | undefined>;
}

export interface PublishMessage {
  runId: string;
  agencyId: string;
  year: number;
}

export interface PublishQueue {
  enqueue(messages: PublishMessage[]): Promise<void>;
}
