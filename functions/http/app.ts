import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { SectionName, TEMPLATE_VERSION } from "../report/catalogue";
import { type Actor, requireAgencyAccess, requireCountyAdmin } from "../service/actor";
import { NotFoundError, PayloadTooLargeError } from "../service/errors";
import type { PublishService } from "../service/publish-service";
import { previewImport } from "../service/import-service";
import type { ReportService } from "../service/report-service";
import type { ReminderService } from "../service/reminder-service";
import type { ToolkitService } from "../service/toolkit-service";
import type { TokenVerifier } from "./auth";
import { corsMiddleware, type OriginMatcher } from "./cors";
import { toHttpError } from "./errors";
import { loadOnce } from "../load-once";
import { parseIdempotencyKey, parseIfMatch, readBody, readDocument, validatePath, validateQuery } from "./request-parsing";
import { ROUTE_TABLE, type RouteEntry } from "./route-table";
import type { RouteDefinition } from "./routes";

export const MAX_BODY_BYTES = 1024 * 1024;

/** What a handler gets: validated path parameters, the validated body and the caller. */
export interface RequestContext {
  params: Record<string, string> & { agencyId: string; section: SectionName; runId: string };
  year: number;
  /** The route's query parameters, validated (defaults applied). */
  query: Record<string, unknown>;
  body: unknown;
  actor: Actor;
  header(name: string): string | undefined;
}

export interface HandlerResult {
  status?: 200 | 201;
  json?: unknown;
  /** A JSON body already serialized (the cached OpenAPI document). */
  jsonText?: string;
  html?: string;
  headers?: Record<string, string>;
}

export type Handler = (request: RequestContext) => Promise<HandlerResult>;

export interface AppDeps {
  service: ReportService;
  publishing: PublishService;
  /** Loaded on the first request that needs them (functions/runtime.ts). */
  toolkit: () => Promise<ToolkitService>;
  reminders: () => Promise<ReminderService>;
  verifyToken: TokenVerifier;
  /** Origins whose browsers may call the API (CORS). */
  allowedOrigins: OriginMatcher;
}

const JSON_TYPE = "application/json; charset=utf-8";
const sectionHeaders = (section: { etag: string; computedTotals: string[] }) => ({
  ETag: section.etag,
  "Computed-Totals": section.computedTotals.join(", "),
});

export function createApp(deps: AppDeps): Hono {
  const { service, publishing, toolkit, reminders } = deps;
  // Built on first request, not at cold start: most containers never serve the document.
  let openApi: string | undefined;
  const handlers: Record<string, Handler> = {
    health: async () => ({ json: { status: "ok" } }),
    openapi: async () => ({ jsonText: (openApi ??= JSON.stringify((await import("./openapi")).buildOpenApiDocument())) }),
    getTemplate: async (r) => ({ json: (await import("../report/template")).describeTemplate(r.params.templateVersion as typeof TEMPLATE_VERSION) }),
    getTemplateSection: async (r) => ({ json: (await import("../report/template")).emptySection(r.params.section) }),
    previewImport: async (r) => ({ json: await previewImport(r.body as Uint8Array, r.header("content-type") ?? "") }),
    listAgencies: async () => ({ json: { agencies: await service.listAgencyRecords() } }),
    getAgency: async (r) => ({ json: await service.getAgencyRecord(r.params.agencyId) }),
    putAgency: async (r) => {
      const { agency, created } = await service.putAgency(r.actor, r.params.agencyId, r.body as never);
      return created
        ? { status: 201, json: agency, headers: { Location: `/v1/agencies/${agency.agencyId}` } }
        : { json: agency };
    },
    listAgencyReports: async (r) => ({ json: await service.listAgencyReports(r.params.agencyId) }),
    getReport: async (r) => ({ json: await service.getReport(r.params.agencyId, r.year) }),
    getSection: async (r) => {
      const section = await service.getSection(r.params.agencyId, r.year, r.params.section);
      return { json: section.data, headers: sectionHeaders(section) };
    },
    putSection: async (r) => {
      const precondition = parseIfMatch(r.header("if-match"));
      const written = await service.putSection(r.actor, r.params.agencyId, r.year, r.params.section, r.body as never, precondition);
      const headers: Record<string, string> = sectionHeaders(written);
      if (written.created) headers.Location = `/v1/agencies/${r.params.agencyId}/reports/${r.year}/sections/${r.params.section}`;
      return { status: written.created ? 201 : 200, json: written.data, headers };
    },
    listRevisions: async (r) => ({
      json: await service.listRevisions(r.params.agencyId, r.year, { limit: r.query.limit as number, before: r.query.before as number | undefined }),
    }),
    getRevision: async (r) => ({ json: await service.revisionContent(r.params.agencyId, r.year, Number(r.params.revision)) }),
    listAgencyRevisions: async (r) => ({
      json: await service.listAgencyRevisions(r.params.agencyId, { limit: r.query.limit as number, before: r.query.before as number | undefined }),
    }),
    importReport: async (r) => {
      const precondition = parseIfMatch(r.header("if-match"));
      const outcome = await publishing.reportImport.importReport(
        r.actor,
        r.params.agencyId,
        r.year,
        r.body as Uint8Array,
        r.header("content-type") ?? "",
        precondition,
      );
      return outcome.mode === "history"
        ? { status: 201, json: outcome, headers: { Location: `/v1/agencies/${r.params.agencyId}/reports/${r.year}` } }
        : { json: outcome };
    },
    getFindings: async (r) => ({ json: await service.findings(r.params.agencyId, r.year) }),
    preview: async (r) => ({ html: await service.preview(r.params.agencyId, r.year) }),
    submit: async (r) => ({ json: await service.submit(r.actor, r.params.agencyId, r.year) }),
    publish: async (r) => {
      const idempotencyKey = parseIdempotencyKey(r.header("idempotency-key"));
      return { json: await publishing.publish(r.actor, r.params.agencyId, r.year, r.body as never, idempotencyKey) };
    },
    reopen: async (r) => ({ json: await publishing.reopen(r.actor, r.params.agencyId, r.year) }),
    yearBoard: async (r) => {
      const board = await publishing.board(r.year);
      if (!r.query.inspection) return { json: board };
      // The checklist of every agency, on the board the county office already uses.
      const inspection = await (await toolkit()).inspectYear(r.year);
      const byAgency = new Map(inspection.agencies.map((a) => [a.agencyId, a]));
      return {
        json: {
          ...board,
          reports: board.reports.map((entry) => {
            const checked = byAgency.get(entry.agencyId);
            return checked ? { ...entry, inspection: { clean: checked.clean, deductions: checked.deductions } } : entry;
          }),
          inspectionSummary: inspection.summary,
        },
      };
    },
    startPublishRun: async (r) => {
      const run = await publishing.startRun(r.year, r.body as never, "manual");
      return { status: 201, json: run, headers: { Location: `/v1/years/${run.year}/publish-runs/${run.runId}` } };
    },
    startReminderRun: async (r) => {
      const body = (r.body ?? {}) as { step?: number; deadline?: string };
      const run = await (await reminders()).startReminderRun(r.year, { ...body, trigger: "manual" });
      return { status: 201, json: run, headers: { Location: `/v1/years/${run.year}/reminder-runs/${run.runId}` } };
    },
    getReminderRun: async (r) => ({ json: await (await reminders()).getReminderRun(r.year, r.params.runId) }),
    yearAggregate: async (r) => ({ json: await (await toolkit()).aggregate(r.year) }),
    adoptAggregate: async (r) => ({ json: await (await toolkit()).adoptAggregate(r.actor, r.params.agencyId, r.year, parseIfMatch(r.header("if-match"))) }),
    yearInspection: async (r) => ({ json: await (await toolkit()).inspectYear(r.year) }),
    reportInspection: async (r) => ({ json: await (await toolkit()).inspectReport(r.params.agencyId, r.year) }),
    reportComparison: async (r) => ({ json: await (await toolkit()).comparison(r.params.agencyId, r.year) }),
    getPublishRun: async (r) => ({ json: await publishing.getRun(r.year, r.params.runId) }),
    resumePublishRun: async (r) => ({ json: await publishing.runs.resumeRun(r.year, r.params.runId) }),
  };

  const app = new Hono();
  app.onError((error, c) => errorResponse(c, error));
  app.notFound((c) => errorResponse(c, new NotFoundError(`没有这个接口：${c.req.method} ${c.req.path}`)));
  // First, so that preflights are answered before any token is asked for.
  app.use("*", corsMiddleware(deps.allowedOrigins));

  for (const route of ROUTE_TABLE as readonly RouteEntry[]) {
    const handler = handlers[route.operationId];
    // A documented route without a handler would silently 404: refuse to start instead.
    if (!handler) throw new Error(`route ${route.operationId} (${route.method} ${route.path}) has no handler`);
    const honoPath = route.path.replace(/\{(\w+)\}/g, ":$1");
    const maxSize = route.document?.maxBytes ?? MAX_BODY_BYTES;
    const limit = bodyLimit({ maxSize, onError: (c) => errorResponse(c, new PayloadTooLargeError(maxSize)) });
    app.on([route.method.toUpperCase()], [honoPath], limit, async (c) => {
      const actor = await authorize(deps.verifyToken, route, c);
      const params = validatePath(route, c.req.param() as Record<string, string>);
      // Only a route with a body or query parameters needs its schemas: loaded then, not at cold start.
      const documented = route.body || route.queryParameters ? await documentedRoute(route.operationId) : undefined;
      const query = documented ? validateQuery(documented, c.req.query()) : {};
      // Scoping before the body: a caller outside the agency learns nothing from a validation error.
      if (route.access === "agency") requireAgencyAccess(actor, params.agencyId as string);
      const body = route.document ? await readDocument(c, route) : documented?.requestBody ? await readBody(c, documented, params) : undefined;
      const result = await handler({
        params: params as RequestContext["params"],
        year: params.year as number,
        query,
        body,
        actor,
        header: (name) => c.req.header(name),
      });
      const headers = { ...result.headers, "Cache-Control": route.access === "public" ? "no-cache" : "no-store" };
      if (result.html !== undefined) {
        return c.body(result.html, result.status ?? 200, { ...headers, "Content-Type": "text/html; charset=utf-8" });
      }
      return c.body(result.jsonText ?? JSON.stringify(result.json), result.status ?? 200, { ...headers, "Content-Type": JSON_TYPE });
    });
  }
  return app;
}

/**
 * The routes with their schemas (./routes.ts). That module builds every request and response schema,
 * so it is imported by the first request that validates a body or query, never at cold start.
 */
const documentedRoutes = loadOnce(async () => new Map((await import("./routes")).ROUTES.map((route) => [route.operationId, route])));
const documentedRoute = async (operationId: string): Promise<RouteDefinition> => (await documentedRoutes()).get(operationId)!;

const ANONYMOUS: Actor = { subject: "anonymous", role: "agencyEditor" };

/** The route table's access, enforced here once for every route (see test/unit/http/access.test.ts). */
async function authorize(verify: TokenVerifier, route: RouteEntry, c: Context): Promise<Actor> {
  if (route.access === "public") return ANONYMOUS;
  const actor = await verify(c.req.header("authorization"));
  if (route.access === "countyAdmin") requireCountyAdmin(actor);
  return actor;
}

function errorResponse(c: Context, error: unknown): Response {
  const http = toHttpError(error);
  return c.body(JSON.stringify(http.body), http.status, { ...http.headers, "Content-Type": JSON_TYPE });
}
