import type { OpenDataCsvRow } from "../report/render";
import type { ImportedReportCommit, PublishClaim, PublishCommit, ReportStatus } from "../service/ports";
import { HISTORY_PREFIX } from "./dynamo-agency-store";
import { encodeOpenDataRow, newReportMeta } from "./dynamo-report-store";
import { revisionPut } from "./dynamo-revision-store";
import { DynamoTable } from "./dynamo-table";
import { agencyKey, IDEMPOTENCY_PREFIX, META, reportPartition, SECTION_PREFIX, versionSortKey } from "./keys";

/** Publishing a report: the claim that keeps two publishers apart, and the one transaction that commits a version. */
export class DynamoPublishStore extends DynamoTable {
  async claimPublish(
    agencyId: string,
    year: number,
    claim: PublishClaim & { revision: number; fromStatuses: ReportStatus[]; now: string },
  ): Promise<boolean> {
    const statusNames = claim.fromStatuses.map((_, i) => `:from${i}`);
    return this.updateIf({
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
    });
  }

  async commitPublish(agencyId: string, year: number, commit: PublishCommit): Promise<boolean> {
    const pk = reportPartition(agencyId, year);
    const { record } = commit;
    const outcome = await this.transact({
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
        revisionPut(this.tableName, agencyId, year, commit.revisionRecord),
        {
          Update: {
            TableName: this.tableName,
            Key: agencyKey(agencyId),
            UpdateExpression: "SET #history = list_append(if_not_exists(#history, :empty), :entry)",
            ExpressionAttributeNames: { "#history": `${HISTORY_PREFIX}${year}` },
            ExpressionAttributeValues: { ":empty": [], ":entry": [commit.historyEntry] },
          },
        },
      ],
    });
    return outcome.ok;
  }

  async commitImportedReport(report: ImportedReportCommit): Promise<boolean> {
    const { agency, year, record } = report;
    const pk = reportPartition(agency.agencyId, year);
    const outcome = await this.transact({
      TransactItems: [
        {
          Put: {
            TableName: this.tableName,
            Item: newReportMeta({
              agency,
              year,
              status: "published",
              templateVersion: report.templateVersion,
              title: report.title,
              now: report.now,
              imported: true,
              latestVersion: record.version,
              publishedAt: record.publishedAt,
              lastPublishedAt: record.publishedAt,
              openDataRow: encodeOpenDataRow(report.openDataRow),
              findingCounts: report.findingCounts,
            }),
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        ...Object.entries(report.sections).map(([section, data]) => ({
          Put: {
            TableName: this.tableName,
            Item: { pk, sk: `${SECTION_PREFIX}${section}`, section, data, computedTotals: [], version: 1, updatedAt: report.now, updatedBy: record.publishedBy },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        })),
        { Put: { TableName: this.tableName, Item: { pk, sk: versionSortKey(record.version), record }, ConditionExpression: "attribute_not_exists(pk)" } },
        revisionPut(this.tableName, agency.agencyId, year, report.revisionRecord),
        {
          Update: {
            TableName: this.tableName,
            Key: agencyKey(agency.agencyId),
            UpdateExpression: "SET #history = list_append(if_not_exists(#history, :empty), :entry) ADD reportYears :years",
            ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeNames: { "#history": `${HISTORY_PREFIX}${year}` },
            ExpressionAttributeValues: { ":empty": [], ":entry": [report.historyEntry], ":years": new Set([year]) },
          },
        },
      ],
    });
    return outcome.ok;
  }

  async saveOpenDataRow(agencyId: string, year: number, row: OpenDataCsvRow): Promise<void> {
    // A failed condition means there is nothing (left) to do.
    await this.updateIf({
      Key: { pk: reportPartition(agencyId, year), sk: META },
      UpdateExpression: "SET openDataRow = :row",
      // Only the row of the version still latest, and never over a row a commit wrote.
      ConditionExpression: "latestVersion = :version AND attribute_not_exists(openDataRow)",
      ExpressionAttributeValues: { ":row": encodeOpenDataRow(row), ":version": row.version },
    });
  }

  async releasePublish(agencyId: string, year: number, claimId: string): Promise<void> {
    // A failed condition means there is nothing (left) to do.
    await this.updateIf({
      Key: { pk: reportPartition(agencyId, year), sk: META },
      UpdateExpression: "REMOVE publishing",
      ConditionExpression: "publishing.claimId = :claim",
      ExpressionAttributeValues: { ":claim": claimId },
    });
  }
}
