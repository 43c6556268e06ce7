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

/** No shared config or credentials files: the Region comes only from what each test sets. */
const noProfile = { AWS_CONFIG_FILE: "/nonexistent/aws-config", AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials" };

/** The `aws://account/region` environment of the one stack of a cloud assembly. */
function stackEnvironment(outdir: string): string {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as {
    artifacts: Record<string, { type: string; environment?: string }>;
  };
  const stacks = Object.values(manifest.artifacts).filter((a) => a.type === "aws:cloudformation:stack");
  expect(stacks).toHaveLength(1);
  return stacks[0]!.environment!;
}

const hasStrace = spawnSync("strace", ["-V"], { encoding: "utf8" }).status === 0;
/** seccomp-bpf makes strace stop only on the traced syscall: much faster on a busy machine. */
const straceFast =
  hasStrace && spawnSync("strace", ["-f", "-qq", "--seccomp-bpf", "-e", "trace=connect", "-o", "/dev/null", "true"]).status === 0;

function cdkSynth(extra: string[], traceFile?: string, env: NodeJS.ProcessEnv = {}) {
  const outdir = mkdtempSync(join(tmpdir(), "disclosure-cdk-cli-"));
  outdirs.push(outdir);
  const cdk = ["npx", "cdk", "synth", "--quiet", "--output", outdir, ...extra];
  const [cmd, ...args] = traceFile ? ["strace", "-f", "-qq", ...(straceFast ? ["--seccomp-bpf"] : []), "-e", "trace=connect", "-o", traceFile, ...cdk] : cdk;
  const result = spawnSync(cmd!, args, { cwd: ROOT, env: { ...offlineEnv(), ...env }, encoding: "utf8", timeout: 170_000 });
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
    expect(existsSync(join(r.outdir, "DisclosureReports-yiyuan.template.json"))).toBe(true);
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

  it("the Region is the one the CLI selects (AWS_REGION), pinned in the manifest: China gets the China design", () => {
    const r = cdkSynth(
      ["-c", "siteDomain=xxgk.yiyuan.gov.cn", "-c", "siteIamCertificateId=ASCACKCEVSQ6C2EXAMPLE"],
      undefined,
      { ...noProfile, AWS_REGION: "cn-north-1" },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(stackEnvironment(r.outdir)).toBe("aws://unknown-account/cn-north-1");
    const template = JSON.parse(readFileSync(join(r.outdir, "DisclosureReports-yiyuan.template.json"), "utf8")) as {
      Resources: Record<string, { Type: string; Properties: Record<string, any> }>;
    };
    const resources = Object.values(template.Resources);
    const distribution = resources.find((x) => x.Type === "AWS::CloudFront::Distribution")!;
    expect(distribution.Properties["DistributionConfig"]["ViewerCertificate"]).toMatchObject({ IamCertificateId: "ASCACKCEVSQ6C2EXAMPLE" });
    expect(resources.filter((x) => x.Type === "AWS::CloudFront::Function")).toEqual([]);
  }, 180_000);

  it("CDK_DEFAULT_REGION set by hand does not select the Region: the CLI overwrites it (here with its us-east-1 fallback)", () => {
    const r = cdkSynth([], undefined, { ...noProfile, CDK_DEFAULT_REGION: "cn-north-1" });
    expect(r.status, r.stderr).toBe(0);
    expect(stackEnvironment(r.outdir)).toBe("aws://unknown-account/us-east-1");
  }, 180_000);

  it("a bad context value fails synth with a message naming the key", () => {
    const r = cdkSynth(["-c", "timeZone=Mars/Olympus_Mons", "-c", "openYearSchedule=every January"]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("Invalid CDK context");
    expect(r.stderr).toContain("timeZone: must be an IANA time zone name");
    expect(r.stderr).toContain("openYearSchedule: must be an EventBridge Scheduler cron expression");
    expect(existsSync(join(r.outdir, "DisclosureReports-yiyuan.template.json"))).toBe(false);
  }, 120_000);
});
