import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../functions/config";
import { reminderNotifiers } from "../../../functions/store/reminder-notifiers";

const BASE = {
  TABLE_NAME: "t",
  SITE_BUCKET: "b",
  SITE_BASE_URL: "https://xxgk.example.gov.cn",
  COUNTY_NAME: "沂源县",
  JWT_ISSUER: "https://idp.example.gov.cn",
  JWT_AUDIENCE: "disclosure-reports",
  JWT_SECRET: "x".repeat(32),
};
const SECRET = "s".repeat(32);

function messageFor(env: Record<string, string>): string {
  try {
    loadConfig({ ...BASE, ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe("reminder configuration", () => {
  it("is optional: without a webhook URL there is no channel", () => {
    const config = loadConfig({ ...BASE, REMINDER_WEBHOOK_URL: "" });
    expect(config.REMINDER_WEBHOOK_URL).toBeUndefined();
    expect(reminderNotifiers(config)).toEqual([]);
  });

  it("takes an https URL with its secret, and http only to this machine", () => {
    const config = loadConfig({ ...BASE, REMINDER_WEBHOOK_URL: "https://portal.example.gov.cn/hooks/reminders", REMINDER_WEBHOOK_SECRET: SECRET });
    expect(reminderNotifiers(config).map((n) => n.channel)).toEqual(["webhook"]);
    for (const host of ["127.0.0.1:8080", "localhost:3000"]) {
      expect(loadConfig({ ...BASE, REMINDER_WEBHOOK_URL: `http://${host}/hook`, REMINDER_WEBHOOK_SECRET: SECRET }).REMINDER_WEBHOOK_URL).toBe(`http://${host}/hook`);
    }
  });

  it("enables e-mail with a sender, beside the webhook when both are set", () => {
    expect(reminderNotifiers(loadConfig({ ...BASE, REMINDER_EMAIL_FROM: "xxgk@yiyuan.gov.cn" })).map((n) => n.channel)).toEqual(["email"]);
    const both = loadConfig({
      ...BASE,
      REMINDER_WEBHOOK_URL: "https://portal.example.gov.cn/hooks/reminders",
      REMINDER_WEBHOOK_SECRET: SECRET,
      REMINDER_EMAIL_FROM: "xxgk@yiyuan.gov.cn",
      REMINDER_DIGEST_EMAIL: "zwgk@yiyuan.gov.cn",
      REMINDER_EMAIL_REGION: "ap-southeast-1",
    });
    expect(both.REMINDER_EMAIL_REGION).toBe("ap-southeast-1");
    expect(reminderNotifiers(both).map((n) => n.channel)).toEqual(["webhook", "email"]);
    expect(messageFor({ REMINDER_EMAIL_FROM: "xxgk@yiyuan.gov.cn", REMINDER_EMAIL_REGION: "Hong Kong" })).toContain("REMINDER_EMAIL_REGION: REMINDER_EMAIL_REGION 应为 AWS 区域代码");
  });

  it("refuses http elsewhere, a URL without its secret, a short secret, and bad e-mail settings, naming each", () => {
    expect(messageFor({ REMINDER_WEBHOOK_URL: "http://portal.example.gov.cn/hook", REMINDER_WEBHOOK_SECRET: SECRET })).toContain(
      "REMINDER_WEBHOOK_URL: REMINDER_WEBHOOK_URL 必须使用 https（仅 127.0.0.1/localhost 可用 http）",
    );
    expect(messageFor({ REMINDER_WEBHOOK_URL: "not a url", REMINDER_WEBHOOK_SECRET: SECRET })).toContain("REMINDER_WEBHOOK_URL 应为完整的网址");
    expect(messageFor({ REMINDER_WEBHOOK_URL: "https://portal.example.gov.cn/hook" })).toContain(
      "REMINDER_WEBHOOK_SECRET: 设置了 REMINDER_WEBHOOK_URL 时必须同时设置 REMINDER_WEBHOOK_SECRET",
    );
    expect(messageFor({ REMINDER_WEBHOOK_URL: "https://portal.example.gov.cn/hook", REMINDER_WEBHOOK_SECRET: "short" })).toContain(
      "REMINDER_WEBHOOK_SECRET: REMINDER_WEBHOOK_SECRET 至少 32 个字符",
    );
    expect(messageFor({ REMINDER_EMAIL_FROM: "not-an-address" })).toContain("REMINDER_EMAIL_FROM: REMINDER_EMAIL_FROM 应为电子邮箱地址");
    expect(messageFor({ REMINDER_DIGEST_EMAIL: "office@example.gov.cn" })).toContain(
      "REMINDER_EMAIL_FROM: 设置了 REMINDER_DIGEST_EMAIL 时必须同时设置发件地址 REMINDER_EMAIL_FROM",
    );
  });
});
