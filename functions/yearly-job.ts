import { createYearlyJobHandler } from "./jobs/handlers";
import { createCore } from "./core";

// Built once per container.
const core = createCore();

export const handler = createYearlyJobHandler(core.publishing, core.config.TIME_ZONE);
