/**
 * Issue 4, point 2: least privilege. Every function role's policy is asserted statement by
 * statement, and no IAM policy in the stack has a wildcard action or resource on the table, the
 * bucket or a queue.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SITE_KEY_PATTERNS, TABLE_ACTIONS } from "../../lib/access";
import type { ServiceFunction } from "../../lib/constructs/service-function";
import { ROOT, type Statement, type Synthesized, flatten, getAtt, join_, lid, ref, sortStatements, synth } from "./helpers";

let s: Synthesized;
/** The same stack with reminder e-mail configured (SES in another Region than the stack's). */
let withEmail: Synthesized;
const EMAIL_CONTEXT = { reminderEmailFrom: "xxgk@yiyuan.gov.cn", reminderDigestEmail: "zwgk@yiyuan.gov.cn", reminderEmailRegion: "ap-southeast-1" };
beforeAll(() => {
  // Template only: IAM does not depend on the bundle.
  s = synth({}, { bundle: false });
  withEmail = synth(EMAIL_CONTEXT, { bundle: false, region: "ap-east-1", account: "123456789012" });
}, 180_000);
afterAll(() => {
  s?.cleanup();
  withEmail?.cleanup();
});

interface PolicyResource {
  Type: string;
  Properties?: { Roles?: unknown[]; PolicyDocument?: { Statement: Statement[] }; Policies?: unknown; ManagedPolicyArns?: unknown };
}

function policyOf(roleId: string, of: Synthesized = s): Statement[] {
  const policies = Object.values(of.json.Resources as Record<string, PolicyResource>).filter(
    (r) => r.Type === "AWS::IAM::Policy" && JSON.stringify(r.Properties?.Roles) === JSON.stringify([ref(roleId)]),
  );
  expect(policies, `exactly one policy attached to ${roleId}`).toHaveLength(1);
  return policies[0]!.Properties!.PolicyDocument!.Statement;
}

const ids = () => ({
  table: lid(s.stack.table.table),
  bucket: lid(s.stack.site.bucket),
  queue: lid(s.stack.publishQueue),
  yearlyJobDlq: lid(s.stack.yearlyJobDlq),
});

const logStatement = (f: ServiceFunction): Statement => ({
  Sid: "WriteOwnLogGroup",
  Effect: "Allow",
  Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
  Resource: getAtt(lid(f.logGroup)),
});

const tableStatements = (): Statement[] => [
  {
    Sid: "TableItems",
    Effect: "Allow",
    Action: ["dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"],
    Resource: getAtt(ids().table),
  },
  {
    Sid: "TableIndexQuery",
    Effect: "Allow",
    Action: "dynamodb:Query",
    Resource: join_(getAtt(ids().table), "/index/gsi1"),
  },
];

const siteList = (): Statement => ({ Sid: "SiteList", Effect: "Allow", Action: "s3:ListBucket", Resource: getAtt(ids().bucket) });

const siteStatements = (): Statement[] => [
  {
    Sid: "SiteObjects",
    Effect: "Allow",
    Action: ["s3:GetObject", "s3:PutObject"],
    Resource: [
      join_(getAtt(ids().bucket), "/reports/*"),
      join_(getAtt(ids().bucket), "/agencies/*"),
      join_(getAtt(ids().bucket), "/index.html"),
      join_(getAtt(ids().bucket), "/404.html"),
    ],
  },
  siteList(),
];

const sendToPublishQueue = (): Statement => ({
  Sid: "EnqueuePublish",
  Effect: "Allow",
  Action: "sqs:SendMessage",
  Resource: getAtt(ids().queue),
});

describe("function roles", () => {
  it.each([
    ["api", () => s.stack.api],
    ["publish-worker", () => s.stack.publishWorker],
    ["yearly-job", () => s.stack.yearlyJob],
  ] as const)("%s: assumed by Lambda only, no managed or inline policies", (_name, get) => {
    const role = s.json.Resources[lid(get().role)] as PolicyResource & { Properties: Record<string, unknown> };
    expect(role.Properties["AssumeRolePolicyDocument"]).toEqual({
      Statement: [{ Action: "sts:AssumeRole", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" } }],
      Version: "2012-10-17",
    });
    expect(role.Properties).not.toHaveProperty("ManagedPolicyArns");
    expect(role.Properties).not.toHaveProperty("Policies");
  });

  it("api: its log group, table + gsi1 read/write, site objects put/get, publish queue send", () => {
    const f = s.stack.api;
    expect(sortStatements(policyOf(lid(f.role)))).toEqual(
      sortStatements([logStatement(f), ...tableStatements(), ...siteStatements(), sendToPublishQueue()]),
    );
  });

  it("publish-worker: its log group, table + gsi1 read/write, site objects put/get, consume the publish queue", () => {
    const f = s.stack.publishWorker;
    expect(sortStatements(policyOf(lid(f.role)))).toEqual(
      sortStatements([
        logStatement(f),
        ...tableStatements(),
        ...siteStatements(),
        {
          Effect: "Allow",
          Action: [
            "sqs:ChangeMessageVisibility",
            "sqs:DeleteMessage",
            "sqs:GetQueueAttributes",
            "sqs:GetQueueUrl",
            "sqs:ReceiveMessage",
          ],
          Resource: getAtt(ids().queue),
        },
      ]),
    );
  });

  it("yearly-job: its log group, table + gsi1 read/write, publish queue send, its own DLQ send; no site object (the worker opens the year)", () => {
    const f = s.stack.yearlyJob;
    expect(sortStatements(policyOf(lid(f.role)))).toEqual(
      sortStatements([
        logStatement(f),
        ...tableStatements(),
        sendToPublishQueue(),
        { Effect: "Allow", Action: "sqs:SendMessage", Resource: getAtt(ids().yearlyJobDlq) },
      ]),
    );
  });

  it("the table actions never include Scan, DeleteItem, BatchWriteItem or administrative actions", () => {
    expect(TABLE_ACTIONS).not.toContain("dynamodb:Scan");
    expect(TABLE_ACTIONS).not.toContain("dynamodb:DeleteItem");
    expect(TABLE_ACTIONS).not.toContain("dynamodb:BatchWriteItem");
    expect(TABLE_ACTIONS.every((a) => /^dynamodb:(Get|BatchGet|Query|Put|Update|ConditionCheck)/.test(a))).toBe(true);
  });

  it("grants exactly the data-plane actions that the code in functions/ sends (static scan of the SDK commands)", () => {
    const used = sdkActionsUsedBy(join(ROOT, "functions"));
    // With every channel configured: SendEmail is granted only when reminder e-mail is.
    const granted = new Set(
      [withEmail.stack.api, withEmail.stack.publishWorker, withEmail.stack.yearlyJob]
        .flatMap((f) => policyOf(lid(f.role), withEmail))
        .flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]))
        .filter((a) => /^(dynamodb|s3|sqs|ses):/.test(a)),
    );
    // The event source mapping's consume actions are used by the Lambda service, not by the code.
    for (const a of ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "s3:ListBucket"]) {
      granted.delete(a);
    }
    expect([...used].sort()).toEqual([...granted].sort());
  });
});

describe("reminder e-mail", () => {
  const sendReminderEmail = (): Statement => ({
    Sid: "SendReminderEmail",
    Effect: "Allow",
    Action: "ses:SendEmail",
    // The Region is the stack's concrete one (ap-east-1), so the partition is written out.
    Resource: ["arn:aws:ses:ap-southeast-1:123456789012:identity/xxgk@yiyuan.gov.cn", "arn:aws:ses:ap-southeast-1:123456789012:identity/yiyuan.gov.cn"],
    Condition: { StringEquals: { "ses:FromAddress": "xxgk@yiyuan.gov.cn" } },
  });
  const statementsOf = (f: ServiceFunction) => policyOf(lid(f.role), withEmail);

  it("api and yearly job may send from the configured sender only, in SES's Region; the worker may not; unconfigured, nobody may", () => {
    for (const f of [withEmail.stack.api, withEmail.stack.yearlyJob]) {
      expect(statementsOf(f).filter((st) => JSON.stringify(st.Action).includes("ses:"))).toEqual([sendReminderEmail()]);
    }
    expect(statementsOf(withEmail.stack.publishWorker).some((st) => JSON.stringify(st.Action).includes("ses:"))).toBe(false);
    for (const f of [s.stack.api, s.stack.publishWorker, s.stack.yearlyJob]) {
      expect(policyOf(lid(f.role)).some((st) => JSON.stringify(st.Action).includes("ses:"))).toBe(false);
    }
  });

  it("api and yearly job get the sender, digest and Region in their environment; the worker does not", () => {
    const envOf = (f: ServiceFunction) =>
      (withEmail.json.Resources[lid(f.function)] as unknown as { Properties: { Environment: { Variables: Record<string, unknown> } } }).Properties.Environment.Variables;
    for (const f of [withEmail.stack.api, withEmail.stack.yearlyJob]) {
      expect(envOf(f)).toMatchObject({ REMINDER_EMAIL_FROM: "xxgk@yiyuan.gov.cn", REMINDER_DIGEST_EMAIL: "zwgk@yiyuan.gov.cn", REMINDER_EMAIL_REGION: "ap-southeast-1" });
    }
    expect(Object.keys(envOf(withEmail.stack.publishWorker)).filter((k) => k.startsWith("REMINDER_"))).toEqual([]);
  });
});

describe("scheduler role", () => {
  it("is assumable only by EventBridge Scheduler for this account's default group, and only invokes the yearly job", () => {
    const roleId = lid(s.stack.schedules.role);
    const role = s.json.Resources[roleId]!;
    expect(role.Properties!["AssumeRolePolicyDocument"]).toEqual({
      Statement: [
        {
          Action: "sts:AssumeRole",
          Effect: "Allow",
          Principal: { Service: "scheduler.amazonaws.com" },
          Condition: {
            StringEquals: {
              "aws:SourceAccount": ref("AWS::AccountId"),
              "aws:SourceArn": {
                "Fn::Join": [
                  "",
                  ["arn:", ref("AWS::Partition"), ":scheduler:", ref("AWS::Region"), ":", ref("AWS::AccountId"), ":schedule-group/default"],
                ],
              },
            },
          },
        },
      ],
      Version: "2012-10-17",
    });
    expect(sortStatements(policyOf(roleId))).toEqual(
      sortStatements([
        {
          Sid: "InvokeYearlyJob",
          Effect: "Allow",
          Action: "lambda:InvokeFunction",
          Resource: getAtt(lid(s.stack.yearlyJob.function)),
        },
        { Effect: "Allow", Action: "sqs:SendMessage", Resource: getAtt(ids().yearlyJobDlq) },
      ]),
    );
  });

  it("the stack has exactly these four roles", () => {
    const roles = Object.keys(s.json.Resources).filter((k) => s.json.Resources[k]!.Type === "AWS::IAM::Role");
    expect(roles.sort()).toEqual(
      [s.stack.api.role, s.stack.publishWorker.role, s.stack.yearlyJob.role, s.stack.schedules.role].map((r) => lid(r)).sort(),
    );
  });
});

describe("no wildcards", () => {
  const allowStatements = () =>
    Object.entries(s.json.Resources as Record<string, PolicyResource>)
      .filter(([, r]) => r.Type === "AWS::IAM::Policy" || r.Type === "AWS::IAM::ManagedPolicy")
      .flatMap(([id, r]) => r.Properties!.PolicyDocument!.Statement.map((st) => ({ id, st })))
      .filter(({ st }) => st.Effect === "Allow");

  it("no IAM policy allows a wildcard action", () => {
    const actions = allowStatements().flatMap(({ st }) => (Array.isArray(st.Action) ? st.Action : [st.Action]));
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((a) => a.includes("*"))).toEqual([]);
  });

  it("no IAM policy allows a bare * resource", () => {
    const resources = allowStatements().flatMap(({ st }) => (Array.isArray(st.Resource) ? st.Resource : [st.Resource]));
    expect(resources.map(flatten).filter((r) => r === "*" || r.startsWith("*") || r.includes(":*"))).toEqual([]);
  });

  it("table and queue ARNs are never widened; bucket objects only under the design's key prefixes", () => {
    const { table, bucket, queue, yearlyJobDlq } = ids();
    const resources = allowStatements()
      .flatMap(({ st }) => (Array.isArray(st.Resource) ? st.Resource : [st.Resource]))
      .map(flatten);
    for (const r of resources.filter((x) => x.includes(table))) {
      expect([`<${table}.Arn>`, `<${table}.Arn>/index/gsi1`]).toContain(r);
    }
    for (const q of [queue, yearlyJobDlq]) {
      for (const r of resources.filter((x) => x.includes(q))) expect(r).toBe(`<${q}.Arn>`);
    }
    const allowed = [`<${bucket}.Arn>`, ...SITE_KEY_PATTERNS.map((p) => `<${bucket}.Arn>/${p}`)];
    for (const r of resources.filter((x) => x.includes(bucket))) expect(allowed).toContain(r);
    // The two root pages are exact keys: the front page (years list) and the 404 page.
    expect(SITE_KEY_PATTERNS).toEqual(["reports/*", "agencies/*", "index.html", "404.html"]);
  });

  it("resource policies on the bucket and queues only Allow CloudFront's read; the rest are TLS Denies", () => {
    const resourcePolicies = Object.values(s.json.Resources).filter(
      (r) => r.Type === "AWS::S3::BucketPolicy" || r.Type === "AWS::SQS::QueuePolicy",
    );
    const allows = resourcePolicies.flatMap((r) =>
      (r.Properties!["PolicyDocument"] as { Statement: Statement[] }).Statement.filter((st) => st.Effect === "Allow"),
    );
    // Site bucket: CloudFront OAC GetObject/ListBucket (conditioned on this distribution);
    // log bucket: S3 server access log delivery from the site bucket.
    expect(allows.map((st) => JSON.stringify(st.Principal)).sort()).toEqual(
      [JSON.stringify({ Service: "cloudfront.amazonaws.com" }), JSON.stringify({ Service: "logging.s3.amazonaws.com" })].sort(),
    );
    for (const st of allows) expect(st.Condition).toBeDefined();
  });
});

/** IAM actions implied by the AWS SDK v3 commands sent anywhere under `dir`. */
function sdkActionsUsedBy(dir: string): Set<string> {
  const commandActions: Record<string, string[]> = {
    GetCommand: ["dynamodb:GetItem"],
    GetItemCommand: ["dynamodb:GetItem"],
    PutCommand: ["dynamodb:PutItem"],
    PutItemCommand: ["dynamodb:PutItem"],
    UpdateCommand: ["dynamodb:UpdateItem"],
    UpdateItemCommand: ["dynamodb:UpdateItem"],
    DeleteCommand: ["dynamodb:DeleteItem"],
    DeleteItemCommand: ["dynamodb:DeleteItem"],
    QueryCommand: ["dynamodb:Query"],
    ScanCommand: ["dynamodb:Scan"],
    BatchGetCommand: ["dynamodb:BatchGetItem"],
    BatchGetItemCommand: ["dynamodb:BatchGetItem"],
    BatchWriteCommand: ["dynamodb:BatchWriteItem"],
    BatchWriteItemCommand: ["dynamodb:BatchWriteItem"],
    TransactGetCommand: ["dynamodb:GetItem"],
    // Authorised per item, see below.
    TransactWriteCommand: [],
    TransactWriteItemsCommand: [],
    TransactGetItemsCommand: ["dynamodb:GetItem"],
    PutObjectCommand: ["s3:PutObject"],
    GetObjectCommand: ["s3:GetObject"],
    HeadObjectCommand: ["s3:GetObject"],
    ListObjectsV2Command: ["s3:ListBucket"],
    DeleteObjectCommand: ["s3:DeleteObject"],
    CopyObjectCommand: ["s3:GetObject", "s3:PutObject"],
    SendMessageCommand: ["sqs:SendMessage"],
    SendMessageBatchCommand: ["sqs:SendMessage"],
    SendEmailCommand: ["ses:SendEmail"],
  };
  const transactItemActions: Record<string, string> = {
    Put: "dynamodb:PutItem",
    Update: "dynamodb:UpdateItem",
    Delete: "dynamodb:DeleteItem",
    ConditionCheck: "dynamodb:ConditionCheckItem",
  };
  const files = (function walk(d: string): string[] {
    return readdirSync(d).flatMap((name) => {
      const p = join(d, name);
      return statSync(p).isDirectory() ? walk(p) : p.endsWith(".ts") ? [p] : [];
    });
  })(dir);
  const used = new Set<string>();
  for (const file of files) {
    const code = readFileSync(file, "utf8");
    for (const m of code.matchAll(/new\s+([A-Za-z0-9]+Command)\s*\(/g)) {
      const actions = commandActions[m[1]!];
      if (!actions) throw new Error(`${file}: unknown AWS SDK command ${m[1]} (add it to the map and to lib/access.ts)`);
      for (const a of actions) used.add(a);
    }
    if (/new\s+TransactWrite(Items)?Command\b/.test(code)) {
      for (const [item, action] of Object.entries(transactItemActions)) {
        if (new RegExp(`\\b${item}:\\s*\\{`).test(code)) used.add(action);
      }
    }
  }
  // S3 ListBucket is granted only so that a missing key answers NoSuchKey (404) instead of 403.
  if (used.has("s3:GetObject")) used.delete("s3:ListBucket");
  return used;
}
