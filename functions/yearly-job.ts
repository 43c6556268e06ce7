import { z } from "zod";
import { AGENCY_KINDS } from "./report/catalogue";
import { createRuntime } from "./runtime";
import { SYSTEM_ACTOR } from "./service/actor";
import { currentReportYear } from "./service/publish-service";

const runtime = createRuntime();

const eventSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("openYear"), year: z.number().int().optional() }),
  z.object({ action: z.literal("publishRun"), kinds: z.array(z.enum(AGENCY_KINDS)).optional(), year: z.number().int().optional() }),
]);

/** Invoked by EventBridge Scheduler (Asia/Shanghai): the report year is the previous calendar year. */
export const handler = async (event: unknown) => {
  const command = eventSchema.parse(event);
  const year = command.year ?? currentReportYear(new Date(), runtime.config.TIME_ZONE);
  if (command.action === "openYear") {
    const result = await runtime.publishing.openYear(year);
    console.log(JSON.stringify({ level: "info", msg: "year opened", year, ...result }));
    return { year, ...result };
  }
  const run = await runtime.publishing.startRun(SYSTEM_ACTOR, year, { kinds: command.kinds }, "schedule");
  console.log(JSON.stringify({ level: "info", msg: "publish run enqueued", year, runId: run.runId, reports: run.agencyIds.length }));
  return { year, runId: run.runId, enqueued: run.agencyIds.length };
};
