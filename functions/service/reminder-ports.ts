import type { ReminderDeadline, ReminderDigest, ReminderReason } from "../report/reminders";
import type { Agency } from "../report/schemas";
import type { ReportRepository } from "./ports";

/** The ports of the reminder use case; functions/store implements them (DynamoDB, the portal's webhook). */

export type ReminderChannel = "webhook" | "email";
export type ReminderTrigger = "schedule" | "manual";

/** The county office's digest is delivered like a reminder, to this recipient. */
export const COUNTY_OFFICE_RECIPIENT = "county-office";

/** What a notifier delivers: a reminder to one agency, or the county office's digest. */
export type ReminderNotification =
  | {
      type: "reminder";
      /** Stable for the (year, deadline, step, agency): the receiver can drop a redelivery by it. */
      deliveryId: string;
      year: number;
      deadline: string;
      step: number;
      daysLeft: number;
      agency: Pick<Agency, "agencyId" | "fullName" | "kind">;
      reasons: ReminderReason[];
      errors: number;
      missing: string[];
      title: string;
      text: string;
      /** The agency's reminder address, for the e-mail channel only (the webhook does not carry it). */
      recipientEmail?: string;
    }
  | {
      type: "digest";
      deliveryId: string;
      year: number;
      digest: ReminderDigest;
      title: string;
      text: string;
    };

export type DeliveryResult =
  | { ok: true; attempts: number; status?: number }
  | {
      ok: false;
      attempts: number;
      /** The last HTTP status, when the receiver answered. */
      status?: number;
      /** Chinese, for the run record: why the last attempt failed. */
      error: string;
    };

/** One channel. `send` never throws for a failed delivery: it reports it, after its own retries. */
export interface Notifier {
  readonly channel: ReminderChannel;
  /** False when the channel has no address for this notification (e.g. e-mail only carries the digest). */
  accepts(notification: ReminderNotification): boolean;
  send(notification: ReminderNotification): Promise<DeliveryResult>;
}

/** The per-(year, deadline, step, recipient, channel) marker that keeps a reminder from going out twice. */
export interface DeliveryKey {
  year: number;
  /** YYYY-MM-DD, or "digest" scopes for the county office (see ReminderService). */
  deadline: string;
  step: number;
  recipient: string;
  channel: ReminderChannel;
}

export type DeliveryClaim =
  | { claimed: true }
  | {
      claimed: false;
      /** "sent": delivered by an earlier run; "sending": another run holds a live claim. */
      state: "sent" | "sending";
      runId: string;
      at: string;
    };

/** deferred: the run's time budget ran out before this one was tried; its marker was not taken. */
export type DeliveryOutcomeKind = "sent" | "failed" | "alreadySent" | "inProgress" | "deferred";

export interface DeliveryOutcome {
  /** An agency id, or COUNTY_OFFICE_RECIPIENT for the digest. */
  recipient: string;
  channel: ReminderChannel;
  deadline: string;
  step: number;
  deliveryId: string;
  outcome: DeliveryOutcomeKind;
  /** Attempts this run made (0 when it sent nothing). */
  attempts: number;
  /** The receiver's last HTTP status, when there was one. */
  status?: number;
  /** Why it failed or was deferred, or which run sent it (alreadySent, inProgress). */
  reason?: string;
  /** The run that delivered it earlier (alreadySent) or is delivering it (inProgress). */
  previousRunId?: string;
  at: string;
}

export interface ReminderRun {
  runId: string;
  year: number;
  trigger: ReminderTrigger;
  /** The step asked for (a schedule's days-before); absent: each deadline's days left. */
  requestedStep?: number;
  /** MM-DD asked for; absent: every deadline in scope. */
  requestedDeadline?: string;
  startedAt: string;
  finishedAt?: string;
  status: "running" | "completed";
  channels: ReminderChannel[];
  deadlines: ReminderDeadline[];
  /** The agencies that needed a reminder, in the digest's order. */
  recipients: string[];
  digest: ReminderDigest;
  outcomes: DeliveryOutcome[];
}

export interface ReminderStore {
  saveRun(run: ReminderRun): Promise<void>;
  recordOutcome(year: number, runId: string, outcome: DeliveryOutcome): Promise<void>;
  completeRun(year: number, runId: string, finishedAt: string): Promise<void>;
  getRun(year: number, runId: string): Promise<ReminderRun | undefined>;
  /**
   * Takes the marker (a conditional put): only when no run sent it, no live claim holds it, or the
   * last try failed. The claim expires at `leaseUntil`, so a run that died mid-send does not block.
   */
  claimDelivery(key: DeliveryKey, claim: { runId: string; now: string; leaseUntil: string }): Promise<DeliveryClaim>;
  /** The claim's delivery succeeded: the marker now blocks every later run. */
  markSent(key: DeliveryKey, runId: string, sent: { at: string; attempts: number }): Promise<void>;
  /** The delivery finally failed: a later run may claim it again. */
  markFailed(key: DeliveryKey, runId: string, failed: { at: string; attempts: number; error: string }): Promise<void>;
}

/** What the service reads: the agencies (with their reminder addresses) and the year's report states. */
export type ReminderReports = Pick<ReportRepository, "listAgencyRecords" | "listYear">;
