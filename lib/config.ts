/**
 * The deployment's configuration: CDK context keys, validated with zod at synth.
 *
 * Defaults live in cdk.json ("context"); override any key for one command with
 * `-c key=value` (objects and arrays as JSON text, e.g. `-c 'deadlines={"town":"02-28",...}'`)
 * or permanently in cdk.json / cdk.context.json. A bad value fails synth with a
 * {@link ContextConfigError} whose message names every offending key.
 */
import type { Node } from "constructs";
import { z } from "zod";

/** Agency kinds, as functions/ and format-spec.md name them. */
export const AGENCY_KINDS = ["countyGovernment", "countyDepartment", "town", "subdistrict"] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

/** Every context key this app reads (anything else in the context belongs to the CDK itself). */
export const CONTEXT_KEYS = [
  "countyId",
  "countyName",
  "timeZone",
  "deadlines",
  "openYearSchedule",
  "publishRunSchedules",
  "reminderDaysBefore",
  "jwtIssuer",
  "jwtAudience",
  "jwtJwksUrl",
  "gatewayJwtAuthorizer",
  "portalOrigins",
  "siteDomain",
  "siteCertificateArn",
  "siteIamCertificateId",
  "siteWebAclArn",
  "apiThrottleRateLimit",
  "apiThrottleBurstLimit",
  "publishConcurrency",
  "logRetentionDays",
  "alarmEmail",
  "reminderWebhookUrl",
  "reminderWebhookSecretName",
  "reminderEmailFrom",
  "reminderDigestEmail",
  "reminderEmailRegion",
] as const;
export type ContextKey = (typeof CONTEXT_KEYS)[number];

/** Retention periods CloudWatch Logs accepts (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

// ---------------------------------------------------------------- where the stack goes

/**
 * Regions of the `aws` partition that every account may use without opting in: the ones launched
 * before 20 March 2019 (AWS Account Management Reference Guide, "Enable or disable AWS Regions in
 * your account"). Every other `aws` Region is an opt-in Region (ap-east-1 Hong Kong, ap-southeast-3
 * Jakarta, me-south-1, …), where CloudFront does not deliver standard logs (legacy) to a bucket.
 */
export const DEFAULT_ENABLED_REGIONS = [
  "us-east-1", "us-east-2", "us-west-1", "us-west-2",
  "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2",
  "ca-central-1", "eu-central-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-north-1", "sa-east-1",
] as const;

/** The AWS China Regions (partition `aws-cn`), run by Sinnet (Beijing) and NWCD (Ningxia) with accounts of their own. */
export const CHINA_REGIONS = ["cn-north-1", "cn-northwest-1"] as const;

export type Partition = "aws" | "aws-cn";

/**
 * What the stack is synthesized for. The Region comes from `CDK_DEFAULT_REGION`, which the CDK CLI
 * always sets for the app (from AWS_REGION / AWS_DEFAULT_REGION, else the profile's region, else
 * us-east-1). Undefined only when the app is built in-process without one (tests): then the stack is
 * environment-agnostic and gets the design of a default commercial Region.
 */
export interface DeploymentTarget {
  readonly region: string | undefined;
  readonly partition: Partition;
  /** An `aws` Region that is disabled by default (CloudFront cannot log to a bucket there). */
  readonly optInRegion: boolean;
}

const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d$/;

export function deploymentTarget(region: string | undefined): DeploymentTarget {
  if (region === undefined || region === "") return { region: undefined, partition: "aws", optInRegion: false };
  if (!REGION_RE.test(region)) {
    throw new ContextConfigError(`Invalid AWS Region ${JSON.stringify(region)} (set AWS_REGION, e.g. AWS_REGION=ap-east-1)`);
  }
  if ((CHINA_REGIONS as readonly string[]).includes(region)) return { region, partition: "aws-cn", optInRegion: false };
  if (region.startsWith("cn-") || region.startsWith("us-gov-") || region.startsWith("us-iso")) {
    throw new ContextConfigError(
      `Region ${region} is not supported: deploy to an AWS commercial Region or to cn-north-1 / cn-northwest-1 (docs/deploying.md)`,
    );
  }
  return { region, partition: "aws", optInRegion: !(DEFAULT_ENABLED_REGIONS as readonly string[]).includes(region) };
}

// ---------------------------------------------------------------- helpers

/** `-c key=value` always yields a string: accept JSON text wherever an object, array, number or boolean is expected. */
const fromJsonText = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value, ctx) => {
    if (typeof value !== "string") return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: `is not valid JSON: ${JSON.stringify(value)}` });
      return z.NEVER;
    }
  }, schema);

const nonBlank = z.string().trim().min(1, "must not be empty");

const httpsUrl = z
  .url({ message: "must be an absolute URL" })
  .refine((u) => u.startsWith("https://"), "must be an https:// URL");

const monthDay = z
  .string()
  .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "must be a month-day in MM-DD form, e.g. 01-31");

const ianaTimeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, "must be an IANA time zone name, e.g. Asia/Shanghai");

/**
 * An EventBridge Scheduler cron expression: `cron(minutes hours day-of-month month day-of-week year)`,
 * exactly one of day-of-month / day-of-week being `?`.
 */
const CRON_RE = /^cron\(([0-9*,\-/?LW#A-Za-z]+(?: [0-9*,\-/?LW#A-Za-z]+){5})\)$/;
const schedulerCron = z.string().superRefine((text, ctx) => {
  const m = CRON_RE.exec(text.trim());
  if (!m) {
    ctx.addIssue({
      code: "custom",
      message: `must be an EventBridge Scheduler cron expression with six fields, e.g. "cron(0 20 31 1 ? *)"; got ${JSON.stringify(text)}`,
    });
    return;
  }
  const fields = m[1]!.split(" ");
  const dom = fields[2]!;
  const dow = fields[4]!;
  if ((dom === "?") === (dow === "?")) {
    ctx.addIssue({
      code: "custom",
      message: `exactly one of day-of-month (${dom}) and day-of-week (${dow}) must be "?"; got ${JSON.stringify(text)}`,
    });
  }
});

/** The MM-DD a cron fires on, when its day-of-month and month are single numbers. */
export function cronMonthDay(cron: string): string | undefined {
  const m = CRON_RE.exec(cron.trim());
  if (!m) return undefined;
  const [, , dom, month] = m[1]!.split(" ");
  if (!dom || !month || !/^\d{1,2}$/.test(dom) || !/^\d{1,2}$/.test(month)) return undefined;
  return `${month.padStart(2, "0")}-${dom.padStart(2, "0")}`;
}

const kind = z.enum(AGENCY_KINDS);

const deadlines = z.strictObject({
  countyGovernment: monthDay,
  countyDepartment: monthDay,
  town: monthDay,
  subdistrict: monthDay,
});

/** The reminders' steps: days before each deadline, largest first once parsed. */
const reminderDaysBefore = z
  .array(z.number().int("each step must be a whole number of days").min(1, "each step must be ≥ 1 day").max(90, "each step must be ≤ 90 days"))
  .max(10, "at most 10 reminder steps")
  .refine((steps) => new Set(steps).size === steps.length, "steps must not repeat")
  .transform((steps) => [...steps].sort((a, b) => b - a));

const publishRun = z.strictObject({
  cron: schedulerCron,
  kinds: z.array(kind).min(1, "must name at least one agency kind"),
});

// ---------------------------------------------------------------- schema

export const contextSchema = z
  .object({
    /**
     * Short id of the county, unique in the account: names the stack (`DisclosureReports-{countyId}`)
     * and every resource name that must be unique per account. Lowercase letters, digits, hyphens.
     */
    countyId: z
      .string()
      .regex(
        /^[a-z0-9](?:[a-z0-9-]{0,22}[a-z0-9])?$/,
        "must be 1–24 lowercase letters, digits or hyphens, starting and ending with a letter or digit, e.g. yiyuan",
      ),
    /** 县名, shown on every published page (e.g. 沂源县). */
    countyName: nonBlank,
    /** Time zone of the schedules and of deadline arithmetic. */
    timeZone: ianaTimeZone,
    /** Publication deadline (MM-DD of the year after the report year) per agency kind. */
    deadlines: fromJsonText(deadlines),
    /** When the previous calendar year is opened as a reporting year. */
    openYearSchedule: schedulerCron,
    /** Deadline publish runs: each fires `{"action":"publishRun","kinds":[...]}`; every kind exactly once. */
    publishRunSchedules: fromJsonText(z.array(publishRun).min(1, "must define at least one publish run")),
    /**
     * Deadline reminders: days before each deadline (in timeZone) on which the yearly job reminds the
     * agencies not yet submitted, at REMINDER_HOUR; `[]` turns them off.
     */
    reminderDaysBefore: fromJsonText(reminderDaysBefore).default([10, 3, 1]),
    /** `iss` of the county identity provider's tokens (https URL; OIDC discovery must live under it for the gateway authorizer). */
    jwtIssuer: httpsUrl,
    /** `aud` the tokens must carry. */
    jwtAudience: nonBlank,
    /** The identity provider's JWKS URL (the api function verifies tokens with it). */
    jwtJwksUrl: httpsUrl,
    /** Also verify tokens at API Gateway (HTTP API JWT authorizer) before the function is invoked. */
    gatewayJwtAuthorizer: fromJsonText(z.boolean()).default(true),
    /** Browser origins of the publishing portal allowed by CORS (none: no cross-origin browser calls). */
    portalOrigins: z.preprocess(
      // `-c portalOrigins=https://a,https://b` is accepted as well as a JSON array.
      (v) => (typeof v === "string" && !v.trim().startsWith("[") ? v.split(",").map((o) => o.trim()).filter(Boolean) : v),
      fromJsonText(
        z.array(
          z
            .string()
            .regex(/^https:\/\/[a-z0-9.-]+(:\d+)?$/i, "each origin must look like https://portal.example.gov.cn (no path)")
            // Browsers send the Origin header in lower case; the API compares it exactly.
            .transform((origin) => origin.toLowerCase()),
        ),
      ),
    ).default([]),
    /** Custom domain of the published site, e.g. xxgk.example.gov.cn (needs siteCertificateArn; in China the ICP-filed domain, required). */
    siteDomain: z
      .string()
      .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, "must be a DNS host name such as xxgk.example.gov.cn")
      .optional(),
    /** ACM certificate for siteDomain; CloudFront requires it in us-east-1. */
    siteCertificateArn: z
      .string()
      .regex(/^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/, "must be an ACM certificate ARN in us-east-1")
      .optional(),
    /**
     * China only: the ID (ASCA…) of the server certificate of siteDomain uploaded to IAM
     * (`aws iam upload-server-certificate --path /cloudfront/ …`); CloudFront in China does not use ACM.
     */
    siteIamCertificateId: z
      .string()
      .regex(/^ASCA[A-Z0-9]{10,40}$/, "must be the ServerCertificateId of an IAM server certificate (ASCA…), see docs/deploying.md")
      .optional(),
    /** Optional AWS WAF web ACL (scope CLOUDFRONT) to attach to the distribution. */
    siteWebAclArn: z
      .string()
      .regex(/^arn:aws:wafv2:us-east-1:\d{12}:global\/webacl\/.+$/, "must be a global (CLOUDFRONT scope) WAFv2 web ACL ARN")
      .optional(),
    /** HTTP API stage throttling: steady-state requests per second. */
    apiThrottleRateLimit: z.coerce.number().positive("must be > 0").max(10000, "must be ≤ 10000").default(20),
    /** HTTP API stage throttling: burst bucket size. */
    apiThrottleBurstLimit: z.coerce.number().int("must be an integer").min(1, "must be ≥ 1").max(5000, "must be ≤ 5000").default(40),
    /**
     * Publish workers at most at once (the SQS event source's maximum concurrency, 2–1,000). 5 publishes
     * a county's ~100 reports in seconds; a province of 10,000 wants more (docs/performance.md:
     * ≈ 4–10 reports/s per worker, and the year index takes ≈ 250 reports/s before it throttles).
     */
    publishConcurrency: z.coerce.number().int("must be an integer").min(2, "must be ≥ 2").max(1000, "must be ≤ 1000").default(5),
    /** Retention of every log group and of the access-log bucket. ≥ 180: 《网络安全法》第二十一条 requires six months of logs. */
    logRetentionDays: z.coerce
      .number()
      .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
        message: `must be one of CloudWatch Logs' retention values: ${LOG_RETENTION_DAYS.join(", ")}`,
      })
      .refine((d) => d >= 180, "must be at least 180 days (网络安全法 第二十一条: logs kept ≥ 6 months)")
      .default(365),
    /** Optional e-mail for alarm notifications (creates an encrypted SNS topic). */
    alarmEmail: z.email({ message: "must be an e-mail address" }).optional(),
    /** The portal's endpoint for deadline reminders (an https URL); absent: no webhook. */
    reminderWebhookUrl: httpsUrl.optional(),
    /**
     * Name of the Secrets Manager secret (a plain string of ≥ 32 characters) the webhook is signed
     * with. Only a dynamic reference goes into the template; Lambda receives the value at deploy.
     */
    reminderWebhookSecretName: z
      .string()
      .regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, "must be the name of a Secrets Manager secret, e.g. disclosure/yiyuan/reminder-webhook")
      .optional(),
    /** Sender of reminder e-mail through SES, an identity verified in SES; absent: no e-mail. */
    reminderEmailFrom: z.email({ message: "must be an e-mail address" }).optional(),
    /** The county office's address for the reminder digest (needs reminderEmailFrom). */
    reminderDigestEmail: z.email({ message: "must be an e-mail address" }).optional(),
    /** The SES Region when it is not the stack's (SES is not offered in every Region: check its endpoints list). */
    reminderEmailRegion: z.string().regex(/^[a-z]{2}-[a-z]+-\d$/, "must be a Region code such as ap-southeast-1").optional(),
  })
  .superRefine((c, ctx) => {
    if (Boolean(c.reminderWebhookUrl) !== Boolean(c.reminderWebhookSecretName)) {
      ctx.addIssue({
        code: "custom",
        path: [c.reminderWebhookUrl ? "reminderWebhookSecretName" : "reminderWebhookUrl"],
        message: "reminderWebhookUrl and reminderWebhookSecretName must be set together (the webhook is always signed)",
      });
    }
    if ((c.reminderDigestEmail || c.reminderEmailRegion) && !c.reminderEmailFrom) {
      ctx.addIssue({
        code: "custom",
        path: ["reminderEmailFrom"],
        message: "is required when reminderDigestEmail or reminderEmailRegion is set (the SES sender identity)",
      });
    }
    if (c.apiThrottleBurstLimit < c.apiThrottleRateLimit) {
      ctx.addIssue({
        code: "custom",
        path: ["apiThrottleBurstLimit"],
        message: `must be ≥ apiThrottleRateLimit (${c.apiThrottleRateLimit})`,
      });
    }
    // Every agency kind is published by exactly one run, never before its deadline.
    const seen = new Map<AgencyKind, number>();
    c.publishRunSchedules.forEach((run, i) => {
      const runDay = cronMonthDay(run.cron);
      for (const k of run.kinds) {
        if (seen.has(k)) {
          ctx.addIssue({
            code: "custom",
            path: ["publishRunSchedules", i, "kinds"],
            message: `agency kind "${k}" is already published by publishRunSchedules[${seen.get(k)}]`,
          });
        }
        seen.set(k, i);
        const deadline = c.deadlines[k];
        if (runDay && runDay < deadline) {
          ctx.addIssue({
            code: "custom",
            path: ["publishRunSchedules", i, "cron"],
            message: `fires on ${runDay}, before the deadline of "${k}" (deadlines.${k} = ${deadline})`,
          });
        }
      }
    });
    // A reminder must fall in the deadline's own calendar year: the yearly job takes the report
    // year as that year minus one (functions/jobs/handlers.ts).
    for (const { monthDay: deadline } of distinctDeadlines(c.deadlines)) {
      const latest = dayOfYear(deadline) - 1;
      for (const step of c.reminderDaysBefore) {
        if (step > latest) {
          ctx.addIssue({
            code: "custom",
            path: ["reminderDaysBefore"],
            message: `${step} days before the deadline ${deadline} falls in the previous calendar year; at most ${latest} for that deadline`,
          });
        }
      }
    }
    const missing = AGENCY_KINDS.filter((k) => !seen.has(k));
    if (missing.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["publishRunSchedules"],
        message: `no publish run for agency kind(s): ${missing.join(", ")}`,
      });
    }
  });

export type StackConfig = z.infer<typeof contextSchema>;

/** What the partition and the Region demand of the site settings (CloudFront differs in China). */
function targetRules(target: DeploymentTarget) {
  return (c: StackConfig, ctx: z.RefinementCtx) => {
    const issue = (key: ContextKey, message: string) => ctx.addIssue({ code: "custom", path: [key], message });
    if (target.partition === "aws-cn") {
      const where = `in ${target.region} (AWS China)`;
      if (!c.siteDomain) {
        issue("siteDomain", `is required ${where}: CloudFront in China serves only an ICP-filed alternate domain, never *.cloudfront.cn (set -c siteDomain=xxgk.example.gov.cn)`);
      }
      if (!c.siteIamCertificateId) {
        issue("siteIamCertificateId", `is required ${where}: the ServerCertificateId (ASCA…) of siteDomain's certificate uploaded to IAM; CloudFront in China does not take ACM certificates`);
      }
      if (c.siteCertificateArn) issue("siteCertificateArn", `is not used ${where}: CloudFront in China takes the certificate from IAM (siteIamCertificateId)`);
      if (c.siteWebAclArn) issue("siteWebAclArn", `is not available ${where}: AWS WAF is regional only in the China Regions and cannot be attached to CloudFront`);
      if (c.reminderEmailFrom) {
        issue("reminderEmailFrom", `is not available ${where}: Amazon SES is not offered in the China Regions; remind through the portal's webhook (reminderWebhookUrl)`);
      }
      return;
    }
    if (c.siteIamCertificateId) {
      issue("siteIamCertificateId", "is only used in the China Regions; elsewhere give the us-east-1 ACM certificate as siteCertificateArn");
    }
    if (Boolean(c.siteDomain) !== Boolean(c.siteCertificateArn)) {
      issue(
        c.siteDomain ? "siteCertificateArn" : "siteDomain",
        "siteDomain and siteCertificateArn must be set together (CloudFront needs the us-east-1 certificate of the domain)",
      );
    }
  };
}

export class ContextConfigError extends Error {
  override readonly name = "ContextConfigError";
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || "(context)";
}

/**
 * Validate a plain record of context values (as read from the construct tree or cdk.json) for a
 * deployment target (by default an environment-agnostic commercial Region).
 */
export function parseContext(
  raw: Partial<Record<ContextKey, unknown>>,
  target: DeploymentTarget = deploymentTarget(undefined),
): StackConfig {
  const parsed = contextSchema.superRefine(targetRules(target)).safeParse(raw);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const key = formatPath(issue.path);
    const topKey = issue.path[0];
    const missingKey =
      issue.code !== "custom" &&
      typeof topKey === "string" &&
      issue.path.length === 1 &&
      raw[topKey as ContextKey] === undefined;
    const message = missingKey
      ? `is required (set it in cdk.json "context" or pass -c ${topKey}=...)`
      : /received undefined$/.test(issue.message)
        ? "is required"
        : issue.message;
    return `  - ${key}: ${message}`;
  });
  throw new ContextConfigError(`Invalid CDK context (cdk.json "context" or -c key=value):\n${lines.join("\n")}`);
}

/** Read and validate this app's context keys from a construct node (normally the App's). */
export function loadConfig(node: Node, target: DeploymentTarget = deploymentTarget(undefined)): StackConfig {
  const raw: Partial<Record<ContextKey, unknown>> = {};
  for (const key of CONTEXT_KEYS) {
    const value: unknown = node.tryGetContext(key);
    if (value !== undefined && value !== null) raw[key] = value;
  }
  return parseContext(raw, target);
}

/** The DEADLINES environment variable, in the exact shape functions/config.ts parses. */
export function deadlinesEnv(config: StackConfig): string {
  const d = config.deadlines;
  return JSON.stringify({
    countyGovernment: d.countyGovernment,
    countyDepartment: d.countyDepartment,
    town: d.town,
    subdistrict: d.subdistrict,
  });
}

// ---------------------------------------------------------------- reminder schedules

/** Local hour (timeZone) at which the reminders go out: the start of the office day. */
export const REMINDER_HOUR = 9;

/** A non-leap year to do the month-day arithmetic in. */
const REFERENCE_YEAR = 2025;

function dayOfYear(monthDay: string): number {
  const [month, day] = monthDay.split("-").map(Number) as [number, number];
  return Math.round((Date.UTC(REFERENCE_YEAR, month - 1, day) - Date.UTC(REFERENCE_YEAR, 0, 1)) / 86_400_000) + 1;
}

/** The distinct deadline days (MM-DD) and the agency kinds due on each. */
export function distinctDeadlines(deadlines: StackConfig["deadlines"]): { monthDay: string; kinds: AgencyKind[] }[] {
  const byDay = new Map<string, AgencyKind[]>();
  for (const kind of AGENCY_KINDS) byDay.set(deadlines[kind], [...(byDay.get(deadlines[kind]) ?? []), kind]);
  return [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([monthDay, kinds]) => ({ monthDay, kinds }));
}

export interface ReminderSchedule {
  /** EventBridge Scheduler cron, in the stack's timeZone. */
  readonly cron: string;
  readonly step: number;
  /** MM-DD of the deadline. */
  readonly deadline: string;
  readonly kinds: readonly AgencyKind[];
}

/**
 * One schedule per deadline day and step: `step` days before the deadline at REMINDER_HOUR, every
 * year. The day is computed in a non-leap year, so in a leap year a reminder that spans 29 February
 * (a deadline in March or later, a step reaching back into February) fires a day early; the service
 * counts the days actually left and says so in the messages, and the step it records is the same.
 */
export function reminderSchedules(config: Pick<StackConfig, "deadlines" | "reminderDaysBefore">): ReminderSchedule[] {
  const schedules: ReminderSchedule[] = [];
  for (const { monthDay, kinds } of distinctDeadlines(config.deadlines)) {
    const [month, day] = monthDay.split("-").map(Number) as [number, number];
    for (const step of config.reminderDaysBefore) {
      const at = new Date(Date.UTC(REFERENCE_YEAR, month - 1, day - step));
      schedules.push({
        cron: `cron(0 ${REMINDER_HOUR} ${at.getUTCDate()} ${at.getUTCMonth() + 1} ? *)`,
        step,
        deadline: monthDay,
        kinds,
      });
    }
  }
  return schedules;
}

/** True for the documentation placeholders shipped in cdk.json (RFC 2606 example domains). */
export function isPlaceholderUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.toLowerCase();
    return /(^|\.)example\.(com|net|org)$/.test(host) || host.endsWith(".example") || host === "example";
  } catch {
    return false;
  }
}
