/**
 * Least-privilege grants, written out action by action (the CDK grant* helpers add more than the
 * functions use, e.g. table.grantReadWriteData adds dynamodb:Scan, BatchWriteItem, DeleteItem,
 * DescribeTable and the index wildcard `table/x/index/*`).
 *
 * test/cdk/iam.test.ts checks these lists against the AWS SDK commands that functions/ sends, so a
 * new command in the code fails the tests until it is granted here.
 */
import { Stack, Validations } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as s3 from "aws-cdk-lib/aws-s3";
import type * as sqs from "aws-cdk-lib/aws-sqs";

/**
 * Item actions on the table (functions/store/dynamo-report-repository.ts: Get, BatchGet, Put,
 * Update, Query, TransactWrite of Put/Update). TransactWriteItems has no IAM action of its own: each Put/Update
 * inside a transaction is authorised as PutItem/UpdateItem. Deliberately absent: Scan, DeleteItem,
 * BatchWriteItem (published versions are never deleted; a report is read with one Query).
 */
export const TABLE_ACTIONS = [
  "dynamodb:BatchGetItem",
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:Query",
  "dynamodb:UpdateItem",
] as const;

/** The GSI only answers queries. */
export const INDEX_ACTIONS = ["dynamodb:Query"] as const;

/**
 * Object keys the service reads and writes (design.md §5, functions/service/site-layout.ts): the
 * reports and agency pages under their prefixes, and at the site root the front page (the list of
 * reporting years, served for `/` as CloudFront's default root object) and the 404 page that
 * CloudFront answers every missing key with.
 */
export const SITE_KEY_PATTERNS = ["reports/*", "agencies/*", "index.html", "404.html"] as const;

export const SITE_READ_WRITE_ACTIONS = ["s3:GetObject", "s3:PutObject"] as const;

export function grantTableReadWrite(role: iam.IRole, table: dynamodb.ITable, indexName: string): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "TableItems",
      actions: [...TABLE_ACTIONS],
      resources: [table.tableArn],
    }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "TableIndexQuery",
      actions: [...INDEX_ACTIONS],
      resources: [`${table.tableArn}/index/${indexName}`],
    }),
  );
}

/**
 * Object access under the given key prefixes of the site bucket, plus ListBucket: without it S3
 * answers 403 instead of NoSuchKey for a key that does not exist yet, and the site store treats
 * NoSuchKey as "not published".
 */
export function grantSiteObjects(
  role: iam.IRole,
  bucket: s3.IBucket,
  actions: readonly string[],
  patterns: readonly string[],
): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "SiteObjects",
      actions: [...actions],
      resources: patterns.map((k) => bucket.arnForObjects(k)),
    }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "SiteList",
      actions: ["s3:ListBucket"],
      resources: [bucket.bucketArn],
    }),
  );
  const stack = Stack.of(bucket);
  const bucketId = stack.resolve(stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket)) as string;
  for (const pattern of patterns.filter((p) => p.includes("*"))) {
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${pattern}]`,
      reason: `Site pages are keyed by year, agency id and version chosen at run time (design.md §5); access is limited to the ${pattern} prefix of the site bucket and to ${actions.join("/")}.`,
    });
  }
}

export function grantSend(role: iam.IRole, queue: sqs.IQueue, sid: string): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid,
      // Also authorises SendMessageBatch.
      actions: ["sqs:SendMessage"],
      resources: [queue.queueArn],
    }),
  );
}

/**
 * Reminder e-mail (functions/store/ses-notifier.ts): SendEmail from the configured sender only —
 * its address identity or its domain's, whichever the county verified in SES — in SES's Region.
 */
export function grantSendReminderEmail(role: iam.IRole, from: string, region: string): void {
  const stack = Stack.of(role);
  const identity = (name: string) => `arn:${stack.partition}:ses:${region}:${stack.account}:identity/${name}`;
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "SendReminderEmail",
      actions: ["ses:SendEmail"],
      resources: [identity(from), identity(from.slice(from.indexOf("@") + 1))],
      conditions: { StringEquals: { "ses:FromAddress": from } },
    }),
  );
}
