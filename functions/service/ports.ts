import type { NarrativeSignatures } from "../report/rules";
import type { CompletedSection } from "../report/complete";
import type { CellChange } from "../report/revision-diff";
import type { SectionName } from "../report/catalogue";
import type { OpenDataCsvRow } from "../report/render";
import type { EditionView } from "../report/render/editions/document";
import type { Agency, AgencyRecord, Sections } from "../report/schemas";

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
  /**
   * Written by adopting the aggregate of the member reports (POST …/aggregate): from how many. A
   * later PUT replaces the section without it, so the page's 汇总 note only stands while all three
   * table sections are still the adopted ones (see adoptedAggregateOf).
   */
  adoptedAggregate?: AdoptedAggregate;
}

/** The county government's tables taken over from the aggregate of its members' reports. */
export interface AdoptedAggregate {
  memberCount: number;
  /** The members summed, by agency id. */
  members: string[];
  /** The adoption's instant: the three sections of one adoption carry the same. */
  adoptedAt: string;
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
  /** A version that was published elsewhere and imported: when, from which file, who imported it. */
  imported?: ImportedVersion;
  /** The county government's version whose tables 二、三、四 are the adopted aggregate of this many member reports. */
  aggregatedMembers?: number;
  /** The version has Word and PDF editions (v{n}.docx, v{n}.pdf), linked from its pages, made by the publish worker. */
  editions?: boolean;
}

export interface ImportedVersion {
  importedAt: string;
  /** The original file on the site (reports/{year}/{agencyId}/source.{ext}). */
  sourceKey: string;
  format: "html" | "pdf" | "docx" | "text";
  /** The publication date as the document gives it (publishedAt is it, or the import time without one). */
  publishedAtInDocument?: string;
  /** Cells the importer could not read exactly (null in the stored sections). */
  reviewCount: number;
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
  /** Where this version's Word and PDF files appear, once the publish worker has rendered them. */
  editions?: { docx: string; pdf: string };
}

export type StoredSections = { [K in SectionName]?: StoredSection<Sections[K]> };

export interface StoredReport {
  agencyId: string;
  year: number;
  /** "2019": an imported report of a 2019-template year (authoring is always on the 2021 template). */
  templateVersion: "2021" | "2019";
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
  /**
   * The MinHash signatures of sections 五 and 一 at these section versions (rules/similarity.ts), so
   * that N-06 finds the year's similar reports from the year's listing; absent on counts stored
   * before signatures were, which then makes the report a candidate to read.
   */
  narrative?: NarrativeSignatures;
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

// ---------------------------------------------------------------- the audit trail

/** What a change to a report was. */
export type RevisionAction = "sectionWritten" | "submitted" | "reopened" | "published" | "opened" | "imported" | "agencyChanged";

/**
 * One change to a report, recorded by the same transaction as the change and never overwritten:
 * `revision` is the report's revision after the change (each change bumps it by exactly one, and
 * every write is conditional on the revision it read, so the numbers have no gaps or repeats).
 */
export interface RevisionRecord {
  revision: number;
  action: RevisionAction;
  /** The token's subject, or "system" for the yearly job. */
  actor: string;
  at: string;
  /** The report's status after the change. */
  status: ReportStatus;
  section?: SectionName;
  /** The section's version after the write (its ETag). */
  sectionVersion?: number;
  /** sectionWritten: every cell and text that changed, before → after. */
  changes?: CellChange[];
  /** published: the version, and what the publisher typed for it. */
  version?: number;
  correctionNote?: string;
  acknowledgements?: Acknowledgement[];
  /** agencyChanged: the agency's name or kind as the report showed it before and after. */
  agency?: { before: Agency; after: Agency };
  /** imported: the file the report came from. */
  source?: { contentType: string; bytes: number; sha256: string; key?: string };
}

/** A record as stored: with what rebuilds the report's sections as they were after it. */
export interface StoredRevision extends RevisionRecord {
  /** sectionWritten: the section's data as written. */
  sectionData?: unknown;
  /** opened, imported: every section the report then had. */
  sections?: Partial<Record<SectionName, unknown>>;
}

/** A change to an agency, in the agency's own trail. */
export interface AgencyRevision {
  /** The agency's own change counter after the change (1: created). */
  revision: number;
  at: string;
  actor: string;
  before?: AgencyRecord;
  after: AgencyRecord;
}

export interface RevisionPage {
  revisions: RevisionRecord[];
  /** Pass as `before` for the next (older) page; absent on the last page. */
  nextBefore?: number;
}

export type SectionWriteOutcome =
  | { ok: true; version: number }
  | { ok: false; reason: "sectionExists" | "sectionVersion"; currentVersion?: number }
  /** Another change to the report landed since it was read: read again and retry. */
  | { ok: false; reason: "revisionMoved" }
  | { ok: false; reason: "published" | "agencyMissing" | "publishing" };

export interface SectionWrite<K extends SectionName = SectionName> {
  agencyId: string;
  year: number;
  section: K;
  data: Sections[K];
  computedTotals: string[];
  /** null: the section must not exist yet; a number: it must still be at that version. */
  expectedVersion: number | null;
  /** The report's revision the write was computed from (0: the report does not exist yet). */
  expectedRevision: number;
  /** The audit record of this write (revision expectedRevision + 1). */
  revisionRecord: StoredRevision;
  /** Needed when the report does not exist yet. */
  newReport?: { agency: Agency; title: string };
  actor: string;
  now: string;
  /** The counts for the report as this write leaves it (revision + 1). */
  findingCounts?: StoredFindingCounts;
  /** The section is the aggregate of the member reports, adopted. */
  adoptedAggregate?: AdoptedAggregate;
}

/** A status change; the content stays as it is, so the stored counts follow to the new revision. */
export interface StatusChange {
  from: ReportStatus;
  to: ReportStatus;
  revision: number;
  now: string;
  reopen?: boolean;
  findingCounts?: StoredFindingCounts;
  /** The audit record of the change (revision + 1). */
  revisionRecord: StoredRevision;
}

export interface ReportRepository {
  /** The agency as reports snapshot it (never the reminder address). */
  getAgency(agencyId: string): Promise<Agency | undefined>;
  listAgencies(): Promise<Agency[]>;
  /** The agency resource, with its reminder address. */
  getAgencyRecord(agencyId: string): Promise<AgencyRecord | undefined>;
  listAgencyRecords(): Promise<AgencyRecord[]>;
  /** Creates or replaces the agency and refreshes its snapshot in its unpublished reports, each change with its audit record. */
  putAgency(agency: AgencyRecord, now: string, actor: string): Promise<{ created: boolean }>;
  /** The report's audit trail, newest first: `limit` records older than revision `before`. */
  listRevisions(agencyId: string, year: number, page: { limit: number; before?: number }): Promise<RevisionPage>;
  /** The stored records at or below `revision`, newest first, read until `enough` says so. */
  readRevisionsDownFrom(
    agencyId: string,
    year: number,
    revision: number,
    enough: (records: StoredRevision[]) => boolean,
  ): Promise<StoredRevision[]>;
  /** The agency's own trail (creation and every change), newest first. */
  listAgencyRevisions(agencyId: string, page: { limit: number; before?: number }): Promise<{ revisions: AgencyRevision[]; nextBefore?: number }>;
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
    revisionRecord: StoredRevision;
  }): Promise<boolean>;
}

// ---------------------------------------------------------------- publishing

export interface PublishedVersionSummary {
  version: number;
  publishedAt: string;
  correctionNote?: string;
  /** An imported version: its original file beside the report (source.pdf, …) and its format. */
  importedSource?: { file: string; format: string };
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
  /** The audit record of the publish (revision + 1). */
  revisionRecord: StoredRevision;
  /** The version as the agency's history lists it. */
  historyEntry: PublishedVersionSummary;
}

export interface ImportedReportCommit {
  agency: Agency;
  year: number;
  templateVersion: "2021" | "2019";
  title: string;
  sections: Record<string, unknown>;
  record: VersionRecord;
  openDataRow: OpenDataCsvRow;
  findingCounts: StoredFindingCounts;
  revisionRecord: StoredRevision;
  /** The version as the agency's history lists it. */
  historyEntry: PublishedVersionSummary;
  now: string;
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
  /**
   * An imported report, stored as published in one transaction: its META, sections, version 1, the
   * agency's history and the audit record. False when the report already exists.
   */
  commitImportedReport(report: ImportedReportCommit): Promise<boolean>;
  /** Atomically: the version record, the report state, the agency's history, the idempotent result. */
  commitPublish(agencyId: string, year: number, commit: PublishCommit): Promise<boolean>;
  releasePublish(agencyId: string, year: number, claimId: string): Promise<void>;
  saveRun(run: PublishRun): Promise<void>;
  /**
   * Records an agency's outcome and counts it, in one atomic write. A redelivery is never counted
   * again; it may upgrade the outcome to "published", never the reverse. Answers the run's progress
   * as read right after (consistently): whether every agency has an outcome, and whether the year's
   * files were already written.
   */
  recordRunOutcome(
    year: number,
    runId: string,
    outcome: RunOutcome,
  ): Promise<{ recorded: boolean; runComplete: boolean; yearFilesWritten: boolean; startedAt: string }>;
  /** Notes that the run's year files were written; true only for the call that noted it first. */
  markYearFilesWritten(year: number, runId: string, at: string): Promise<boolean>;
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
  /** When the year's files (index, index.json, open-data.csv, site root, histories) were written after the last outcome. */
  yearFilesWrittenAt?: string;
}

/** The static site (S3). */
export interface SiteStore {
  put(key: string, body: string | Uint8Array, contentType: string, options?: { immutable?: boolean }): Promise<void>;
  /** A text object (page, JSON, CSV) as UTF-8; undefined when there is none. */
  get(key: string): Promise<string | undefined>;
  /** Any object as stored, e.g. a PDF or DOCX edition or an imported source file. */
  getBytes(key: string): Promise<Uint8Array | undefined>;
  /** Whether the object exists (a HEAD request: nothing is downloaded). */
  exists(key: string): Promise<boolean>;
}

/** One report of a publish run (messages without `kind` are these: the format before open-year chunks). */
export interface RunPublishMessage {
  kind?: "publish";
  runId: string;
  agencyId: string;
  year: number;
}

/**
 * A bounded part of opening a year: drafts for these agencies (as listed when the opening started).
 * The yearly job splits the county's agencies into such chunks so that no invocation walks all of
 * them (10,000 agencies would not fit in one Lambda's 300 s).
 */
export interface OpenYearMessage {
  kind: "openYear";
  year: number;
  agencies: Agency[];
}

/**
 * The Word and PDF editions of one published version, rendered by the publish worker (the api
 * enqueues this after a manual publish: it never loads the PDF code).
 */
export interface EditionsMessage {
  kind: "editions";
  agencyId: string;
  year: number;
  version: number;
}

/** What the publish worker's queue carries. */
export type PublishMessage = RunPublishMessage | OpenYearMessage | EditionsMessage;

/**
 * Renders a published version's Word and PDF files (functions/report/render/editions). Only the
 * publish worker and the local runner are given one; without it the editions are enqueued.
 */
export interface EditionRenderer {
  docx(view: EditionView): Uint8Array;
  pdf(view: EditionView): Promise<Uint8Array>;
}

export interface PublishQueue {
  enqueue(messages: PublishMessage[]): Promise<void>;
}
