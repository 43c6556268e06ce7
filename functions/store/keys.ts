/**
 * Single-table layout (design.md §3). A report's items share one partition, so the whole report is
 * one Query; the GSI lists a year's reports and all agencies.
 *
 *   pk                         sk                 gsi1pk        gsi1sk
 *   AGENCY#{agencyId}          AGENCY             AGENCIES      {agencyId}
 *   REPORT#{agencyId}#{year}   META               YEAR#{year}   {agencyId}
 *   REPORT#{agencyId}#{year}   SECTION#{name}
 *   REPORT#{agencyId}#{year}   VERSION#{n:0000}
 *   REPORT#{agencyId}#{year}   IDEMPOTENCY#{key}
 *   AGENCY#{agencyId}          REVISION#{at}#{id} (one change to the agency)
 *   REVISIONS#{agencyId}#{year} REVISION#{n:00000000} (the report's audit trail, apart from the report
 *                              so that GET report's Query does not read it)
 *   RUN#{year}#{runId}         SUMMARY            RUNS#{year}   {startedAt}
 *   RUN#{year}#{runId}         AGENCIES#{n:0000}  (the run's agency list, ≤ 1,000 ids per item)
 *   RUN#{year}#{runId}#S{nn}   COUNT              (outcomes recorded in this shard, nn < 16)
 *   RUN#{year}#{runId}#S{nn}   AGENCY#{agencyId}  (one outcome; the shard is a hash of agencyId,
 *                              so a deadline run's outcome writes spread over 16 partitions)
 *
 * META also carries what reading a report or a year needs without running the rules or reading S3:
 * `findingCounts` (the service's counts for the report at `revision`, written by the same write as
 * every change) and, once published, `openDataRow` (the latest version's row of open-data.csv,
 * gzipped JSON, written by the publish commit). The year's index, index.json and open-data.csv are
 * built from the YEAR#{year} Query alone.
 */
export const TABLE_KEYS = {
  partitionKey: "pk",
  sortKey: "sk",
  index: { name: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
} as const;

export const agencyKey = (agencyId: string) => ({ pk: `AGENCY#${agencyId}`, sk: "AGENCY" });
export const ALL_AGENCIES = "AGENCIES";
export const reportPartition = (agencyId: string, year: number) => `REPORT#${agencyId}#${year}`;
export const META = "META";
export const SECTION_PREFIX = "SECTION#";
export const VERSION_PREFIX = "VERSION#";
export const IDEMPOTENCY_PREFIX = "IDEMPOTENCY#";
export const yearIndexKey = (year: number) => `YEAR#${year}`;
export const versionSortKey = (version: number) => `${VERSION_PREFIX}${String(version).padStart(4, "0")}`;
export const runPartition = (year: number, runId: string) => `RUN#${year}#${runId}`;
export const runsIndexKey = (year: number) => `RUNS#${year}`;
export const revisionPartition = (agencyId: string, year: number) => `REVISIONS#${agencyId}#${year}`;
export const REVISION_PREFIX = "REVISION#";
export const revisionSortKey = (revision: number) => `${REVISION_PREFIX}${String(revision).padStart(8, "0")}`;
