import { signLocalToken } from "../functions/http/auth";
import { SECTION_NAMES } from "../functions/report/catalogue";
import { SYSTEM_ACTOR } from "../functions/service/actor";
import { BENCH_YEAR, benchAgency, benchStoredSections, benchTitle, sectionBody } from "./report-data";
import { BENCH_AUDIENCE, BENCH_ISSUER, BENCH_SECRET, type BenchStack, countedRuntime } from "./stack";

export interface OperationCount {
  status: number;
  /** Size of the response body (what API Gateway sends out). */
  responseBytes: number;
  dynamo: number;
  dynamoByCommand: Record<string, number>;
  /** DynamoDB capacity the operation consumed, as DynamoDB Local reports it (ReturnConsumedCapacity=TOTAL). */
  readUnits: number;
  writeUnits: number;
  s3Put: number;
  s3Get: number;
}

export interface RequestCountResult {
  method: string;
  operations: Record<
    "getReport" | "putSection" | "putSectionFirst" | "findings" | "submit" | "publish" | "publishWithTenPublished",
    OperationCount
  >;
}

/**
 * (d) SDK requests per API operation, counted by middleware on the DocumentClient and the S3Client
 * handed to createRuntime, for one call through the router (app.request, no network in between).
 */
export async function measureRequestCounts(stack: BenchStack): Promise<RequestCountResult> {
  const { runtime, dynamo, s3 } = await countedRuntime(stack, `counts-${Date.now().toString(36)}`, {
    clock: () => new Date("2025-01-20T02:00:00Z"),
  });
  const admin = await signLocalToken({ role: "countyAdmin" }, { issuer: BENCH_ISSUER, audience: BENCH_AUDIENCE, secret: BENCH_SECRET });
  const agency = benchAgency(1);
  const { agencyId, ...agencyBody } = agency;
  const report = `/v1/agencies/${agencyId}/reports/${BENCH_YEAR}`;

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<OperationCount> => {
    dynamo.reset();
    s3.reset();
    const response = await runtime.app.request(path, {
      method,
      headers: { authorization: `Bearer ${admin}`, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    const responseBytes = (await response.arrayBuffer()).byteLength;
    return {
      status: response.status,
      responseBytes,
      dynamo: dynamo.total,
      dynamoByCommand: dynamo.snapshot(),
      readUnits: dynamo.readUnits,
      writeUnits: dynamo.writeUnits,
      s3Put: s3.count("PutObject"),
      s3Get: s3.count("GetObject"),
    };
  };

  await runtime.service.putAgency(SYSTEM_ACTOR, agencyId, agencyBody);
  const putSectionFirst = await call("PUT", `${report}/sections/preamble`, sectionBody("preamble"));
  for (const section of SECTION_NAMES.filter((s) => s !== "preamble")) {
    await runtime.service.putSection(SYSTEM_ACTOR, agencyId, BENCH_YEAR, section, sectionBody(section), { kind: "none" });
  }
  const etag = (await runtime.service.getSection(agencyId, BENCH_YEAR, "overview")).etag;
  const putSection = await call("PUT", `${report}/sections/overview`, sectionBody("overview"), { "if-match": etag });
  const getReport = await call("GET", report);
  const findings = await call("GET", `${report}/findings`);
  const submit = await call("POST", `${report}/submit`);
  const publish = await call("POST", `${report}/publish`, {}, { "idempotency-key": "bench-publish-1" });

  // The same publish when ten other reports of the year are already published.
  const now = "2025-01-20T02:00:00.000Z";
  for (let i = 2; i <= 11; i++) {
    const other = benchAgency(i);
    await runtime.repository.putAgency(other, now, "bench");
    await runtime.repository.createDraft({
      agency: other,
      year: BENCH_YEAR,
      title: benchTitle(other),
      sections: benchStoredSections(),
      now,
      revisionRecord: { revision: 1, action: "opened", actor: "bench", at: now, status: "draft" },
    });
    if (i <= 10) await runtime.publishing.publish(SYSTEM_ACTOR, other.agencyId, BENCH_YEAR, {}, undefined);
  }
  const publishWithTenPublished = await call("POST", `/v1/agencies/${benchAgency(11).agencyId}/reports/${BENCH_YEAR}/publish`, {});

  return {
    method:
      "one call through the router with SDK middleware (finalizeRequest step, below the retry middleware) counting each request sent, and ReturnConsumedCapacity=TOTAL for the read/write units; publish counted for the first report of the year and for a year with ten reports already published",
    operations: { getReport, putSection, putSectionFirst, findings, submit, publish, publishWithTenPublished },
  };
}
