import { unmarshall } from "@aws-sdk/util-dynamodb";
import { gunzipSync, gzipSync } from "node:zlib";
import type { SectionName } from "../report/catalogue";
import type { CompletedSection } from "../report/complete";
import type { OpenDataCsvRow } from "../report/render";
import type { Agency } from "../report/schemas";
import type {
  AdoptedAggregate,
  IdempotencyRecord,
  InForceBaseline,
  PublishClaim,
  PublishResult,
  ReportStatus,
  SectionWrite,
  SectionWriteOutcome,
  StatusChange,
  StoredFindingCounts,
  StoredReport,
  StoredRevision,
  StoredSection,
  VersionRecord,
  YearReportSummary,
} from "../service/ports";
import { recordReportYear } from "./dynamo-agency-store";
import { revisionPut } from "./dynamo-revision-store";
import { DynamoTable, failedAt, type Item } from "./dynamo-table";
import { IDEMPOTENCY_PREFIX, META, reportPartition, SECTION_PREFIX, TABLE_KEYS, VERSION_PREFIX, yearIndexKey } from "./keys";

/** The reports (REPORT#{agencyId}#{year} partitions): their sections, status changes and the year's listing. */
export class DynamoReportStore extends DynamoTable {
  async getReport(agencyId: string, year: number): Promise<StoredReport | undefined> {
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": reportPartition(agencyId, year) },
    });
    return assembleReport(items);
  }

  async writeSection(write: SectionWrite): Promise<SectionWriteOutcome> {
    const pk = reportPartition(write.agencyId, write.year);
    const creating = write.expectedVersion === null;
    const version = creating ? 1 : (write.expectedVersion as number) + 1;
    const newReport = write.newReport;
    const outcome = await this.transact({
      TransactItems: [
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...sectionItem(pk, write.section, write.data, write.computedTotals, version, write.now, write.actor),
              ...(write.adoptedAggregate ? { adoptedAggregate: write.adoptedAggregate } : {}),
            },
            ConditionExpression: creating ? "attribute_not_exists(pk)" : "version = :expected",
            ...(creating ? {} : { ExpressionAttributeValues: { ":expected": write.expectedVersion } }),
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          },
        },
        {
          Update: {
            TableName: this.tableName,
            Key: { pk, sk: META },
            // Editing a submitted report takes it back to draft: it must be submitted again.
            UpdateExpression: [
              "SET #status = :draft, revision = if_not_exists(revision, :zero) + :one, updatedAt = :now",
              "createdAt = if_not_exists(createdAt, :now), agencyId = :agencyId, #year = :year",
              "gsi1pk = :yearKey, gsi1sk = :agencyId, templateVersion = if_not_exists(templateVersion, :template)",
              "reopened = if_not_exists(reopened, :false)",
              ...(newReport ? ["agency = if_not_exists(agency, :agency), title = if_not_exists(title, :title)"] : []),
              ...(write.findingCounts ? ["findingCounts = :counts"] : []),
            ].join(", "),
            // Conditional on the revision the service read: the audit record below is that revision + 1,
            // and the stored finding counts are those of exactly the sections this write leaves.
            ConditionExpression: newReport
              ? "attribute_not_exists(pk)"
              : "attribute_exists(pk) AND revision = :revision AND #status <> :published AND (attribute_not_exists(publishing) OR publishing.leaseUntil < :now)",
            ExpressionAttributeNames: { "#status": "status", "#year": "year" },
            ExpressionAttributeValues: {
              ":draft": "draft",
              ":zero": 0,
              ":one": 1,
              ":now": write.now,
              ":agencyId": write.agencyId,
              ":year": write.year,
              ":yearKey": yearIndexKey(write.year),
              ":template": "2021",
              ":false": false,
              ...(newReport ? {} : { ":revision": write.expectedRevision, ":published": "published" }),
              ...(newReport ? { ":agency": newReport.agency, ":title": newReport.title } : {}),
              ...(write.findingCounts ? { ":counts": write.findingCounts } : {}),
            },
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          },
        },
        revisionPut(this.tableName, write.agencyId, write.year, write.revisionRecord),
        // Only a new report touches the agency item, so writers of one agency don't contend on it.
        ...(newReport ? [recordReportYear(this.tableName, write.agencyId, write.year)] : []),
      ],
    });
    if (outcome.ok) return { ok: true, version };
    const [section, meta] = outcome.reasons;
    if (newReport && failedAt(outcome.reasons, 3)) return { ok: false, reason: "agencyMissing" };
    if (failedAt(outcome.reasons, 1)) {
      const old = meta?.Item ? unmarshall(meta.Item) : undefined;
      if (newReport && old) return { ok: false, reason: "revisionMoved" };
      if (old?.status === "published") return { ok: false, reason: "published" };
      if (old?.publishing && (old.publishing as { leaseUntil: string }).leaseUntil >= write.now) return { ok: false, reason: "publishing" };
      if (old && old.revision !== write.expectedRevision) return { ok: false, reason: "revisionMoved" };
      return { ok: false, reason: "agencyMissing" };
    }
    const current = section?.Item ? (unmarshall(section.Item).version as number) : undefined;
    return creating
      ? { ok: false, reason: "sectionExists", currentVersion: current }
      : { ok: false, reason: "sectionVersion", currentVersion: current };
  }

  async transition(agencyId: string, year: number, change: StatusChange): Promise<boolean> {
    const outcome = await this.transact({
      TransactItems: [
        {
          Update: {
            TableName: this.tableName,
            Key: { pk: reportPartition(agencyId, year), sk: META },
            UpdateExpression: [
              "SET #status = :to, revision = revision + :one, updatedAt = :now",
              ...(change.to === "submitted" ? ["submittedAt = :now"] : []),
              ...(change.reopen ? ["reopened = :true"] : []),
              ...(change.findingCounts ? ["findingCounts = :counts"] : []),
            ].join(", "),
            ConditionExpression:
              "#status = :from AND revision = :revision AND (attribute_not_exists(publishing) OR publishing.leaseUntil < :now)",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: {
              ":to": change.to,
              ":from": change.from,
              ":revision": change.revision,
              ":one": 1,
              ":now": change.now,
              ...(change.reopen ? { ":true": true } : {}),
              ...(change.findingCounts ? { ":counts": change.findingCounts } : {}),
            },
          },
        },
        revisionPut(this.tableName, agencyId, year, change.revisionRecord),
      ],
    });
    return outcome.ok;
  }

  async listYear(year: number, options: { openData?: boolean } = {}): Promise<YearReportSummary[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      IndexName: TABLE_KEYS.index.name,
      KeyConditionExpression: "gsi1pk = :year",
      ExpressionAttributeValues: { ":year": yearIndexKey(year) },
    });
    return items.map((item) => yearSummaryOf(item, options));
  }

  async listAgencyYears(agencyId: string, throughYear: number): Promise<YearReportSummary[]> {
    const keys = [];
    for (let year = FIRST_REPORT_YEAR; year <= throughYear; year++) keys.push({ pk: reportPartition(agencyId, year), sk: META });
    return (await this.batchGetAll(keys)).map((item) => yearSummaryOf(item));
  }

  async createDraft(report: {
    agency: Agency;
    year: number;
    title: string;
    sections: Partial<Record<SectionName, CompletedSection>>;
    inForceBaseline?: InForceBaseline;
    now: string;
    findingCounts?: StoredFindingCounts;
    revisionRecord: StoredRevision;
  }): Promise<boolean> {
    const pk = reportPartition(report.agency.agencyId, report.year);
    const sectionItems = Object.entries(report.sections).map(([section, completed]) => ({
      Put: {
        TableName: this.tableName,
        Item: sectionItem(pk, section, completed.data, completed.computedTotals, 1, report.now, "system"),
        ConditionExpression: "attribute_not_exists(pk)",
      },
    }));
    const outcome = await this.transact({
      TransactItems: [
        {
          Put: {
            TableName: this.tableName,
            Item: newReportMeta({
              agency: report.agency,
              year: report.year,
              status: "draft",
              templateVersion: "2021",
              title: report.title,
              now: report.now,
              ...(report.inForceBaseline ? { inForceBaseline: report.inForceBaseline } : {}),
              ...(report.findingCounts ? { findingCounts: report.findingCounts } : {}),
            }),
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        ...sectionItems,
        recordReportYear(this.tableName, report.agency.agencyId, report.year),
        revisionPut(this.tableName, report.agency.agencyId, report.year, report.revisionRecord),
      ],
    });
    if (outcome.ok) return true;
    // The report already exists (its META is the first item): nothing to open.
    if (failedAt(outcome.reasons, 0)) return false;
    throw new Error(`opening ${report.agency.agencyId} ${report.year} failed: ${outcome.reasons.map((r) => r.Code).join(",")}`);
  }
}

/** The META item of a report created whole at revision 1 (opened by the yearly job, or imported), with extra attributes. */
export function newReportMeta(report: {
  agency: Agency;
  year: number;
  status: ReportStatus;
  templateVersion: StoredReport["templateVersion"];
  title: string;
  now: string;
  [attribute: string]: unknown;
}): Item {
  const { agency, year, now, ...attributes } = report;
  return {
    pk: reportPartition(agency.agencyId, year),
    sk: META,
    agencyId: agency.agencyId,
    year,
    revision: 1,
    agency,
    reopened: false,
    ...attributes,
    createdAt: now,
    updatedAt: now,
    gsi1pk: yearIndexKey(year),
    gsi1sk: agency.agencyId,
  };
}

/** The first year of the national annual report format the service knows (the 2019 template). */
const FIRST_REPORT_YEAR = 2019;

function yearSummaryOf(item: Item, options: { openData?: boolean } = {}): YearReportSummary {
  return {
    agencyId: item.agencyId as string,
    year: item.year as number,
    agency: item.agency as Agency,
    status: item.status as ReportStatus,
    reopened: Boolean(item.reopened),
    revision: item.revision as number,
    latestVersion: (item.latestVersion as number | undefined) ?? 0,
    firstPublishedAt: item.publishedAt as string | undefined,
    publishedAt: item.lastPublishedAt as string | undefined,
    submittedAt: item.submittedAt as string | undefined,
    findingCounts: item.findingCounts as StoredFindingCounts | undefined,
    ...(options.openData && item.openDataRow ? { openDataRow: decodeOpenDataRow(item.openDataRow as Uint8Array) } : {}),
  };
}

/**
 * The open-data row is stored gzipped (≈ 1/5 of its JSON): it sits on META, which every GET report
 * and the year's Query read, so its size is paid on each of them.
 */
export function encodeOpenDataRow(row: OpenDataCsvRow): Uint8Array {
  return gzipSync(JSON.stringify(row));
}

function decodeOpenDataRow(bytes: Uint8Array): OpenDataCsvRow {
  return JSON.parse(gunzipSync(bytes).toString("utf8")) as OpenDataCsvRow;
}

function sectionItem(
  pk: string,
  section: string,
  data: unknown,
  computedTotals: string[],
  version: number,
  now: string,
  by: string,
): Item {
  return { pk, sk: `${SECTION_PREFIX}${section}`, section, data, computedTotals, version, updatedAt: now, updatedBy: by };
}

function assembleReport(items: Item[]): StoredReport | undefined {
  const meta = items.find((item) => item.sk === META);
  if (!meta) return undefined;
  const report: StoredReport = {
    agencyId: meta.agencyId as string,
    year: meta.year as number,
    templateVersion: (meta.templateVersion as StoredReport["templateVersion"] | undefined) ?? "2021",
    title: meta.title as string,
    agency: meta.agency as Agency,
    status: meta.status as ReportStatus,
    revision: meta.revision as number,
    createdAt: meta.createdAt as string,
    updatedAt: meta.updatedAt as string,
    submittedAt: meta.submittedAt as string | undefined,
    reopened: Boolean(meta.reopened),
    sections: {},
    versions: [],
    publishing: meta.publishing as PublishClaim | undefined,
    // Keyed by client-chosen strings: no prototype, so a key like "toString" finds nothing inherited.
    idempotencyRecords: Object.create(null) as StoredReport["idempotencyRecords"],
    inForceBaseline: meta.inForceBaseline as InForceBaseline | undefined,
    findingCounts: meta.findingCounts as StoredFindingCounts | undefined,
  };
  for (const item of items) {
    const sk = item.sk as string;
    if (sk.startsWith(SECTION_PREFIX)) {
      const section: StoredSection = {
        data: item.data,
        // Items written before totals were tracked: treat their totals as declared.
        computedTotals: (item.computedTotals as string[] | undefined) ?? [],
        version: item.version as number,
        updatedAt: item.updatedAt as string,
        updatedBy: item.updatedBy as string,
        ...(item.adoptedAggregate ? { adoptedAggregate: item.adoptedAggregate as AdoptedAggregate } : {}),
      };
      (report.sections as Record<string, StoredSection>)[item.section as string] = section;
    } else if (sk.startsWith(VERSION_PREFIX)) {
      report.versions.push(item.record as VersionRecord);
    } else if (sk.startsWith(IDEMPOTENCY_PREFIX)) {
      const record: IdempotencyRecord = { result: item.result as PublishResult };
      if (typeof item.requestHash === "string") record.requestHash = item.requestHash;
      report.idempotencyRecords[sk.slice(IDEMPOTENCY_PREFIX.length)] = record;
    }
  }
  report.versions.sort((a, b) => a.version - b.version);
  return report;
}
