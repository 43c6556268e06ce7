import type { Hono } from "hono";
import { type Core, type CoreOptions, createCore } from "./core";
import { createApp } from "./http/app";
import { createTokenVerifier } from "./http/auth";
import { originMatcher } from "./http/cors";
import { loadOnce } from "./load-once";
import type { ReminderService } from "./service/reminder-service";
import type { SESv2Client } from "@aws-sdk/client-sesv2";

/**
 * The api's composition root: the services of functions/core.ts plus the HTTP router. Lambda entry
 * points call it once per container; the local runner and the tests call it with their own parts.
 */
export interface Runtime extends Core {
  app: Hono;
}

export interface RuntimeOptions extends CoreOptions {
  /** SES's client for reminder e-mail (the tests aim one at a local receiver); absent: created on first use. */
  sesClient?: SESv2Client;
}

export function createRuntime(options: RuntimeOptions = {}): Runtime {
  const core = createCore(options);
  const { config } = core;
  const verifyToken = createTokenVerifier({
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    jwksUrl: config.JWT_JWKS_URL,
    secret: config.JWT_SECRET,
  });
  const allowedOrigins = originMatcher(config.CORS_ORIGINS);
  // The county office's toolkit and the reminder runs are built on their first request: their code,
  // and the schemas it builds, are no part of a cold start (docs/performance.md).
  const loadToolkit = loadOnce(async () => {
    const { ToolkitService } = await import("./service/toolkit-service");
    return new ToolkitService({ repository: core.repository, reports: core.service, site: core.site, config, clock: options.clock });
  });
  const loadReminders = loadOnce(async (): Promise<ReminderService> => {
    const [{ ReminderService }, { DynamoReminderStore }, { reminderNotifiers }, { SES_API_CLIENT_OPTIONS }] = await Promise.all([
      import("./service/reminder-service"),
      import("./store/dynamo-reminder-store"),
      import("./store/reminder-notifiers"),
      import("./store/ses-notifier"),
    ]);
    // A reminder run asked for over HTTP must answer within API Gateway's 29 s: shorter webhook
    // timeouts and retries, and deliveries not started within 20 s are deferred to the next run.
    return new ReminderService({
      reports: core.repository,
      store: new DynamoReminderStore(core.documentClient, config.TABLE_NAME),
      notifiers: reminderNotifiers(config, {
        webhook: { timeoutMs: 2000, maxAttempts: 3, baseDelayMs: 250 },
        sesClientOptions: SES_API_CLIENT_OPTIONS,
        sesClient: options.sesClient,
      }),
      config,
      clock: options.clock,
      timeBudgetMs: 20_000,
    });
  });
  return {
    ...core,
    app: createApp({ service: core.service, publishing: core.publishing, toolkit: loadToolkit, reminders: loadReminders, verifyToken, allowedOrigins }),
  };
}
