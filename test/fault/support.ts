import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { expect } from "vitest";
import { exampleSections } from "../../fixtures/example";
import { SECTION_NAMES } from "../../functions/report/catalogue";
import type { TestApi } from "../support/harness";

export const YEAR = 2024;
/** Before the 2024 reports' deadline (2025-01-31), so no report is late. */
export const BEFORE_DEADLINE = new Date("2025-01-20T02:00:00Z");

export const reportPath = (agencyId: string, year = YEAR) => `/v1/agencies/${agencyId}/reports/${year}`;
export const sectionPath = (agencyId: string, section: string, year = YEAR) => `${reportPath(agencyId, year)}/sections/${section}`;

/** Creates the agency and writes the seven sections of the example report through the API. */
export async function writeExampleReport(api: TestApi, agencyId: string, fullName = `沂源县测试${agencyId}`): Promise<void> {
  const agency = await api.request("PUT", `/v1/agencies/${agencyId}`, { token: api.adminToken, body: { fullName, kind: "town" } });
  expect(agency.status, agency.text).toBeLessThan(300);
  for (const name of SECTION_NAMES) {
    const written = await api.request("PUT", sectionPath(agencyId, name), { token: api.adminToken, body: exampleSections[name] });
    expect(written.status, `${agencyId} ${name}: ${written.text}`).toBe(201);
  }
}

/** The error body every non-2xx answer must have. */
export function expectErrorShape(body: unknown): void {
  expect(body).toEqual({
    error: expect.objectContaining({
      code: expect.stringMatching(/^[A-Z_]+$/),
      message: expect.any(String),
      details: expect.any(Array),
    }),
  });
  for (const detail of (body as { error: { details: unknown[] } }).error.details) {
    expect(detail).toEqual({ path: expect.stringMatching(/./), label: expect.stringMatching(/./), message: expect.any(String) });
  }
}

type Middleware = Parameters<DynamoDBDocumentClient["middlewareStack"]["add"]>[0];

/**
 * Injects DynamoDB failures below the SDK's retry middleware: a middleware in the deserialize step
 * runs once per attempt, so the SDK's own retry strategy decides whether and when to try again. A
 * throttled attempt never reaches DynamoDB Local, exactly like a request DynamoDB refuses.
 */
export class FaultInjector {
  /** Every attempt the SDK made, by command name (e.g. "QueryCommand"), throttled or not. */
  readonly attempts: string[] = [];
  private readonly remaining = new Map<string, number>();

  constructor(private readonly makeError: (commandName: string) => Error) {}

  attach(client: DynamoDBDocumentClient): this {
    const middleware: Middleware = (next, context) => async (args) => {
      const name = context.commandName ?? "unknown";
      this.attempts.push(name);
      const left = this.remaining.get(name) ?? 0;
      if (left > 0) {
        this.remaining.set(name, left - 1);
        throw this.makeError(name);
      }
      return next(args);
    };
    client.middlewareStack.add(middleware, { step: "deserialize", priority: "high", name: "faultInjector" });
    return this;
  }

  /** Fails the next `times` attempts of `commandName` (Infinity: until cleared). */
  fail(commandName: string, times: number): this {
    this.remaining.set(commandName, times);
    return this;
  }

  clear(): void {
    this.remaining.clear();
    this.attempts.length = 0;
  }

  count(commandName: string): number {
    return this.attempts.filter((name) => name === commandName).length;
  }
}
