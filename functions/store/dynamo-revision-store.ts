import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { AgencyRevision, RevisionPage, RevisionRecord, StoredRevision } from "../service/ports";
import { DynamoTable, type Item } from "./dynamo-table";
import { agencyKey, REVISION_PREFIX, revisionPartition, revisionSortKey } from "./keys";

/**
 * The audit trails. A report's record is written by the transaction that makes the change, as a Put
 * that only succeeds if no record of that revision exists: a record is never overwritten, and no
 * route or use case has a way to change or delete one.
 */
export function revisionPut(tableName: string, agencyId: string, year: number, record: StoredRevision) {
  return {
    Put: {
      TableName: tableName,
      Item: { pk: revisionPartition(agencyId, year), sk: revisionSortKey(record.revision), record },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}

/** An agency's record: keyed by the agency's own change counter, beside the agency item. */
export function agencyRevisionPut(tableName: string, agencyId: string, revision: AgencyRevision) {
  return {
    Put: {
      TableName: tableName,
      Item: { pk: agencyKey(agencyId).pk, sk: revisionSortKey(revision.revision), revision },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}

export class DynamoRevisionStore extends DynamoTable {
  async listRevisions(agencyId: string, year: number, page: { limit: number; before?: number }): Promise<RevisionPage> {
    if (page.before !== undefined && page.before <= 1) return { revisions: [] };
    const items = await this.page({
      pk: revisionPartition(agencyId, year),
      through: page.before === undefined ? LAST_REVISION_KEY : revisionSortKey(page.before - 1),
      limit: page.limit + 1,
    });
    const revisions = items.slice(0, page.limit).map((item) => withoutContent(item.record as StoredRevision));
    return items.length > page.limit ? { revisions, nextBefore: revisions.at(-1)!.revision } : { revisions };
  }

  async readRevisionsDownFrom(
    agencyId: string,
    year: number,
    revision: number,
    enough: (records: StoredRevision[]) => boolean,
  ): Promise<StoredRevision[]> {
    const records: StoredRevision[] = [];
    let through = revision;
    while (through >= 1) {
      const items = await this.page({ pk: revisionPartition(agencyId, year), through: revisionSortKey(through), limit: 50 });
      records.push(...items.map((item) => item.record as StoredRevision));
      if (items.length < 50 || enough(records)) break;
      through = records.at(-1)!.revision - 1;
    }
    return records;
  }

  async listAgencyRevisions(agencyId: string, page: { limit: number; before?: number }): Promise<{ revisions: AgencyRevision[]; nextBefore?: number }> {
    if (page.before !== undefined && page.before <= 1) return { revisions: [] };
    const items = await this.page({
      pk: agencyKey(agencyId).pk,
      through: page.before === undefined ? LAST_REVISION_KEY : revisionSortKey(page.before - 1),
      limit: page.limit + 1,
    });
    const revisions = items.slice(0, page.limit).map((item) => item.revision as AgencyRevision);
    return items.length > page.limit ? { revisions, nextBefore: revisions.at(-1)!.revision } : { revisions };
  }

  /** Newest first: up to `limit` records of the partition with sort keys from REVISION# through `through`. */
  private async page(query: { pk: string; through: string; limit: number }): Promise<Item[]> {
    const { Items } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :first AND :through",
        ExpressionAttributeValues: { ":pk": query.pk, ":first": REVISION_PREFIX, ":through": query.through },
        ScanIndexForward: false,
        Limit: query.limit,
        // The trail is read right after the change it records.
        ConsistentRead: true,
      }),
    );
    return (Items ?? []) as Item[];
  }
}

/** Sorts after every record's key ('~' is after the digits). */
const LAST_REVISION_KEY = `${REVISION_PREFIX}~`;

function withoutContent(record: StoredRevision): RevisionRecord {
  const { sectionData: _sectionData, sections: _sections, ...shown } = record;
  return shown;
}
