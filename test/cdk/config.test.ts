/**
 * Issue 4, point 4: the configuration is CDK context validated with zod; a bad value fails synth
 * with a message naming the key.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildApp } from "../../lib/app";
import {
  CONTEXT_KEYS,
  ContextConfigError,
  cronMonthDay,
  deadlinesEnv,
  deploymentTarget,
  parseContext,
} from "../../lib/config";
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
      countyId: "yiyuan",
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
      publishConcurrency: 5,
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
      publishConcurrency: "50",
      gatewayJwtAuthorizer: "false",
      logRetentionDays: "731",
      portalOrigins: "https://a.example.gov.cn, https://b.example.gov.cn",
    });
    expect(c.deadlines.town).toBe("02-28");
    expect(c.apiThrottleRateLimit).toBe(5);
    expect(c.publishConcurrency).toBe(50);
    expect(c.gatewayJwtAuthorizer).toBe(false);
    expect(c.logRetentionDays).toBe(731);
    expect(c.portalOrigins).toEqual(["https://a.example.gov.cn", "https://b.example.gov.cn"]);
  });
});

describe("bad values fail with a message naming the key", () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    ["countyName", { countyName: "  " }, /countyName: must not be empty/],
    ["countyId (upper case)", { countyId: "Yiyuan" }, /countyId: must be 1–24 lowercase letters, digits or hyphens/],
    ["countyId (underscore)", { countyId: "yi_yuan" }, /countyId: must be 1–24 lowercase letters/],
    ["countyId (leading hyphen)", { countyId: "-yiyuan" }, /countyId: must be 1–24 lowercase letters/],
    ["countyId (too long)", { countyId: "a".repeat(25) }, /countyId: must be 1–24 lowercase letters/],
    ["siteIamCertificateId outside China", { siteIamCertificateId: "ASCACKCEVSQ6C2EXAMPLE" }, /siteIamCertificateId: is only used in the China Regions/],
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
    ["publishConcurrency (too low)", { publishConcurrency: "1" }, /publishConcurrency: must be ≥ 2/],
    ["publishConcurrency (too high)", { publishConcurrency: 1001 }, /publishConcurrency: must be ≤ 1000/],
    ["publishConcurrency (fraction)", { publishConcurrency: "2.5" }, /publishConcurrency: must be an integer/],
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

describe("countyId", () => {
  it("is required, and says where to set it", () => {
    expect(errorFor({}, ["countyId"])).toContain('countyId: is required (set it in cdk.json "context" or pass -c countyId=...)');
  });

  it("accepts lowercase letters, digits and inner hyphens", () => {
    for (const id of ["yiyuan", "linqu-2", "a", "x1-y2-z3"]) expect(parseContext({ ...defaults(), countyId: id }).countyId).toBe(id);
  });
});

describe("deployment target (the Region the CLI selected)", () => {
  it("knows the partition and the opt-in Regions", () => {
    expect(deploymentTarget("cn-north-1")).toEqual({ region: "cn-north-1", partition: "aws-cn", optInRegion: false });
    expect(deploymentTarget("cn-northwest-1")).toEqual({ region: "cn-northwest-1", partition: "aws-cn", optInRegion: false });
    expect(deploymentTarget("ap-east-1")).toEqual({ region: "ap-east-1", partition: "aws", optInRegion: true });
    expect(deploymentTarget("ap-southeast-3").optInRegion).toBe(true);
    expect(deploymentTarget("ap-northeast-1")).toEqual({ region: "ap-northeast-1", partition: "aws", optInRegion: false });
    expect(deploymentTarget("us-east-1").optInRegion).toBe(false);
    expect(deploymentTarget(undefined)).toEqual({ region: undefined, partition: "aws", optInRegion: false });
  });

  it("refuses what is not a Region, and the partitions the stack is not built for", () => {
    expect(() => deploymentTarget("Hong Kong")).toThrow(/Invalid AWS Region "Hong Kong"/);
    expect(() => deploymentTarget("us-gov-west-1")).toThrow(/Region us-gov-west-1 is not supported/);
  });
});

describe("China (aws-cn): CloudFront needs an ICP-filed domain and an IAM certificate", () => {
  const china = deploymentTarget("cn-north-1");
  const chinaError = (overrides: Record<string, unknown>): string => {
    try {
      parseContext({ ...defaults(), ...overrides }, china);
    } catch (err) {
      expect(err).toBeInstanceOf(ContextConfigError);
      return (err as Error).message;
    }
    throw new Error("no error");
  };

  it("requires siteDomain and siteIamCertificateId, each with a message that says why", () => {
    const message = chinaError({});
    expect(message).toMatch(/siteDomain: is required in cn-north-1 \(AWS China\): CloudFront in China serves only an ICP-filed alternate domain/);
    expect(message).toMatch(/siteIamCertificateId: is required in cn-north-1 \(AWS China\): the ServerCertificateId \(ASCA…\)/);
  });

  it("accepts them, and refuses an ACM certificate or a CloudFront web ACL there", () => {
    const site = { siteDomain: "xxgk.yiyuan.gov.cn", siteIamCertificateId: "ASCACKCEVSQ6C2EXAMPLE" };
    expect(parseContext({ ...defaults(), ...site }, china)).toMatchObject(site);
    expect(chinaError({ ...site, siteCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555" })).toMatch(
      /siteCertificateArn: is not used in cn-north-1 \(AWS China\)/,
    );
    expect(chinaError({ ...site, siteWebAclArn: "arn:aws:wafv2:us-east-1:123456789012:global/webacl/county/abcd" })).toMatch(
      /siteWebAclArn: is not available in cn-north-1 \(AWS China\): AWS WAF is regional only/,
    );
    expect(chinaError({ siteDomain: "xxgk.yiyuan.gov.cn", siteIamCertificateId: "arn:aws-cn:iam::123456789012:server-certificate/x" })).toMatch(
      /siteIamCertificateId: must be the ServerCertificateId of an IAM server certificate/,
    );
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
