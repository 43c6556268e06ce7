/**
 * Reminder runs and delivery markers, in the service's single table (functions/store/keys.ts):
 *
 *   pk                                                       sk
 *   REMINDER_RUN#{year}#{runId}                              SUMMARY            the run, its deadlines and digest
 *   REMINDER_RUN#{year}#{runId}                              OUTCOME#{recipient}#{channel}
 *   REMINDER_MARK#{year}#{deadline}#{step}#{recipient}#{channel}   MARKER      the no-duplicates marker
 *
 * Each marker is its own partition (no hot key while a run claims ~100 of them at once). A marker's
 * `state` is `sending` (claimed, with `leaseUntil`), `sent` (blocks every later run) or `failed`
 * (a later run may claim it again). None of these items carries gsi1 keys: the year and agency
 * listings never see them.
 *
 * AWS errors arrive already translated into the service's (the document client of
 * functions/store/dynamo-client.ts: throttling and outages → ServiceUnavailableError); a failed
 * condition is read here as an answer (a marker someone else holds, a run id already taken).
 */
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { ReminderDeadline, ReminderDigest } from "../report/reminders";
import { ConflictError } from "../service/errors";
import {
  COUNTY_OFFICE_RECIPIENT,
  type DeliveryClaim,
  type DeliveryKey,
  type DeliveryOutcome,
  type ReminderRun,
  type ReminderStore,
} from "../service/reminder-ports";
import { DynamoTable, type Item, isConditionalFailure } from "./dynamo-table";

export const reminderRunPartition = (year: number, runId: string) => `REMINDER_RUN#${year}#${runId}`;
export const REMINDER_RUN_SUMMARY = "SUMMARY";
export const REMINDER_OUTCOME_PREFIX = "OUTCOME#";
export const reminderMarkerKey = (key: DeliveryKey) => ({
  pk: `REMINDER_MARK#${key.year}#${key.deadline}#${key.step}#${key.recipient}#${key.channel}`,
  sk: "MARKER",
});

export class DynamoReminderStore extends DynamoTable implements ReminderStore {
  async saveRun(run: ReminderRun): Promise<void> {
    const { outcomes: _outcomes, ...summary } = run;
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: reminderRunPartition(run.year, run.runId), sk: REMINDER_RUN_SUMMARY, ...summary },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    } catch (error) {
      if (isConditionalFailure(error)) throw new ConflictError(`催报任务 ${run.runId} 已存在`);
      throw error;
    }
  }

  async recordOutcome(year: number, runId: string, outcome: DeliveryOutcome): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: reminderRunPartition(year, runId), sk: `${REMINDER_OUTCOME_PREFIX}${outcome.recipient}#${outcome.channel}`, ...outcome },
      }),
    );
  }

  async completeRun(year: number, runId: string, finishedAt: string): Promise<void> {
    const found = await this.updateIf({
      Key: { pk: reminderRunPartition(year, runId), sk: REMINDER_RUN_SUMMARY },
      UpdateExpression: "SET #status = :completed, finishedAt = :at",
      ConditionExpression: "attribute_exists(pk)",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":completed": "completed", ":at": finishedAt },
    });
    if (!found) throw new Error(`reminder run ${runId} of ${year} vanished before it completed`);
  }

  async getRun(year: number, runId: string): Promise<ReminderRun | undefined> {
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": reminderRunPartition(year, runId) },
      // The run returned by POST is read right after its last outcome was written.
      ConsistentRead: true,
    });
    const summary = items.find((item) => item.sk === REMINDER_RUN_SUMMARY);
    if (!summary) return undefined;
    const recipients = (summary.recipients as string[] | undefined) ?? [];
    const order = (recipient: string) => (recipient === COUNTY_OFFICE_RECIPIENT ? recipients.length : recipients.indexOf(recipient));
    const outcomes = items
      .filter((item) => (item.sk as string).startsWith(REMINDER_OUTCOME_PREFIX))
      .map(outcomeOf)
      .sort((a, b) => order(a.recipient) - order(b.recipient) || a.channel.localeCompare(b.channel));
    return {
      runId: summary.runId as string,
      year: summary.year as number,
      trigger: summary.trigger as ReminderRun["trigger"],
      ...(summary.requestedStep !== undefined ? { requestedStep: summary.requestedStep as number } : {}),
      ...(summary.requestedDeadline !== undefined ? { requestedDeadline: summary.requestedDeadline as string } : {}),
      startedAt: summary.startedAt as string,
      ...(summary.finishedAt !== undefined ? { finishedAt: summary.finishedAt as string } : {}),
      status: summary.status as ReminderRun["status"],
      channels: (summary.channels as ReminderRun["channels"] | undefined) ?? [],
      deadlines: (summary.deadlines as ReminderDeadline[] | undefined) ?? [],
      recipients,
      digest: summary.digest as ReminderDigest,
      outcomes,
    };
  }

  async claimDelivery(key: DeliveryKey, claim: { runId: string; now: string; leaseUntil: string }): Promise<DeliveryClaim> {
    const marker = reminderMarkerKey(key);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...marker,
            year: key.year,
            deadline: key.deadline,
            step: key.step,
            recipient: key.recipient,
            channel: key.channel,
            state: "sending",
            runId: claim.runId,
            claimedAt: claim.now,
            leaseUntil: claim.leaseUntil,
          },
          // Free, given back by a failed delivery, or held by a run that died before finishing.
          ConditionExpression: "attribute_not_exists(pk) OR #state = :failed OR (#state = :sending AND leaseUntil < :now)",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: { ":failed": "failed", ":sending": "sending", ":now": claim.now },
        }),
      );
      return { claimed: true };
    } catch (error) {
      if (!isConditionalFailure(error)) throw error;
    }
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: marker, ConsistentRead: true }));
    // Between the refused put and this read the holder may have failed and freed it; the next run
    // retries it then, as it would any failed delivery.
    const state = Item?.state === "sent" ? "sent" : "sending";
    return {
      claimed: false,
      state,
      runId: (Item?.runId as string | undefined) ?? "",
      at: ((state === "sent" ? Item?.sentAt : Item?.claimedAt) as string | undefined) ?? "",
    };
  }

  async markSent(key: DeliveryKey, runId: string, sent: { at: string; attempts: number }): Promise<void> {
    // False only when another run took the claim over after ours expired and owns the marker now;
    // ours was sent all the same, and this run's outcome says so.
    await this.updateIf({
      Key: reminderMarkerKey(key),
      UpdateExpression: "SET #state = :sent, sentAt = :at, attempts = :attempts REMOVE leaseUntil, lastError",
      ConditionExpression: "runId = :runId",
      ExpressionAttributeNames: { "#state": "state" },
      ExpressionAttributeValues: { ":sent": "sent", ":at": sent.at, ":attempts": sent.attempts, ":runId": runId },
    });
  }

  async markFailed(key: DeliveryKey, runId: string, failed: { at: string; attempts: number; error: string }): Promise<void> {
    await this.updateIf({
      Key: reminderMarkerKey(key),
      UpdateExpression: "SET #state = :failed, failedAt = :at, attempts = :attempts, lastError = :error REMOVE leaseUntil",
      ConditionExpression: "runId = :runId AND #state = :sending",
      ExpressionAttributeNames: { "#state": "state" },
      ExpressionAttributeValues: {
        ":failed": "failed",
        ":sending": "sending",
        ":at": failed.at,
        ":attempts": failed.attempts,
        ":error": failed.error,
        ":runId": runId,
      },
    });
  }
}

function outcomeOf(item: Item): DeliveryOutcome {
  const optional = <K extends keyof DeliveryOutcome>(name: K) =>
    item[name] !== undefined ? ({ [name]: item[name] } as Pick<DeliveryOutcome, K>) : {};
  return {
    recipient: item.recipient as string,
    channel: item.channel as DeliveryOutcome["channel"],
    deadline: item.deadline as string,
    step: item.step as number,
    deliveryId: item.deliveryId as string,
    outcome: item.outcome as DeliveryOutcome["outcome"],
    attempts: item.attempts as number,
    ...optional("status"),
    ...optional("reason"),
    ...optional("previousRunId"),
    at: item.at as string,
  };
}
