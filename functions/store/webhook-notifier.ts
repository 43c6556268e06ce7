/**
 * The portal's webhook: each reminder (and the county office's digest) is one signed JSON POST to
 * REMINDER_WEBHOOK_URL.
 *
 * Signature scheme (what a receiver verifies; docs/api.md):
 *
 *   X-Disclosure-Signature: t=<unix seconds>,v1=<hex>
 *   <hex> = lowercase hex of HMAC-SHA256(key = REMINDER_WEBHOOK_SECRET as UTF-8,
 *                                        message = "<t>." + <the raw request body bytes>)
 *
 * The receiver recomputes the HMAC over the exact bytes it received, compares in constant time, and
 * refuses a `t` more than 5 minutes from its clock (a captured request cannot be replayed later).
 * Every attempt is signed afresh, so a retry carries a current `t`; the body stays the same.
 *
 * Other headers: `X-Disclosure-Delivery` and `Idempotency-Key` (both the delivery id, the same for
 * every try of one reminder in any run: the receiver drops a redelivery by it),
 * `X-Disclosure-Event` (`reminder` or `digest`), `X-Disclosure-Attempt` (1, 2, …).
 *
 * Delivery: each attempt times out after `timeoutMs`; network errors, timeouts, 5xx and 429 are
 * retried with exponential backoff and jitter (honouring a short Retry-After), up to `maxAttempts`;
 * any other 4xx is the receiver refusing this request, which a retry would not change.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { DeliveryResult, Notifier, ReminderNotification } from "../service/reminder-ports";

export const SIGNATURE_HEADER = "x-disclosure-signature";
export const DELIVERY_HEADER = "x-disclosure-delivery";
export const EVENT_HEADER = "x-disclosure-event";
export const ATTEMPT_HEADER = "x-disclosure-attempt";
/** How far a receiver should let `t` stray from its own clock. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export interface WebhookNotifierOptions {
  url: string;
  secret: string;
  /** Per attempt. */
  timeoutMs?: number;
  maxAttempts?: number;
  /** First retry waits about this long, then twice as long each time (plus up to 50 % jitter). */
  baseDelayMs?: number;
  /** No wait (backoff or Retry-After) is longer than this. */
  maxDelayMs?: number;
  clock?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

export function signWebhookBody(secret: string, timestamp: number, body: string): string {
  const mac = createHmac("sha256", secret).update(`${timestamp}.`).update(body, "utf8").digest("hex");
  return `t=${timestamp},v1=${mac}`;
}

/** The receiver's check, exported for the portal's developers and the tests. */
export function verifyWebhookSignature(
  secret: string,
  header: string | undefined,
  body: string,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): boolean {
  if (!header) return false;
  const fields = new Map(
    header.split(",").map((part) => {
      const at = part.indexOf("=");
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const t = Number(fields.get("t"));
  const given = fields.get("v1") ?? "";
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds || !/^[0-9a-f]{64}$/.test(given)) return false;
  const expected = createHmac("sha256", secret).update(`${t}.`).update(body, "utf8").digest();
  return timingSafeEqual(expected, Buffer.from(given, "hex"));
}

/**
 * The JSON the portal receives: the notification as the service built it, under a versioned type.
 * The agency's reminder address stays out: it is the e-mail channel's, and the payload's shape is
 * documented (docs/api.md) without it.
 */
export function webhookPayload(notification: ReminderNotification): Record<string, unknown> {
  const { type, ...rest } = notification;
  if ("recipientEmail" in rest) delete rest.recipientEmail;
  return { type: type === "reminder" ? "disclosure.reminder.v1" : "disclosure.reminderDigest.v1", ...rest };
}

const RETRYABLE_STATUS = (status: number) => status >= 500 || status === 429;

export class WebhookNotifier implements Notifier {
  readonly channel = "webhook" as const;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly clock: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: WebhookNotifierOptions) {
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.maxAttempts = options.maxAttempts ?? 4;
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 10_000;
    this.clock = options.clock ?? (() => new Date());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** The portal routes every reminder and the digest itself. */
  accepts(): boolean {
    return true;
  }

  async send(notification: ReminderNotification): Promise<DeliveryResult> {
    const body = JSON.stringify(webhookPayload(notification));
    let lastStatus: number | undefined;
    let lastError = "";
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      let retryAfterMs: number | undefined;
      try {
        const timestamp = Math.floor(this.clock().getTime() / 1000);
        const response = await fetch(this.options.url, {
          method: "POST",
          headers: {
            "content-type": "application/json; charset=utf-8",
            "user-agent": "disclosure-reports-reminders/1",
            [SIGNATURE_HEADER]: signWebhookBody(this.options.secret, timestamp, body),
            [DELIVERY_HEADER]: notification.deliveryId,
            "idempotency-key": notification.deliveryId,
            [EVENT_HEADER]: notification.type,
            [ATTEMPT_HEADER]: String(attempt),
          },
          body,
          redirect: "manual",
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        // The body is not needed, but reading it frees the connection for the next request.
        await response.arrayBuffer().catch(() => undefined);
        lastStatus = response.status;
        if (response.status >= 200 && response.status < 300) return { ok: true, attempts: attempt, status: response.status };
        lastError = `门户网站接收端返回 HTTP ${response.status}`;
        if (!RETRYABLE_STATUS(response.status)) return { ok: false, attempts: attempt, status: response.status, error: `${lastError}，不再重试` };
        retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), this.clock());
      } catch (error) {
        lastStatus = undefined;
        lastError = isTimeout(error)
          ? `门户网站接收端 ${this.timeoutMs} 毫秒内未响应`
          : `无法连接门户网站接收端（${describeNetworkError(error)}）`;
      }
      if (attempt < this.maxAttempts) {
        const backoff = this.baseDelayMs * 2 ** (attempt - 1) * (1 + Math.random() / 2);
        await this.sleep(Math.min(Math.max(retryAfterMs ?? 0, backoff), this.maxDelayMs));
      }
    }
    return {
      ok: false,
      attempts: this.maxAttempts,
      ...(lastStatus !== undefined ? { status: lastStatus } : {}),
      error: `${lastError}，已重试 ${this.maxAttempts} 次仍失败`,
    };
  }
}

function parseRetryAfter(value: string | null, now: Date): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
}

function describeNetworkError(error: unknown): string {
  const cause = error instanceof Error ? (error as Error & { cause?: unknown }).cause : undefined;
  const code = cause && typeof cause === "object" && "code" in cause ? String((cause as { code: unknown }).code) : undefined;
  return code ?? (error instanceof Error ? error.message : String(error));
}
