import { parseArgs } from "node:util";
import { signLocalToken } from "../functions/http/auth";
import { ArchiveUsageError, importArchive } from "./import-archive";
import { LOCAL_AUDIENCE, LOCAL_ISSUER, localSecret } from "./local-config";

/**
 * `npm run import -- <dir|files…> [--api <url>] [--token <jwt>] [--agency <id>] [--year <year>] [--dry-run]`:
 * loads a county's archive of published reports through the API. Without --api it talks to the local
 * server of `npm start` and signs a countyAdmin token with the local key, as `npm run token` does; a
 * deployed API needs --token (or IMPORT_TOKEN) from the county's identity provider.
 */
const usage = `用法：npm run import -- <目录|文件…> [选项]
  --api <url>       API 地址（默认本地 npm start：http://127.0.0.1:\${PORT:-3000}）
  --token <jwt>     countyAdmin 令牌（也可用环境变量 IMPORT_TOKEN；本地 API 默认自动签发）
  --agency <id>     机构标识，覆盖文件标题中的机关名称（仅限单个文件）
  --year <年度>     报告年度，覆盖文件标题中的年度（仅限单个文件）
  --dry-run         只读取预览（POST /v1/imports），不保存`;

function fail(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      api: { type: "string" },
      token: { type: "string" },
      agency: { type: "string" },
      year: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
} catch (error) {
  fail((error as Error).message);
}
const { values, positionals } = parsed;
if (values.help) {
  console.log(usage);
  process.exit(0);
}
if (positionals.length === 0) fail("请给出要导入的目录或文件。");

const localApi = `http://127.0.0.1:${process.env.PORT ?? 3000}`;
const apiUrl = values.api ?? localApi;
const isLocal = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/i.test(apiUrl);
let token = values.token ?? process.env.IMPORT_TOKEN;
if (!token) {
  if (!isLocal) fail(`API ${apiUrl} 不是本地服务：请用 --token 给出 countyAdmin 令牌。`);
  token = await signLocalToken({ role: "countyAdmin" }, { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, secret: localSecret() });
}
let year: number | undefined;
if (values.year !== undefined) {
  year = Number(values.year);
  if (!/^\d{4}$/.test(values.year)) fail(`--year 应为四位年度，收到“${values.year}”。`);
}

const summary = await importArchive({
  apiUrl,
  token,
  inputs: positionals,
  ...(values.agency !== undefined ? { agencyId: values.agency } : {}),
  ...(year !== undefined ? { year } : {}),
  dryRun: values["dry-run"],
  print: (line) => console.log(line),
}).catch((error: unknown) => {
  if (error instanceof ArchiveUsageError) fail(error.message);
  throw error;
});
process.exit(summary.exitCode);
