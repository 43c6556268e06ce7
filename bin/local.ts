import { resolve } from "node:path";
import { serve } from "@hono/node-server";
import { SECTION_NAMES, type SectionName } from "../functions/report/catalogue";
import { type SectionInputs, sectionInputSchemas } from "../functions/report/schemas";
import { createRuntime, type Runtime } from "../functions/runtime";
import { editionRenderer } from "../functions/report/render/editions";
import { CONTENT_TYPES, siteKeys } from "../functions/service/site-layout";
import { SYSTEM_ACTOR } from "../functions/service/actor";
import { signLocalToken } from "../functions/http/auth";
import { exampleAgency, exampleSections, exampleYear } from "../fixtures/example";
import { DATA_DIR, LOCAL_AUDIENCE, LOCAL_ISSUER, localConfig, localSecret } from "./local-config";
import {
  ensureBucket,
  ensureTable,
  isPortFree,
  LOCAL_AWS_ENV,
  type RunningService,
  startDynamoDbLocal,
  startLocalS3,
} from "./local-stack";

/**
 * `npm start`: DynamoDB Local + s3rver + the API on one port, data under .data/, the example report
 * seeded on first start. The API is the same router the Lambda serves.
 */
const PORT = Number(process.env.PORT ?? 3000);
const DYNAMODB_PORT = Number(process.env.DYNAMODB_PORT ?? 8000);
const S3_PORT = Number(process.env.S3_PORT ?? 4569);
const TABLE = "disclosure-reports";
const BUCKET = "disclosure-reports-site";
const apiUrl = `http://127.0.0.1:${PORT}`;

const services: RunningService[] = [];
let shuttingDown = false;

async function shutdown(code: number): Promise<never> {
  if (!shuttingDown) {
    shuttingDown = true;
    console.log("\n正在停止本地服务……");
    for (const service of services.reverse()) await service.stop().catch(() => undefined);
    console.log("已停止（DynamoDB Local 与本地 S3 均已关闭）。");
  }
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

/** The seed goes through the same validation as a PUT (the services take validated bodies). */
function validSection<K extends SectionName>(section: K, body: unknown): SectionInputs[K] {
  return sectionInputSchemas[section].parse(body) as SectionInputs[K];
}

/** The clerk's walk-through year of the README: a draft next to the published example. */
export const DRAFT_YEAR = exampleYear + 1;

/**
 * Puts the example report in place and publishes it, and opens a draft of the following year from
 * the same text for the README's walk-through. Each step is skipped when already done, so a first
 * start that was interrupted half-way is completed by the next one.
 */
async function seedExample(runtime: Runtime): Promise<boolean> {
  const { agencyId, ...agency } = exampleAgency;
  const existing = await runtime.repository.getReport(agencyId, exampleYear);
  const draft = await runtime.repository.getReport(agencyId, DRAFT_YEAR);
  if (existing && existing.versions.length > 0 && draft) return false;
  if (!(await runtime.repository.getAgency(agencyId))) await runtime.service.putAgency(SYSTEM_ACTOR, agencyId, agency);
  if (!(existing && existing.versions.length > 0)) {
    for (const section of SECTION_NAMES) {
      if (existing?.sections[section]) continue;
      await runtime.service.putSection(SYSTEM_ACTOR, agencyId, exampleYear, section, validSection(section, exampleSections[section]), { kind: "none" });
    }
    await runtime.service.submit(SYSTEM_ACTOR, agencyId, exampleYear);
    await runtime.publishing.publish(SYSTEM_ACTOR, agencyId, exampleYear, {}, "local-seed");
  }
  for (const section of SECTION_NAMES) {
    if (draft?.sections[section]) continue;
    // The statistics period is left to be computed for the draft's own year.
    const { statisticsPeriod: _period, ...preamble } = exampleSections.preamble;
    const body = section === "preamble" ? preamble : exampleSections[section];
    await runtime.service.putSection(SYSTEM_ACTOR, agencyId, DRAFT_YEAR, section, validSection(section, body), { kind: "none" });
  }
  return true;
}

/** The published site, read-only, as CloudFront serves it from the bucket in AWS. */
function serveSite(runtime: Runtime, next: (request: Request) => Response | Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (!url.pathname.startsWith("/site/") || request.method !== "GET") return next(request);
    let key: string;
    try {
      key = decodeURIComponent(url.pathname.slice("/site/".length));
    } catch {
      return new Response("路径编码错误", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    }
    if (key === "" || key.endsWith("/")) key += "index.html";
    // Bytes as stored: the PDF and Word editions and imported source files are not text.
    const body = key.includes("..") ? undefined : await runtime.site.getBytes(key);
    if (body === undefined) {
      // As CloudFront's custom error response does in AWS: the site's own Chinese 404 page.
      const notFound = await runtime.site.get(siteKeys.notFound);
      return new Response(notFound ?? "未找到该页面", { status: 404, headers: { "Content-Type": CONTENT_TYPES.html } });
    }
    const type = (CONTENT_TYPES as Record<string, string>)[key.split(".").pop() ?? ""] ?? "application/octet-stream";
    return new Response(body, { headers: { "Content-Type": type } });
  };
}

async function main(): Promise<void> {
  for (const [name, port] of [["PORT", PORT], ["DYNAMODB_PORT", DYNAMODB_PORT], ["S3_PORT", S3_PORT]] as const) {
    if (!(await isPortFree(port))) {
      console.error(`端口 ${port} 已被占用（也许另一个 npm start 仍在运行）。请先停止它，或用 ${name}=<端口> npm start 换一个端口。`);
      process.exit(1);
    }
  }
  Object.assign(process.env, LOCAL_AWS_ENV);
  const dynamo = await startDynamoDbLocal({ port: DYNAMODB_PORT, dataDir: resolve(DATA_DIR, "dynamodb") });
  services.push(dynamo);
  const s3 = await startLocalS3({ port: S3_PORT, directory: resolve(DATA_DIR, "s3") });
  services.push(s3);
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
  process.env.AWS_ENDPOINT_URL_S3 = s3.endpoint;
  await ensureTable(dynamo.endpoint, TABLE);
  await ensureBucket(s3.endpoint, BUCKET);

  const secret = localSecret();
  // PUBLISH_EDITIONS=false npm start publishes without the Word/PDF files (faster on a slow machine).
  const config = localConfig({ tableName: TABLE, bucket: BUCKET, siteBaseUrl: `${apiUrl}/site`, secret, editions: process.env.PUBLISH_EDITIONS !== "false" });
  // The local run is the api and the publish worker in one process: it renders the Word/PDF editions.
  const runtime = createRuntime({ config, editionRenderer: editionRenderer() });
  const seeded = await seedExample(runtime);

  const server = serve({ fetch: serveSite(runtime, runtime.app.fetch), hostname: "127.0.0.1", port: PORT });
  services.push({ endpoint: apiUrl, stop: () => new Promise<void>((done) => server.close(() => done())) });

  const tokenOptions = { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, secret };
  const adminToken = await signLocalToken({ role: "countyAdmin" }, tokenOptions);
  const editorToken = await signLocalToken({ role: "agencyEditor", agencyId: exampleAgency.agencyId }, tokenOptions);
  console.log(`
disclosure-reports 本地服务已启动
  API            ${apiUrl}/v1/health
  OpenAPI        ${apiUrl}/v1/openapi.json
  示例报告 API   ${apiUrl}/v1/agencies/${exampleAgency.agencyId}/reports/${exampleYear}${seeded ? "（首次启动，已写入并发布示例报告）" : ""}
  草稿报告 API   ${apiUrl}/v1/agencies/${exampleAgency.agencyId}/reports/${DRAFT_YEAR}（供 README 的填报示例使用）
  已发布的报告   ${apiUrl}/site/reports/${exampleYear}/${exampleAgency.agencyId}/index.html
  年度报告列表   ${apiUrl}/site/reports/${exampleYear}/index.html
  DynamoDB Local ${dynamo.endpoint}
  本地 S3        ${s3.endpoint}
  数据目录       ${DATA_DIR}

countyAdmin 令牌：
${adminToken}

agencyEditor 令牌（${exampleAgency.agencyId}）：
${editorToken}

试一试：
  curl -H "Authorization: Bearer <countyAdmin 令牌>" ${apiUrl}/v1/agencies/${exampleAgency.agencyId}/reports/${exampleYear}/findings

按 Ctrl-C 停止。`);
}

main().catch(async (error: unknown) => {
  console.error("本地服务启动失败：", error);
  await shutdown(1);
});
