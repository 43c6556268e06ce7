import { createYearlyJobHandler } from "./jobs/handlers";
import { createRuntime } from "./runtime";

// Built once per container.
const runtime = createRuntime();

export const handler = createYearlyJobHandler(runtime.publishing, runtime.config.TIME_ZONE);
