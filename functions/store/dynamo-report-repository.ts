import { type CancellationReason, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { gunzipSync, gzipSync } from "node:zlib";
import { reportTitle, type SectionName } from "../report/catalogue";
import type { CompletedSection } from "../report/complete";
import type { OpenDataCsvRow } from "../report/render";
import type { Agency } from "../report/schemas";
import type {
  AgencyWithHistory,
  IdempotencyRecord,
  InForceBaseline,
  PublishClaim,
  PublishCommit,
  PublishedVersionSummary,
  PublishRepository,
  PublishResult,
  PublishRun,
  ReportStatus,
  RunOutcome,
  SectionWrite,
  SectionWriteOutcome,
  StatusChange,
  StoredFindingCounts,
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
  runPartition,
  runsIndexKey,
  versionSortKey,
  SECTION_PREFIX,
  TABLE_KEYS,
  VERSION_PREFIX,
  yearIndexKey,
} from "./keys";

type Item = Record<string, unknown>;

/** Agency item attributes `published#{year}`: the versions published, for the agency's history page. */
const HISTORY_PREFIX = "published#";
const RUN_SUMMARY = "SUMMARY";
const RUN_AGENCIES = "AGENCIES";
const RUN_OUTCOME_PREFIX = "AGENCY#";

export class DynamoReportRepository implements PublishRepository {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  async getAgency(agencyId: string): Promise<Agency | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: agencyKey(agencyId) }));
    return Item ? toAgency(Item) : undefined;
  }

  async listAgencies(): Promise<Agency[]> {
    return (await this.listAgenciesWithHistory()).map((entry) => entry.agency);
  }

  async listAgenciesWithHistory(): Promise<AgencyWithHistory[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      IndexName: TABLE_KEYS.index.name,
      KeyConditionExpression: "gsi1pk = :all",
      ExpressionAttributeValues: { ":all": ALL_AGENCIES },
    });
    return items.map(agencyWithHistoryOf);
  }

  async getAgencyWithHistory(agencyId: string): Promise<AgencyWithHistory | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: agencyKey(agencyId), ConsistentRead: true }));
    return Item ? agencyWithHistoryOf(Item) : undefined;
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
          // Bumping the revision makes a publish that read the old name fail its commit.
          UpdateExpression: "SET agency = :agency, title = :title, updatedAt = :now, revision = revision + :one",
          ConditionExpression:
            "attribute_exists(pk) AND #status <> :published AND (attribute_not_exists(publishing) OR publishing.leaseUntil < :now)",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: {
            ":agency": agency,
            ":title": reportTitle(agency.fullName, year),
            ":published": "published",
            ":now": now,
            ":one": 1,
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
    const outcome = await transactWrite(this.db, {
      TransactItems: [
        {
          Put: {
            TableName: this.tableName,
            Item: sectionItem(pk, write.section, write.data, write.computedTotals, version, write.now, write.actor),
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
              ...(write.findingCounts ? { ":counts": write.findingCounts } : {}),
            },
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          },
        },
        // Only a new report touches the agency item, so writers of one agency don't contend on it.
        ...(newReport ? [this.recordReportYear(write.agencyId, write.year)] : []),
      ],
    });
    if (outcome.ok) return { ok: true, version };
    const [section, meta] = outcome.reasons;
    if (newReport && failedAt(outcome.reasons, 2)) return { ok: false, reason: "agencyMissing" };
    if (failedAt(outcome.reasons, 1)) {
      const old = meta?.Item ? unmarshall(meta.Item) : undefined;
      if (old?.status === "published") return { ok: false, reason: "published" };
      if (old?.publishing) return { ok: false, reason: "publishing" };
      return { ok: false, reason: "agencyMissing" };
    }
    const current = section?.Item ? (unmarshall(section.Item).version as number) : undefined;
    return creating
      ? { ok: false, reason: "sectionExists", currentVersion: current }
      : { ok: false, reason: "sectionVersion", currentVersion: current };
  }

  async transition(agencyId: string, year: number, change: StatusChange): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
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
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalFailure(error)) return false;
      throw error;
    }
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
    const found: Item[] = [];
    // A BatchGet takes at most 100 keys; unprocessed keys (throttling) are asked for again.
    for (let start = 0; start < keys.length; start += 100) {
      let pending: Record<string, unknown>[] | undefined = keys.slice(start, start + 100);
      while (pending && pending.length > 0) {
        const response: BatchGetCommandOutput = await this.db.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending } } }),
        );
        found.push(...((response.Responses?.[this.tableName] ?? []) as Item[]));
        pending = response.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined;
      }
    }
    return found.map((item) => yearSummaryOf(item));
  }

  async createDraft(report: {
    agency: Agency;
    year: number;
    title: string;
    sections: Partial<Record<SectionName, CompletedSection>>;
    inForceBaseline?: InForceBaseline;
    now: string;
    findingCounts?: StoredFindingCounts;
  }): Promise<boolean> {
    const pk = reportPartition(report.agency.agencyId, report.year);
    const sectionItems = Object.entries(report.sections).map(([section, completed]) => ({
      Put: {
        TableName: this.tableName,
        Item: sectionItem(pk, section, completed.data, completed.computedTotals, 1, report.now, "system"),
        ConditionExpression: "attribute_not_exists(pk)",
      },
    }));
    const outcome = await transactWrite(this.db, {
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
              ...(report.inForceBaseline ? { inForceBaseline: report.inForceBaseline } : {}),
              ...(report.findingCounts ? { findingCounts: report.findingCounts } : {}),
              createdAt: report.now,
              updatedAt: report.now,
              gsi1pk: yearIndexKey(report.year),
              gsi1sk: report.agency.agencyId,
            },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        ...sectionItems,
        this.recordReportYear(report.agency.agencyId, report.year),
      ],
    });
    if (outcome.ok) return true;
    // The report already exists (its META is the first item): nothing to open.
    if (failedAt(outcome.reasons, 0)) return false;
    throw new Error(`opening ${report.agency.agencyId} ${report.year} failed: ${outcome.reasons.map((r) => r.Code).join(",")}`);
  }

  async claimPublish(
    agencyId: string,
    year: number,
    claim: PublishClaim & { revision: number; fromStatuses: ReportStatus[]; now: string },
  ): Promise<boolean> {
    const statusNames = claim.fromStatuses.map((_, i) => `:from${i}`);
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: reportPartition(agencyId, year), sk: META },
          UpdateExpression: "SET publishing = :claim",
          ConditionExpression: `#status IN (${statusNames.join(", ")}) AND revision = :revision AND (attribute_not_exists(publishing) OR publishing.leaseUntil < :now)`,
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: {
            ":claim": {
              claimId: claim.claimId,
              version: claim.version,
              leaseUntil: claim.leaseUntil,
              ...(claim.idempotencyKey ? { idempotencyKey: claim.idempotencyKey } : {}),
            },
            ":revision": claim.revision,
            ":now": claim.now,
            ...Object.fromEntries(claim.fromStatuses.map((status, i) => [statusNames[i], status])),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalFailure(error)) return false;
      throw error;
    }
  }

  async commitPublish(agencyId: string, year: number, commit: PublishCommit): Promise<boolean> {
    const pk = reportPartition(agencyId, year);
    const { record } = commit;
    const summary: PublishedVersionSummary = {
      version: record.version,
      publishedAt: record.publishedAt,
      ...(record.correctionNote ? { correctionNote: record.correctionNote } : {}),
    };
    const outcome = await transactWrite(this.db, {
      // The claim id makes an SDK retry of a commit that did land a no-op instead of a failure.
      ClientRequestToken: commit.claimId,
      TransactItems: [
        {
          Update: {
            TableName: this.tableName,
            Key: { pk, sk: META },
            // The open-data row rides on META, so the year's files come from the one year Query.
            UpdateExpression: [
              "SET #status = :published, reopened = :false, latestVersion = :version, lastPublishedAt = :at",
              "publishedAt = if_not_exists(publishedAt, :at), revision = revision + :one, updatedAt = :at, openDataRow = :row",
              ...(commit.findingCounts ? ["findingCounts = :counts"] : []),
            ].join(", ") + " REMOVE publishing",
            ConditionExpression: "publishing.claimId = :claim AND revision = :revision",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: {
              ":published": "published",
              ":false": false,
              ":version": record.version,
              ":at": record.publishedAt,
              ":one": 1,
              ":claim": commit.claimId,
              ":revision": commit.revision,
              ":row": encodeOpenDataRow(commit.openDataRow),
              ...(commit.findingCounts ? { ":counts": commit.findingCounts } : {}),
            },
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: { pk, sk: versionSortKey(record.version), record },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        ...(commit.idempotencyKey
          ? [
              {
                Put: {
                  TableName: this.tableName,
                  Item: {
                    pk,
                    sk: `${IDEMPOTENCY_PREFIX}${commit.idempotencyKey}`,
                    result: commit.result,
                    ...(commit.requestHash ? { requestHash: commit.requestHash } : {}),
                  },
                  ConditionExpression: "attribute_not_exists(pk)",
                },
              },
            ]
          : []),
        {
          Update: {
            TableName: this.tableName,
            Key: agencyKey(agencyId),
            UpdateExpression: "SET #history = list_append(if_not_exists(#history, :empty), :entry)",
            ExpressionAttributeNames: { "#history": `${HISTORY_PREFIX}${year}` },
            ExpressionAttributeValues: { ":empty": [], ":entry": [summary] },
          },
        },
      ],
    });
    return outcome.ok;
  }

  async saveOpenDataRow(agencyId: string, year: number, row: OpenDataCsvRow): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: reportPartition(agencyId, year), sk: META },
          UpdateExpression: "SET openDataRow = :row",
          // Only the row of the version still latest, and never over a row a commit wrote.
          ConditionExpression: "latestVersion = :version AND attribute_not_exists(openDataRow)",
          ExpressionAttributeValues: { ":row": encodeOpenDataRow(row), ":version": row.version },
        }),
      );
    } catch (error) {
      if (!isConditionalFailure(error)) throw error;
    }
  }

  async releasePublish(agencyId: string, year: number, claimId: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: reportPartition(agencyId, year), sk: META },
          UpdateExpression: "REMOVE publishing",
          ConditionExpression: "publishing.claimId = :claim",
          ExpressionAttributeValues: { ":claim": claimId },
        }),
      );
    } catch (error) {
      if (!isConditionalFailure(error)) throw error;
    }
  }

  async saveRun(run: PublishRun): Promise<void> {
    const { outcomes: _outcomes, agencyIds, ...summary } = run;
    const pk = runPartition(run.year, run.runId);
    // The summary stays small (it is updated once per agency); the list of agencies is its own item.
    await transactWrite(this.db, {
      TransactItems: [
        {
          Put: {
            TableName: this.tableName,
            Item: { pk, sk: RUN_SUMMARY, gsi1pk: runsIndexKey(run.year), gsi1sk: run.startedAt, ...summary, agencyCount: agencyIds.length, finished: 0 },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        { Put: { TableName: this.tableName, Item: { pk, sk: RUN_AGENCIES, agencyIds } } },
      ],
    }).then((outcome) => {
      if (!outcome.ok) throw new Error(`publish run ${run.runId} already exists`);
    });
  }

  async recordRunOutcome(year: number, runId: string, outcome: RunOutcome): Promise<{ runComplete: boolean }> {
    const pk = runPartition(year, runId);
    const item = { pk, sk: `${RUN_OUTCOME_PREFIX}${outcome.agencyId}`, ...outcome };
    try {
      await this.db.send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: "attribute_not_exists(pk)" }));
    } catch (error) {
      if (!isConditionalFailure(error)) throw error;
      // SQS delivers at least once. A redelivery may upgrade an outcome to "published", never the
      // reverse, and is not counted again.
      if (outcome.outcome === "published") {
        await this.db
          .send(
            new PutCommand({
              TableName: this.tableName,
              Item: item,
              ConditionExpression: "outcome <> :published",
              ExpressionAttributeValues: { ":published": "published" },
            }),
          )
          .catch((e: unknown) => {
            if (!isConditionalFailure(e)) throw e;
          });
      }
      return { runComplete: false };
    }
    const { Attributes } = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk, sk: RUN_SUMMARY },
        UpdateExpression: "ADD finished :one",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":one": 1 },
        ReturnValues: "ALL_NEW",
      }),
    );
    return { runComplete: (Attributes?.finished as number) === (Attributes?.agencyCount as number) };
  }

  async getRun(year: number, runId: string): Promise<PublishRun | undefined> {
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": runPartition(year, runId) },
    });
    const summary = items.find((item) => item.sk === RUN_SUMMARY);
    if (!summary) return undefined;
    return {
      runId: summary.runId as string,
      year: summary.year as number,
      kinds: summary.kinds as string[],
      startedAt: summary.startedAt as string,
      trigger: summary.trigger as PublishRun["trigger"],
      agencyIds: (items.find((item) => item.sk === RUN_AGENCIES)?.agencyIds as string[] | undefined) ?? [],
      outcomes: items
        .filter((item) => (item.sk as string).startsWith(RUN_OUTCOME_PREFIX))
        .map((item) => ({
          agencyId: item.agencyId as string,
          outcome: item.outcome as RunOutcome["outcome"],
          reason: item.reason as string | undefined,
          version: item.version as number | undefined,
          at: item.at as string,
        })),
    };
  }

  /** The agency must exist; its `reportYears` set lets an agency change reach its reports. */
  private recordReportYear(agencyId: string, year: number) {
    return {
      Update: {
        TableName: this.tableName,
        Key: agencyKey(agencyId),
        UpdateExpression: "ADD reportYears :years",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":years": new Set([year]) },
      },
    };
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

/**
 * Runs a transaction, retrying when DynamoDB cancelled it only because another transaction touched
 * the same items (TransactionConflict): that is contention, not a failed condition, and the SDK does
 * not retry it by itself. Condition failures come back as the cancellation reasons to interpret.
 */
export async function transactWrite(
  db: DynamoDBDocumentClient,
  input: TransactWriteCommandInput,
  attempts = 4,
): Promise<{ ok: true } | { ok: false; reasons: CancellationReason[] }> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await db.send(new TransactWriteCommand(input));
      return { ok: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const conflictOnly = reasons.some((r) => r.Code === "TransactionConflict") && !reasons.some((r) => r.Code === "ConditionalCheckFailed");
      if (!conflictOnly) return { ok: false, reasons };
      if (attempt >= attempts) {
        throw Object.assign(new Error("DynamoDB transaction kept conflicting"), { name: "TransactionConflict" });
      }
      await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt + Math.random() * 50));
    }
  }
}

const failedAt = (reasons: CancellationReason[], index: number) => reasons[index]?.Code === "ConditionalCheckFailed";

export function isConditionalFailure(error: unknown): boolean {
  return error instanceof Error && error.name === "ConditionalCheckFailedException";
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
function encodeOpenDataRow(row: OpenDataCsvRow): Uint8Array {
  return gzipSync(JSON.stringify(row));
}

function decodeOpenDataRow(bytes: Uint8Array): OpenDataCsvRow {
  return JSON.parse(gunzipSync(bytes).toString("utf8")) as OpenDataCsvRow;
}

function agencyWithHistoryOf(item: Item): AgencyWithHistory {
  const published: Record<number, PublishedVersionSummary[]> = {};
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith(HISTORY_PREFIX)) published[Number(name.slice(HISTORY_PREFIX.length))] = value as PublishedVersionSummary[];
  }
  return { agency: toAgency(item), published };
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
