import type { SectionName } from "../report/catalogue";
import { IMPORT_CONTENT_TYPES } from "../report/import/types";

/**
 * The routes as the router needs them: method, path, who may call, and what a request carries. It
 * holds no schemas, so a cold start builds none: each route's schemas and documentation are in
 * ./routes.ts (ROUTES = this table + ROUTE_DOCS), which is loaded on the first request that has a
 * body or query parameters to validate, or asks for /v1/openapi.json.
 */
export type Access =
  /** no token */
  | "public"
  /** any valid token */
  | "anyToken"
  /** countyAdmin, or the agencyEditor of the {agencyId} in the path */
  | "agency"
  | "countyAdmin";

export interface RouteEntry {
  operationId: string;
  method: "get" | "put" | "post";
  /** OpenAPI-style path with {params}. */
  path: string;
  access: Access;
  /** The route takes a JSON body (its schema is ROUTES' requestBody). */
  body?: true;
  /** The body may be empty (POST routes whose every field is optional). */
  optionalBody?: boolean;
  /** Where validation error paths start (the section name for section bodies). */
  bodyPathPrefix?: (params: { section?: SectionName }) => string;
  /** Documented once per section (the section in the path selects the body schemas). */
  perSection?: boolean;
  ifMatch?: boolean;
  idempotencyKey?: boolean;
  /** The body is a document, not JSON: its bytes and Content-Type go to the handler as they are. */
  document?: { maxBytes: number; contentTypes: readonly string[] };
  /** The query parameters it takes (all optional; their schemas are ROUTES' query); others are refused with 400. */
  queryParameters?: readonly string[];
}

/** Documents the importer reads. */
export const IMPORT_DOCUMENT_TYPES: readonly string[] = Object.values(IMPORT_CONTENT_TYPES).flat();
export const MAX_IMPORT_BYTES = 4 * 1024 * 1024;

export const REPORT_PATH = "/v1/agencies/{agencyId}/reports/{year}";
const SECTION_PATH = `${REPORT_PATH}/sections/{section}`;
const sectionPrefix = (params: { section?: SectionName }) => params.section ?? "";

export const ROUTE_TABLE = [
  {
    operationId: "health",
    method: "get",
    path: "/v1/health",
    access: "public",
  },
  {
    operationId: "openapi",
    method: "get",
    path: "/v1/openapi.json",
    access: "public",
  },
  {
    operationId: "getTemplate",
    method: "get",
    path: "/v1/templates/{templateVersion}",
    access: "anyToken",
  },
  {
    operationId: "getTemplateSection",
    method: "get",
    path: "/v1/templates/{templateVersion}/sections/{section}",
    access: "anyToken",
    perSection: true,
  },
  {
    operationId: "previewImport",
    method: "post",
    path: "/v1/imports",
    access: "anyToken",
    document: { maxBytes: MAX_IMPORT_BYTES, contentTypes: IMPORT_DOCUMENT_TYPES },
  },
  {
    operationId: "putAgency",
    method: "put",
    path: "/v1/agencies/{agencyId}",
    access: "countyAdmin",
    body: true,
  },
  {
    operationId: "listAgencies",
    method: "get",
    path: "/v1/agencies",
    access: "anyToken",
  },
  {
    operationId: "getAgency",
    method: "get",
    path: "/v1/agencies/{agencyId}",
    access: "anyToken",
  },
  {
    operationId: "listAgencyRevisions",
    method: "get",
    path: "/v1/agencies/{agencyId}/revisions",
    access: "countyAdmin",
    queryParameters: ["limit", "before"],
  },
  {
    operationId: "listAgencyReports",
    method: "get",
    path: "/v1/agencies/{agencyId}/reports",
    access: "agency",
  },
  {
    operationId: "getReport",
    method: "get",
    path: REPORT_PATH,
    access: "agency",
  },
  {
    operationId: "getSection",
    method: "get",
    path: SECTION_PATH,
    access: "agency",
    perSection: true,
  },
  {
    operationId: "putSection",
    method: "put",
    path: SECTION_PATH,
    access: "agency",
    perSection: true,
    body: true,
    bodyPathPrefix: sectionPrefix,
    ifMatch: true,
  },
  {
    operationId: "listRevisions",
    method: "get",
    path: `${REPORT_PATH}/revisions`,
    access: "agency",
    queryParameters: ["limit", "before"],
  },
  {
    operationId: "getRevision",
    method: "get",
    path: `${REPORT_PATH}/revisions/{revision}`,
    access: "agency",
  },
  {
    operationId: "importReport",
    method: "post",
    path: `${REPORT_PATH}/import`,
    access: "agency",
    ifMatch: true,
    document: { maxBytes: MAX_IMPORT_BYTES, contentTypes: IMPORT_DOCUMENT_TYPES },
  },
  {
    operationId: "getFindings",
    method: "get",
    path: `${REPORT_PATH}/findings`,
    access: "agency",
  },
  {
    operationId: "preview",
    method: "get",
    path: `${REPORT_PATH}/preview`,
    access: "agency",
  },
  {
    operationId: "submit",
    method: "post",
    path: `${REPORT_PATH}/submit`,
    access: "agency",
  },
  {
    operationId: "publish",
    method: "post",
    path: `${REPORT_PATH}/publish`,
    access: "countyAdmin",
    body: true,
    optionalBody: true,
    idempotencyKey: true,
  },
  {
    operationId: "reopen",
    method: "post",
    path: `${REPORT_PATH}/reopen`,
    access: "countyAdmin",
  },
  {
    operationId: "yearBoard",
    method: "get",
    path: "/v1/years/{year}/reports",
    access: "countyAdmin",
    queryParameters: ["inspection"],
  },
  {
    operationId: "startPublishRun",
    method: "post",
    path: "/v1/years/{year}/publish-runs",
    access: "countyAdmin",
    body: true,
    optionalBody: true,
  },
  {
    operationId: "startReminderRun",
    method: "post",
    path: "/v1/years/{year}/reminder-runs",
    access: "countyAdmin",
    body: true,
    optionalBody: true,
  },
  {
    operationId: "getReminderRun",
    method: "get",
    path: "/v1/years/{year}/reminder-runs/{runId}",
    access: "countyAdmin",
  },
  {
    operationId: "yearAggregate",
    method: "get",
    path: "/v1/years/{year}/aggregate",
    access: "countyAdmin",
  },
  {
    operationId: "adoptAggregate",
    method: "post",
    path: `${REPORT_PATH}/aggregate`,
    access: "countyAdmin",
    ifMatch: true,
  },
  {
    operationId: "yearInspection",
    method: "get",
    path: "/v1/years/{year}/inspection",
    access: "countyAdmin",
  },
  {
    operationId: "reportInspection",
    method: "get",
    path: `${REPORT_PATH}/inspection`,
    access: "agency",
  },
  {
    operationId: "reportComparison",
    method: "get",
    path: `${REPORT_PATH}/comparison`,
    access: "agency",
  },
  {
    operationId: "getPublishRun",
    method: "get",
    path: "/v1/years/{year}/publish-runs/{runId}",
    access: "countyAdmin",
  },
  {
    operationId: "resumePublishRun",
    method: "post",
    path: "/v1/years/{year}/publish-runs/{runId}/resume",
    access: "countyAdmin",
  },
] as const satisfies readonly RouteEntry[];

export type OperationId = (typeof ROUTE_TABLE)[number]["operationId"];
