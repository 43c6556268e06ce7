import type { MiddlewareHandler } from "hono";

/**
 * CORS for the county portal, which calls the API from clerks' browsers on another origin. Preflights
 * are answered here, before routing and authentication (a preflight never carries the token). A
 * disallowed origin gets no CORS headers at all, so the browser refuses the response.
 */

export type OriginMatcher = (origin: string) => boolean;

/** Allowed origins as configured: exact origins, or `scheme://host:*` for any port of a host. */
export function originMatcher(patterns: readonly string[]): OriginMatcher {
  const exact = new Set<string>();
  const anyPort: string[] = [];
  // Scheme and host are case-insensitive, and browsers send them in lower case.
  for (const pattern of patterns.map((p) => p.toLowerCase())) {
    if (pattern.endsWith(":*")) anyPort.push(pattern.slice(0, -1));
    else exact.add(pattern.replace(/\/$/, ""));
  }
  return (origin) =>
    exact.has(origin) || anyPort.some((prefix) => origin.startsWith(prefix) && /^\d{1,5}$/.test(origin.slice(prefix.length)));
}

export const DEFAULT_LOCAL_ORIGINS = ["http://localhost:*", "http://127.0.0.1:*"];

export const CORS_ALLOW_METHODS = "GET, PUT, POST, OPTIONS";
export const CORS_ALLOW_HEADERS = "authorization, content-type, if-match, idempotency-key";
/** What a browser script may read from a response: the ETag for the next If-Match, retry hints, new resources. */
export const CORS_EXPOSE_HEADERS = "ETag, Computed-Totals, Location, Retry-After";
const PREFLIGHT_MAX_AGE_SECONDS = "600";

export function corsMiddleware(allowed: OriginMatcher): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header("origin");
    const isPreflight = c.req.method === "OPTIONS" && c.req.header("access-control-request-method") !== undefined;
    if (isPreflight) {
      const headers: Record<string, string> = { Vary: "Origin" };
      if (origin && allowed(origin)) {
        Object.assign(headers, {
          "Access-Control-Allow-Origin": origin,
          "Access-Control-Allow-Methods": CORS_ALLOW_METHODS,
          "Access-Control-Allow-Headers": CORS_ALLOW_HEADERS,
          "Access-Control-Max-Age": PREFLIGHT_MAX_AGE_SECONDS,
        });
      }
      return c.body(null, 204, headers);
    }
    await next();
    c.res.headers.append("Vary", "Origin");
    if (origin && allowed(origin)) {
      c.res.headers.set("Access-Control-Allow-Origin", origin);
      c.res.headers.set("Access-Control-Expose-Headers", CORS_EXPOSE_HEADERS);
    }
    return undefined;
  };
}
