import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Hono } from "hono";
import { type Config, loadConfig } from "./config";
import { createTokenVerifier } from "./http/auth";
import { createApp } from "./http/app";
import { ReportService } from "./service/report-service";
import { createDocumentClient } from "./store/dynamo-client";
import { DynamoReportRepository } from "./store/dynamo-report-repository";

/**
 * The composition root: one place that turns configuration into wired-up objects. Lambda entry
 * points call it once per container; the local runner and the tests call it with their own config.
 */
export interface Runtime {
  config: Config;
  documentClient: DynamoDBDocumentClient;
  repository: DynamoReportRepository;
  service: ReportService;
  app: Hono;
}

export interface RuntimeOptions {
  config?: Config;
  documentClient?: DynamoDBDocumentClient;
  clock?: () => Date;
}

export function createRuntime(options: RuntimeOptions = {}): Runtime {
  const config = options.config ?? loadConfig();
  const documentClient = options.documentClient ?? createDocumentClient();
  const repository = new DynamoReportRepository(documentClient, config.TABLE_NAME);
  const service = new ReportService({ repository, config, clock: options.clock });
  const verifyToken = createTokenVerifier({
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    jwksUrl: config.JWT_JWKS_URL,
    secret: config.JWT_SECRET,
  });
  const app = createApp({ service, verifyToken });
  return { config, documentClient, repository, service, app };
}
