import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { reportTitle, type SectionName } from "../report/catalogue";
import type { Agency } from "../report/schemas";
import type {
  PublishClaim,
  PublishResult,
  ReportRepository,
  ReportStatus,
  SectionWrite,
  SectionWriteOutcome,
  StoredReport,
  StoredSection,
  VersionRecord,
  YearReportSummary,
} from "../service/ports";
import {
  agencyKey,
  ALL_AGENCIES,
  IDEMPOTENCY_PREFIX,
  META,
  reportPartition,
  SECTION_PREFIX,
  TABLE_KEYS,
  VERSION_PREFIX,
  yearIndexKey,
} from "./keys";

type Item = Record<string, unknown>;

export class DynamoReportRepository implements ReportRepository {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  async getAgency(agencyId: string): Promise<Agency | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: agencyKey(agencyId) }));
    return Item ? toAgency(Item) : undefined;
  }

  async listAgencies(): Promise<Agency[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      IndexName: TABLE_KEYS.index.name,
      KeyConditionExpression: "gsi1pk = :all",
      ExpressionAttributeValues: { ":all": ALL_AGENCIES },
    });
    return items.map(toAgency);
  }

  async putAgency(agency: Agency, now: string): Promise<{ created: boolean }> {
    const { Attributes: previous } = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: agencyKey(agency.agencyId),
        UpdateExpression:
          "SET agencyId = :id, fullName = :fullName, kind = :kind, hasRulemakingPower = :power, gsi1pk = :all, gsi1sk = :id, updatedAt = :now, createdAt = if_not_exists(createdAt, :now)",
        ExpressionAttributeValues: {
          ":id": agency.agencyId,
          ":fullName": agency.fullName,
          ":kind": agency.kind,
          ":power": agency.hasRulemakingPower,
          ":all": ALL_AGENCIES,
          ":now": now,
        },
        ReturnValues: "ALL_OLD",
      }),
    );
    // Unpublished reports follow the agency's current name and kind; published ones keep what they said.
    const years = [...((previous?.reportYears as Set<number> | undefined) ?? [])];
    await Promise.all(years.map((year) => this.refreshAgencySnapshot(agency, year, now)));
    return { created: !previous };
  }

  private async refreshAgencySnapshot(agency: Agency, year: number, now: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: reportPartition(agency.agencyId, year), sk: META },
          UpdateExpression: "SET agency = :agency, title = :title, updatedAt = :now",
          ConditionExpression: "attribute_exists(pk) AND #status <> :published",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: {
            ":agency": agency,
            ":title": reportTitle(agency.fullName, year),
            ":published": "published",
            ":now": now,
          },
        }),
      );
    } catch (error) {
      if (!isConditionalFailure(error)) throw error;
    }
  }

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
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  pk,
                  sk: `${SECTION_PREFIX}${write.section}`,
                  section: write.section,
                  data: write.data,
                  version,
                  updatedAt: write.now,
                  updatedBy: write.actor,
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
                ].join(", "),
                ConditionExpression: newReport
                  ? "attribute_not_exists(pk) OR (#status <> :published AND (attribute_not_exists(publishing) OR publishing.leaseUntil < :now))"
                  : "attribute_exists(pk) AND #status <> :published AND (attribute_not_exists(publishing) OR publishing.leaseUntil < :now)",
                ExpressionAttributeNames: { "#status": "status", "#year": "year" },
                ExpressionAttributeValues: {
                  ":draft": "draft",
                  ":published": "published",
                  ":zero": 0,
                  ":one": 1,
                  ":now": write.now,
                  ":agencyId": write.agencyId,
                  ":year": write.year,
                  ":yearKey": yearIndexKey(write.year),
                  ":template": "2021",
                  ":false": false,
                  ...(newReport ? { ":agency": newReport.agency, ":title": newReport.title } : {}),
                },
                ReturnValuesOnConditionCheckFailure: "ALL_OLD",
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: agencyKey(write.agencyId),
                UpdateExpression: "ADD reportYears :years",
                ConditionExpression: "attribute_exists(pk)",
                ExpressionAttributeValues: { ":years": new Set([write.year]) },
              },
            },
          ],
        }),
      );
      return { ok: true, version };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [section, meta, agency] = error.CancellationReasons ?? [];
      if (agency?.Code === "ConditionalCheckFailed") return { ok: false, reason: "agencyMissing" };
      if (meta?.Code === "ConditionalCheckFailed") {
        const old = meta.Item ? unmarshall(meta.Item) : undefined;
        if (old?.status === "published") return { ok: false, reason: "published" };
        if (old?.publishing) return { ok: false, reason: "publishing" };
        return { ok: false, reason: "agencyMissing" };
      }
      if (section?.Code === "ConditionalCheckFailed") {
        const current = section.Item ? (unmarshall(section.Item).version as number) : undefined;
        return creating
          ? { ok: false, reason: "sectionExists", currentVersion: current }
          : { ok: false, reason: "sectionVersion", currentVersion: current };
      }
      throw error;
    }
  }

  async transition(
    agencyId: string,
    year: number,
    change: { from: ReportStatus; to: ReportStatus; revision: number; now: string; reopen?: boolean },
  ): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: reportPartition(agencyId, year), sk: META },
          UpdateExpression: [
            "SET #status = :to, revision = revision + :one, updatedAt = :now",
            ...(change.to === "submitted" ? ["submittedAt = :now"] : []),
            ...(change.reopen ? ["reopened = :true"] : []),
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
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalFailure(error)) return false;
      throw error;
    }
  }

  async listYear(year: number): Promise<YearReportSummary[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      IndexName: TABLE_KEYS.index.name,
      KeyConditionExpression: "gsi1pk = :year",
      ExpressionAttributeValues: { ":year": yearIndexKey(year) },
    });
    return items.map((item) => ({
      agencyId: item.agencyId as string,
      year: item.year as number,
      status: item.status as ReportStatus,
      reopened: Boolean(item.reopened),
      revision: item.revision as number,
      latestVersion: (item.latestVersion as number | undefined) ?? 0,
      publishedAt: item.publishedAt as string | undefined,
      submittedAt: item.submittedAt as string | undefined,
    }));
  }

  async createDraft(report: {
    agency: Agency;
    year: number;
    title: string;
    sections: Partial<Record<SectionName, unknown>>;
    now: string;
  }): Promise<boolean> {
    const pk = reportPartition(report.agency.agencyId, report.year);
    const sectionItems = Object.entries(report.sections).map(([section, data]) => ({
      Put: {
        TableName: this.tableName,
        Item: { pk, sk: `${SECTION_PREFIX}${section}`, section, data, version: 1, updatedAt: report.now, updatedBy: "system" },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    }));
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  pk,
                  sk: META,
                  agencyId: report.agency.agencyId,
                  year: report.year,
                  status: "draft",
                  revision: 1,
                  templateVersion: "2021",
                  title: report.title,
                  agency: report.agency,
                  reopened: false,
                  createdAt: report.now,
                  updatedAt: report.now,
                  gsi1pk: yearIndexKey(report.year),
                  gsi1sk: report.agency.agencyId,
                },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            ...sectionItems,
            {
              Update: {
                TableName: this.tableName,
                Key: agencyKey(report.agency.agencyId),
                UpdateExpression: "ADD reportYears :years",
                ConditionExpression: "attribute_exists(pk)",
                ExpressionAttributeValues: { ":years": new Set([report.year]) },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException) return false;
      throw error;
    }
  }

  protected async queryAll(input: QueryCommandInput): Promise<Item[]> {
    const items: Item[] = [];
    let ExclusiveStartKey: Item | undefined;
    do {
      const page = await this.db.send(new QueryCommand({ ...input, ExclusiveStartKey }));
      items.push(...((page.Items ?? []) as Item[]));
      ExclusiveStartKey = page.LastEvaluatedKey as Item | undefined;
    } while (ExclusiveStartKey);
    return items;
  }
}

export function isConditionalFailure(error: unknown): boolean {
  return error instanceof Error && error.name === "ConditionalCheckFailedException";
}

function toAgency(item: Item): Agency {
  return {
    agencyId: item.agencyId as string,
    fullName: item.fullName as string,
    kind: item.kind as Agency["kind"],
    hasRulemakingPower: Boolean(item.hasRulemakingPower),
  };
}

function assembleReport(items: Item[]): StoredReport | undefined {
  const meta = items.find((item) => item.sk === META);
  if (!meta) return undefined;
  const report: StoredReport = {
    agencyId: meta.agencyId as string,
    year: meta.year as number,
    templateVersion: "2021",
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
    idempotentResults: {},
  };
  for (const item of items) {
    const sk = item.sk as string;
    if (sk.startsWith(SECTION_PREFIX)) {
      const section: StoredSection = {
        data: item.data,
        version: item.version as number,
        updatedAt: item.updatedAt as string,
        updatedBy: item.updatedBy as string,
      };
      (report.sections as Record<string, StoredSection>)[item.section as string] = section;
    } else if (sk.startsWith(VERSION_PREFIX)) {
      report.versions.push(item.record as VersionRecord);
    } else if (sk.startsWith(IDEMPOTENCY_PREFIX)) {
      report.idempotentResults[sk.slice(IDEMPOTENCY_PREFIX.length)] = item.result as PublishResult;
    }
  }
  report.versions.sort((a, b) => a.version - b.version);
  return report;
}
