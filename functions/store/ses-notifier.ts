/**
 * Reminder e-mail through Amazon SES (API v2, SendEmail): each reminder goes to the address its
 * agency set (`reminderEmail` of PUT /v1/agencies/{agencyId}), the county office's digest to
 * REMINDER_DIGEST_EMAIL, both from REMINDER_EMAIL_FROM (an identity verified in SES).
 *
 * One SendEmail per notification, plain text in UTF-8 (the reminder's own title and text, as the
 * webhook carries them). The SDK retries throttling and 5xx itself; what still fails becomes the
 * delivery's Chinese error, so the run records it and a later run sends it again. SES has no
 * idempotency key: the per-step marker of ReminderService is what keeps a reminder from going out
 * twice across runs, and only a send that timed out after SES accepted it can repeat.
 *
 * SES is not offered in the AWS China Regions; the CDK stack refuses reminder e-mail there
 * (lib/config.ts) and the webhook is the channel.
 */
import type { SendEmailCommandInput, SESv2Client } from "@aws-sdk/client-sesv2";
import type { DeliveryResult, Notifier, ReminderNotification } from "../service/reminder-ports";
import { isUnreachableError } from "./aws-errors";

export interface SesClientOptions {
  maxAttempts: number;
  requestHandler: { connectionTimeout: number; requestTimeout: number; throwOnRequestTimeout: boolean };
}

/** SendEmail answers in well under a second; a stalled attempt fails instead of holding the run. */
export const SES_CLIENT_OPTIONS: SesClientOptions = {
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
};

/**
 * In the api a run must end within API Gateway's 29 s, and the 20 s budget is only checked before a
 * send starts: 2 attempts of at most 1 + 2 s (plus the SDK's short backoff) keep a send that starts
 * at 19.9 s inside the api's timeout, as the webhook's api timings do.
 */
export const SES_API_CLIENT_OPTIONS: SesClientOptions = {
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000, throwOnRequestTimeout: true },
};

export interface SesNotifierOptions {
  from: string;
  /** The county office's digest; absent: no digest by e-mail. */
  digestTo?: string;
  /** SES's region when it is not the function's own (SES is not offered in every region). */
  region?: string;
  /** A client of the caller's (the tests aim one at a local receiver); absent: one is created on first use. */
  client?: SESv2Client;
  /** The created client's attempts and timeouts; the api's are shorter (see functions/runtime.ts). */
  clientOptions?: SesClientOptions;
}

/** SES error names that mean the account or the sender is not set up to send, in Chinese. */
const SES_REFUSALS: Record<string, string> = {
  MessageRejected: "SES 拒绝了这封邮件（收件地址或内容被拒）",
  MailFromDomainNotVerifiedException: "发件域名未在 SES 验证",
  AccountSuspendedException: "SES 账号已被暂停发送",
  SendingPausedException: "SES 账号已暂停发送",
  NotFoundException: "SES 中找不到发件身份或配置集",
  BadRequestException: "SES 认为请求无效",
  LimitExceededException: "已达 SES 发送配额",
  TooManyRequestsException: "SES 限流，重试后仍被拒绝",
};

export class SesNotifier implements Notifier {
  readonly channel = "email" as const;
  private client?: Promise<SESv2Client>;

  constructor(private readonly options: SesNotifierOptions) {}

  /** A reminder when its agency set an address; the digest when the county office has one. */
  accepts(notification: ReminderNotification): boolean {
    return Boolean(this.recipientOf(notification));
  }

  async send(notification: ReminderNotification): Promise<DeliveryResult> {
    const to = this.recipientOf(notification);
    if (!to) return { ok: false, attempts: 0, error: "没有收件地址" };
    try {
      // Imported when first used, not at cold start (see functions/store/lazy-adapters.ts).
      const { SendEmailCommand } = await import("@aws-sdk/client-sesv2");
      await (await this.sesClient()).send(new SendEmailCommand(sesEmailInput(this.options.from, to, notification)));
      return { ok: true, attempts: 1 };
    } catch (error) {
      return { ok: false, attempts: attemptsOf(error), error: describeSesError(error) };
    }
  }

  /** One SES client per container, created when the first e-mail is sent. */
  private sesClient(): Promise<SESv2Client> {
    return (this.client ??= this.options.client
      ? Promise.resolve(this.options.client)
      : import("@aws-sdk/client-sesv2").then(
          ({ SESv2Client }) =>
            new SESv2Client({
              maxAttempts: (this.options.clientOptions ?? SES_CLIENT_OPTIONS).maxAttempts,
              requestHandler: { ...(this.options.clientOptions ?? SES_CLIENT_OPTIONS).requestHandler },
              ...(this.options.region ? { region: this.options.region } : {}),
            }),
        ));
  }

  private recipientOf(notification: ReminderNotification): string | undefined {
    return notification.type === "reminder" ? notification.recipientEmail : this.options.digestTo;
  }
}

/** The exact SendEmail request of one notification. */
export function sesEmailInput(from: string, to: string, notification: ReminderNotification): SendEmailCommandInput {
  return {
    FromEmailAddress: from,
    Destination: { ToAddresses: [to] },
    Content: {
      Simple: {
        Subject: { Data: notification.title, Charset: "UTF-8" },
        Body: { Text: { Data: `${notification.text}\n\n（编号 ${notification.deliveryId}）`, Charset: "UTF-8" } },
      },
    },
    // Tag values allow only letters, digits, "_" and "-": the delivery id is made of those.
    EmailTags: [
      { Name: "event", Value: notification.type },
      { Name: "delivery", Value: notification.deliveryId.replace(/[^A-Za-z0-9_-]/g, "-") },
    ],
  };
}

function describeSesError(error: unknown): string {
  if (!(error instanceof Error)) return `发送邮件时出错：${String(error)}`;
  if (isUnreachableError(error)) return "无法连接 SES 或 SES 未及时响应，重试后仍失败";
  const known = SES_REFUSALS[error.name];
  return known ? `${known}（${error.name}：${error.message}）` : `发送邮件时出错（${error.name}：${error.message}）`;
}

function attemptsOf(error: unknown): number {
  const attempts = (error as { $metadata?: { attempts?: number } } | undefined)?.$metadata?.attempts;
  return typeof attempts === "number" && attempts > 0 ? attempts : 1;
}
