/**
 * Issue 12 point 3: the reminder schedules. `reminderDaysBefore` (CDK context, default [10, 3, 1])
 * becomes one EventBridge Scheduler schedule per deadline day and step, in the county's time zone,
 * invoking the yearly job with `{"action":"remind","step":…,"deadline":"MM-DD"}`, which is exactly
 * what functions/jobs/handlers.ts accepts.
 */
import { App, Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { describe, expect, it } from "vitest";
import { yearlyJobEventSchema } from "../../functions/jobs/handlers";
import { CONTEXT_KEYS, ContextConfigError, deploymentTarget, parseContext, REMINDER_HOUR, reminderSchedules } from "../../lib/config";
import { YearlySchedules } from "../../lib/constructs/schedules";
import { cdkJsonContext, lid, synth } from "./helpers";

const defaults = () => {
  const ctx = cdkJsonContext();
  return Object.fromEntries(CONTEXT_KEYS.filter((k) => k in ctx).map((k) => [k, ctx[k]]));
};

function errorFor(overrides: Record<string, unknown>): string {
  try {
    parseContext({ ...defaults(), ...overrides });
  } catch (err) {
    expect(err).toBeInstanceOf(ContextConfigError);
    return (err as Error).message;
  }
  throw new Error(`no error for ${JSON.stringify(overrides)}`);
}

/** The schedules construct alone in a stack, with the given reminder context. */
function schedulesTemplate(overrides: Record<string, unknown> = {}) {
  const config = parseContext({ ...defaults(), ...overrides });
  const stack = new Stack(new App(), "Schedules");
  const target = new lambda.Function(stack, "YearlyJob", {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: "index.handler",
    code: lambda.Code.fromInline("exports.handler = async () => ({})"),
  });
  new YearlySchedules(stack, "Schedules", {
    target,
    deadLetterQueue: new sqs.Queue(stack, "Dlq"),
    timeZone: config.timeZone,
    openYear: config.openYearSchedule,
    publishRuns: config.publishRunSchedules,
    reminders: reminderSchedules(config),
  });
  const json = Template.fromStack(stack).toJSON() as { Resources: Record<string, { Type: string; Properties: Record<string, any> }> };
  return Object.values(json.Resources)
    .filter((r) => r.Type === "AWS::Scheduler::Schedule")
    .map((r) => ({
      expression: r.Properties["ScheduleExpression"] as string,
      tz: r.Properties["ScheduleExpressionTimezone"] as string,
      input: JSON.parse(r.Properties["Target"]["Input"] as string) as Record<string, unknown>,
    }));
}

const reminderRows = (schedules: ReturnType<typeof schedulesTemplate>) =>
  schedules
    .filter((s) => s.input["action"] === "remind")
    .map((s) => [s.expression, s.tz, s.input["step"], s.input["deadline"]])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));

describe("reminder schedules", () => {
  it("default to 10, 3 and 1 days before both deadlines, at 09:00 Asia/Shanghai, beside the existing schedules", () => {
    expect(parseContext(defaults()).reminderDaysBefore).toEqual([10, 3, 1]);
    expect(REMINDER_HOUR).toBe(9);
    const schedules = schedulesTemplate();
    expect(reminderRows(schedules)).toEqual(
      [
        ["cron(0 9 21 1 ? *)", "Asia/Shanghai", 10, "01-31"],
        ["cron(0 9 28 1 ? *)", "Asia/Shanghai", 3, "01-31"],
        ["cron(0 9 30 1 ? *)", "Asia/Shanghai", 1, "01-31"],
        ["cron(0 9 21 3 ? *)", "Asia/Shanghai", 10, "03-31"],
        ["cron(0 9 28 3 ? *)", "Asia/Shanghai", 3, "03-31"],
        ["cron(0 9 30 3 ? *)", "Asia/Shanghai", 1, "03-31"],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    // The open-year and publish-run schedules are still there, unchanged.
    expect(schedules.filter((s) => s.input["action"] !== "remind").map((s) => [s.expression, s.input])).toEqual(
      expect.arrayContaining([
        ["cron(0 2 1 1 ? *)", { action: "openYear" }],
        ["cron(0 20 31 1 ? *)", { action: "publishRun", kinds: ["countyDepartment", "town", "subdistrict"] }],
        ["cron(0 20 31 3 ? *)", { action: "publishRun", kinds: ["countyGovernment"] }],
      ]),
    );
    expect(schedules).toHaveLength(9);
  });

  it("every reminder's input is an event the yearly job accepts", () => {
    for (const schedule of schedulesTemplate().filter((s) => s.input["action"] === "remind")) {
      expect(yearlyJobEventSchema.parse(schedule.input)).toEqual(schedule.input);
    }
  });

  it("follow the context: steps as JSON text, the county's deadlines and time zone, across a month boundary", () => {
    const schedules = schedulesTemplate({
      reminderDaysBefore: "[7, 14]",
      timeZone: "Asia/Urumqi",
      deadlines: JSON.stringify({ countyGovernment: "03-05", countyDepartment: "02-10", town: "02-10", subdistrict: "02-10" }),
      publishRunSchedules: JSON.stringify([
        { cron: "cron(0 20 10 2 ? *)", kinds: ["countyDepartment", "town", "subdistrict"] },
        { cron: "cron(0 20 5 3 ? *)", kinds: ["countyGovernment"] },
      ]),
    });
    expect(reminderRows(schedules)).toEqual(
      [
        ["cron(0 9 27 1 ? *)", "Asia/Urumqi", 14, "02-10"],
        ["cron(0 9 3 2 ? *)", "Asia/Urumqi", 7, "02-10"],
        ["cron(0 9 19 2 ? *)", "Asia/Urumqi", 14, "03-05"],
        ["cron(0 9 26 2 ? *)", "Asia/Urumqi", 7, "03-05"],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  });

  it("an empty list turns reminders off", () => {
    const schedules = schedulesTemplate({ reminderDaysBefore: [] });
    expect(reminderRows(schedules)).toEqual([]);
    expect(schedules).toHaveLength(3);
  });

  it("refuse steps that are not whole days in range, repeat, or reach into the year before the deadline", () => {
    expect(errorFor({ reminderDaysBefore: "[10, 0]" })).toContain("reminderDaysBefore[1]: each step must be ≥ 1 day");
    expect(errorFor({ reminderDaysBefore: [2.5] })).toContain("reminderDaysBefore[0]: each step must be a whole number of days");
    expect(errorFor({ reminderDaysBefore: [3, 3] })).toContain("reminderDaysBefore: steps must not repeat");
    expect(errorFor({ reminderDaysBefore: "ten" })).toContain("reminderDaysBefore: is not valid JSON");
    // 31 January minus 31 days is 31 December of the report year itself.
    expect(errorFor({ reminderDaysBefore: [31] })).toContain(
      "reminderDaysBefore: 31 days before the deadline 01-31 falls in the previous calendar year; at most 30 for that deadline",
    );
    expect(() => parseContext({ ...defaults(), reminderDaysBefore: [30] })).not.toThrow();
  });
});

describe("the reminder channels (CDK context)", () => {
  it("take the webhook with its Secrets Manager secret together, and e-mail with its sender", () => {
    const config = parseContext({
      ...defaults(),
      reminderWebhookUrl: "https://portal.yiyuan.gov.cn/hooks/reminders",
      reminderWebhookSecretName: "disclosure/yiyuan/reminder-webhook",
      reminderEmailFrom: "xxgk@yiyuan.gov.cn",
      reminderDigestEmail: "zwgk@yiyuan.gov.cn",
    });
    expect(config).toMatchObject({ reminderWebhookSecretName: "disclosure/yiyuan/reminder-webhook", reminderDigestEmail: "zwgk@yiyuan.gov.cn" });
    expect(errorFor({ reminderWebhookUrl: "https://portal.yiyuan.gov.cn/hooks/reminders" })).toContain(
      "reminderWebhookSecretName: reminderWebhookUrl and reminderWebhookSecretName must be set together",
    );
    expect(errorFor({ reminderWebhookUrl: "http://portal.yiyuan.gov.cn/hook", reminderWebhookSecretName: "s" })).toContain("reminderWebhookUrl: must be an https:// URL");
    expect(errorFor({ reminderDigestEmail: "zwgk@yiyuan.gov.cn" })).toContain("reminderEmailFrom: is required when reminderDigestEmail or reminderEmailRegion is set");
    expect(errorFor({ reminderEmailFrom: "not-an-address" })).toContain("reminderEmailFrom: must be an e-mail address");
    expect(errorFor({ reminderEmailFrom: "xxgk@yiyuan.gov.cn", reminderEmailRegion: "Singapore" })).toContain("reminderEmailRegion: must be a Region code");
  });

  it("refuse e-mail in the China Regions, where SES is not offered, and keep the webhook there", () => {
    const china = deploymentTarget("cn-northwest-1");
    const site = { siteDomain: "xxgk.yiyuan.gov.cn", siteIamCertificateId: "ASCACKCEVSQ6C2EXAMPLE" };
    const webhook = { reminderWebhookUrl: "https://portal.yiyuan.gov.cn/hooks/reminders", reminderWebhookSecretName: "disclosure/yiyuan/reminder-webhook" };
    expect(parseContext({ ...defaults(), ...site, ...webhook }, china)).toMatchObject(webhook);
    expect(() => parseContext({ ...defaults(), ...site, reminderEmailFrom: "xxgk@yiyuan.gov.cn" }, china)).toThrow(
      /reminderEmailFrom: is not available in cn-northwest-1 \(AWS China\): Amazon SES is not offered in the China Regions/,
    );
  });

  it("put the webhook's secret into the api's and the yearly job's environment as a Secrets Manager reference, never its value", () => {
    const s = synth(
      { reminderWebhookUrl: "https://portal.yiyuan.gov.cn/hooks/reminders", reminderWebhookSecretName: "disclosure/yiyuan/reminder-webhook" },
      { bundle: false },
    );
    try {
      const envOf = (f: { function: unknown }) =>
        (s.json.Resources[lid(f.function as never)] as unknown as { Properties: { Environment: { Variables: Record<string, unknown> } } }).Properties.Environment.Variables;
      for (const f of [s.stack.api, s.stack.yearlyJob]) {
        expect(envOf(f)).toMatchObject({
          REMINDER_WEBHOOK_URL: "https://portal.yiyuan.gov.cn/hooks/reminders",
          REMINDER_WEBHOOK_SECRET: "{{resolve:secretsmanager:disclosure/yiyuan/reminder-webhook:SecretString:::}}",
        });
      }
      expect(Object.keys(envOf(s.stack.publishWorker)).filter((k) => k.startsWith("REMINDER_"))).toEqual([]);
    } finally {
      s.cleanup();
    }
  });
});
