/**
 * `npm run import` (bin/import-archive.ts) against a real HTTP server on 127.0.0.1 that imitates the
 * three routes the command uses: POST /v1/imports reads the document with the real importer, GET
 * /v1/agencies lists a county, and POST …/reports/{year}/import answers in the route's contract
 * (201 history, 200 draft, errors in the service's error shape). Asserted: the lines and the summary
 * printed, the exit code, and the bytes and headers the command sent.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ArchiveUsageError, importArchive, normaliseAgencyName } from "../../bin/import-archive";
import { ImportError, importReport, type ImportResult } from "../../functions/report/import";
import { buildReportDocx } from "../unit/import/docx-builder";
import { CORPUS_DIR, loadFixtures } from "../unit/import/corpus-helpers";

const TOKEN = "test-token-countyAdmin";
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const CURRENT_YEAR = 2025;

/** The county the fake API knows, names stored with the stray spaces a directory has. */
const AGENCIES = [
  { agencyId: "pt-gaj", fullName: "平潭综合实验区公安局", kind: "department", hasRulemakingPower: false },
  { agencyId: "pt-czj", fullName: "平潭综合实验区　财政金融局", kind: "department", hasRulemakingPower: false },
  { agencyId: "hongze", fullName: "淮安市洪泽区人民政府 ", kind: "countyGovernment", hasRulemakingPower: true },
];

interface Recorded {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  status: number;
  response: unknown;
}

let server: Server;
let baseUrl: string;
let recorded: Recorded[] = [];
let root: string;
/** Routes answered once with 503 before succeeding: "preview", or `${agencyId}/${year}` of the import. */
let busyOnce = new Set<string>();

const errorBody = (code: string, message: string) => ({ error: { code, message, details: [] } });

async function handle(method: string, path: string, headers: IncomingHttpHeaders, body: Buffer): Promise<{ status: number; json: unknown; headers?: Record<string, string> }> {
  if (headers.authorization !== `Bearer ${TOKEN}`) return { status: 401, json: errorBody("UNAUTHENTICATED", "缺少或无效的令牌") };
  if (method === "GET" && path === "/v1/agencies") return { status: 200, json: { agencies: AGENCIES } };
  const read = async (): Promise<ImportResult | { status: number; json: unknown }> => {
    try {
      return await importReport(new Uint8Array(body), headers["content-type"] ?? "");
    } catch (error) {
      if (error instanceof ImportError) return { status: 422, json: errorBody("DOCUMENT_REJECTED", error.message) };
      throw error;
    }
  };
  if (method === "POST" && path === "/v1/imports") {
    if (busyOnce.delete("preview")) return { status: 503, json: errorBody("SERVICE_UNAVAILABLE", "服务繁忙，请稍后重试"), headers: { "Retry-After": "0" } };
    const result = await read();
    return "status" in result ? result : { status: 200, json: result };
  }
  const route = /^\/v1\/agencies\/([^/]+)\/reports\/(\d{4})\/import$/.exec(path);
  if (method === "POST" && route) {
    const [, agencyId, yearText] = route;
    const year = Number(yearText);
    if (busyOnce.delete(`${agencyId}/${year}`)) {
      return { status: 503, json: errorBody("SERVICE_UNAVAILABLE", "报告已保存，但网站文件尚未写完，请稍后重试"), headers: { "Retry-After": "0" } };
    }
    if (!AGENCIES.some((a) => a.agencyId === agencyId)) return { status: 404, json: errorBody("NOT_FOUND", `机构 ${agencyId} 不存在`) };
    if (agencyId === "pt-czj" && year === 2020) return { status: 409, json: errorBody("CONFLICT", "平潭综合实验区财政金融局 的 2020 年度报告已发布，不能再导入") };
    const result = await read();
    if ("status" in result) return result;
    const draft = year === CURRENT_YEAR;
    return {
      status: draft ? 200 : 201,
      json: {
        agencyId,
        year,
        mode: draft ? "draft" : "history",
        templateVersion: result.templateVersion,
        version: 1,
        url: `http://site.test/reports/${year}/${agencyId}/`,
        sourceUrl: `http://site.test/reports/${year}/${agencyId}/source.bin`,
        cellsRead: Object.keys(result.provenance).length,
        review: result.review,
        findings: { errors: 0, warnings: 0, infos: 0 },
      },
    };
  }
  return { status: 404, json: errorBody("NOT_FOUND", `没有这个接口：${method} ${path}`) };
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      const path = request.url ?? "";
      handle(request.method ?? "", path, request.headers, body)
        .then(({ status, json, headers }) => {
          recorded.push({ method: request.method ?? "", path, headers: request.headers, body, status, response: json });
          response.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
          response.end(JSON.stringify(json));
        })
        .catch((error: unknown) => {
          response.writeHead(500);
          response.end(String(error));
        });
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
});

beforeEach(() => {
  recorded = [];
  busyOnce = new Set();
  root = mkdtempSync(join(tmpdir(), "import-cli-"));
  return () => rmSync(root, { recursive: true, force: true });
});

function place(relativePath: string, bytes: Buffer | Uint8Array): string {
  const path = join(root, relativePath);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, bytes);
  return path;
}
const corpus = (name: string) => readFileSync(join(CORPUS_DIR, name));

async function run(inputs: string[], options: { dryRun?: boolean; agencyId?: string; year?: number; apiUrl?: string } = {}) {
  const lines: string[] = [];
  const summary = await importArchive({ apiUrl: baseUrl, token: TOKEN, inputs, cwd: root, print: (line) => lines.push(line), retries: 2, ...options });
  return { lines, summary };
}

const importCalls = () => recorded.filter((r) => r.path.endsWith("/import"));
const responseOf = (path: string) => recorded.filter((r) => r.path === path && (r.status === 200 || r.status === 201)).at(-1)!.response as {
  cellsRead: number;
  review: unknown[];
};

describe("npm run import over an archive directory", () => {
  it("imports every report file, fails the unmatched and the unreadable ones, and exits 1", async () => {
    const gaj = loadFixtures().find((f) => f.name === "pt-gaj-2024-page-html")!;
    // A Word copy of the 公安局's previous year, title with a full-width space as Word users type it.
    const docx = buildReportDocx("平潭综合实验区公安局　2023年政府信息公开工作年度报告", gaj.cells);
    place("archive/2023/公安局2023.docx", docx);
    place("archive/2024/pt-gaj-2024.page.html", corpus("pt-gaj-2024.page.html"));
    place("archive/2024/hongze-district-2024.pdf", corpus("hongze-district-2024.pdf"));
    place("archive/2022/pt-czj-2022.page.txt", corpus("pt-czj-2022.page.txt"));
    place("archive/2025/pt-czj-2025.page.html", corpus("pt-czj-2025.page.html"));
    place("archive/2020/pt-czj-2020.page.html", corpus("pt-czj-2020.page.html"));
    place("archive/2019/sh-gov-office-2019.fragment.html", corpus("sh-gov-office-2019.fragment.html"));
    place("archive/notice.htm", Buffer.from("<html><head><meta charset='utf-8'></head><body><p>通知公告</p></body></html>"));
    place("archive/notes/readme.md", Buffer.from("# 说明"));
    place("archive/scan.png", Buffer.from([0x89, 0x50, 0x4e, 0x47]));

    const { lines, summary } = await run([join(root, "archive")]);

    const ok = (file: string, agency: string, id: string, year: number, mode: string) => {
      const response = responseOf(`/v1/agencies/${id}/reports/${year}/import`);
      return `✓ archive/${file}  ${agency}（${id}）  ${year} 年  读取 ${response.cellsRead} 格  待核 ${response.review.length} 格  ${mode}`;
    };
    expect(lines).toEqual([
      `✗ archive/2019/sh-gov-office-2019.fragment.html  失败：没有全称为“上海市人民政府办公厅”的机构：请先创建该机构（PUT /v1/agencies/{agencyId}），或用 --agency 指定`,
      `✗ archive/2020/pt-czj-2020.page.html  失败：平潭综合实验区财政金融局 的 2020 年度报告已发布，不能再导入（HTTP 409 CONFLICT）`,
      ok("2022/pt-czj-2022.page.txt", "平潭综合实验区　财政金融局", "pt-czj", 2022, "已存为历史版本 v1"),
      ok("2023/公安局2023.docx", "平潭综合实验区公安局", "pt-gaj", 2023, "已存为历史版本 v1"),
      ok("2024/hongze-district-2024.pdf", "淮安市洪泽区人民政府", "hongze", 2024, "已存为历史版本 v1"),
      ok("2024/pt-gaj-2024.page.html", "平潭综合实验区公安局", "pt-gaj", 2024, "已存为历史版本 v1"),
      ok("2025/pt-czj-2025.page.html", "平潭综合实验区　财政金融局", "pt-czj", 2025, "已填入草稿"),
      expect.stringMatching(/^✗ archive\/notice\.htm {2}失败：文件中没有找到政府信息公开工作年度报告的表格.*（HTTP 422 DOCUMENT_REJECTED）$/),
      expect.any(String),
    ]);
    const imported = summary.outcomes.filter((o) => o.ok);
    const cellsRead = imported.reduce((s, o) => s + o.cellsRead!, 0);
    const toReview = imported.reduce((s, o) => s + o.cellsToReview!, 0);
    expect(cellsRead).toBeGreaterThan(5 * 100);
    expect(lines.at(-1)).toBe(`共 8 个文件：导入 5 个，失败 3 个；读取 ${cellsRead} 格，待核 ${toReview} 格`);
    expect(summary).toMatchObject({ files: 8, imported: 5, failed: 3, exitCode: 1 });

    // Each file went through the preview and (when its agency was found) the import, byte for byte.
    const sent = (name: string) => recorded.filter((r) => r.method === "POST" && r.body.equals(readFileSync(join(root, "archive", name))));
    for (const [name, type] of [
      ["2023/公安局2023.docx", DOCX],
      ["2024/hongze-district-2024.pdf", "application/pdf"],
      ["2022/pt-czj-2022.page.txt", "text/plain"],
      ["2024/pt-gaj-2024.page.html", "text/html"],
      ["notice.htm", "text/html"],
    ] as const) {
      const calls = sent(name);
      expect(calls.length, name).toBe(name === "notice.htm" ? 1 : 2);
      expect(calls[0]!.path).toBe("/v1/imports");
      for (const call of calls) {
        expect(call.headers["content-type"], name).toBe(type);
        expect(call.headers.authorization).toBe(`Bearer ${TOKEN}`);
      }
    }
    expect(sent("2019/sh-gov-office-2019.fragment.html").map((r) => r.path)).toEqual(["/v1/imports"]);
    // Files that are not reports by their extension are never sent; the agency list is read once.
    expect(recorded.filter((r) => r.body.toString() === "# 说明" || r.body[0] === 0x89)).toEqual([]);
    expect(recorded.filter((r) => r.method === "GET").map((r) => r.path)).toEqual(["/v1/agencies"]);
    expect(importCalls().map((r) => r.path)).toEqual([
      "/v1/agencies/pt-czj/reports/2020/import",
      "/v1/agencies/pt-czj/reports/2022/import",
      "/v1/agencies/pt-gaj/reports/2023/import",
      "/v1/agencies/hongze/reports/2024/import",
      "/v1/agencies/pt-gaj/reports/2024/import",
      "/v1/agencies/pt-czj/reports/2025/import",
    ]);
  });

  it("exits 0 when every file imports, and waits out a busy preview (503 with Retry-After)", async () => {
    const file = place("gaj.html", corpus("pt-gaj-2024.page.html"));
    busyOnce.add("preview");
    const { lines, summary } = await run([file]);
    expect(summary.exitCode).toBe(0);
    expect(recorded.filter((r) => r.path === "/v1/imports").map((r) => r.status)).toEqual([503, 200]);
    expect(importCalls().map((r) => r.status)).toEqual([201]);
    const response = responseOf("/v1/agencies/pt-gaj/reports/2024/import");
    expect(lines).toEqual([
      `✓ gaj.html  平潭综合实验区公安局（pt-gaj）  2024 年  读取 ${response.cellsRead} 格  待核 ${response.review.length} 格  已存为历史版本 v1`,
      `共 1 个文件：导入 1 个，失败 0 个；读取 ${response.cellsRead} 格，待核 ${response.review.length} 格`,
    ]);
  });

  it("does not repeat a storing import that answered 503: the file fails with the API's message", async () => {
    const file = place("gaj.html", corpus("pt-gaj-2024.page.html"));
    busyOnce.add("pt-gaj/2024");
    const { lines, summary } = await run([file]);
    expect(importCalls().map((r) => r.status)).toEqual([503]);
    expect(lines[0]).toBe("✗ gaj.html  失败：报告已保存，但网站文件尚未写完，请稍后重试（HTTP 503 SERVICE_UNAVAILABLE）");
    expect(summary.exitCode).toBe(1);
  });

  it("--dry-run only previews: nothing is sent to the import route", async () => {
    const file = place("czj.html", corpus("pt-czj-2025.page.html"));
    const { lines, summary } = await run([file], { dryRun: true });
    expect(importCalls()).toEqual([]);
    const preview = recorded.find((r) => r.path === "/v1/imports")!.response as ImportResult;
    const read = Object.keys(preview.provenance).length;
    expect(lines).toEqual([
      `✓ czj.html  平潭综合实验区　财政金融局（pt-czj）  2025 年  读取 ${read} 格  待核 ${preview.review.length} 格  仅预览，未保存`,
      `共 1 个文件：预览 1 个，失败 0 个；读取 ${read} 格，待核 ${preview.review.length} 格`,
    ]);
    expect(summary.exitCode).toBe(0);
  });

  it("--agency and --year override the title for a single file, and are refused for several", async () => {
    const file = place("unknown.html", corpus("sh-gov-office-2019.fragment.html"));
    const { summary } = await run([file], { agencyId: "pt-gaj", year: 2018 });
    expect(summary.exitCode).toBe(0);
    expect(importCalls().map((r) => r.path)).toEqual(["/v1/agencies/pt-gaj/reports/2018/import"]);
    expect(recorded.some((r) => r.method === "GET")).toBe(false);

    const other = place("other.html", corpus("pt-gaj-2024.page.html"));
    recorded = [];
    await expect(run([file, other], { agencyId: "pt-gaj" })).rejects.toBeInstanceOf(ArchiveUsageError);
    expect(recorded).toEqual([]);
  });

  it("reports a missing input and an unreachable API as failed lines", async () => {
    const file = place("gaj.html", corpus("pt-gaj-2024.page.html"));
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, "127.0.0.1", done));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((done) => closed.close(() => done()));

    const { lines, summary } = await run([join(root, "missing-dir"), file], { apiUrl: deadUrl });
    expect(lines[0]).toBe(`✗ ${join(root, "missing-dir")}  失败：文件或目录不存在`);
    expect(lines[1]).toMatch(new RegExp(`^✗ gaj\\.html {2}失败：无法连接 API ${deadUrl.replace(/[.]/g, "\\.")}（ECONNREFUSED）$`));
    expect(lines[2]).toBe("共 2 个文件：导入 0 个，失败 2 个；读取 0 格，待核 0 格");
    expect(summary.exitCode).toBe(1);
  });
});

describe("agency names", () => {
  it("match across NFC/NFKC forms, full-width letters and brackets, and whitespace", () => {
    expect(normaliseAgencyName("ＸＸ市（试点）　公安局 ")).toBe(normaliseAgencyName("XX市(试点)公安局"));
    expect(normaliseAgencyName("Cafe\u0301局")).toBe(normaliseAgencyName("Café局"));
    expect(normaliseAgencyName("平潭综合实验区公安局")).not.toBe(normaliseAgencyName("平潭综合实验区财政金融局"));
  });
});
