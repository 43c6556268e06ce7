import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { z } from "zod";
import type { SectionName } from "../report/catalogue";
import type { Actor } from "../service/actor";
import { requireCountyAdmin } from "../service/actor";
import {
  AppError,
  BadRequestError,
  NotFoundError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  type ErrorDetail,
} from "../service/errors";
import type { PublishRun, RunOutcome } from "../service/ports";
import type { PublishService } from "../service/publish-service";
import type { ReportService } from "../service/report-service";
import type { TokenVerifier } from "./auth";
import { toHttpError } from "./errors";
import { buildOpenApiDocument } from "./openapi";
import { PATH_PARAMETERS, ROUTES, type RouteDefinition } from "./routes";

export const MAX_BODY_BYTES = 1024 * 1024;

/** What a handler gets: validated path parameters, the parsed body and the caller. */
export interface RequestContext {
  params: Record<string, string> & { agencyId: string; section: SectionName };
  year: number;
  body: unknown;
  actor: Actor;
  header(name: string): string | undefined;
}

export interface HandlerResult {
  status?: 200 | 201;
  json?: unknown;
  html?: string;
  headers?: Record<string, string>;
}

export type Handler = (request: RequestContext) => Promise<HandlerResult>;

export interface AppDeps {
  service: ReportService;
  publishing: PublishService;
  verifyToken: TokenVerifier;
}

/** A run as the API shows it: the summary with its progress counted. */
function runView(run: PublishRun) {
  const count = (kind: RunOutcome["outcome"]) => run.outcomes.filter((o) => o.outcome === kind).length;
  return {
    ...run,
    status: run.outcomes.length >= run.agencyIds.length ? "completed" : "running",
    published: count("published"),
    skipped: count("skipped"),
    failed: count("failed"),
  };
}

const JSON_TYPE = "application/json; charset=utf-8";

export function createApp(deps: AppDeps): Hono {
  const { service, publishing } = deps;
  // Built on first request, not at cold start: most containers never serve the document.
  let openApi: string | undefined;
  const handlers: Record<string, Handler> = {
    health: async () => ({ json: { status: "ok" } }),
    listAgencies: async () => ({ json: { agencies: await service.listAgencies() } }),
    getAgency: async (r) => ({ json: await service.getAgency(r.params.agencyId) }),
    putAgency: async (r) => {
      const { agency, created } = await service.putAgency(r.actor, r.params.agencyId, r.body);
      return { status: created ? 201 : 200, json: agency };
    },
    getReport: async (r) => ({ json: await service.getReport(r.actor, r.params.agencyId, r.year) }),
    getSection: async (r) => {
      const section = await service.getSection(r.actor, r.params.agencyId, r.year, r.params.section);
      return { json: section.data, headers: { ETag: section.etag } };
    },
    putSection: async (r) => {
      const written = await service.putSection(
        r.actor,
        r.params.agencyId,
        r.year,
        r.params.section,
        r.body,
        r.header("if-match"),
      );
      return { status: written.created ? 201 : 200, json: written.data, headers: { ETag: written.etag } };
    },
    getFindings: async (r) => ({ json: await service.findings(r.actor, r.params.agencyId, r.year) }),
    preview: async (r) => ({ html: await service.preview(r.actor, r.params.agencyId, r.year) }),
    submit: async (r) => ({ json: await service.submit(r.actor, r.params.agencyId, r.year) }),
    publish: async (r) => ({
      json: await publishing.publish(r.actor, r.params.agencyId, r.year, r.body, r.header("idempotency-key")),
    }),
    reopen: async (r) => ({ json: await publishing.reopen(r.actor, r.params.agencyId, r.year) }),
    yearBoard: async (r) => ({ json: await publishing.board(r.actor, r.year) }),
    startPublishRun: async (r) => ({ status: 201, json: runView(await publishing.startRun(r.actor, r.year, r.body, "manual")) }),
    getPublishRun: async (r) => ({ json: runView(await publishing.getRun(r.actor, r.year, r.params.runId!)) }),
  };

  const app = new Hono();
  app.onError((error, c) => errorResponse(c, error));
  app.notFound((c) => errorResponse(c, new NotFoundError(`没有这个接口：${c.req.method} ${c.req.path}`)));
  app.get("/v1/openapi.json", (c) => c.body((openApi ??= JSON.stringify(buildOpenApiDocument())), 200, { "Content-Type": JSON_TYPE }));

  for (const route of ROUTES) {
    if (route.operationId === "openapi") continue;
    const handler = handlers[route.operationId];
    // A documented route without a handler would silently 404: refuse to start instead.
    if (!handler) throw new Error(`route ${route.operationId} (${route.method} ${route.path}) has no handler`);
    const honoPath = route.path.replace(/\{(\w+)\}/g, ":$1");
    const middleware = [
      bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => errorResponse(c, new PayloadTooLargeError(MAX_BODY_BYTES)) }),
    ];
    app.on([route.method.toUpperCase()], [honoPath], ...middleware, async (c) => {
      const actor = await authenticate(deps.verifyToken, route, c);
      const params = validatePath(route, c.req.param() as Record<string, string>);
      const body = route.requestBody ? await readJson(c, route) : undefined;
      const result = await handler({
        params: params as RequestContext["params"],
        year: Number(params.year),
        body,
        actor,
        header: (name) => c.req.header(name),
      });
      const headers = { ...result.headers, "Cache-Control": "no-store" };
      if (result.html !== undefined) {
        return c.body(result.html, result.status ?? 200, { ...headers, "Content-Type": "text/html; charset=utf-8" });
      }
      return c.body(JSON.stringify(result.json), result.status ?? 200, { ...headers, "Content-Type": JSON_TYPE });
    });
  }
  return app;
}

const ANONYMOUS: Actor = { subject: "anonymous", role: "agencyEditor" };

async function authenticate(verify: TokenVerifier, route: RouteDefinition, c: Context): Promise<Actor> {
  if (route.access === "public") return ANONYMOUS;
  const actor = await verify(c.req.header("authorization"));
  if (route.access === "countyAdmin") requireCountyAdmin(actor);
  return actor;
}

function validatePath(route: RouteDefinition, raw: Record<string, string>): Record<string, string> {
  const details: ErrorDetail[] = [];
  for (const [name, value] of Object.entries(raw)) {
    const schema = PATH_PARAMETERS[name] as z.ZodType | undefined;
    const parsed = schema?.safeParse(value);
    if (parsed && !parsed.success) {
      details.push({ path: `path.${name}`, message: parsed.error.issues[0]?.message ?? "取值无效" });
    }
  }
  if (details.length > 0) throw new BadRequestError(`路径参数无效：${route.path}`, details);
  return raw;
}

async function readJson(c: Context, route: RouteDefinition): Promise<unknown> {
  const text = await c.req.text();
  // Routes whose whole body is optional (publish, publish-runs) accept an empty request.
  if (text.trim() === "" && route.method === "post") return {};
  const contentType = c.req.header("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(contentType)) throw new UnsupportedMediaTypeError();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BadRequestError("请求体不是合法的 JSON", [{ path: "body", message: "JSON 语法错误" }]);
  }
}

function errorResponse(c: Context, error: unknown): Response {
  const http = toHttpError(error instanceof AppError || !(error instanceof Error) ? error : unwrapHonoError(error));
  return c.body(JSON.stringify(http.body), http.status, { ...http.headers, "Content-Type": JSON_TYPE });
}

/** Hono wraps some failures in HTTPException; a body-limit overflow arrives that way on some adapters. */
function unwrapHonoError(error: Error): unknown {
  if (error.name === "HTTPException" && (error as Error & { status?: number }).status === 413) {
    return new PayloadTooLargeError(MAX_BODY_BYTES);
  }
  return error;
}
