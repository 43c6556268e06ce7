import * as z from "zod";
import { AGENCY_KINDS } from "../report/catalogue";

/** A publish run as the API shows it (GET/POST …/publish-runs): the run, its outcomes and its progress. */

const integer = () => z.number().int();
const timestamp = () => z.string().describe("ISO 8601 时间（UTC）");

export const runViewSchema = z.strictObject({
  runId: z.string(),
  year: integer(),
  kinds: z.array(z.enum(AGENCY_KINDS)),
  startedAt: timestamp(),
  trigger: z.enum(["schedule", "manual"]),
  agencyIds: z.array(z.string()),
  outcomes: z.array(
    z.strictObject({
      agencyId: z.string(),
      outcome: z.enum(["published", "skipped", "failed"]),
      reason: z.string().optional(),
      version: integer().optional(),
      at: timestamp(),
    }),
  ),
  yearFilesWrittenAt: timestamp().optional().describe("年度文件（年度索引页、index.json、open-data.csv、网站首页、各机构历史页）写成的时间；未写成时省略"),
  status: z
    .enum(["running", "writingYearFiles", "completed"])
    .describe(
      "running：仍有机构尚无结果（正在发布，或其消息进入了死信队列，须续跑）；writingYearFiles：各机构均已有结果，年度文件尚未写成（正在写或写入失败待重试）；completed：各机构均有结果且年度文件已写成",
    ),
  published: integer(),
  skipped: integer(),
  failed: integer(),
});
