import { Annotations, CfnOutput, Duration, RemovalPolicy, SecretValue, Stack, type StackProps } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambdaEventSources from "aws-cdk-lib/aws-lambda-event-sources";
import * as logs from "aws-cdk-lib/aws-logs";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import {
  SITE_KEY_PATTERNS,
  SITE_READ_WRITE_ACTIONS,
  grantSend,
  grantSendReminderEmail,
  grantSiteObjects,
  grantTableReadWrite,
} from "./access";
import { type DeploymentTarget, deadlinesEnv, isPlaceholderUrl, reminderSchedules, type StackConfig } from "./config";
import { Alarms } from "./constructs/alarms";
import { DataTable, GSI1 } from "./constructs/data-table";
import { HttpApi } from "./constructs/http-api";
import { YearlySchedules } from "./constructs/schedules";
import { ENTRIES, ServiceFunction } from "./constructs/service-function";
import { CLOUDFRONT_LOG_PREFIX, Site } from "./constructs/site";

/**
 * Timeouts. The HTTP API waits at most 29 s for the integration (see lib/constructs/http-api.ts),
 * so the api function stops first and its error is the one the caller sees. The worker renders and
 * uploads one report per message, or opens a chunk of 100 agencies (a batch of 5 such messages is
 * 500 agencies, ≈ 7–11 s on the local stack); the yearly job lists the agencies and enqueues.
 */
export const TIMEOUTS = {
  api: Duration.seconds(28),
  publishWorker: Duration.seconds(60),
  yearlyJob: Duration.minutes(5),
} as const;

/** 1024 MB: Lambda CPU scales with memory; rendering and cold starts of a ~1 MB bundle stay fast. */
export const MEMORY_MB = { api: 1024, publishWorker: 1024, yearlyJob: 1024 } as const;

/** AWS: a queue feeding a Lambda should have a visibility timeout of at least 6× the function timeout. */
export const PUBLISH_VISIBILITY_TIMEOUT = Duration.seconds(TIMEOUTS.publishWorker.toSeconds() * 6);
/** AWS recommends at least 5 for a queue a Lambda event source polls, so throttled batches are not dead-lettered. */
export const PUBLISH_MAX_RECEIVE_COUNT = 5;
/** How long a publish message is kept (the run alarm's expected time must be shorter). */
export const PUBLISH_QUEUE_RETENTION = Duration.days(4);
/** A publish claim outlives the longest publisher (worker or synchronous api publish) twice over. */
export const PUBLISH_LEASE_SECONDS = 2 * Math.max(TIMEOUTS.publishWorker.toSeconds(), TIMEOUTS.api.toSeconds());

export interface DisclosureReportsStackProps extends StackProps {
  readonly config: StackConfig;
  readonly target: DeploymentTarget;
}

/**
 * The whole service of design.md §1 in one stack per county (`DisclosureReports-{countyId}`). No
 * resource has a fixed physical name: CloudFormation derives every name from the stack name, so
 * two counties in one account never collide.
 */
export class DisclosureReportsStack extends Stack {
  readonly table: DataTable;
  readonly site: Site;
  readonly publishQueue: sqs.Queue;
  readonly publishDlq: sqs.Queue;
  readonly yearlyJobDlq: sqs.Queue;
  readonly api: ServiceFunction;
  readonly publishWorker: ServiceFunction;
  readonly yearlyJob: ServiceFunction;
  readonly httpApi: HttpApi;
  readonly schedules: YearlySchedules;
  readonly alarms: Alarms;

  constructor(scope: Construct, id: string, props: DisclosureReportsStackProps) {
    super(scope, id, props);
    const { config, target } = props;
    const china = target.partition === "aws-cn";
    const logRetention = config.logRetentionDays as logs.RetentionDays;

    const placeholders = (["jwtIssuer", "jwtJwksUrl"] as const).filter((key) => isPlaceholderUrl(config[key]));
    if (placeholders.length > 0) {
      Annotations.of(this).addWarningV2(
        "disclosure-reports:placeholder-idp",
        `Context ${placeholders.join(", ")} still hold the example.com placeholders of cdk.json: set the county identity provider's values before deploying (docs/deploying.md).`,
      );
    }

    // ------------------------------------------------------------ storage
    this.table = new DataTable(this, "Data");

    // CloudFront standard logging (legacy) cannot deliver to a bucket in an opt-in Region.
    const cloudFrontLegacyLogging = !target.optInRegion;
    const accessLogs = new s3.Bucket(this, "AccessLogs", {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // CloudFront standard logging (legacy) writes with an ACL, so ACLs stay enabled on this bucket
      // only; logging v2 (opt-in Regions) needs none.
      objectOwnership: cloudFrontLegacyLogging ? s3.ObjectOwnership.BUCKET_OWNER_PREFERRED : s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // CloudFront standard logs cannot be delivered to an SSE-KMS bucket.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ id: "expire-logs", expiration: Duration.days(config.logRetentionDays) }],
    });

    if (!cloudFrontLegacyLogging) {
      // Standard logging v2 delivers through CloudWatch Logs (service delivery.logs.amazonaws.com) and,
      // unlike the legacy logs, may write to a bucket in an opt-in Region. Its delivery source must be
      // created in us-east-1, which one regional stack cannot do: docs/deploying.md gives the three
      // commands; this statement lets only those deliveries of this account write, and only log keys.
      accessLogs.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: "CloudFrontStandardLogsV2",
          principals: [new iam.ServicePrincipal("delivery.logs.amazonaws.com")],
          actions: ["s3:PutObject"],
          // cloudfront/ when the delivery destination names that prefix (docs/deploying.md); AWSLogs/{account}/
          // is where vended logs land when the destination is the bare bucket.
          resources: [accessLogs.arnForObjects(`${CLOUDFRONT_LOG_PREFIX}*`), accessLogs.arnForObjects(`AWSLogs/${this.account}/*`)],
          conditions: {
            StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceAccount": this.account },
            ArnLike: { "aws:SourceArn": `arn:${this.partition}:logs:us-east-1:${this.account}:delivery-source:*` },
          },
        }),
      );
    }

    this.site = new Site(this, "Site", {
      flavour: china ? "china" : "global",
      logBucket: accessLogs,
      cloudFrontLogging: cloudFrontLegacyLogging,
      ...(config.siteDomain ? { domainName: config.siteDomain } : {}),
      ...(config.siteCertificateArn ? { certificateArn: config.siteCertificateArn } : {}),
      ...(config.siteIamCertificateId ? { iamCertificateId: config.siteIamCertificateId } : {}),
      ...(config.siteWebAclArn ? { webAclArn: config.siteWebAclArn } : {}),
    });

    // ------------------------------------------------------------ queues
    this.publishDlq = new sqs.Queue(this, "PublishDlq", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.publishQueue = new sqs.Queue(this, "PublishQueue", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: PUBLISH_VISIBILITY_TIMEOUT,
      // Shorter than the DLQ's: a message keeps its original enqueue time when it is moved there.
      retentionPeriod: PUBLISH_QUEUE_RETENTION,
      deadLetterQueue: { queue: this.publishDlq, maxReceiveCount: PUBLISH_MAX_RECEIVE_COUNT },
    });
    /** Failed yearly-job invocations: undeliverable schedules and async invocations that failed after retries. */
    this.yearlyJobDlq = new sqs.Queue(this, "YearlyJobDlq", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    // ------------------------------------------------------------ functions
    const common: Record<string, string> = {
      TABLE_NAME: this.table.table.tableName,
      // The EMF metrics' Service dimension: one county's stack apart from another's in one account.
      METRICS_SERVICE: this.stackName,
      SITE_BUCKET: this.site.bucket.bucketName,
      SITE_BASE_URL: this.site.baseUrl,
      COUNTY_NAME: config.countyName,
      TIME_ZONE: config.timeZone,
      DEADLINES: deadlinesEnv(config),
      JWT_ISSUER: config.jwtIssuer,
      JWT_AUDIENCE: config.jwtAudience,
      JWT_JWKS_URL: config.jwtJwksUrl,
      PUBLISH_LEASE_SECONDS: String(PUBLISH_LEASE_SECONDS),
      // China: no CloudFront Function rewrites `…/` to `…/index.html`, so each directory page is also
      // written under its `…/` key (lib/constructs/site.ts, docs/deploying.md §1.3).
      SITE_DIRECTORY_OBJECTS: china ? "true" : "false",
    };
    const withQueue = { ...common, PUBLISH_QUEUE_URL: this.publishQueue.queueUrl };
    // The reminder channels, for the two functions that run reminders (api and yearly job).
    const reminderEnv: Record<string, string> = {
      ...(config.reminderWebhookUrl && config.reminderWebhookSecretName
        ? {
            REMINDER_WEBHOOK_URL: config.reminderWebhookUrl,
            // A {{resolve:secretsmanager:…}} dynamic reference: the template never holds the secret.
            REMINDER_WEBHOOK_SECRET: SecretValue.secretsManager(config.reminderWebhookSecretName).unsafeUnwrap(),
          }
        : {}),
      ...(config.reminderEmailFrom ? { REMINDER_EMAIL_FROM: config.reminderEmailFrom } : {}),
      ...(config.reminderDigestEmail ? { REMINDER_DIGEST_EMAIL: config.reminderDigestEmail } : {}),
      ...(config.reminderEmailRegion ? { REMINDER_EMAIL_REGION: config.reminderEmailRegion } : {}),
    };
    const recursiveLoopDetection = !china;

    this.api = new ServiceFunction(this, "ApiFunction", {
      entry: ENTRIES.api,
      description: "HTTP API: agencies, report sections, findings, submit, publish",
      memorySize: MEMORY_MB.api,
      timeout: TIMEOUTS.api,
      // The api answers CORS itself (preflights included, see lib/constructs/http-api.ts).
      environment: { ...withQueue, ...reminderEnv, CORS_ORIGINS: config.portalOrigins.join(",") },
      logRetention,
      recursiveLoopDetection,
    });
    this.publishWorker = new ServiceFunction(this, "PublishWorkerFunction", {
      entry: ENTRIES.publishWorker,
      description: "Publishes one report per SQS message; renders the Word/PDF editions",
      memorySize: MEMORY_MB.publishWorker,
      timeout: TIMEOUTS.publishWorker,
      environment: common,
      editionFonts: true,
      logRetention,
      recursiveLoopDetection,
    });
    this.yearlyJob = new ServiceFunction(this, "YearlyJobFunction", {
      entry: ENTRIES.yearlyJob,
      description: "Yearly job: open the reporting year, deadline publish runs",
      memorySize: MEMORY_MB.yearlyJob,
      timeout: TIMEOUTS.yearlyJob,
      environment: { ...withQueue, ...reminderEnv },
      logRetention,
      deadLetterQueue: this.yearlyJobDlq,
      recursiveLoopDetection,
    });

    // ------------------------------------------------------------ permissions (lib/access.ts)
    for (const fn of [this.api, this.publishWorker, this.yearlyJob]) {
      grantTableReadWrite(fn.role, this.table.table, GSI1);
    }
    // api: POST …/publish renders and uploads synchronously; worker: one report per message, and the
    // open-year chunks, which read last year's reports/{year}/{agency}/report.json (结转). The yearly job
    // only lists agencies and enqueues: it touches no site object.
    grantSiteObjects(this.api.role, this.site.bucket, SITE_READ_WRITE_ACTIONS, SITE_KEY_PATTERNS);
    grantSiteObjects(this.publishWorker.role, this.site.bucket, SITE_READ_WRITE_ACTIONS, SITE_KEY_PATTERNS);
    grantSend(this.api.role, this.publishQueue, "EnqueuePublish");
    grantSend(this.yearlyJob.role, this.publishQueue, "EnqueuePublish");
    if (config.reminderEmailFrom) {
      for (const fn of [this.api, this.yearlyJob]) {
        grantSendReminderEmail(fn.role, config.reminderEmailFrom, config.reminderEmailRegion ?? this.region);
      }
    }

    this.publishWorker.function.addEventSource(
      new lambdaEventSources.SqsEventSource(this.publishQueue, {
        batchSize: 5,
        maxBatchingWindow: Duration.seconds(5),
        reportBatchItemFailures: true,
        // 5 by default: a handful of publishers is plenty for ~100 reports (context publishConcurrency).
        maxConcurrency: config.publishConcurrency,
      }),
    );

    // ------------------------------------------------------------ API
    this.httpApi = new HttpApi(this, "HttpApi", {
      handler: this.api.function,
      rateLimit: config.apiThrottleRateLimit,
      burstLimit: config.apiThrottleBurstLimit,
      logRetention,
      ...(config.gatewayJwtAuthorizer ? { jwt: { issuer: config.jwtIssuer, audience: config.jwtAudience } } : {}),
    });

    // ------------------------------------------------------------ schedules
    this.schedules = new YearlySchedules(this, "Schedules", {
      target: this.yearlyJob.function,
      deadLetterQueue: this.yearlyJobDlq,
      timeZone: config.timeZone,
      openYear: config.openYearSchedule,
      publishRuns: config.publishRunSchedules,
      reminders: reminderSchedules(config),
    });

    // ------------------------------------------------------------ alarms
    this.alarms = new Alarms(this, "Alarms", {
      functions: {
        ApiFunction: this.api.function,
        PublishWorkerFunction: this.publishWorker.function,
        YearlyJobFunction: this.yearlyJob.function,
      },
      deadLetterQueues: { PublishDlq: this.publishDlq, YearlyJobDlq: this.yearlyJobDlq },
      httpApi: this.httpApi.api,
      table: this.table.table,
      publishRuns: { queue: this.publishQueue, retention: PUBLISH_QUEUE_RETENTION },
      ...(config.alarmEmail ? { email: config.alarmEmail } : {}),
    });

    // ------------------------------------------------------------ outputs
    new CfnOutput(this, "ApiUrl", { value: this.httpApi.url, description: "Base URL of the HTTP API (routes under /v1/)" });
    new CfnOutput(this, "SiteUrl", { value: `${this.site.baseUrl}/`, description: "Published reports site" });
    new CfnOutput(this, "SiteDistributionDomainName", {
      value: this.site.distribution.distributionDomainName,
      description: "CNAME target for siteDomain",
    });
    new CfnOutput(this, "TableName", { value: this.table.table.tableName });
    new CfnOutput(this, "SiteBucketName", { value: this.site.bucket.bucketName });
    new CfnOutput(this, "PublishDlqUrl", { value: this.publishDlq.queueUrl });
    new CfnOutput(this, "YearlyJobFunctionName", { value: this.yearlyJob.function.functionName, description: "The yearly job (docs/operations.md §6: invoke it to open a year again)" });
    new CfnOutput(this, "SiteDistributionArn", {
      value: this.formatArn({ service: "cloudfront", region: "", resource: "distribution", resourceName: this.site.distribution.distributionId }),
      description: "The distribution, for CloudFront standard logging v2 (docs/deploying.md)",
    });
    new CfnOutput(this, "AccessLogsBucketArn", { value: accessLogs.bucketArn });
  }
}
