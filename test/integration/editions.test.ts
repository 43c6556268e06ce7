/**
 * The Word and PDF editions on publish (issue 12 point 2), through the API on DynamoDB Local and
 * s3rver: rendered in process (as `npm start` and the publish worker do) and, from an api without
 * the renderer (as in AWS), as a message the real worker handler renders.
 */
import type { SQSEvent } from "aws-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { exampleSections } from "../../fixtures/example";
import { SECTION_NAMES } from "../../functions/report/catalogue";
import { createCore } from "../../functions/core";
import { createPublishWorkerHandler } from "../../functions/jobs/handlers";
import { DOCX_CONTENT_TYPE, editionRenderer, PDF_CONTENT_TYPE } from "../../functions/report/render/editions";
import type { PublishMessage, PublishQueue } from "../../functions/service/ports";
import { createTestApi, type TestApi, testDocumentClient, testS3Client } from "../support/harness";
import { docxTables, readPdf, unzipDocx, withoutWhitespace, xmlText } from "../unit/editions/read-back";
import { GetObjectCommand } from "@aws-sdk/client-s3";

const YEAR = 2024;
const BEFORE_DEADLINE = new Date("2025-01-20T02:00:00Z");
const renderer = editionRenderer();

/** A marker in the narrative (and a distinct number in table 三) to find in the files. */
async function writeReport(api: TestApi, agencyId: string, marker: string) {
  await api.request("PUT", `/v1/agencies/${agencyId}`, { token: api.adminToken, body: { fullName: `沂源县${agencyId}镇人民政府`, kind: "town" } });
  const sections: Record<string, any> = structuredClone(exampleSections);
  delete sections.preamble.statisticsPeriod;
  sections.overview.proactiveDisclosure = `${marker}。${sections.overview.proactiveDisclosure}`;
  for (const name of SECTION_NAMES) {
    const response = await api.request("PUT", `/v1/agencies/${agencyId}/reports/${YEAR}/sections/${name}`, { token: api.adminToken, body: sections[name] });
    expect(response.status, response.text).toBe(201);
  }
}

async function objectOf(api: TestApi, key: string): Promise<{ bytes: Uint8Array; contentType: string | undefined; cacheControl: string | undefined } | undefined> {
  try {
    const object = await testS3Client().send(new GetObjectCommand({ Bucket: api.bucket, Key: key }));
    return { bytes: await object.Body!.transformToByteArray(), contentType: object.ContentType, cacheControl: object.CacheControl };
  } catch (error) {
    if ((error as Error).name === "NoSuchKey") return undefined;
    throw error;
  }
}

const docxText = (bytes: Uint8Array) => withoutWhitespace(xmlText(unzipDocx(bytes)["word/document.xml"]!));
const pdfText = (bytes: Uint8Array) => withoutWhitespace(readPdf(bytes).readingText);

async function reopenAndChange(api: TestApi, agencyId: string, marker: string) {
  expect((await api.request("POST", `/v1/agencies/${agencyId}/reports/${YEAR}/reopen`, { token: api.adminToken })).status).toBe(200);
  const overview = await api.request("GET", `/v1/agencies/${agencyId}/reports/${YEAR}/sections/overview`, { token: api.adminToken });
  const body = { ...exampleSections.overview, proactiveDisclosure: `${marker}。${exampleSections.overview.proactiveDisclosure}` };
  const put = await api.request("PUT", `/v1/agencies/${agencyId}/reports/${YEAR}/sections/overview`, {
    token: api.adminToken,
    body,
    headers: { "if-match": overview.headers.get("etag")! },
  });
  expect(put.status, put.text).toBe(200);
}

describe("Word and PDF editions rendered on publish (in process, as npm start and the worker)", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi({ clock: () => BEFORE_DEADLINE, editions: true, editionRenderer: renderer });
  });

  it("writes v1.docx, v1.pdf, report.docx and report.pdf, links them from the pages and names them in the answer", async () => {
    await writeReport(api, "town-e", "第一版标记甲");
    const published = await api.request("POST", `/v1/agencies/town-e/reports/${YEAR}/publish`, { token: api.adminToken });
    expect(published.status, published.text).toBe(200);
    expect(published.body.editions).toEqual({
      docx: "http://127.0.0.1:3000/site/reports/2024/town-e/v1.docx",
      pdf: "http://127.0.0.1:3000/site/reports/2024/town-e/v1.pdf",
    });

    const docx = (await objectOf(api, "reports/2024/town-e/v1.docx"))!;
    const pdf = (await objectOf(api, "reports/2024/town-e/v1.pdf"))!;
    expect(docx.contentType).toBe(DOCX_CONTENT_TYPE);
    expect(pdf.contentType).toBe(PDF_CONTENT_TYPE);
    expect(docx.cacheControl).toContain("immutable");
    expect(pdf.cacheControl).toContain("immutable");
    const latestPdf = (await objectOf(api, "reports/2024/town-e/report.pdf"))!;
    const latestDocx = (await objectOf(api, "reports/2024/town-e/report.docx"))!;
    expect(latestPdf.cacheControl).not.toContain("immutable");
    expect(Buffer.from(latestPdf.bytes).equals(Buffer.from(pdf.bytes))).toBe(true);
    expect(Buffer.from(latestDocx.bytes).equals(Buffer.from(docx.bytes))).toBe(true);

    // The files say what the page says: title, the narrative, a real Word table with spans, fonts embedded.
    const title = withoutWhitespace("沂源县town-e镇人民政府2024年政府信息公开工作年度报告");
    expect(docxText(docx.bytes)).toContain(title);
    expect(docxText(docx.bytes)).toContain("第一版标记甲");
    // Tables 二, 三 and 四 of the 2021 template.
    expect(docxTables(unzipDocx(docx.bytes)["word/document.xml"]!)).toHaveLength(3);
    expect(unzipDocx(docx.bytes)["word/document.xml"]).toMatch(/<w:gridSpan w:val="\d+"\/>/);
    expect(pdfText(pdf.bytes)).toContain(title);
    expect(pdfText(pdf.bytes)).toContain("第一版标记甲");
    expect(readPdf(pdf.bytes).fonts).toMatch(/NotoSansSC-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes/);

    const archived = await api.s3Site.get("reports/2024/town-e/v1.html");
    expect(archived).toContain('<p class="edition-links">下载本报告：<a href="./v1.docx">Word 版（.docx）</a>　<a href="./v1.pdf">PDF 版</a></p>');
    const latest = await api.s3Site.get("reports/2024/town-e/index.html");
    expect(latest).toContain('<a href="./report.docx">Word 版（.docx）</a>　<a href="./report.pdf">PDF 版</a>');
  });

  it("a correction gets its own files; v1's stay as they were and report.* follow v2", async () => {
    const v1Pdf = (await objectOf(api, "reports/2024/town-e/v1.pdf"))!.bytes;
    await reopenAndChange(api, "town-e", "第二版标记乙");
    const corrected = await api.request("POST", `/v1/agencies/town-e/reports/${YEAR}/publish`, {
      token: api.adminToken,
      body: { correctionNote: "更正了概述中的表述。" },
    });
    expect(corrected.status, corrected.text).toBe(200);
    const v2Pdf = (await objectOf(api, "reports/2024/town-e/v2.pdf"))!.bytes;
    expect(pdfText(v2Pdf)).toContain("第二版标记乙");
    expect(pdfText(v2Pdf)).toContain("更正了概述中的表述。");
    expect(Buffer.from((await objectOf(api, "reports/2024/town-e/v1.pdf"))!.bytes).equals(Buffer.from(v1Pdf))).toBe(true);
    expect(pdfText(v1Pdf)).not.toContain("第二版标记乙");
    const latest = (await objectOf(api, "reports/2024/town-e/report.pdf"))!.bytes;
    expect(Buffer.from(latest).equals(Buffer.from(v2Pdf))).toBe(true);
    expect(docxText((await objectOf(api, "reports/2024/town-e/report.docx"))!.bytes)).toContain("第二版标记乙");
  });
});

/** Keeps what the api enqueued, as SQS would, for the worker handler to be given later. */
class HeldQueue implements PublishQueue {
  readonly messages: PublishMessage[] = [];
  async enqueue(messages: PublishMessage[]): Promise<void> {
    this.messages.push(...messages);
  }
}

const sqsEvent = (messages: unknown[]): SQSEvent =>
  ({ Records: messages.map((message, index) => ({ messageId: `m-${index}`, body: JSON.stringify(message) })) }) as unknown as SQSEvent;

describe("editions from an api without the renderer (as in AWS): the publish worker renders them", () => {
  let api: TestApi;
  let queue: HeldQueue;
  let worker: ReturnType<typeof createPublishWorkerHandler>;
  beforeAll(async () => {
    queue = new HeldQueue();
    api = await createTestApi({ clock: () => BEFORE_DEADLINE, editions: true, queue });
    // The worker's own composition root on the same table and bucket, with the renderer.
    const core = createCore({ config: api.runtime.config, documentClient: testDocumentClient(), site: api.s3Site, editionRenderer: renderer });
    worker = createPublishWorkerHandler(core.publishing);
  });

  it("enqueues one editions message and renders nothing itself", async () => {
    await writeReport(api, "town-q", "队列标记丙");
    const published = await api.request("POST", `/v1/agencies/town-q/reports/${YEAR}/publish`, { token: api.adminToken });
    expect(published.status, published.text).toBe(200);
    expect(queue.messages).toEqual([{ kind: "editions", agencyId: "town-q", year: YEAR, version: 1 }]);
    expect(await objectOf(api, "reports/2024/town-q/v1.pdf")).toBeUndefined();
    // The page links the files the worker is about to write.
    expect(await api.s3Site.get("reports/2024/town-q/v1.html")).toContain('href="./v1.pdf"');
  });

  it("the worker renders what was published even if the report changed since, and a repeated message rewrites nothing", async () => {
    // Reopened and edited before the worker got to the message: the files are still version 1's.
    await reopenAndChange(api, "town-q", "草稿改动丁");
    const first = await worker(sqsEvent(queue.messages));
    expect(first.batchItemFailures).toEqual([]);
    const pdf = (await objectOf(api, "reports/2024/town-q/v1.pdf"))!;
    expect(pdfText(pdf.bytes)).toContain("队列标记丙");
    expect(pdfText(pdf.bytes)).not.toContain("草稿改动丁");
    expect(docxText((await objectOf(api, "reports/2024/town-q/v1.docx"))!.bytes)).not.toContain("草稿改动丁");
    expect(await objectOf(api, "reports/2024/town-q/report.pdf")).toBeDefined();

    // The same message again (SQS delivers at least once): nothing is overwritten.
    const puts: string[] = [];
    const site = api.s3Site;
    const countingCore = createCore({
      config: api.runtime.config,
      documentClient: testDocumentClient(),
      site: { ...site, get: (k) => site.get(k), getBytes: (k) => site.getBytes(k), exists: (k) => site.exists(k), put: (k, ...rest) => (puts.push(k), site.put(k, ...rest)) },
      editionRenderer: renderer,
    });
    const again = await countingCore.publishing.processMessage(queue.messages[0]!);
    expect(again).toMatchObject({ kind: "editions", version: 1, written: false, latest: 1 });
    expect(puts.filter((key) => /v1\.(docx|pdf)$/.test(key))).toEqual([]);
    expect(Buffer.from((await objectOf(api, "reports/2024/town-q/v1.pdf"))!.bytes).equals(Buffer.from(pdf.bytes))).toBe(true);
  });

  it("a message for a version that does not exist fails (for SQS to retry and dead-letter); a malformed one is dropped", async () => {
    const missing = await worker(sqsEvent([{ kind: "editions", agencyId: "town-q", year: YEAR, version: 9 }]));
    expect(missing.batchItemFailures).toEqual([{ itemIdentifier: "m-0" }]);
    const malformed = await worker(sqsEvent([{ kind: "editions", agencyId: "town-q", year: YEAR, version: 0 }]));
    expect(malformed.batchItemFailures).toEqual([]);
    expect(await objectOf(api, "reports/2024/town-q/v0.pdf")).toBeUndefined();
  });
});
