import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { OpenDataCsvRow } from "../report/render";
import type { AgencyRecord } from "../report/schemas";
import type {
  ImportedReportCommit,
  PublishClaim,
  PublishCommit,
  PublishRepository,
  PublishRun,
  ReportStatus,
  RunOutcome,
  SectionWrite,
  StatusChange,
  StoredRevision,
} from "../service/ports";
import { DynamoAgencyStore } from "./dynamo-agency-store";
import { DynamoPublishStore } from "./dynamo-publish-store";
import { DynamoReportStore } from "./dynamo-report-store";
import { DynamoRevisionStore } from "./dynamo-revision-store";
import { DynamoRunStore } from "./dynamo-run-store";

/**
 * The services' repository on the single DynamoDB table: one store per aggregate (agencies, reports,
 * publishing, publish runs, audit trails), each in its own module; this class only puts them behind the ports.
 */
export class DynamoReportRepository implements PublishRepository {
  readonly agencies: DynamoAgencyStore;
  readonly reports: DynamoReportStore;
  readonly publishing: DynamoPublishStore;
  readonly runs: DynamoRunStore;
  readonly revisions: DynamoRevisionStore;

  constructor(db: DynamoDBDocumentClient, tableName: string) {
    this.agencies = new DynamoAgencyStore(db, tableName);
    this.reports = new DynamoReportStore(db, tableName);
    this.publishing = new DynamoPublishStore(db, tableName);
    this.runs = new DynamoRunStore(db, tableName);
    this.revisions = new DynamoRevisionStore(db, tableName);
  }

  getAgency = (agencyId: string) => this.agencies.getAgency(agencyId);
  listAgencies = () => this.agencies.listAgencies();
  getAgencyRecord = (agencyId: string) => this.agencies.getAgencyRecord(agencyId);
  listAgencyRecords = () => this.agencies.listAgencyRecords();
  listAgenciesWithHistory = () => this.agencies.listAgenciesWithHistory();
  getAgencyWithHistory = (agencyId: string) => this.agencies.getAgencyWithHistory(agencyId);
  putAgency = (agency: AgencyRecord, now: string, actor: string) => this.agencies.putAgency(agency, now, actor);
  listAgencyRevisions = (agencyId: string, page: { limit: number; before?: number }) => this.revisions.listAgencyRevisions(agencyId, page);

  getReport = (agencyId: string, year: number) => this.reports.getReport(agencyId, year);
  writeSection = (write: SectionWrite) => this.reports.writeSection(write);
  transition = (agencyId: string, year: number, change: StatusChange) => this.reports.transition(agencyId, year, change);
  listYear = (year: number, options?: { openData?: boolean }) => this.reports.listYear(year, options);
  listAgencyYears = (agencyId: string, throughYear: number) => this.reports.listAgencyYears(agencyId, throughYear);
  createDraft = (report: Parameters<DynamoReportStore["createDraft"]>[0]) => this.reports.createDraft(report);

  listRevisions = (agencyId: string, year: number, page: { limit: number; before?: number }) => this.revisions.listRevisions(agencyId, year, page);
  readRevisionsDownFrom = (agencyId: string, year: number, revision: number, enough: (records: StoredRevision[]) => boolean) =>
    this.revisions.readRevisionsDownFrom(agencyId, year, revision, enough);

  claimPublish = (agencyId: string, year: number, claim: PublishClaim & { revision: number; fromStatuses: ReportStatus[]; now: string }) =>
    this.publishing.claimPublish(agencyId, year, claim);
  commitPublish = (agencyId: string, year: number, commit: PublishCommit) => this.publishing.commitPublish(agencyId, year, commit);
  commitImportedReport = (report: ImportedReportCommit) => this.publishing.commitImportedReport(report);
  saveOpenDataRow = (agencyId: string, year: number, row: OpenDataCsvRow) => this.publishing.saveOpenDataRow(agencyId, year, row);
  releasePublish = (agencyId: string, year: number, claimId: string) => this.publishing.releasePublish(agencyId, year, claimId);

  saveRun = (run: PublishRun) => this.runs.saveRun(run);
  recordRunOutcome = (year: number, runId: string, outcome: RunOutcome) => this.runs.recordRunOutcome(year, runId, outcome);
  markYearFilesWritten = (year: number, runId: string, at: string) => this.runs.markYearFilesWritten(year, runId, at);
  getRun = (year: number, runId: string) => this.runs.getRun(year, runId);
}
