import { join } from "node:path";
import type { SQSEvent } from "aws-lambda";
import { createPublishWorkerHandler } from "./jobs/handlers";
import { createCore } from "./core";
import { logger, withRequestContext } from "./log";
import { BUNDLED_FONT_FOLDER, editionRenderer } from "./report/render/editions";

// In Lambda the fonts sit beside the bundle in the task root; elsewhere they come from node_modules.
const taskRoot = process.env.LAMBDA_TASK_ROOT;

// Built once per container. The worker is the one function that renders the Word and PDF editions
// (the PDF code itself is loaded on the first PDF, functions/report/render/editions/index.ts).
const core = createCore({ editionRenderer: editionRenderer(taskRoot ? { fontDirectory: join(taskRoot, BUNDLED_FONT_FOLDER) } : {}) });
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
