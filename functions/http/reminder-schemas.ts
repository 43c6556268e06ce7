import * as z from "zod";
import { AGENCY_KINDS } from "../report/catalogue";

/** A deadline reminder run as the API shows it (POST/GET /v1/years/{year}/reminder-runs). */

const integer = () => z.number().int();
const reason = z.enum(["notStarted", "draft", "hasErrors"]);
const kind = z.enum(AGENCY_KINDS);
const deadlineSchema = z.strictObject({ deadline: z.iso.date(), step: integer(), daysLeft: integer(), kinds: z.array(kind) });
const byReason = z.strictObject({ notStarted: integer(), draft: integer(), hasErrors: integer() });
export const reminderRunSchema = z.strictObject({
  runId: z.string(),
  year: integer(),
  trigger: z.enum(["schedule", "manual"]),
  requestedStep: integer().optional(),
  requestedDeadline: z.string().optional(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  status: z.enum(["running", "completed"]),
  channels: z.array(z.enum(["webhook", "email"])),
  deadlines: z.array(deadlineSchema),
  recipients: z.array(z.string()),
  digest: z.strictObject({
    year: integer(),
    date: z.iso.date(),
    deadlines: z.array(deadlineSchema.extend({ agencies: integer(), reminded: integer(), byReason })),
    agencies: integer(),
    reminded: integer(),
    byReason,
    entries: z.array(
      z.strictObject({
        agencyId: z.string(),
        fullName: z.string(),
        kind,
        deadline: z.iso.date(),
        daysLeft: integer(),
        reasons: z.array(reason),
        missing: z.array(z.string()),
      }),
    ),
    title: z.string(),
    text: z.string(),
  }),
  outcomes: z.array(
    z.strictObject({
      recipient: z.string(),
      channel: z.enum(["webhook", "email"]),
      deadline: z.string(),
      step: integer(),
      deliveryId: z.string(),
      outcome: z.enum(["sent", "failed", "alreadySent", "inProgress", "deferred"]),
      attempts: integer(),
      status: integer().optional(),
      reason: z.string().optional(),
      previousRunId: z.string().optional(),
      at: z.string(),
    }),
  ),
});

export const reminderRunBodySchema = z.strictObject({
  step: z.number().int().min(0).max(366).optional().describe("距期限的天数（与定时任务的步骤相同）；不填则按每个期限的剩余天数"),
  deadline: z
    .string()
    .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { error: "期限应为 MM-DD，如 01-31" })
    .optional()
    .describe("只提醒这个期限（MM-DD）"),
});
