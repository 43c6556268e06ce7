/**
 * Issue 12 point 3: deadline reminders against DynamoDB Local (the reports written through the real
 * API) and a real HTTP receiver on 127.0.0.1 standing in for the portal's webhook.
 */
import { createHmac } from "node:crypto";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { exampleSections } from "../../fixtures/example";
import { SECTION_NAMES } from "../../functions/report/catalogue";
import { createYearlyJobHandler } from "../../functions/jobs/handlers";
import type { ReminderNotification, ReminderRun } from "../../functions/service/reminder-ports";
import { ReminderService } from "../../functions/service/reminder-service";
import { DynamoReminderStore } from "../../functions/store/dynamo-reminder-store";
import { SesNotifier } from "../../functions/store/ses-notifier";
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

/** A server on a free loopback port that hands each request to `handle` with its whole body as text. */
async function startLocalServer(handle: (req: IncomingMessage, body: string, res: ServerResponse) => void): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => handle(req, Buffer.concat(chunks).toString("utf8"), res));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

class Receiver {
  readonly requests: Received[] = [];
  respond: Respond = () => 200;
  private constructor(private readonly server: Server) {}

  static async start(): Promise<Receiver> {
    let receiver: Receiver | undefined;
    const { server, port } = await startLocalServer((req, body, res) => {
      const request: Received = { headers: req.headers, body, json: JSON.parse(body) };
      receiver!.requests.push(request);
      const id = request.headers["x-disclosure-delivery"];
      const nth = receiver!.requests.filter((r) => r.headers["x-disclosure-delivery"] === id).length;
      res.writeHead(receiver!.respond(request, nth), { "content-type": "application/json" }).end("{}");
    });
    receiver = new Receiver(server);
    receiver.url = `http://127.0.0.1:${port}/hooks/reminders`;
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

// ---------------------------------------------------------------- e-mail through SES

/**
 * SES has no local implementation, so a local HTTP server answers SES API v2 in its place: the real
 * SESv2Client signs and sends each SendEmail to it (POST /v2/email/outbound-emails), and the test
 * reads exactly what SES would have received.
 */
class SesReceiver {
  readonly requests: { path: string; headers: IncomingHttpHeaders; json: Record<string, any> }[] = [];
  /** Addresses SES refuses, as it refuses an unverified recipient in its sandbox. */
  readonly refused = new Set<string>();
  private constructor(private readonly server: Server) {}

  static async start(): Promise<SesReceiver> {
    let receiver: SesReceiver | undefined;
    const { server, port } = await startLocalServer((req, body, res) => {
      const json = JSON.parse(body) as Record<string, any>;
      receiver!.requests.push({ path: req.url ?? "", headers: req.headers, json });
      const to = json.Destination?.ToAddresses?.[0] as string;
      if (receiver!.refused.has(to)) {
        res.writeHead(400, { "content-type": "application/json", "x-amzn-errortype": "MessageRejected" });
        res.end(JSON.stringify({ message: `Email address is not verified. The following identities failed the check: ${to}` }));
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ MessageId: `m-${receiver!.requests.length}` }));
    });
    receiver = new SesReceiver(server);
    receiver.endpoint = `http://127.0.0.1:${port}`;
    return receiver;
  }

  endpoint = "";

  to(address: string) {
    return this.requests.filter((r) => r.json.Destination.ToAddresses[0] === address);
  }

  client(): SESv2Client {
    return new SESv2Client({
      endpoint: this.endpoint,
      region: "ap-southeast-1",
      credentials: { accessKeyId: "AKIDLOCAL", secretAccessKey: "local-secret" },
      maxAttempts: 1,
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const FROM = "xxgk@yiyuan.gov.cn";
const DIGEST_TO = "zwgk@yiyuan.gov.cn";
const ADDRESSES: Record<string, string> = { "dept-errors": "jyj@yiyuan.gov.cn", "dept-draft": "czj@yiyuan.gov.cn" };

describe("reminder e-mail through SES", () => {
  const sesReceivers: SesReceiver[] = [];
  afterEach(async () => {
    await Promise.all(sesReceivers.splice(0).map((r) => r.close()));
  });

  async function emailFixture() {
    const ses = await SesReceiver.start();
    sesReceivers.push(ses);
    const base = await fixture();
    // The county office runs reminders over HTTP: the api's own runtime, e-mail configured, its SES client aimed at the receiver.
    const api = await createTestApi({
      clock: () => TEN_DAYS_BEFORE,
      reminderChannels: { REMINDER_EMAIL_FROM: FROM, REMINDER_DIGEST_EMAIL: DIGEST_TO },
      sesClient: ses.client(),
    });
    await seedCounty(api);
    for (const [agencyId, address] of Object.entries(ADDRESSES)) {
      const fullName = agencyId === "dept-errors" ? "沂源县教育和体育局" : "沂源县财政局";
      const put = await api.request("PUT", `/v1/agencies/${agencyId}`, { token: api.adminToken, body: { fullName, kind: "countyDepartment", reminderEmail: address } });
      expect(put.status, put.text).toBe(200);
      expect(put.body).toEqual({ agencyId, fullName, kind: "countyDepartment", hasRulemakingPower: false, reminderEmail: address });
    }
    return { ses, api, base };
  }

  it("the agency keeps its reminder address apart from its reports, audited, and refuses a bad one naming the field", async () => {
    const { api } = await emailFixture();
    expect((await api.request("GET", "/v1/agencies/dept-draft", { token: api.adminToken })).body.reminderEmail).toBe("czj@yiyuan.gov.cn");
    const list = await api.request("GET", "/v1/agencies", { token: api.adminToken });
    expect(list.body.agencies.find((a: { agencyId: string }) => a.agencyId === "dept-draft").reminderEmail).toBe("czj@yiyuan.gov.cn");
    // The report's snapshot of the agency (which the public page and open data come from) never has it.
    const report = await api.request("GET", `/v1/agencies/dept-draft/reports/${YEAR}`, { token: api.adminToken });
    expect(report.body.agency).toEqual({ agencyId: "dept-draft", fullName: "沂源县财政局", kind: "countyDepartment", hasRulemakingPower: false });
    const published = await api.s3Site.get(`reports/${YEAR}/sub-published/report.json`);
    expect(published).toBeDefined();
    expect(published).not.toContain("reminderEmail");
    // The change is in the agency's audit trail.
    const revisions = await api.request("GET", "/v1/agencies/dept-draft/revisions", { token: api.adminToken });
    expect(revisions.status, revisions.text).toBe(200);
    expect(revisions.body.revisions[0]).toMatchObject({ after: { reminderEmail: "czj@yiyuan.gov.cn" }, before: { fullName: "沂源县财政局" } });
    expect(revisions.body.revisions[0].before).not.toHaveProperty("reminderEmail");

    const bad = await api.request("PUT", "/v1/agencies/dept-draft", { token: api.adminToken, body: { fullName: "沂源县财政局", kind: "countyDepartment", reminderEmail: "czj@" } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ path: "reminderEmail", label: "催报邮箱", message: "电子邮箱格式不正确" })]);
    expect((await api.request("GET", "/v1/agencies/dept-draft", { token: api.adminToken })).body.reminderEmail).toBe("czj@yiyuan.gov.cn");

    // A PUT without it removes it: no more reminder e-mail for that agency.
    await api.request("PUT", "/v1/agencies/dept-draft", { token: api.adminToken, body: { fullName: "沂源县财政局", kind: "countyDepartment" } });
    expect((await api.request("GET", "/v1/agencies/dept-draft", { token: api.adminToken })).body).not.toHaveProperty("reminderEmail");
  });

  it("POST …/reminder-runs e-mails each agency that set an address and the county office's digest, exactly as SES's API expects", async () => {
    const { ses, api } = await emailFixture();
    const response = await api.request("POST", `/v1/years/${YEAR}/reminder-runs`, { token: api.adminToken, body: { step: 10, deadline: "01-31" } });
    expect(response.status, response.text).toBe(201);
    const run = response.body as ReminderRun;
    expect(response.headers.get("location")).toBe(`/v1/years/${YEAR}/reminder-runs/${run.runId}`);
    expect(run).toMatchObject({ trigger: "manual", channels: ["email"], status: "completed" });
    expect([...run.recipients].sort()).toEqual([...REMINDED].sort());

    // One SendEmail per address: the two agencies that set one (town-missing has none) and the digest.
    expect(ses.requests.map((r) => r.json.Destination.ToAddresses[0]).sort()).toEqual([DIGEST_TO, ...Object.values(ADDRESSES)].sort());
    const email = (agencyId: string) => run.outcomes.find((o) => o.recipient === agencyId && o.channel === "email");
    expect(email("dept-errors")).toMatchObject({ outcome: "sent", attempts: 1 });
    expect(email("dept-draft")).toMatchObject({ outcome: "sent", attempts: 1 });
    expect(email("county-office")).toMatchObject({ outcome: "sent", attempts: 1 });
    expect(email("town-missing")).toBeUndefined();

    const [toDraft] = ses.to("czj@yiyuan.gov.cn");
    expect(toDraft!.path).toBe("/v2/email/outbound-emails");
    expect(String(toDraft!.headers.authorization)).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDLOCAL\/\d{8}\/ap-southeast-1\/ses\/aws4_request/);
    expect(toDraft!.json).toEqual({
      FromEmailAddress: FROM,
      Destination: { ToAddresses: ["czj@yiyuan.gov.cn"] },
      Content: {
        Simple: {
          Subject: { Data: "【提醒】2024年度政府信息公开工作年度报告距截止还有 10 天", Charset: "UTF-8" },
          Body: { Text: { Data: expect.stringContaining("2025年1月31日前向社会公布"), Charset: "UTF-8" } },
        },
      },
      EmailTags: [
        { Name: "event", Value: "reminder" },
        { Name: "delivery", Value: `reminder-${YEAR}-2025-01-31-s10-dept-draft` },
      ],
    });
    const [digest] = ses.to(DIGEST_TO);
    expect(digest!.json.Content.Simple.Subject.Data).toBe(run.digest.title);
    expect(digest!.json.Content.Simple.Body.Text.Data).toContain("沂源县燕崖镇人民政府");

    // Read back over HTTP, the run is the same record; run again, nothing is e-mailed twice.
    const again = await api.request("GET", `/v1/years/${YEAR}/reminder-runs/${run.runId}`, { token: api.adminToken });
    expect(again.body).toEqual(run);
    const second = await api.request("POST", `/v1/years/${YEAR}/reminder-runs`, { token: api.adminToken, body: { step: 10, deadline: "01-31" } });
    expect(second.status).toBe(201);
    expect(ses.requests).toHaveLength(3);
    expect((second.body as ReminderRun).outcomes.every((o) => o.outcome === "alreadySent" && o.previousRunId === run.runId)).toBe(true);

    // A bad body is refused, naming each field in Chinese, and starts no run.
    const bad = await api.request("POST", `/v1/years/${YEAR}/reminder-runs`, { token: api.adminToken, body: { step: -1, deadline: "1-31" } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.map((d: { path: string; label: string }) => [d.path, d.label])).toEqual([
      ["step", "提醒步骤（距期限的天数）"],
      ["deadline", "期限（MM-DD）"],
    ]);
    expect(ses.requests).toHaveLength(3);
  });

  it("records what SES refuses, in Chinese, sends the rest, and keeps the address out of the webhook's payload", async () => {
    const { ses, base } = await emailFixture();
    // The webhook fixture's county, the same addresses set through its api.
    for (const [agencyId, address] of Object.entries(ADDRESSES)) {
      const fullName = agencyId === "dept-errors" ? "沂源县教育和体育局" : "沂源县财政局";
      await base.api.request("PUT", `/v1/agencies/${agencyId}`, { token: base.api.adminToken, body: { fullName, kind: "countyDepartment", reminderEmail: address } });
    }
    ses.refused.add("jyj@yiyuan.gov.cn");
    const service = new ReminderService({
      reports: base.api.runtime.repository,
      store: base.store,
      notifiers: [
        new WebhookNotifier({ url: base.receiver.url, secret: SECRET, baseDelayMs: 10 }),
        new SesNotifier({ from: FROM, digestTo: DIGEST_TO, client: ses.client() }),
      ],
      config: base.api.runtime.config,
      clock: () => TEN_DAYS_BEFORE,
    });
    const run = await service.startReminderRun(YEAR, { step: 10, deadline: "01-31", trigger: "manual" });
    expect(run.channels).toEqual(["webhook", "email"]);
    const refused = run.outcomes.find((o) => o.recipient === "dept-errors" && o.channel === "email")!;
    expect(refused).toMatchObject({ outcome: "failed", attempts: 1 });
    expect(refused.reason).toContain("SES 拒绝了这封邮件");
    expect(refused.reason).toContain("MessageRejected");
    expect(run.outcomes.find((o) => o.recipient === "dept-errors" && o.channel === "webhook")).toMatchObject({ outcome: "sent" });
    expect(run.outcomes.find((o) => o.recipient === "dept-draft" && o.channel === "email")).toMatchObject({ outcome: "sent" });

    for (const request of base.receiver.requests) {
      expect(request.body).not.toContain("@yiyuan.gov.cn");
      expect(request.json).not.toHaveProperty("recipientEmail");
    }

    // Verified since: the next run of the step e-mails just that one.
    ses.refused.clear();
    const sentBefore = ses.requests.length;
    const next = await service.startReminderRun(YEAR, { step: 10, deadline: "01-31", trigger: "manual" });
    expect(ses.requests.slice(sentBefore).map((r) => r.json.Destination.ToAddresses[0])).toEqual(["jyj@yiyuan.gov.cn"]);
    expect(next.outcomes.find((o) => o.recipient === "dept-errors" && o.channel === "email")).toMatchObject({ outcome: "sent" });
  });
});
