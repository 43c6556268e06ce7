import { randomUUID } from "node:crypto";
import { type Deadlines } from "../report/deadline";
import { type AgencyReminder, planReminders, type ReminderDeadline, type ReminderDigest } from "../report/reminders";
import { mapWithConcurrency } from "./concurrency";
import { NotFoundError } from "./errors";
import {
  COUNTY_OFFICE_RECIPIENT,
  type DeliveryKey,
  type DeliveryResult,
  type DeliveryOutcome,
  type Notifier,
  type ReminderNotification,
  type ReminderReports,
  type ReminderRun,
  type ReminderStore,
  type ReminderTrigger,
} from "./reminder-ports";

export interface ReminderServiceDeps {
  reports: ReminderReports;
  store: ReminderStore;
  /** The configured channels (none: the run still records who needed a reminder). */
  notifiers: readonly Notifier[];
  config: { COUNTY_NAME: string; TIME_ZONE: string; DEADLINES: Deadlines };
  clock?: () => Date;
  /**
   * How long a claimed marker blocks other runs. Longer than one delivery can take (the webhook's
   * attempts and backoff are well under a minute) and than the yearly job's Lambda timeout, so a
   * run that died mid-send frees its markers for the next one.
   */
  claimLeaseSeconds?: number;
  /** Deliveries in flight at once; the portal is one receiver and should not be flooded. */
  concurrency?: number;
  /**
   * How long a run may spend delivering. A delivery not started by then is recorded as `deferred`
   * without taking its marker, so the next run sends it. The api sets this below API Gateway's 29 s
   * (a receiver that hangs costs every attempt its full timeout); the yearly job needs none.
   */
  timeBudgetMs?: number;
  /** Elapsed-time source for the budget (not the clock: a test's clock stands still). */
  monotonicMs?: () => number;
}

export interface ReminderRunOptions {
  /** Days before the deadline (a schedule's step). Absent: each deadline counts as its days left. */
  step?: number;
  /** MM-DD of the deadline the step is for (the schedules name it). Absent: every deadline in scope. */
  deadline?: string;
  trigger: ReminderTrigger;
}

/**
 * Deadline reminders: a run finds the agencies whose report is not submitted (or has ERRORs) for
 * the deadlines in scope, sends each one notification per channel and the county office a digest,
 * and records every outcome. A conditional marker per (year, deadline, step, recipient, channel)
 * is taken before each send, so nothing is sent twice for the same step, however often the run is
 * repeated or retried; a delivery that finally failed gives its marker back for a later run.
 */
export class ReminderService {
  private readonly reports: ReminderReports;
  private readonly store: ReminderStore;
  private readonly notifiers: readonly Notifier[];
  private readonly config: ReminderServiceDeps["config"];
  private readonly clock: () => Date;
  private readonly claimLeaseMs: number;
  private readonly concurrency: number;
  private readonly timeBudgetMs: number | undefined;
  private readonly monotonicMs: () => number;

  constructor(deps: ReminderServiceDeps) {
    this.reports = deps.reports;
    this.store = deps.store;
    this.notifiers = deps.notifiers;
    this.config = deps.config;
    this.clock = deps.clock ?? (() => new Date());
    this.claimLeaseMs = (deps.claimLeaseSeconds ?? 900) * 1000;
    this.concurrency = deps.concurrency ?? 4;
    this.timeBudgetMs = deps.timeBudgetMs;
    this.monotonicMs = deps.monotonicMs ?? (() => performance.now());
  }

  async startReminderRun(year: number, options: ReminderRunOptions): Promise<ReminderRun> {
    const now = this.clock();
    const [agencies, reports] = await Promise.all([this.reports.listAgencyRecords(), this.reports.listYear(year)]);
    const addresses = new Map(agencies.flatMap((a) => (a.reminderEmail ? [[a.agencyId, a.reminderEmail] as const] : [])));
    const plan = planReminders({
      year,
      agencies,
      reports,
      deadlines: this.config.DEADLINES,
      now,
      timeZone: this.config.TIME_ZONE,
      countyName: this.config.COUNTY_NAME,
      step: options.step,
      deadline: options.deadline,
    });
    const startedAt = now.toISOString();
    const run: ReminderRun = {
      runId: `${startedAt.replace(/[-:.TZ]/g, "").slice(0, 14)}-${randomUUID().slice(0, 8)}`,
      year,
      trigger: options.trigger,
      ...(options.step !== undefined ? { requestedStep: options.step } : {}),
      ...(options.deadline !== undefined ? { requestedDeadline: options.deadline } : {}),
      startedAt,
      status: "running",
      channels: this.notifiers.map((n) => n.channel),
      deadlines: plan.deadlines,
      recipients: plan.reminders.map((r) => r.agency.agencyId),
      digest: plan.digest,
      outcomes: [],
    };
    // Recorded before anything is sent: a run that dies part-way still shows what it set out to do.
    await this.store.saveRun(run);

    const deliveries: { notification: ReminderNotification; key: DeliveryKey; notifier: Notifier }[] = [];
    for (const reminder of plan.reminders) {
      const notification = reminderNotification(year, reminder, addresses.get(reminder.agency.agencyId));
      for (const notifier of this.notifiers) {
        if (!notifier.accepts(notification)) continue;
        const key = { year, deadline: reminder.deadline, step: reminder.step, recipient: reminder.agency.agencyId, channel: notifier.channel };
        deliveries.push({ notification, key, notifier });
      }
    }
    if (plan.deadlines.length > 0) {
      const scope = digestScope(plan.deadlines, options.step);
      const notification = digestNotification(year, scope, plan.digest);
      for (const notifier of this.notifiers) {
        if (!notifier.accepts(notification)) continue;
        deliveries.push({ notification, key: { year, ...scope, recipient: COUNTY_OFFICE_RECIPIENT, channel: notifier.channel }, notifier });
      }
    }

    const deliveringSince = this.monotonicMs();
    await mapWithConcurrency(deliveries, this.concurrency, async ({ notification, key, notifier }) => {
      const overBudget = this.timeBudgetMs !== undefined && this.monotonicMs() - deliveringSince >= this.timeBudgetMs;
      const outcome = overBudget ? this.deferred(notification, key) : await this.deliver(run.runId, notification, key, notifier);
      await this.store.recordOutcome(year, run.runId, outcome);
    });
    await this.store.completeRun(year, run.runId, this.clock().toISOString());
    return (await this.store.getRun(year, run.runId)) ?? run;
  }

  async getReminderRun(year: number, runId: string): Promise<ReminderRun> {
    const run = await this.store.getRun(year, runId);
    if (!run) throw new NotFoundError(`催报任务 ${runId} 不存在`);
    return run;
  }

  private deferred(notification: ReminderNotification, key: DeliveryKey): DeliveryOutcome {
    return {
      recipient: key.recipient,
      channel: key.channel,
      deadline: key.deadline,
      step: key.step,
      deliveryId: notification.deliveryId,
      outcome: "deferred",
      attempts: 0,
      reason: "本次运行时限已到，未发送；再次运行同一步骤时发送",
      at: this.clock().toISOString(),
    };
  }

  /** Claim, send, then mark: sent blocks every later run; failed lets the next one try again. */
  private async deliver(runId: string, notification: ReminderNotification, key: DeliveryKey, notifier: Notifier): Promise<DeliveryOutcome> {
    const base = { recipient: key.recipient, channel: key.channel, deadline: key.deadline, step: key.step, deliveryId: notification.deliveryId };
    const now = this.clock();
    const claim = await this.store.claimDelivery(key, {
      runId,
      now: now.toISOString(),
      leaseUntil: new Date(now.getTime() + this.claimLeaseMs).toISOString(),
    });
    if (!claim.claimed) {
      return {
        ...base,
        outcome: claim.state === "sent" ? "alreadySent" : "inProgress",
        attempts: 0,
        reason: claim.state === "sent" ? `已由催报任务 ${claim.runId} 于 ${claim.at} 发送，本次不再发送` : `催报任务 ${claim.runId} 正在发送`,
        previousRunId: claim.runId,
        at: now.toISOString(),
      };
    }
    const result: DeliveryResult = await notifier.send(notification).catch((error: unknown) => ({
      ok: false as const,
      attempts: 1,
      error: `发送时出错：${error instanceof Error ? error.message : String(error)}`,
    }));
    const at = this.clock().toISOString();
    if (result.ok) {
      await this.store.markSent(key, runId, { at, attempts: result.attempts });
      return { ...base, outcome: "sent", attempts: result.attempts, ...(result.status ? { status: result.status } : {}), at };
    }
    await this.store.markFailed(key, runId, { at, attempts: result.attempts, error: result.error });
    return {
      ...base,
      outcome: "failed",
      attempts: result.attempts,
      ...(result.status ? { status: result.status } : {}),
      reason: result.error,
      at,
    };
  }
}

/** The receiver's deduplication id: the same for every try of the same reminder, in any run. */
export function reminderDeliveryId(year: number, deadline: string, step: number, recipient: string): string {
  return `reminder-${year}-${deadline}-s${step}-${recipient}`;
}

function reminderNotification(year: number, reminder: AgencyReminder, recipientEmail: string | undefined): ReminderNotification {
  return {
    type: "reminder",
    deliveryId: reminderDeliveryId(year, reminder.deadline, reminder.step, reminder.agency.agencyId),
    year,
    deadline: reminder.deadline,
    step: reminder.step,
    daysLeft: reminder.daysLeft,
    agency: { agencyId: reminder.agency.agencyId, fullName: reminder.agency.fullName, kind: reminder.agency.kind },
    reasons: reminder.reasons,
    errors: reminder.errors,
    missing: reminder.missing,
    title: reminder.title,
    text: reminder.text,
    ...(recipientEmail ? { recipientEmail } : {}),
  };
}

/**
 * The digest's marker: one per set of (deadline, step) the run covered, so a repeated run of the
 * same step does not send the county office the same digest again.
 */
function digestScope(deadlines: readonly ReminderDeadline[], requestedStep: number | undefined): { deadline: string; step: number } {
  return {
    deadline: `digest:${deadlines.map((d) => `${d.deadline}@${d.step}`).join("+")}`,
    step: requestedStep ?? deadlines[0]!.step,
  };
}

function digestNotification(year: number, scope: { deadline: string; step: number }, digest: ReminderDigest): ReminderNotification {
  return {
    type: "digest",
    deliveryId: `digest-${year}-${scope.deadline.slice("digest:".length).replace(/[^0-9A-Za-z-]+/g, "-")}`,
    year,
    digest,
    title: digest.title,
    text: digest.text,
  };
}
