import { createPublishWorkerHandler } from "./jobs/handlers";
import { createCore } from "./core";

// Built once per container.
const core = createCore();

export const handler = createPublishWorkerHandler(core.publishing);
