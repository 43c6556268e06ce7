import * as z from "zod/mini";
import { DEFAULT_DEADLINES, type Deadlines, deadlinesSchema } from "./report/deadline";

export { DEFAULT_DEADLINES, type Deadlines, deadlinesSchema } from "./report/deadline";

const jsonDeadlines = z.pipe(
  z.pipe(
    z.string(),
    z.transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.issues.push({ code: "custom", message: "DEADLINES 不是合法的 JSON", input: text });
        return z.NEVER;
      }
    }),
  ),
  deadlinesSchema,
);

/** An unset variable and one set to "" mean the same: not configured. */
const optionalText = <T extends z.ZodMiniType>(schema: T) =>
  z.pipe(
    z.transform((value: unknown) => (value === "" ? undefined : value)),
    z.optional(schema),
  );

// Not identifiers.ts's: importing that installs the Chinese zod messages, and the CDK app (lib/config.ts)
// reads this module while it reports its own context errors in English.
const nonEmpty = () => z.string().check(z.minLength(1));

/** https, or http only to this machine (a receiver under development or in a test). */
const webhookUrl = z.url({ error: "REMINDER_WEBHOOK_URL 应为完整的网址，如 https://portal.example.gov.cn/hooks/reminders" }).check(
  z.refine(
    (text) => {
      // zod runs this check even when the URL check above failed; that one has said what is wrong.
      if (!URL.canParse(text)) return true;
      const url = new URL(text);
      return url.protocol === "https:" || (url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname));
    },
    { error: "REMINDER_WEBHOOK_URL 必须使用 https（仅 127.0.0.1/localhost 可用 http）" },
  ),
);

const flag = (fallback: "true" | "false") =>
  z.pipe(
    z._default(z.enum(["true", "false"]), fallback),
    z.transform((value) => value === "true"),
  );

/**
 * Everything the functions read from the environment, validated once per container. zod/mini, as
 * everything the api builds at cold start (functions/report/identifiers.ts).
 * The same names are set by the CDK stack (lib/) and by the local runner (bin/local.ts).
 */
export const configSchema = z
  .object({
    TABLE_NAME: nonEmpty(),
    SITE_BUCKET: nonEmpty(),
    /** Public base URL of the published site, e.g. https://xxgk.example.gov.cn or http://127.0.0.1:3000/site */
    SITE_BASE_URL: z.url(),
    /** Absent locally: the publish worker then runs in-process. */
    PUBLISH_QUEUE_URL: z.optional(z.url()),
    COUNTY_NAME: nonEmpty(),
    TIME_ZONE: z._default(nonEmpty(), "Asia/Shanghai"),
    DEADLINES: z.optional(jsonDeadlines),
    JWT_ISSUER: nonEmpty(),
    JWT_AUDIENCE: nonEmpty(),
    /** The identity provider's JWKS (AWS). */
    JWT_JWKS_URL: z.optional(z.url()),
    /** HS256 key for local development and tests only. */
    JWT_SECRET: z.optional(z.string().check(z.minLength(32))),
    /** Set only for a local S3 (s3rver), which needs path-style bucket addressing; the SDK reads it too. */
    AWS_ENDPOINT_URL_S3: z.optional(z.url()),
    /**
     * Origins whose browsers may call the API (CORS), comma-separated: exact origins such as
     * https://portal.example.gov.cn, or http://localhost:* for any port. Absent: none.
     */
    CORS_ORIGINS: z.pipe(
      z.pipe(
        z._default(z.string(), ""),
        z.transform((list) => list.split(",").map((origin) => origin.trim()).filter(Boolean)),
      ),
      z.array(z.string().check(z.regex(/^https?:\/\/[^\s/,]+(:\*)?$/, { error: "CORS_ORIGINS 中的来源应为 scheme://host[:port] 或 scheme://host:*" }))),
    ),
    /** China Regions: also write each `…/index.html` under its `…/` key (no CloudFront Functions there). */
    SITE_DIRECTORY_OBJECTS: flag("false"),
    /**
     * Word (.docx) and PDF editions of every published version, linked from its page and rendered by
     * the publish worker. "false" leaves them out (the test suites and benches that measure the rest).
     */
    PUBLISH_EDITIONS: flag("true"),
    /** How long a publish claim blocks other publishers before a retry may take it over. */
    PUBLISH_LEASE_SECONDS: z._default(z.coerce.number().check(z.int(), z.positive()), 120),
    /** The portal's endpoint for deadline reminders (functions/store/webhook-notifier.ts). Absent: no webhook. */
    REMINDER_WEBHOOK_URL: optionalText(webhookUrl),
    /** HMAC-SHA256 key of the webhook's X-Disclosure-Signature; shared with the portal. */
    REMINDER_WEBHOOK_SECRET: optionalText(z.string().check(z.minLength(32, { error: "REMINDER_WEBHOOK_SECRET 至少 32 个字符" }))),
    /** Sender of reminder e-mail (an SES-verified identity). Absent: no e-mail. */
    REMINDER_EMAIL_FROM: optionalText(z.email({ error: "REMINDER_EMAIL_FROM 应为电子邮箱地址" })),
    /** Where the county office's digest is e-mailed. */
    REMINDER_DIGEST_EMAIL: optionalText(z.email({ error: "REMINDER_DIGEST_EMAIL 应为电子邮箱地址" })),
    /** SES's region when it is not the function's own (SES is not offered in every region). Absent: the function's. */
    REMINDER_EMAIL_REGION: optionalText(
      z.string().check(z.regex(/^[a-z]{2}-[a-z]+-\d$/, { error: "REMINDER_EMAIL_REGION 应为 AWS 区域代码，如 ap-southeast-1" })),
    ),
  })
  .check(
    z.refine((c) => Boolean(c.JWT_JWKS_URL) !== Boolean(c.JWT_SECRET), {
      message: "JWT_JWKS_URL 与 JWT_SECRET 必须且只能设置其一",
      path: ["JWT_JWKS_URL"],
    }),
    z.refine((c) => !c.REMINDER_WEBHOOK_URL || Boolean(c.REMINDER_WEBHOOK_SECRET), {
      message: "设置了 REMINDER_WEBHOOK_URL 时必须同时设置 REMINDER_WEBHOOK_SECRET（至少 32 个字符）",
      path: ["REMINDER_WEBHOOK_SECRET"],
    }),
    z.refine((c) => !c.REMINDER_DIGEST_EMAIL || Boolean(c.REMINDER_EMAIL_FROM), {
      message: "设置了 REMINDER_DIGEST_EMAIL 时必须同时设置发件地址 REMINDER_EMAIL_FROM",
      path: ["REMINDER_EMAIL_FROM"],
    }),
  );

export type RawConfig = z.infer<typeof configSchema>;
export interface Config extends Omit<RawConfig, "DEADLINES"> {
  DEADLINES: Deadlines;
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new ConfigError(`环境变量配置无效：\n${lines.join("\n")}`);
  }
  return { ...parsed.data, DEADLINES: parsed.data.DEADLINES ?? DEFAULT_DEADLINES };
}
