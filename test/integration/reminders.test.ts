/**
 * Issue 12 point 3: deadline reminders against DynamoDB Local (the reports written through the real
 * API) and a real HTTP receiver on 127.0.0.1 standing in for the portal's webhook.
 */
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { exampleSections } from "../../fixtures/example";
import { SECTION_NAMES } from "../../functions/report/catalogue";
import { createYearlyJobHandler } from "../../functions/jobs/handlers";
import type { ReminderNotification, ReminderRun } from "../../functions/service/reminder-ports";
import { ReminderService } from "../../functions/service/reminder-service";
import { DynamoReminderStore } from "../../functions/store/dynamo-reminder-store";
import { verifyWebhookSignature, WebhookNotifier, type WebhookNotifierOptions } from "../../functions/store/webhook-notifier";
import { createTestApi, type TestApi } from "../support/harness";
import { reminderRunSchema } from "../../functions/http/reminder-schemas";

const YEAR = 2024;
/** 09:00 on 21 January 2025 in Shanghai: ten days before the 31 January deadline. */
const TEN_DAYS_BEFORE = new Date("2025-01-21T01:00:00Z");
const THREE_DAYS_BEFORE = new Date("2025-01-28T01:00:00Z");
const SECRET = "portal-webhook-secret-0123456789abcdef";
type Rows = Record<string, Record<string, number>>;

// ---------------------------------------------------------------- the response schema handed to functions/http


// ---------------------------------------------------------------- the portal's receiver

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  json: Record<string, any>;
}

type Respond = (request: Received, attemptOfThisDelivery: number) => number;

class Receiver {
  readonly requests: Received[] = [];
  respond: Respond = () => 200;
  private constructor(private readonly server: Server) {}

  static async start(): Promise<Receiver> {
    const server = createServer();
    const receiver = new Receiver(server);
    server.on("request", (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const request: Received = { headers: req.headers, body, json: JSON.parse(body) };
        receiver.requests.push(request);
        const id = request.headers["x-disclosure-delivery"];
        const nth = receiver.requests.filter((r) => r.headers["x-disclosure-delivery"] === id).length;
        res.writeHead(receiver.respond(request, nth), { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/reminders`;
    return receiver;
  }

  /** Kept after close: a notifier aimed at it then meets a refused connection. */
  url = "";

  of(agencyId: string): Received[] {
    return this.requests.filter((r) => r.json.agency?.agencyId === agencyId);
  }

  get reminders(): Received[] {
    return this.requests.filter((r) => r.json.type === "disclosure.reminder.v1");
  }

  get digests(): Received[] {
    return this.requests.filter((r) => r.json.type === "disclosure.reminderDigest.v1");
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

// ---------------------------------------------------------------- the county's reports

async function putAgency(api: TestApi, agencyId: string, fullName: string, kind: string) {
  const response = await api.request("PUT", `/v1/agencies/${agencyId}`, { token: api.adminToken, body: { fullName, kind } });
  expect(response.status, response.text).toBeLessThan(300);
}

async function writeReport(api: TestApi, agencyId: string, change?: (sections: Record<string, any>) => void) {
  const sections: Record<string, any> = structuredClone(exampleSections);
  delete sections.preamble.statisticsPeriod;
  change?.(sections);
  for (const name of SECTION_NAMES) {
    const response = await api.request("PUT", `/v1/agencies/${agencyId}/reports/${YEAR}/sections/${name}`, { token: api.adminToken, body: sections[name] });
    expect(response.status, `${agencyId} ${name}: ${response.text}`).toBe(201);
  }
}

/**
 * Six agencies. Of the five due on 31 January three need a reminder (a draft with errors, a clean
 * draft, one that has not started) and two don't (submitted, published); the county government,
 * with no report yet, is due on 31 March.
 */
async function seedCounty(api: TestApi) {
  await putAgency(api, "county-gov", "沂源县人民政府", "countyGovernment");
  await putAgency(api, "dept-errors", "沂源县教育和体育局", "countyDepartment");
  await writeReport(api, "dept-errors", (s) => ((s.applications.rows as Rows).granted!.naturalPerson = 9));
  await putAgency(api, "dept-draft", "沂源县财政局", "countyDepartment");
  await writeReport(api, "dept-draft");
  await putAgency(api, "town-missing", "沂源县燕崖镇人民政府", "town");
  await putAgency(api, "town-submitted", "沂源县南鲁山镇人民政府", "town");
  await writeReport(api, "town-submitted");
  expect((await api.request("POST", `/v1/agencies/town-submitted/reports/${YEAR}/submit`, { token: api.adminToken })).status).toBe(200);
  await putAgency(api, "sub-published", "沂源县南麻街道办事处", "subdistrict");
  await writeReport(api, "sub-published");
  expect((await api.request("POST", `/v1/agencies/sub-published/reports/${YEAR}/publish`, { token: api.adminToken })).status).toBe(200);
}

const REMINDED = ["dept-errors", "dept-draft", "town-missing"];

interface Fixture {
  api: TestApi;
  receiver: Receiver;
  store: DynamoReminderStore;
  service: (options?: Partial<WebhookNotifierOptions>, budget?: { timeBudgetMs: number }) => ReminderService;
  setNow: (now: Date) => void;
}

const open: Receiver[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

async function fixture(): Promise<Fixture> {
  let now = TEN_DAYS_BEFORE;
  const clock = () => now;
  const api = await createTestApi({ clock });
  await seedCounty(api);
  const receiver = await Receiver.start();
  open.push(receiver);
  const store = new DynamoReminderStore(api.runtime.documentClient, api.tableName);
  const service = (options: Partial<WebhookNotifierOptions> = {}, budget: { timeBudgetMs?: number } = {}) =>
    new ReminderService({
      ...budget,
      reports: api.runtime.repository,
      store,
      // Short waits: the backoff's shape is the same, the suite stays fast.
      notifiers: [new WebhookNotifier({ url: receiver.url, secret: SECRET, baseDelayMs: 10, clock, ...options })],
      config: api.runtime.config,
      clock,
    });
  return { api, receiver, store, service, setNow: (next) => (now = next) };
}

/** The receiver's check, written from the documented scheme rather than with the sender's code. */
function independentlyVerified(request: Received, secret = SECRET): boolean {
  const header = String(request.headers["x-disclosure-signature"]);
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return false;
  const expected = createHmac("sha256", secret).update(`${match[1]}.${request.body}`).digest("hex");
  return expected === match[2];
}

const outcomeOf = (run: ReminderRun, recipient: string) => run.outcomes.find((o) => o.recipient === recipient && o.channel === "webhook");

// ---------------------------------------------------------------- the tests

describe("a reminder run", () => {
  it("notifies exactly the agencies not submitted or with errors, once each, signed, and records the run", async () => {
    const { api, receiver, service } = await fixture();
    const run = await service().startReminderRun(YEAR, { step: 10, deadline: "01-31", trigger: "schedule" });

    expect(reminderRunSchema.parse(run)).toEqual(run);
    expect(run).toMatchObject({ year: YEAR, trigger: "schedule", requestedStep: 10, requestedDeadline: "01-31", status: "completed", channels: ["webhook"] });
    expect(run.deadlines).toEqual([{ deadline: "2025-01-31", step: 10, daysLeft: 10, kinds: ["countyDepartment", "town", "subdistrict"] }]);
    expect([...run.recipients].sort()).toEqual([...REMINDED].sort());
    expect(receiver.reminders.map((r) => r.json.agency.agencyId).sort()).toEqual([...REMINDED].sort());
    expect(receiver.digests).toHaveLength(1);

    for (const agencyId of REMINDED) {
      expect(outcomeOf(run, agencyId)).toMatchObject({ outcome: "sent", attempts: 1, status: 200, step: 10, deadline: "2025-01-31" });
    }
    expect(outcomeOf(run, "county-office")).toMatchObject({ outcome: "sent", attempts: 1 });

    // What a draft with errors is told matches the report's own findings.
    const findings = await api.request("GET", `/v1/agencies/dept-errors/reports/${YEAR}/findings`, { token: api.adminToken });
    expect(findings.body.errors).toBeGreaterThan(0);
    const errorsMessage = receiver.of("dept-errors")[0]!.json;
    expect(errorsMessage).toMatchObject({ year: YEAR, deadline: "2025-01-31", step: 10, daysLeft: 10, reasons: ["draft", "hasErrors"], errors: findings.body.errors });
    expect(errorsMessage.text).toContain(`有 ${findings.body.errors} 项错误须改正`);
    expect(errorsMessage.text).toContain("2025年1月31日前向社会公布");
    expect(receiver.of("town-missing")[0]!.json.reasons).toEqual(["notStarted"]);

    // Read back, the run is the same record.
    expect(await service().getReminderRun(YEAR, run.runId)).toEqual(run);
    await expect(service().getReminderRun(YEAR, "no-such-run")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("signs each request: the HMAC verifies with the secret, not with another, and not over a tampered body", async () => {
    const { receiver, service } = await fixture();
    await service().startReminderRun(YEAR, { step: 10, deadline: "01-31", trigger: "schedule" });
    expect(receiver.requests.length).toBeGreaterThan(0);
    for (const request of receiver.requests) {
      const signature = String(request.headers["x-disclosure-signature"]);
      expect(independentlyVerified(request)).toBe(true);
      expect(verifyWebhookSignature(SECRET, signature, request.body, Math.floor(TEN_DAYS_BEFORE.getTime() / 1000))).toBe(true);
      expect(independentlyVerified(request, `${SECRET}x`)).toBe(false);
      const tampered = request.body.replace(/"step":10/, '"step":1');
      expect(tampered).not.toBe(request.body);
      expect(independentlyVerified({ ...request, body: tampered })).toBe(false);
      expect(verifyWebhookSignature(SECRET, signature, tampered, Math.floor(TEN_DAYS_BEFORE.getTime() / 1000))).toBe(false);
      // A signature far from the receiver's clock is refused (no replay a day later).
      expect(verifyWebhookSignature(SECRET, signature, request.body, Math.floor(TEN_DAYS_BEFORE.getTime() / 1000) + 86_400)).toBe(false);
      expect(request.headers["x-disclosure-delivery"]).toBe(request.json.deliveryId);
      expect(request.headers["idempotency-key"]).toBe(request.json.deliveryId);
      expect(request.headers["content-type"]).toBe("application/json; charset=utf-8");
    }
  });

  it("a second run for the same step sends nothing new and says who sent each", async () => {
    const { receiver, service } = await fixture();
    const first = await service().startReminderRun(YEAR, { step: 10, deadline: "01-31", trigger: "schedule" });
    const sentBefore = receiver.requests.length;
    const second = await service().startReminderRun(YEAR, { step: 10, deadline: "01-31", trigger: "schedule" });
    expect(receiver.requests.length).toBe(sentBefore);
    expect(second.runId).not.toBe(first.runId);
    expect(second.recipients).toEqual(first.recipients);
    expect(second.outcomes).toHaveLength(first.outcomes.length);
    for (const outcome of second.outcomes) {
      expect(outcome).toMatchObject({ outcome: "alreadySent", attempts: 0, previousRunId: first.runId });
      expect(outcome.reason).toContain(first.runId);
    }

    // The next step is a new reminder for the same agencies.
    const later = await service().startReminderRun(YEAR, { step: 3, deadline: "01-31", trigger: "schedule" });
    expect(later.outcomes.every((o) => o.outcome === "sent")).toBe(true);
    expect(receiver.requests.length).toBe(sentBefore * 2);
  });

  it("two runs of the same step at once still notify each agency once", async () => {
    const { receiver, service } = await fixture();
    const runs = await Promise.all([
      service().startReminderRun(YEAR, { step: 10, deadline: "01-31", trigger: "schedule" }),
      service().startReminderRun(YEAR, { step: 10, deadline: "01-31", trigger: "manual" }),
    ]);
    const ids = receiver.requests.map((r) => r.json.deliveryId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(receiver.reminders.map((r) => r.json.agency.agencyId).sort()).toEqual([...REMINDED].sort());
    for (const agencyId of REMINDED) {
      const kinds = runs.map((run) => outcomeOf(run, agencyId)!.outcome).sort();
      expect(kinds).toEqual(kinds.includes("inProgress") ? ["inProgress", "sent"] : ["alreadySent", "sent"]);
    }
  });

  it("retries a receiver that answers 503 twice: three attempts, one success, same body and id", async () => {
    const { receiver, service } = await fixture();
    receiver.respond = (request, nth) => (request.json.agency?.agencyId === "dept-draft" && nth <= 2 ? 503 : 200);
    const run = await service().startReminderRun(YEAR, { step: 10, deadline: "01-31", trigger: "schedule" });
    expect(outcomeOf(run, "dept-draft")).toMatchObject({ outcome: "sent", attempts: 3, status: 200 });
    const tries = receiver.of("dept-draft");
    expect(tries.map((r) => r.headers["x-disclosure-attempt"])).toEqual(["1", "2", "3"]);
    expect(new Set(tries.map((r) => r.body)).size).toBe(1);
    expect(new Set(tries.map((r) => r.headers["x-disclosure-delivery"])).size).toBe(1);
    expect(tries.every((r) => independentlyVerified(r))).toBe(true);
    for (const agencyId of ["dept-errors", "town-missing"]) expect(receiver.of(agencyId)).toHaveLength(1);
  });

  it("does not retry a 400, records it as failed, and a later run of the step delivers it", async () => {
    const { receiver, service } = await fixture();
    receiver.respond = (request) => (request.json.agency?.agencyId === "town-missing" ? 400 : 200);
    const first = await service().startReminderRun(YEAR, { step: 10, deadline: "01-31", trigger: "schedule" });
    expect(receiver.of("town-missing")).toHaveLength(1);
    const failed = outcomeOf(first, "town-missing")!;
    expect(failed).toMatchObject({ outcome: "failed", attempts: 1, status: 400 });
    expect(failed.reason).toContain("HTTP 400");
    expect(failed.reason).toContain("不再重试");

    receiver.respond = () => 200;
    const second = await service().startReminderRun(YEAR, { step: 10, deadline: "01-31", trigger: "manual" });
    expect(outcomeOf(second, "town-missing")).toMatchObject({ outcome: "sent", attempts: 1 });
    expect(outcomeOf(second, "dept-errors")).toMatchObject({ outcome: "alreadySent", previousRunId: first.runId });
    expect(receiver.of("town-missing")).toHaveLength(2);
    expect(receiver.of("dept-errors")).toHaveLength(1);
  });

  it("gives up after the last attempt on a receiver that keeps failing or cannot be reached", async () => {
    const { receiver, service } = await fixture();
    receiver.respond = () => 500;
    const run = await service({ maxAttempts: 3 }).startReminderRun(YEAR, { step: 10, deadline: "01-31", trigger: "schedule" });
    for (const agencyId of REMINDED) {
      expect(outcomeOf(run, agencyId)).toMatchObject({ outcome: "failed", attempts: 3, status: 500 });
      expect(receiver.of(agencyId)).toHaveLength(3);
    }
    expect(outcomeOf(run, "dept-draft")!.reason).toContain("已重试 3 次仍失败");

    // Nothing listens on the port any more: connection refused, retried, failed.
    await receiver.close();
    open.splice(open.indexOf(receiver), 1);
    const unreachable = await service({ maxAttempts: 2 }).startReminderRun(YEAR, { step: 10, deadline: "01-31", trigger: "schedule" });
    expect(outcomeOf(unreachable, "dept-draft")).toMatchObject({ outcome: "failed", attempts: 2 });
    expect(outcomeOf(unreachable, "dept-draft")!.reason).toContain("无法连接");
  });

  it("defers what its time budget leaves no room for, without blocking the next run", async () => {
    const { receiver, service } = await fixture();
    const rushed = await service({}, { timeBudgetMs: 0 }).startReminderRun(YEAR, { step: 10, deadline: "01-31", trigger: "manual" });
    expect(receiver.requests).toHaveLength(0);
    expect(rushed.outcomes).toHaveLength(REMINDED.length + 1);
    for (const outcome of rushed.outcomes) expect(outcome).toMatchObject({ outcome: "deferred", attempts: 0 });
    const next = await service().startReminderRun(YEAR, { step: 10, deadline: "01-31", trigger: "manual" });
    expect(next.outcomes.map((o) => o.outcome)).toEqual(Array(REMINDED.length + 1).fill("sent"));
  });

  it("sends the county office a digest of the agencies reminded and what each is missing", async () => {
    const { receiver, service } = await fixture();
    const run = await service().startReminderRun(YEAR, { step: 10, deadline: "01-31", trigger: "schedule" });
    const [digestRequest] = receiver.digests;
    const digest = digestRequest!.json.digest as ReminderRun["digest"];
    expect(digest).toEqual(run.digest);
    expect(digest).toMatchObject({ year: YEAR, date: "2025-01-21", agencies: 5, reminded: 3, byReason: { notStarted: 1, draft: 2, hasErrors: 1 } });
    expect(digest.entries.map((e) => [e.agencyId, e.fullName, e.missing])).toEqual([
      ["dept-draft", "沂源县财政局", ["尚未提交"]],
      ["dept-errors", "沂源县教育和体育局", ["尚未提交", expect.stringMatching(/^有 \d+ 项错误须改正$/)]],
      ["town-missing", "沂源县燕崖镇人民政府", ["尚未开始填报"]],
    ]);
    for (const name of ["沂源县财政局", "沂源县教育和体育局", "沂源县燕崖镇人民政府"]) expect(digestRequest!.json.text).toContain(name);
    for (const name of ["沂源县南鲁山镇人民政府", "沂源县南麻街道办事处", "沂源县人民政府"]) expect(digestRequest!.json.text).not.toContain(name);
    expect(digestRequest!.json.text).toContain("距截止还有 10 天");
  });
});

describe("the scheduled reminder", () => {
  it("the yearly job's remind event runs the step for the previous calendar year", async () => {
    const { receiver, service, setNow } = await fixture();
    setNow(THREE_DAYS_BEFORE);
    const unusedPublishing = {
      startYearOpening: async () => ({ agencies: 0, chunks: 0 }),
      startRun: async () => ({ runId: "", agencyIds: [] }),
    };
    const handler = createYearlyJobHandler(unusedPublishing, "Asia/Shanghai", () => THREE_DAYS_BEFORE, service());
    const result = await handler({ action: "remind", step: 3, deadline: "01-31" });
    expect(result).toMatchObject({ action: "remind", year: YEAR, step: 3, reminded: 3, sent: 4, failed: 0, alreadySent: 0 });
    const reminder = receiver.reminders[0]!.json as Extract<ReminderNotification, { type: "reminder" }>;
    expect(reminder).toMatchObject({ year: YEAR, step: 3, daysLeft: 3, deadline: "2025-01-31" });

    // Failed deliveries fail the invocation, so Lambda retries just those.
    receiver.respond = () => 400;
    await expect(handler({ action: "remind", step: 1, deadline: "01-31" })).rejects.toThrow(/4 deliveries failed/);
    await expect(handler({ action: "remind", step: 0 })).rejects.toThrow();
  });
});
