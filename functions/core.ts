import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { S3Client } from "@aws-sdk/client-s3";
import { type Config, loadConfig } from "./config";
import type { ReportPageView } from "./report/render";
import type { EditionRenderer, PublishQueue, SiteStore } from "./service/ports";
import { PublishService } from "./service/publish-service";
import { ReportService } from "./service/report-service";
import { createDocumentClient } from "./store/dynamo-client";
import { DynamoReportRepository } from "./store/dynamo-report-repository";
import { DirectoryObjectsSiteStore } from "./store/directory-objects-site-store";
import { InProcessPublishQueue } from "./store/in-process-publish-queue";
import { LazySiteStore, LazySqsPublishQueue } from "./store/lazy-adapters";

/**
 * The composition root of the services: configuration → SDK clients → adapters → use cases. The
 * publish worker and the yearly job use it as it is; functions/runtime.ts adds the HTTP router for
 * the api, so the workers don't load (or pay a cold start for) code they never run.
 */
export interface Core {
  config: Config;
  documentClient: DynamoDBDocumentClient;
  repository: DynamoReportRepository;
  site: SiteStore;
  service: ReportService;
  publishing: PublishService;
}

export interface CoreOptions {
  config?: Config;
  documentClient?: DynamoDBDocumentClient;
  s3Client?: S3Client;
  /** Replaces the S3 adapter, e.g. with one that fails part-way in a fault test. */
  site?: SiteStore;
  queue?: PublishQueue;
  clock?: () => Date;
  renderPage?: (view: ReportPageView) => string;
  /**
   * The Word/PDF renderer (functions/report/render/editions), passed in by the entries that render:
   * the publish worker and the local runner. core.ts does not import it, so the api's bundle never
   * holds the PDF code; without it the editions of a manual publish go to the worker's queue.
   */
  editionRenderer?: EditionRenderer;
}

export function createCore(options: CoreOptions = {}): Core {
  const config = options.config ?? loadConfig();
  const documentClient = options.documentClient ?? createDocumentClient();
  const repository = new DynamoReportRepository(documentClient, config.TABLE_NAME);
  const bucketSite =
    options.site ??
    new LazySiteStore({ bucket: config.SITE_BUCKET, forcePathStyle: Boolean(config.AWS_ENDPOINT_URL_S3), s3Client: options.s3Client });
  const site = config.SITE_DIRECTORY_OBJECTS ? new DirectoryObjectsSiteStore(bucketSite) : bucketSite;
  const service = new ReportService({ repository, config, clock: options.clock });
  const publishing = new PublishService({
    reports: service,
    repository,
    site,
    config,
    clock: options.clock,
    renderPage: options.renderPage,
    editionRenderer: options.editionRenderer,
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
  return { config, documentClient, repository, site, service, publishing };
}
