import { SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { SQSEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { runView } from "../../../functions/service/publish-runs";
import { createPublishWorkerHandler, createYearlyJobHandler } from "../../../functions/jobs/handlers";
import type { PublishMessage, PublishRun } from "../../../functions/service/ports";
import type { MessageOutcome } from "../../../functions/service/publish-service";
import { BATCH_MAX_BYTES, SqsPublishQueue } from "../../../functions/store/sqs-publish-queue";

/** No local SQS exists here, so the adapter's requests are checked one by one. */
function recordingSqs(failIds: string[] = []) {
  const sent: SendMessageBatchCommand[] = [];
  const client = {
    send: async (command: SendMessageBatchCommand) => {
      sent.push(command);
      const failed = (command.input.Entries ?? []).filter((e) => failIds.includes(e.Id!));
      return { Successful: [], Failed: failed.map((e) => ({ Id: e.Id, Code: "InternalError", SenderFault: false })) };
    },
  } as unknown as SQSClient;
  return { client, sent };
}

const messages = (n: number): PublishMessage[] =>
  Array.from({ length: n }, (_, i) => ({ runId: "run-1", agencyId: `agency-${i}`, year: 2024 }));

describe("SqsPublishQueue", () => {
  it("sends one message per report in batches of at most 10, to the configured queue", async () => {
    const { client, sent } = recordingSqs();
    await new SqsPublishQueue(client, "https://sqs.us-east-1.amazonaws.com/123456789012/publish").enqueue(messages(23));
    expect(sent).toHaveLength(3);
    expect(sent.every((c) => c instanceof SendMessageBatchCommand)).toBe(true);
    expect(sent.map((c) => c.input.Entries!.length)).toEqual([10, 10, 3]);
    expect(sent.every((c) => c.input.QueueUrl === "https://sqs.us-east-1.amazonaws.com/123456789012/publish")).toBe(true);
    const bodies = sent.flatMap((c) => c.input.Entries!.map((e) => JSON.parse(e.MessageBody!)));
    expect(bodies).toEqual(messages(23));
    const ids = sent.flatMap((c) => c.input.Entries!.map((e) => e.Id));
    expect(new Set(ids).size).toBe(23);
  });

  it("keeps each batch within SQS's 256 KiB: open-year chunks of 100 agencies with long names go fewer to a batch", async () => {
    const { client, sent } = recordingSqs();
    const agencies = Array.from({ length: 100 }, (_, i) => ({
      agencyId: `agency-${String(i).padStart(3, "0")}`.padEnd(63, "x"),
      fullName: `${"沂源县".repeat(30)}第${i}局`,
      kind: "countyDepartment" as const,
      hasRulemakingPower: false,
    }));
    const chunks: PublishMessage[] = Array.from({ length: 12 }, () => ({ kind: "openYear", year: 2025, agencies }));
    await new SqsPublishQueue(client, "https://q").enqueue(chunks);
    const sizes = sent.map((c) => c.input.Entries!.reduce((sum, e) => sum + Buffer.byteLength(e.MessageBody!), 0));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(BATCH_MAX_BYTES);
    // Ten such chunks would be over 256 KiB: as many go to a batch as fit.
    const size = Buffer.byteLength(JSON.stringify(chunks[0]));
    expect(10 * size).toBeGreaterThan(BATCH_MAX_BYTES);
    const perBatch = Math.floor(BATCH_MAX_BYTES / size);
    expect(sent.map((c) => c.input.Entries!.length)).toEqual([perBatch, 12 - perBatch]);
    expect(sent.flatMap((c) => c.input.Entries!.map((e) => JSON.parse(e.MessageBody!)))).toEqual(chunks);
  });

  it("fails loudly when SQS refuses part of a batch", async () => {
    const { client } = recordingSqs(["4"]);
    await expect(new SqsPublishQueue(client, "https://q").enqueue(messages(5))).rejects.toThrow(/refused 1 publish messages \(4: InternalError\)/);
  });
});

describe("publish worker", () => {
  const record = (messageId: string, body: unknown) => ({ messageId, body: typeof body === "string" ? body : JSON.stringify(body) });

  it("processes each message and reports only infrastructure failures for retry", async () => {
    const processed: PublishMessage[] = [];
    const handler = createPublishWorkerHandler({
      processMessage: async (message): Promise<MessageOutcome> => {
        processed.push(message);
        if (message.kind === "openYear") return { kind: "openYear", year: message.year, created: message.agencies.length, existing: 0 };
        if (message.agencyId === "flaky") throw Object.assign(new Error("throttled"), { $metadata: {} });
        return { agencyId: message.agencyId, outcome: "published", version: 1, at: "2025-01-31T12:00:00Z" };
      },
    });
    const event = {
      Records: [
        record("m1", { runId: "r", agencyId: "a", year: 2024 }),
        record("m2", { runId: "r", agencyId: "flaky", year: 2024 }),
        record("m3", "not json"),
        record("m4", { runId: "r", agencyId: "b", year: 2024 }),
        record("m5", { kind: "openYear", year: 2025, agencies: [{ agencyId: "c-1", fullName: "丙局", kind: "countyDepartment", hasRulemakingPower: false }] }),
        // An open-year chunk without agencies, or with a malformed one, is dropped like any malformed message.
        record("m6", { kind: "openYear", year: 2025, agencies: [] }),
        record("m7", { kind: "openYear", year: 2025, agencies: [{ agencyId: "d-1", fullName: "丁", kind: "village", hasRulemakingPower: false }] }),
      ],
    } as unknown as SQSEvent;
    const result = await handler(event);
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: "m2" }] });
    expect(processed.map((m) => (m.kind === "openYear" ? `open:${m.agencies.map((a) => a.agencyId).join(",")}` : m.agencyId))).toEqual(["a", "flaky", "b", "open:c-1"]);
  });
});

describe("yearly job", () => {
  function fakePublishing() {
    const calls: unknown[] = [];
    return {
      calls,
      publishing: {
        startYearOpening: async (year: number) => {
          calls.push(["startYearOpening", year]);
          return { agencies: 250, chunks: 3 };
        },
        startRun: async (year: number, body: unknown, trigger: PublishRun["trigger"]) => {
          calls.push(["startRun", year, body, trigger]);
          return runView({ runId: "run-x", year, kinds: [], startedAt: "", trigger, agencyIds: ["a", "b"], outcomes: [] });
        },
      },
    };
  }

  it("opens the previous calendar year of Asia/Shanghai, even when UTC is still in the old year", async () => {
    const { calls, publishing } = fakePublishing();
    // 2025-01-01 02:00 in Shanghai is 2024-12-31 18:00 UTC.
    const handler = createYearlyJobHandler(publishing, "Asia/Shanghai", () => new Date("2024-12-31T18:00:00Z"));
    expect(await handler({ action: "openYear" })).toEqual({ action: "openYear", year: 2024, agencies: 250, chunks: 3 });
    expect(calls).toEqual([["startYearOpening", 2024]]);
  });

  it("starts a scheduled publish run for the given kinds", async () => {
    const { calls, publishing } = fakePublishing();
    const handler = createYearlyJobHandler(publishing, "Asia/Shanghai", () => new Date("2025-01-31T12:00:00Z"));
    const result = await handler({ action: "publishRun", kinds: ["countyDepartment", "town", "subdistrict"] });
    expect(result).toEqual({ action: "publishRun", year: 2024, runId: "run-x", enqueued: 2 });
    expect(calls).toEqual([["startRun", 2024, { kinds: ["countyDepartment", "town", "subdistrict"] }, "schedule"]]);
  });

  it("rejects an unknown action or kind", async () => {
    const { publishing } = fakePublishing();
    const handler = createYearlyJobHandler(publishing, "Asia/Shanghai");
    await expect(handler({ action: "deleteEverything" })).rejects.toThrow();
    await expect(handler({ action: "publishRun", kinds: ["village"] })).rejects.toThrow();
  });
});
