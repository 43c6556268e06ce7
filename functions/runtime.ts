import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { S3Client } from "@aws-sdk/client-s3";
import type { Hono } from "hono";
import { type Config, loadConfig } from "./config";
import { createApp } from "./http/app";
import { createTokenVerifier } from "./http/auth";
import type { ReportPageView } from "./report/render";
import type { PublishQueue, SiteStore } from "./service/ports";
import { PublishService } from "./service/publish-service";
import { ReportService } from "./service/report-service";
import { createDocumentClient } from "./store/dynamo-client";
import { DynamoReportRepository } from "./store/dynamo-report-repository";
import { InProcessPublishQueue } from "./store/in-process-publish-queue";
import { LazySiteStore, LazySqsPublishQueue } from "./store/lazy-adapters";

/**
 * The composition root: one place that turns configuration into wired-up objects. Lambda entry
 * points call it once per container; the local runner and the tests call it with their own parts.
 */
export interface Runtime {
  config: Config;
  documentClient: DynamoDBDocumentClient;
  repository: DynamoReportRepository;
  site: SiteStore;
  service: ReportService;
  publishing: PublishService;
  app: Hono;
}

export interface RuntimeOptions {
  config?: Config;
  documentClient?: DynamoDBDocumentClient;
  s3Client?: S3Client;
  /** Replaces the S3 adapter, e.g. with one that fails part-way in a fault test. */
  site?: SiteStore;
  queue?: PublishQueue;
  clock?: () => Date;
  renderPage?: (view: ReportPageView) => string;
}

export function createRuntime(options: RuntimeOptions = {}): Runtime {
  const config = options.config ?? loadConfig();
  const documentClient = options.documentClient ?? createDocumentClient();
  const repository = new DynamoReportRepository(documentClient, config.TABLE_NAME);
  const site =
    options.site ??
    new LazySiteStore({ bucket: config.SITE_BUCKET, forcePathStyle: Boolean(config.AWS_ENDPOINT_URL_S3), s3Client: options.s3Client });
  const service = new ReportService({ repository, config, clock: options.clock });
  const publishing = new PublishService({
    reports: service,
    repository,
    site,
    config,
    clock: options.clock,
    renderPage: options.renderPage,
  });
  // In AWS the queue is SQS and the publish-worker Lambda consumes it; locally the same worker code
  // runs in this process.
  publishing.queue =
    options.queue ??
    (config.PUBLISH_QUEUE_URL
      ? new LazySqsPublishQueue(config.PUBLISH_QUEUE_URL)
      : new InProcessPublishQueue(async (message) => {
          await publishing.processMessage(message);
        }));
  const verifyToken = createTokenVerifier({
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    jwksUrl: config.JWT_JWKS_URL,
    secret: config.JWT_SECRET,
  });
  const app = createApp({ service, publishing, verifyToken });
  return { config, documentClient, repository, site, service, publishing, app };
}
