import type { Hono } from "hono";
import { type Core, type CoreOptions, createCore } from "./core";
import { createApp } from "./http/app";
import { createTokenVerifier } from "./http/auth";
import { originMatcher } from "./http/cors";
import { ToolkitService } from "./service/toolkit-service";

/**
 * The api's composition root: the services of functions/core.ts plus the HTTP router. Lambda entry
 * points call it once per container; the local runner and the tests call it with their own parts.
 */
export interface Runtime extends Core {
  app: Hono;
}

export type RuntimeOptions = CoreOptions;

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
  const toolkit = new ToolkitService({ repository: core.repository, config, clock: options.clock });
  return { ...core, app: createApp({ service: core.service, publishing: core.publishing, toolkit, verifyToken, allowedOrigins }) };
}
