/**
 * Issue 4, point 4: the configuration is CDK context validated with zod; a bad value fails synth
 * with a message naming the key.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildApp } from "../../lib/app";
import { CONTEXT_KEYS, ContextConfigError, cronMonthDay, deadlinesEnv, parseContext } from "../../lib/config";
import { deadlinesSchema } from "../../functions/config";
import { cdkJsonContext } from "./helpers";

const defaults = () => {
  const ctx = cdkJsonContext();
  return Object.fromEntries(CONTEXT_KEYS.filter((k) => k in ctx).map((k) => [k, ctx[k]]));
};

/** The error message parseContext throws for these overrides. */
function errorFor(overrides: Record<string, unknown>, remove: string[] = []): string {
  const raw: Record<string, unknown> = { ...defaults(), ...overrides };
  for (const k of remove) delete raw[k];
  try {
    parseContext(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(ContextConfigError);
    return (err as Error).message;
  }
  throw new Error(`no error for ${JSON.stringify(overrides)}`);
}

describe("cdk.json defaults", () => {
  it("parse, and hold the county configuration of design.md", () => {
    const c = parseContext(defaults());
    expect(c).toMatchObject({
      countyName: "沂源县",
      timeZone: "Asia/Shanghai",
      deadlines: { countyGovernment: "03-31", countyDepartment: "01-31", town: "01-31", subdistrict: "01-31" },
      openYearSchedule: "cron(0 2 1 1 ? *)",
      publishRunSchedules: [
        { cron: "cron(0 20 31 1 ? *)", kinds: ["countyDepartment", "town", "subdistrict"] },
        { cron: "cron(0 20 31 3 ? *)", kinds: ["countyGovernment"] },
      ],
      jwtAudience: "disclosure-reports",
      gatewayJwtAuthorizer: true,
      portalOrigins: [],
      apiThrottleRateLimit: 20,
      apiThrottleBurstLimit: 40,
      logRetentionDays: 365,
    });
    expect(c.siteDomain).toBeUndefined();
  });

  it("turn off CLI notices and telemetry (no network at synth)", () => {
    const ctx = cdkJsonContext();
    expect(ctx["cli-telemetry"]).toBe(false);
  });

  it("DEADLINES env is what functions/config.ts accepts", () => {
    const env = deadlinesEnv(parseContext(defaults()));
    expect(deadlinesSchema.parse(JSON.parse(env))).toEqual(JSON.parse(env));
  });
});

describe("-c overrides arrive as strings", () => {
  it("JSON text for objects and arrays, numbers and booleans as text, comma-separated origins", () => {
    const c = parseContext({
      ...defaults(),
      deadlines: JSON.stringify({ countyGovernment: "03-31", countyDepartment: "02-28", town: "02-28", subdistrict: "02-28" }),
      publishRunSchedules: JSON.stringify([
        { cron: "cron(0 20 28 2 ? *)", kinds: ["countyDepartment", "town", "subdistrict"] },
        { cron: "cron(0 20 31 3 ? *)", kinds: ["countyGovernment"] },
      ]),
      apiThrottleRateLimit: "5",
      apiThrottleBurstLimit: "10",
      gatewayJwtAuthorizer: "false",
      logRetentionDays: "731",
      portalOrigins: "https://a.example.gov.cn, https://b.example.gov.cn",
    });
    expect(c.deadlines.town).toBe("02-28");
    expect(c.apiThrottleRateLimit).toBe(5);
    expect(c.gatewayJwtAuthorizer).toBe(false);
    expect(c.logRetentionDays).toBe(731);
    expect(c.portalOrigins).toEqual(["https://a.example.gov.cn", "https://b.example.gov.cn"]);
  });
});

describe("bad values fail with a message naming the key", () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    ["countyName", { countyName: "  " }, /countyName: must not be empty/],
    ["timeZone", { timeZone: "Mars/Olympus_Mons" }, /timeZone: must be an IANA time zone/],
    ["deadlines (shape)", { deadlines: { countyGovernment: "3-31" } }, /deadlines\.countyGovernment: must be a month-day[\s\S]*deadlines\.town: is required/],
    ["deadlines (JSON)", { deadlines: "{not json" }, /deadlines: is not valid JSON/],
    ["deadlines (unknown kind)", { deadlines: { countyGovernment: "03-31", countyDepartment: "01-31", town: "01-31", subdistrict: "01-31", village: "01-31" } }, /deadlines: .*village/],
    ["openYearSchedule (5 fields)", { openYearSchedule: "cron(0 2 1 1 *)" }, /openYearSchedule: must be an EventBridge Scheduler cron expression/],
    ["openYearSchedule (rate)", { openYearSchedule: "rate(1 day)" }, /openYearSchedule: must be an EventBridge Scheduler cron/],
    ["openYearSchedule (both days)", { openYearSchedule: "cron(0 2 1 1 MON *)" }, /openYearSchedule: exactly one of day-of-month/],
    ["publishRunSchedules (kind)", { publishRunSchedules: [{ cron: "cron(0 20 31 3 ? *)", kinds: ["village"] }] }, /publishRunSchedules\[0\]\.kinds\[0\]/],
    ["publishRunSchedules (twice)", { publishRunSchedules: [{ cron: "cron(0 20 31 3 ? *)", kinds: ["town", "town", "countyGovernment", "countyDepartment", "subdistrict"] }] }, /publishRunSchedules\[0\]\.kinds: agency kind "town" is already published/],
    ["publishRunSchedules (missing kind)", { publishRunSchedules: [{ cron: "cron(0 20 31 3 ? *)", kinds: ["countyGovernment"] }] }, /publishRunSchedules: no publish run for agency kind\(s\): countyDepartment, town, subdistrict/],
    ["publishRunSchedules (before deadline)", { publishRunSchedules: [{ cron: "cron(0 20 31 1 ? *)", kinds: ["countyGovernment", "countyDepartment", "town", "subdistrict"] }] }, /publishRunSchedules\[0\]\.cron: fires on 01-31, before the deadline of "countyGovernment" \(deadlines\.countyGovernment = 03-31\)/],
    ["jwtIssuer", { jwtIssuer: "http://idp.example.com" }, /jwtIssuer: must be an https:\/\/ URL/],
    ["jwtAudience", { jwtAudience: "" }, /jwtAudience: must not be empty/],
    ["jwtJwksUrl", { jwtJwksUrl: "not a url" }, /jwtJwksUrl: must be an absolute URL/],
    ["gatewayJwtAuthorizer", { gatewayJwtAuthorizer: "yes" }, /gatewayJwtAuthorizer: is not valid JSON/],
    ["portalOrigins", { portalOrigins: ["https://portal.example.gov.cn/app"] }, /portalOrigins\[0\]: each origin must look like/],
    ["siteDomain without certificate", { siteDomain: "xxgk.example.gov.cn" }, /siteCertificateArn: siteDomain and siteCertificateArn must be set together/],
    ["siteDomain", { siteDomain: "https://xxgk.example.gov.cn" }, /siteDomain: must be a DNS host name/],
    ["siteCertificateArn region", { siteDomain: "xxgk.example.gov.cn", siteCertificateArn: "arn:aws:acm:cn-north-1:123456789012:certificate/abc" }, /siteCertificateArn: must be an ACM certificate ARN in us-east-1/],
    ["siteWebAclArn", { siteWebAclArn: "arn:aws:wafv2:cn-north-1:123456789012:regional/webacl/x/y" }, /siteWebAclArn: must be a global/],
    ["apiThrottleRateLimit", { apiThrottleRateLimit: "fast" }, /apiThrottleRateLimit: /],
    ["apiThrottleBurstLimit", { apiThrottleBurstLimit: 5 }, /apiThrottleBurstLimit: must be ≥ apiThrottleRateLimit \(20\)/],
    ["logRetentionDays (value)", { logRetentionDays: 100 }, /logRetentionDays: must be one of CloudWatch Logs' retention values/],
    ["logRetentionDays (too short)", { logRetentionDays: 90 }, /logRetentionDays: must be at least 180 days/],
    ["alarmEmail", { alarmEmail: "ops at county" }, /alarmEmail: must be an e-mail address/],
  ])("%s", (_name, overrides, expected) => {
    const message = errorFor(overrides);
    expect(message).toMatch(/^Invalid CDK context/);
    expect(message).toMatch(expected);
  });

  it("a missing required key says where to set it", () => {
    const message = errorFor({}, ["countyName", "jwtIssuer"]);
    expect(message).toContain('countyName: is required (set it in cdk.json "context" or pass -c countyName=...)');
    expect(message).toContain("jwtIssuer: is required");
  });

  it("synth of the app stops before any resource is created", () => {
    const outdir = mkdtempSync(join(tmpdir(), "disclosure-cdk-config-"));
    try {
      expect(() => buildApp({ context: { ...cdkJsonContext(), timeZone: "Nowhere/Land" }, outdir })).toThrow(
        /timeZone: must be an IANA time zone name/,
      );
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe("cronMonthDay", () => {
  it("reads plain day-of-month and month, ignores anything else", () => {
    expect(cronMonthDay("cron(0 20 31 1 ? *)")).toBe("01-31");
    expect(cronMonthDay("cron(0 20 1 12 ? *)")).toBe("12-01");
    expect(cronMonthDay("cron(0 20 L 1 ? *)")).toBeUndefined();
    expect(cronMonthDay("cron(0 20 ? 1 MON#1 *)")).toBeUndefined();
  });
});
