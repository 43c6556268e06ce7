import type { Config } from "../config";
import type { Notifier } from "../service/reminder-ports";
import type { SESv2Client } from "@aws-sdk/client-sesv2";
import { type SesClientOptions, SesNotifier } from "./ses-notifier";
import { WebhookNotifier, type WebhookNotifierOptions } from "./webhook-notifier";

type ReminderChannelConfig = Pick<
  Config,
  "REMINDER_WEBHOOK_URL" | "REMINDER_WEBHOOK_SECRET" | "REMINDER_EMAIL_FROM" | "REMINDER_DIGEST_EMAIL" | "REMINDER_EMAIL_REGION"
>;

export interface ReminderNotifierOptions {
  /** The webhook's timings (the api answers within API Gateway's 29 s, so it retries less). */
  webhook?: Pick<WebhookNotifierOptions, "timeoutMs" | "maxAttempts" | "baseDelayMs">;
  /** SES's attempts and timeouts (the api's are shorter, SES_API_CLIENT_OPTIONS). */
  sesClientOptions?: SesClientOptions;
  /** SES's client (the tests aim one at a local receiver); absent: created on first use. */
  sesClient?: SESv2Client;
}

/**
 * The channels the configuration enables: the portal's webhook when REMINDER_WEBHOOK_URL is set,
 * e-mail through SES when REMINDER_EMAIL_FROM is (to each agency that set a reminder address, and
 * the digest to REMINDER_DIGEST_EMAIL). Built once per container by the api and the yearly job.
 */
export function reminderNotifiers(config: ReminderChannelConfig, options: ReminderNotifierOptions = {}): Notifier[] {
  const notifiers: Notifier[] = [];
  if (config.REMINDER_WEBHOOK_URL && config.REMINDER_WEBHOOK_SECRET) {
    notifiers.push(new WebhookNotifier({ url: config.REMINDER_WEBHOOK_URL, secret: config.REMINDER_WEBHOOK_SECRET, ...options.webhook }));
  }
  if (config.REMINDER_EMAIL_FROM) {
    notifiers.push(
      new SesNotifier({
        from: config.REMINDER_EMAIL_FROM,
        digestTo: config.REMINDER_DIGEST_EMAIL,
        region: config.REMINDER_EMAIL_REGION,
        client: options.sesClient,
        clientOptions: options.sesClientOptions,
      }),
    );
  }
  return notifiers;
}
