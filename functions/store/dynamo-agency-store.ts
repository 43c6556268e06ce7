import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { reportTitle } from "../report/catalogue";
import type { Agency, AgencyRecord } from "../report/schemas";
import { ConflictError } from "../service/errors";
import type { AgencyWithHistory, PublishedVersionSummary, ReportStatus } from "../service/ports";
import { agencyRevisionPut, revisionPut } from "./dynamo-revision-store";
import { DynamoTable, type Item } from "./dynamo-table";
import { agencyKey, ALL_AGENCIES, META, reportPartition, TABLE_KEYS } from "./keys";

/** Agency item attributes `published#{year}`: the versions published, for the agency's history page. */
export const HISTORY_PREFIX = "published#";

/** The agencies (AGENCY#{agencyId} items): who reports, and what each has published. */
export class DynamoAgencyStore extends DynamoTable {
  async getAgency(agencyId: string): Promise<Agency | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: agencyKey(agencyId) }));
    return Item ? toAgency(Item) : undefined;
  }

  async listAgencies(): Promise<Agency[]> {
    return (await this.listAgenciesWithHistory()).map((entry) => entry.agency);
  }

  async getAgencyRecord(agencyId: string): Promise<AgencyRecord | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: agencyKey(agencyId) }));
    return Item ? toAgencyRecord(Item) : undefined;
  }

  async listAgencyRecords(): Promise<AgencyRecord[]> {
    return (await this.queryAgencyItems()).map(toAgencyRecord);
  }

  async listAgenciesWithHistory(): Promise<AgencyWithHistory[]> {
    return (await this.queryAgencyItems()).map(agencyWithHistoryOf);
  }

  private queryAgencyItems(): Promise<Item[]> {
    return this.queryAll({
      TableName: this.tableName,
      IndexName: TABLE_KEYS.index.name,
      KeyConditionExpression: "gsi1pk = :all",
      ExpressionAttributeValues: { ":all": ALL_AGENCIES },
    });
  }

  async getAgencyWithHistory(agencyId: string): Promise<AgencyWithHistory | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: agencyKey(agencyId), ConsistentRead: true }));
    return Item ? agencyWithHistoryOf(Item) : undefined;
  }

  async putAgency(record: AgencyRecord, now: string, actor: string): Promise<{ created: boolean }> {
    const { reminderEmail, ...agency } = record;
    // Read, then write conditional on what was read, with the change's record in the same
    // transaction: the record's "before" is exactly what the write replaced.
    for (let attempt = 1; ; attempt++) {
      const { Item: previous } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: agencyKey(agency.agencyId), ConsistentRead: true }));
      const before = previous ? toAgencyRecord(previous) : undefined;
      const revision = ((previous?.revision as number | undefined) ?? 0) + 1;
      const outcome = await this.transact({
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: agencyKey(agency.agencyId),
              UpdateExpression:
                "SET agencyId = :id, fullName = :fullName, kind = :kind, hasRulemakingPower = :power, gsi1pk = :all, gsi1sk = :id, updatedAt = :now, createdAt = if_not_exists(createdAt, :now), revision = :revision" +
                // A PUT replaces the agency: leaving the address out stops its reminder e-mail.
                (reminderEmail ? ", reminderEmail = :email" : " REMOVE reminderEmail"),
              // Agencies stored before they were counted have no revision: their first record is 1.
              ConditionExpression: previous
                ? previous.revision === undefined
                  ? "attribute_not_exists(revision)"
                  : "revision = :previousRevision"
                : "attribute_not_exists(pk)",
              ExpressionAttributeValues: {
                ":id": agency.agencyId,
                ":fullName": agency.fullName,
                ":kind": agency.kind,
                ":power": agency.hasRulemakingPower,
                ":all": ALL_AGENCIES,
                ":now": now,
                ":revision": revision,
                ...(reminderEmail ? { ":email": reminderEmail } : {}),
                ...(previous?.revision !== undefined ? { ":previousRevision": previous.revision } : {}),
              },
            },
          },
          agencyRevisionPut(this.tableName, agency.agencyId, { revision, at: now, actor, ...(before ? { before } : {}), after: record }),
        ],
      });
      if (!outcome.ok) {
        if (attempt < 4) continue;
        throw new ConflictError("机构信息正被同时修改，请稍后重试");
      }
      // Unpublished reports follow the agency's current name and kind; published ones keep what they said.
      const years = [...((previous?.reportYears as Set<number> | undefined) ?? [])];
      if (before && !sameAgency(before, agency)) {
        await Promise.all(years.map((year) => this.refreshAgencySnapshot(toAgency(previous!), agency, year, now, actor)));
      }
      return { created: !previous };
    }
  }

  /** The agency's new name and kind in one unpublished report, as a change of the report with its own record. */
  private async refreshAgencySnapshot(before: Agency, agency: Agency, year: number, now: string, actor: string): Promise<void> {
    const key = { pk: reportPartition(agency.agencyId, year), sk: META };
    for (let attempt = 1; attempt <= 4; attempt++) {
      const { Item: meta } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
      // Published (or gone): it keeps the name it was published with.
      if (!meta || meta.status === "published") return;
      const revision = meta.revision as number;
      const outcome = await this.transact({
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: key,
              // Bumping the revision makes a publish that read the old name fail its commit.
              UpdateExpression: "SET agency = :agency, title = :title, updatedAt = :now, revision = revision + :one",
              ConditionExpression:
                "revision = :revision AND #status <> :published AND (attribute_not_exists(publishing) OR publishing.leaseUntil < :now)",
              ExpressionAttributeNames: { "#status": "status" },
              ExpressionAttributeValues: {
                ":agency": agency,
                ":title": reportTitle(agency.fullName, year),
                ":published": "published",
                ":now": now,
                ":one": 1,
                ":revision": revision,
              },
            },
          },
          revisionPut(this.tableName, agency.agencyId, year, {
            revision: revision + 1,
            action: "agencyChanged",
            actor,
            at: now,
            status: meta.status as ReportStatus,
            agency: { before: (meta.agency as Agency | undefined) ?? before, after: agency },
          }),
        ],
      });
      if (outcome.ok) return;
    }
    // Still moving after four tries (or being published): it keeps the snapshot it has; the next agency change refreshes it.
  }
}

const sameAgency = (a: Agency, b: Agency) =>
  a.fullName === b.fullName && a.kind === b.kind && a.hasRulemakingPower === b.hasRulemakingPower;

/** The agency must exist; its `reportYears` set lets an agency change reach its reports. */
export function recordReportYear(tableName: string, agencyId: string, year: number) {
  return {
    Update: {
      TableName: tableName,
      Key: agencyKey(agencyId),
      UpdateExpression: "ADD reportYears :years",
      ConditionExpression: "attribute_exists(pk)",
      ExpressionAttributeValues: { ":years": new Set([year]) },
    },
  };
}

function agencyWithHistoryOf(item: Item): AgencyWithHistory {
  const published: Record<number, PublishedVersionSummary[]> = {};
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith(HISTORY_PREFIX)) published[Number(name.slice(HISTORY_PREFIX.length))] = value as PublishedVersionSummary[];
  }
  return { agency: toAgency(item), published };
}

/** The agency with the address reminders are e-mailed to: for the agency resource and the reminder runs only. */
function toAgencyRecord(item: Item): AgencyRecord {
  return { ...toAgency(item), ...(typeof item.reminderEmail === "string" ? { reminderEmail: item.reminderEmail } : {}) };
}

/** The agency as reports snapshot it: exactly these four fields, never the reminder address. */
export function toAgency(item: Item): Agency {
  return {
    agencyId: item.agencyId as string,
    fullName: item.fullName as string,
    kind: item.kind as Agency["kind"],
    hasRulemakingPower: Boolean(item.hasRulemakingPower),
  };
}
