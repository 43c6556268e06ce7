/**
 * The core of `npm run import -- <dir|files…>`: a county's archive of published reports loaded through
 * the API, one file after another. Each file is read by `POST /v1/imports` (agency name and year), its
 * agency found by full name in `GET /v1/agencies`, then sent unchanged to
 * `POST /v1/agencies/{agencyId}/reports/{year}/import`. It speaks only HTTP (fetch), so the same code
 * loads a local stack or a deployed API; a file that cannot be imported is a failed line, never a guess.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { extname, join, relative, resolve } from "node:path";

/** Content types by extension; no charset, so the importer finds a page's encoding from its bytes and meta tag. */
export const CONTENT_TYPE_BY_EXTENSION: Readonly<Record<string, string>> = {
  ".html": "text/html",
  ".htm": "text/html",
  ".pdf": "application/pdf",
  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  ".txt": "text/plain",
};

export interface ArchiveImportOptions {
  /** Base URL of the API, e.g. http://127.0.0.1:3000 (no /v1). */
  apiUrl: string;
  token: string;
  /** Files and directories as given on the command line. */
  inputs: string[];
  /** Overrides for a single file whose title does not name the agency or year as the directory has it. */
  agencyId?: string;
  year?: number;
  /** Only the stateless preview: nothing is stored. */
  dryRun?: boolean;
  /** One output line (a file's line, or the summary). */
  print: (line: string) => void;
  /** Paths are printed relative to this directory. */
  cwd?: string;
  /** How many times a 503 (Retry-After) of the preview or the agency list is retried before the file counts as failed. */
  retries?: number;
}

export interface FileOutcome {
  file: string;
  ok: boolean;
  agencyId?: string;
  agencyName?: string;
  year?: number;
  mode?: string;
  version?: number;
  cellsRead?: number;
  cellsToReview?: number;
  error?: string;
}

export interface ArchiveSummary {
  files: number;
  imported: number;
  failed: number;
  cellsRead: number;
  cellsToReview: number;
  outcomes: FileOutcome[];
  exitCode: 0 | 1;
}

/** The command line asks for something that cannot be done (nothing is sent). */
export class ArchiveUsageError extends Error {}

/** A failure of one file, with the message the line shows (the API's Chinese message where there is one). */
class FileFailure extends Error {}
/** The agency list could not be read: this file fails, and the next file asks again. */
class AgencyListFailure extends FileFailure {}

/** Agency names compared as people type them: NFKC (full-width letters, digits and brackets), no whitespace. */
export function normaliseAgencyName(name: string): string {
  return name.normalize("NFKC").replace(/[\s\u00a0\u3000\u200b-\u200d\ufeff]+/gu, "");
}

/** Every importable file under the inputs: directories recursively, in name order; explicit files as given. */
export async function expandInputs(inputs: readonly string[]): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && CONTENT_TYPE_BY_EXTENSION[extname(entry.name).toLowerCase()]) files.push(path);
    }
  };
  for (const input of inputs) {
    const info = await stat(input).catch(() => undefined);
    if (!info) missing.push(input);
    else if (info.isDirectory()) await walk(input);
    else files.push(input);
  }
  return { files: [...new Set(files.map((f) => resolve(f)))], missing };
}

interface ApiErrorBody {
  error?: { code?: string; message?: string; details?: { path?: string; message?: string }[] };
}

interface AgencyListBody {
  agencies: { agencyId: string; fullName: string }[];
}

interface PreviewBody {
  reportYear: number | null;
  agencyName: string | null;
  review: unknown[];
  provenance: Record<string, string>;
}

interface ImportBody {
  agencyId: string;
  year: number;
  mode: "history" | "draft";
  version?: number;
  cellsRead: number;
  review: unknown[];
}

/** The API's error in one Chinese line: its message, and the details' messages where they add something. */
function apiErrorLine(status: number, body: unknown): string {
  const error = (body as ApiErrorBody | undefined)?.error;
  if (!error?.message) return `接口返回 HTTP ${status}`;
  const details = (error.details ?? []).map((d) => d.message).filter((m): m is string => Boolean(m) && m !== error.message);
  return `${error.message}${details.length > 0 ? `（${details.join("；")}）` : ""}（HTTP ${status} ${error.code ?? ""}）`.replace(" ）", "）");
}

class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly retries: number,
  ) {}

  /**
   * One request. A 503 of a request that stores nothing is retried after its Retry-After (the API says
   * when it is busy); the storing import is not: its 503 may come after the commit (site files pending),
   * and a repeat would then be refused as a second import of a published year.
   */
  async request(
    method: string,
    path: string,
    body?: { bytes: Uint8Array; contentType: string },
    retryBusy = true,
  ): Promise<{ status: number; json: unknown }> {
    const url = `${this.baseUrl.replace(/\/+$/, "")}${path}`;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          headers: {
            authorization: `Bearer ${this.token}`,
            accept: "application/json",
            ...(body ? { "content-type": body.contentType } : {}),
          },
          ...(body ? { body: body.bytes } : {}),
        });
      } catch (error) {
        const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
        throw new FileFailure(`无法连接 API ${this.baseUrl}（${cause?.code ?? cause?.message ?? (error as Error).message}）`);
      }
      const text = await response.text();
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      if (response.status === 503 && retryBusy && attempt < this.retries) {
        const seconds = Number(response.headers.get("retry-after") ?? "1");
        await new Promise((done) => setTimeout(done, Math.min(Number.isFinite(seconds) ? seconds : 1, 30) * 1000));
        continue;
      }
      return { status: response.status, json };
    }
  }

  async agencies(): Promise<AgencyListBody["agencies"]> {
    const { status, json } = await this.request("GET", "/v1/agencies").catch((error: FileFailure) => {
      throw new AgencyListFailure(`读取机构列表失败：${error.message}`);
    });
    if (status !== 200) throw new AgencyListFailure(`读取机构列表失败：${apiErrorLine(status, json)}`);
    return (json as AgencyListBody).agencies;
  }
}

function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith("..") ? rel : file;
}

/** The agency whose full name is the one the document prints; none or several is a failure, never a guess. */
function resolveAgency(agencyName: string | null, agencies: AgencyListBody["agencies"]): { agencyId: string; fullName: string } {
  if (!agencyName) throw new FileFailure("文件标题中没有找到机关名称，请用 --agency <机构标识> 指定");
  const wanted = normaliseAgencyName(agencyName);
  const matches = agencies.filter((a) => normaliseAgencyName(a.fullName) === wanted);
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new FileFailure(`机关名称“${agencyName}”对应多个机构（${matches.map((m) => m.agencyId).join("、")}），请用 --agency 指定`);
  }
  throw new FileFailure(`没有全称为“${agencyName}”的机构：请先创建该机构（PUT /v1/agencies/{agencyId}），或用 --agency 指定`);
}

async function importOne(
  client: ApiClient,
  file: string,
  options: ArchiveImportOptions,
  agencies: () => Promise<AgencyListBody["agencies"]>,
): Promise<FileOutcome> {
  const contentType = CONTENT_TYPE_BY_EXTENSION[extname(file).toLowerCase()];
  const shown = displayPath(file, options.cwd ?? process.cwd());
  if (!contentType) throw new FileFailure(`不支持的文件类型 ${extname(file) || "（无扩展名）"}；可导入 .html、.htm、.pdf、.docx、.txt`);
  const bytes = new Uint8Array(await readFile(file));

  const preview = await client.request("POST", "/v1/imports", { bytes, contentType });
  if (preview.status !== 200) throw new FileFailure(apiErrorLine(preview.status, preview.json));
  const read = preview.json as PreviewBody;

  const year = options.year ?? read.reportYear;
  if (year === null || year === undefined) throw new FileFailure("文件标题中没有找到报告年度，请用 --year <年度> 指定");
  const agency = options.agencyId
    ? { agencyId: options.agencyId, fullName: read.agencyName ?? options.agencyId }
    : resolveAgency(read.agencyName, await agencies());

  if (options.dryRun) {
    return {
      file: shown,
      ok: true,
      agencyId: agency.agencyId,
      agencyName: agency.fullName,
      year,
      mode: "preview",
      cellsRead: Object.keys(read.provenance).length,
      cellsToReview: read.review.length,
    };
  }
  const stored = await client.request("POST", `/v1/agencies/${encodeURIComponent(agency.agencyId)}/reports/${year}/import`, { bytes, contentType }, false);
  if (stored.status !== 200 && stored.status !== 201) throw new FileFailure(apiErrorLine(stored.status, stored.json));
  const result = stored.json as ImportBody;
  return {
    file: shown,
    ok: true,
    agencyId: result.agencyId,
    agencyName: agency.fullName,
    year: result.year,
    mode: result.mode,
    ...(result.version !== undefined ? { version: result.version } : {}),
    cellsRead: result.cellsRead,
    cellsToReview: result.review.length,
  };
}

const MODE_LABEL: Record<string, string> = { history: "已存为历史版本", draft: "已填入草稿", preview: "仅预览，未保存" };

export function outcomeLine(outcome: FileOutcome): string {
  if (!outcome.ok) return `✗ ${outcome.file}  失败：${outcome.error}`;
  // A draft has no published version yet; a history import names the version it became.
  const version = outcome.mode === "history" && outcome.version !== undefined ? ` v${outcome.version}` : "";
  const mode = `${MODE_LABEL[outcome.mode ?? ""] ?? outcome.mode}${version}`;
  return `✓ ${outcome.file}  ${outcome.agencyName?.trim()}（${outcome.agencyId}）  ${outcome.year} 年  读取 ${outcome.cellsRead} 格  待核 ${outcome.cellsToReview} 格  ${mode}`;
}

export function summaryLine(summary: Omit<ArchiveSummary, "outcomes" | "exitCode">, dryRun: boolean): string {
  return `共 ${summary.files} 个文件：${dryRun ? "预览" : "导入"} ${summary.imported} 个，失败 ${summary.failed} 个；读取 ${summary.cellsRead} 格，待核 ${summary.cellsToReview} 格`;
}

export async function importArchive(options: ArchiveImportOptions): Promise<ArchiveSummary> {
  const { files, missing } = await expandInputs(options.inputs);
  if ((options.agencyId !== undefined || options.year !== undefined) && files.length + missing.length > 1) {
    throw new ArchiveUsageError(`--agency 与 --year 只能用于单个文件，这里有 ${files.length + missing.length} 个文件`);
  }
  const client = new ApiClient(options.apiUrl, options.token, options.retries ?? 3);
  const outcomes: FileOutcome[] = missing.map((input) => ({ file: input, ok: false, error: "文件或目录不存在" }));
  for (const outcome of outcomes) options.print(outcomeLine(outcome));

  // The agency list is read once, on the first file that needs it (a dry run with --agency never does).
  let agencyList: Promise<AgencyListBody["agencies"]> | undefined;
  const agencies = () => (agencyList ??= client.agencies());

  for (const file of files) {
    let outcome: FileOutcome;
    try {
      outcome = await importOne(client, file, options, agencies);
    } catch (error) {
      if (!(error instanceof FileFailure)) throw error;
      if (error instanceof AgencyListFailure) agencyList = undefined;
      outcome = { file: displayPath(file, options.cwd ?? process.cwd()), ok: false, error: error.message };
    }
    outcomes.push(outcome);
    options.print(outcomeLine(outcome));
  }
  if (files.length === 0 && missing.length === 0) options.print("没有找到可导入的文件（.html、.htm、.pdf、.docx、.txt）");

  const succeeded = outcomes.filter((o) => o.ok);
  const summary = {
    files: outcomes.length,
    imported: succeeded.length,
    failed: outcomes.length - succeeded.length,
    cellsRead: succeeded.reduce((sum, o) => sum + (o.cellsRead ?? 0), 0),
    cellsToReview: succeeded.reduce((sum, o) => sum + (o.cellsToReview ?? 0), 0),
  };
  options.print(summaryLine(summary, options.dryRun ?? false));
  return { ...summary, outcomes, exitCode: summary.failed > 0 || outcomes.length === 0 ? 1 : 0 };
}
