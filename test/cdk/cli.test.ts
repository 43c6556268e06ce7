/**
 * Issue 4, point 1 ("synth offline") through the real CLI: `cdk synth` with cdk.json, into an OS
 * temp dir, with no network attempt (checked with strace where it is installed), and a bad
 * context value failing with a message naming the key.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "./helpers";

const outdirs: string[] = [];
afterAll(() => {
  for (const d of outdirs) rmSync(d, { recursive: true, force: true });
});

/**
 * The environment of a developer or CI without AWS credentials. (With credentials, the CLI asks STS
 * for the default account: that is a network call of the CLI, not of the app.)
 */
function offlineEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (/^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|PROFILE|REGION|DEFAULT_REGION)$/.test(k) || k.startsWith("CDK_")) {
      delete env[k];
    }
  }
  return env;
}

const hasStrace = spawnSync("strace", ["-V"], { encoding: "utf8" }).status === 0;
/** seccomp-bpf makes strace stop only on the traced syscall: much faster on a busy machine. */
const straceFast =
  hasStrace && spawnSync("strace", ["-f", "-qq", "--seccomp-bpf", "-e", "trace=connect", "-o", "/dev/null", "true"]).status === 0;

function cdkSynth(extra: string[], traceFile?: string) {
  const outdir = mkdtempSync(join(tmpdir(), "disclosure-cdk-cli-"));
  outdirs.push(outdir);
  const cdk = ["npx", "cdk", "synth", "--quiet", "--output", outdir, ...extra];
  const [cmd, ...args] = traceFile ? ["strace", "-f", "-qq", ...(straceFast ? ["--seccomp-bpf"] : []), "-e", "trace=connect", "-o", traceFile, ...cdk] : cdk;
  const result = spawnSync(cmd!, args, { cwd: ROOT, env: offlineEnv(), encoding: "utf8", timeout: 170_000 });
  return { ...result, outdir };
}

describe("cdk synth (CLI, cdk.json)", () => {
  it("cdk.json runs the app with tsx and turns notices and telemetry off", () => {
    const cdkJson = JSON.parse(readFileSync(join(ROOT, "cdk.json"), "utf8")) as Record<string, any>;
    expect(cdkJson["app"]).toBe("npx tsx bin/app.ts");
    expect(cdkJson["notices"]).toBe(false);
    expect(cdkJson["context"]["cli-telemetry"]).toBe(false);
  });

  it("succeeds offline and writes one stack template", () => {
    const trace = hasStrace ? join(mkdtempSync(join(tmpdir(), "disclosure-strace-")), "trace.txt") : undefined;
    if (trace) outdirs.push(join(trace, ".."));
    const r = cdkSynth([], trace);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(r.outdir, "DisclosureReports.template.json"))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(r.outdir, "manifest.json"), "utf8")) as {
      artifacts: Record<string, { type: string }>;
    };
    expect(Object.values(manifest.artifacts).filter((a) => a.type === "aws:cloudformation:stack")).toHaveLength(1);
    if (trace) {
      const inet = readFileSync(trace, "utf8")
        .split("\n")
        .filter((l) => /connect\(/.test(l) && /AF_INET6?\b/.test(l));
      expect(inet, "network connections attempted during synth").toEqual([]);
    }
  }, 180_000);

  it("a bad context value fails synth with a message naming the key", () => {
    const r = cdkSynth(["-c", "timeZone=Mars/Olympus_Mons", "-c", "openYearSchedule=every January"]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("Invalid CDK context");
    expect(r.stderr).toContain("timeZone: must be an IANA time zone name");
    expect(r.stderr).toContain("openYearSchedule: must be an EventBridge Scheduler cron expression");
    expect(existsSync(join(r.outdir, "DisclosureReports.template.json"))).toBe(false);
  }, 120_000);
});
