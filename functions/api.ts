import { emitRequestMetrics } from "./metrics";
import { handle, type LambdaContext, type LambdaEvent } from "hono/aws-lambda";
import { ROUTE_TABLE } from "./http/route-table";
import { log, withRequestContext, type RequestLogContext } from "./log";
import { createRuntime } from "./runtime";

/** The part of an API Gateway HTTP API (payload 2.0) event the access line reads. */
export interface AccessLogEvent {
  routeKey?: string;
  rawPath?: string;
  requestContext?: { requestId?: string; http?: { method?: string; path?: string } };
}

interface RouteMatcher {
  method: string;
  template: string;
  pattern: RegExp;
  names: string[];
}

// The route table's paths as patterns, so a line names the route ("/v1/agencies/{agencyId}"), not
// the raw path: API Gateway sends every request through one $default route.
const ROUTE_MATCHERS: RouteMatcher[] = ROUTE_TABLE.map((route) => {
  const names: string[] = [];
  const source = route.path
    .split(/(\{\w+\})/)
    .map((part) => {
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(name);
      return "([^/]+)";
    })
    .join("");
  return { method: route.method.toUpperCase(), template: route.path, pattern: new RegExp(`^${source}$`), names };
});

function matchRoute(method: string, path: string): { route?: string; agencyId?: string } {
  for (const matcher of ROUTE_MATCHERS) {
    if (matcher.method !== method) continue;
    const match = matcher.pattern.exec(path);
    if (!match) continue;
    const agencyIndex = matcher.names.indexOf("agencyId");
    let agencyId: string | undefined;
    if (agencyIndex >= 0) {
      try {
        agencyId = decodeURIComponent(match[agencyIndex + 1]!).slice(0, 80);
      } catch {
        agencyId = match[agencyIndex + 1]!.slice(0, 80);
      }
    }
    return { route: `${method} ${matcher.template}`, ...(agencyId ? { agencyId } : {}) };
  }
  return {};
}

let coldStart = true;

/**
 * Wraps the api's Lambda handler so that every request writes exactly one access line: API Gateway's
 * request id, the route, the status, the latency, the verified caller (noted by the token verifier,
 * so the token is not verified twice) and the agency in the path.
 */
export function withAccessLog<E extends AccessLogEvent, C, R extends { statusCode?: number }>(
  inner: (event: E, context?: C) => Promise<R>,
): (event: E, context?: C) => Promise<R> {
  return async (event, context) => {
    const started = performance.now();
    const method = event.requestContext?.http?.method ?? "UNKNOWN";
    const path = event.rawPath ?? event.requestContext?.http?.path ?? "";
    const requestContext: RequestLogContext = { requestId: event.requestContext?.requestId };
    const wasCold = coldStart;
    coldStart = false;
    let status = 500;
    try {
      const result = await withRequestContext(requestContext, () => inner(event, context));
      status = result.statusCode ?? 200;
      return result;
    } finally {
      const { route, agencyId } = matchRoute(method, path);
      const latencyMs = Math.round((performance.now() - started) * 10) / 10;
      // The request id is set on the context, so log() adds it.
      withRequestContext(requestContext, () =>
        log(status >= 500 ? "error" : "info", "request", {
          route: route ?? `${method} (no route)`,
          routeKey: event.routeKey,
          method,
          path: route ? undefined : path.slice(0, 200),
          status,
          latencyMs,
          ...(requestContext.actor ? { actor: requestContext.actor } : {}),
          ...(agencyId ? { agencyId } : {}),
          ...(wasCold ? { coldStart: true } : {}),
        }),
      );
      emitRequestMetrics(status, { route: route ?? `${method} (no route)` });
    }
  };
}

// Built once per container: config validated, SDK clients created, router assembled.
const runtime = createRuntime();

const lambdaHandler = handle(runtime.app);
/** API Gateway HTTP API, payload format 2.0 (lib/constructs/http-api.ts). */
type HttpApiEvent = Extract<LambdaEvent, { routeKey: string }>;

export const handler = withAccessLog((event: HttpApiEvent, context?: LambdaContext) => lambdaHandler(event, context));
