import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { ServiceUnavailableError } from "../../../functions/service/errors";
import { transactWrite } from "../../../functions/store/dynamo-table";

/**
 * DynamoDB Local serialises transactions, so it never answers TransactionConflict as DynamoDB does
 * under contention; a stub client stands in to prove the retry logic.
 */
function stubClient(answers: ("ok" | "conflict" | "condition")[]) {
  let calls = 0;
  const client = {
    send: async () => {
      const answer = answers[Math.min(calls, answers.length - 1)];
      calls += 1;
      if (answer === "ok") return {};
      throw new TransactionCanceledException({
        message: "Transaction cancelled",
        $metadata: {},
        CancellationReasons:
          answer === "conflict" ? [{ Code: "None" }, { Code: "TransactionConflict" }] : [{ Code: "ConditionalCheckFailed" }, { Code: "None" }],
      });
    },
  } as unknown as DynamoDBDocumentClient;
  return { client, calls: () => calls };
}

describe("transactWrite", () => {
  it("retries a transaction that only conflicted with another one, until it goes through", async () => {
    const { client, calls } = stubClient(["conflict", "conflict", "ok"]);
    expect(await transactWrite(client, { TransactItems: [] })).toEqual({ ok: true });
    expect(calls()).toBe(3);
  });

  it("gives up after its attempts with an error the HTTP layer maps to 503", async () => {
    const { client, calls } = stubClient(["conflict"]);
    const error = await transactWrite(client, { TransactItems: [] }, 3).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error).toMatchObject({ code: "SERVICE_UNAVAILABLE", cause: { name: "TransactionConflict" } });
    expect(calls()).toBe(3);
  });

  it("returns failed conditions at once, without retrying", async () => {
    const { client, calls } = stubClient(["condition", "ok"]);
    const outcome = await transactWrite(client, { TransactItems: [] });
    expect(outcome).toEqual({ ok: false, reasons: [{ Code: "ConditionalCheckFailed" }, { Code: "None" }] });
    expect(calls()).toBe(1);
  });
});
