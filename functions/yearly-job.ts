import { createYearlyJobHandler } from "./jobs/handlers";
import { createCore } from "./core";
import { logger, withRequestContext } from "./log";
import { ReminderService } from "./service/reminder-service";
import { DynamoReminderStore } from "./store/dynamo-reminder-store";
import { reminderNotifiers } from "./store/reminder-notifiers";

// Built once per container.
const core = createCore();
const reminders = new ReminderService({
  reports: core.repository,
  store: new DynamoReminderStore(core.documentClient, core.config.TABLE_NAME),
  notifiers: reminderNotifiers(core.config),
  config: core.config,
});
const runJob = createYearlyJobHandler(core.publishing, core.config.TIME_ZONE, undefined, reminders);

/** The scheduled job; a failure is logged as one line (with the invocation's id) before the Lambda retries it. */
export const handler = async (event: unknown, context?: { awsRequestId?: string }) =>
  withRequestContext({ requestId: context?.awsRequestId }, async () => {
    try {
      return await runJob(event);
    } catch (error) {
      logger.error("yearly job failed", { event, error });
      throw error;
    }
  });
