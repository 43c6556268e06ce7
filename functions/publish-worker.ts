import type { SQSEvent } from "aws-lambda";
import { createPublishWorkerHandler } from "./jobs/handlers";
import { createCore } from "./core";
import { logger, withRequestContext } from "./log";

// Built once per container.
const core = createCore();
const processBatch = createPublishWorkerHandler(core.publishing);

/** One line per batch (how many messages, how many left for SQS to retry, how long), with the invocation's id. */
export const handler = async (event: SQSEvent, context?: { awsRequestId?: string }) =>
  withRequestContext({ requestId: context?.awsRequestId }, async () => {
    const started = performance.now();
    try {
      const result = await processBatch(event);
      logger.info("publish batch", {
        records: event.Records.length,
        retried: result.batchItemFailures.length,
        latencyMs: Math.round(performance.now() - started),
      });
      return result;
    } catch (error) {
      logger.error("publish batch failed", { records: event.Records.length, error });
      throw error;
    }
  });
