import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../bin/local-stack";

/** `npm start` as a newcomer runs it: its own process, its own ports and data folder. */
const TSX = join(process.cwd(), "node_modules/.bin/tsx");
const dataDir = mkdtempSync(join(tmpdir(), "disclosure-local-"));
const started: ChildProcess[] = [];

async function startLocal(ports: { api: number; dynamo: number; s3: number }) {
  const child = spawn(TSX, ["bin/local.ts"], {
    env: {
      ...process.env,
      PORT: String(ports.api),
      DYNAMODB_PORT: String(ports.dynamo),
      S3_PORT: String(ports.s3),
      DATA_DIR: dataDir,
      NODE_OPTIONS: "--openssl-legacy-provider",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.push(child);
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${output}`)), 90_000);
    const check = () => {
      if (output.includes("按 Ctrl-C 停止")) {
        clearTimeout(timer);
        resolve();
      } else if (child.exitCode !== null) {
        clearTimeout(timer);
        reject(new Error(`npm start exited:\n${output}`));
      } else setTimeout(check, 100);
    };
    check();
  });
  return { child, output: () => output };
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill("SIGINT");
  return exited;
}

function javaOnPort(port: number): boolean {
  try {
    return execFileSync("pgrep", ["-f", `DynamoDBLocal.jar.*-port ${port}`], { encoding: "utf8" }).trim().length > 0;
  } catch {
    return false; // pgrep exits 1 when nothing matches
  }
}

afterAll(() => {
  for (const child of started) if (child.exitCode === null) child.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

describe("npm start", () => {
  it("seeds and publishes the example, prints tokens, stops cleanly on Ctrl-C and keeps its data", async () => {
    const ports = { api: await freePort(), dynamo: await freePort(), s3: await freePort() };
    const first = await startLocal(ports);
    const base = `http://127.0.0.1:${ports.api}`;
    expect(first.output()).toContain("首次启动，已写入并发布示例报告");
    expect(first.output()).toContain(`${base}/site/reports/2024/yuezhuang-town/index.html`);
    const tokens = first.output().match(/eyJ[\w-]+\.[\w-]+\.[\w-]+/g) ?? [];
    expect(tokens).toHaveLength(2);

    expect(await (await fetch(`${base}/v1/health`)).json()).toEqual({ status: "ok" });
    const page = await fetch(`${base}/site/reports/2024/yuezhuang-town/index.html`);
    expect(page.status).toBe(200);
    const pageText = await page.text();
    expect(pageText).toContain("沂源县悦庄镇人民政府2024年政府信息公开工作年度报告");
    expect(pageText).toContain('<a href="./report.pdf">PDF 版</a>');
    // The seeded publication's editions, served as bytes with their types (the PDF begins %PDF-, the DOCX is a zip).
    const pdf = await fetch(`${base}/site/reports/2024/yuezhuang-town/report.pdf`);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const docx = await fetch(`${base}/site/reports/2024/yuezhuang-town/v1.docx`);
    expect(docx.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(Buffer.from(await docx.arrayBuffer()).subarray(0, 2).toString("latin1")).toBe("PK");
    const report = await fetch(`${base}/v1/agencies/yuezhuang-town/reports/2024`, { headers: { authorization: `Bearer ${tokens[1]}` } });
    expect(((await report.json()) as { status: string }).status).toBe("published");

    const token = execFileSync(TSX, ["bin/token.ts", "countyAdmin"], { env: { ...process.env, DATA_DIR: dataDir }, encoding: "utf8" }).trim();
    const board = await fetch(`${base}/v1/years/2024/reports`, { headers: { authorization: `Bearer ${token}` } });
    expect(board.status).toBe(200);
    const editor = execFileSync(TSX, ["bin/token.ts", "agencyEditor", "yuezhuang-town"], { env: { ...process.env, DATA_DIR: dataDir }, encoding: "utf8" }).trim();
    expect((await fetch(`${base}/v1/years/2024/reports`, { headers: { authorization: `Bearer ${editor}` } })).status).toBe(403);

    expect(javaOnPort(ports.dynamo)).toBe(true);
    expect(await stop(first.child)).toBe(0);
    expect(javaOnPort(ports.dynamo)).toBe(false);

    const second = await startLocal(ports);
    expect(second.output()).not.toContain("首次启动");
    const again = await fetch(`${base}/v1/agencies/yuezhuang-town/reports/2024`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await again.json()) as { versions: unknown[] }).versions).toHaveLength(1);
    expect(await stop(second.child)).toBe(0);
    expect(javaOnPort(ports.dynamo)).toBe(false);
  }, 240_000);

  it("runs the README's API examples as written, right after npm start", async () => {
    const ports = { api: await freePort(), dynamo: await freePort(), s3: await freePort() };
    const local = await startLocal(ports);
    const [admin, editor] = local.output().match(/eyJ[\w-]+\.[\w-]+\.[\w-]+/g) ?? [];
    // The README's two shell blocks of "Using the API", on this run's port instead of 3000.
    const readme = readFileSync("README.md", "utf8");
    const section = readme.slice(readme.indexOf("## Using the API"), readme.indexOf("## How it is built"));
    const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!.replaceAll("127.0.0.1:3000", `127.0.0.1:${ports.api}`));
    expect(blocks).toHaveLength(2);
    // curl reads this config: every response ends with its status, so the commands stay as written.
    const curlHome = mkdtempSync(join(tmpdir(), "readme-curl-"));
    writeFileSync(join(curlHome, ".curlrc"), '-s\n-w "\\nHTTP_STATUS:%{http_code}\\n"\n');
    const output = execFileSync("bash", ["-euo", "pipefail", "-c", blocks.join("\n")], {
      env: { ...process.env, CURL_HOME: curlHome, T: editor!, A: admin! },
      encoding: "utf8",
    });
    const statuses = [...output.matchAll(/HTTP_STATUS:(\d{3})/g)].map((m) => Number(m[1]));
    expect(statuses).toEqual(README_EXAMPLE_STATUSES);
    expect(await stop(local.child)).toBe(0);
    rmSync(curlHome, { recursive: true, force: true });
  }, 240_000);
});

/** What each curl line of the README answers, in order (the README's comments say the same). */
const README_EXAMPLE_STATUSES = [200, 200, 200, 200, 200, 200, 428, 200, 200, 200, 200, 200, 200, 201];
