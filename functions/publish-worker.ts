import { createPublishWorkerHandler } from "./jobs/handlers";
import { createRuntime } from "./runtime";

// Built once per container.
const runtime = createRuntime();

export const handler = createPublishWorkerHandler(runtime.publishing);
