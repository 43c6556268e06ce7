import { createYearlyJobHandler } from "./jobs/handlers";
import { createCore } from "./core";
import { logger, withRequestContext } from "./log";

// Built once per container.
const core = createCore();
const runJob = createYearlyJobHandler(core.publishing, core.config.TIME_ZONE);

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
