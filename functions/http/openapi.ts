import * as z from "zod";
import { PATH_PARAMETERS, ROUTES, type RouteDefinition } from "./routes";

const jsonSchema = (schema: z.ZodType, io: "input" | "output") =>
  z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<string, unknown>;

function parameters(route: RouteDefinition) {
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const params: Record<string, unknown>[] = names.map((name) => ({
    name,
    in: "path",
    required: true,
    schema: jsonSchema(PATH_PARAMETERS[name]!, "input"),
  }));
  if (route.ifMatch) {
    params.push({
      name: "If-Match",
      in: "header",
      required: false,
      description: "替换已有章节时必填：上次读取该章节得到的 ETag",
      schema: { type: "string" },
    });
  }
  if (route.idempotencyKey) {
    params.push({ name: "Idempotency-Key", in: "header", required: false, schema: { type: "string", maxLength: 128 } });
  }
  return params;
}

/** The OpenAPI 3.1 document, generated from the same route table and zod schemas the router uses. */
export function buildOpenApiDocument(serverUrl?: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const responses = Object.fromEntries(
      Object.entries(route.responses).map(([status, r]) => [
        status,
        {
          description: r.description,
          ...(r.html
            ? { content: { "text/html; charset=utf-8": { schema: { type: "string" } } } }
            : r.schema
              ? { content: { "application/json": { schema: jsonSchema(r.schema, "output") } } }
              : {}),
        },
      ]),
    );
    (paths[route.path] ??= {})[route.method] = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.access === "public" ? { security: [] } : {}),
      ...(route.access === "countyAdmin" ? { description: "角色：countyAdmin" } : {}),
      ...(route.access === "agency" ? { description: "角色：该机构的 agencyEditor，或 countyAdmin" } : {}),
      parameters: parameters(route),
      ...(route.requestBody
        ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(route.requestBody, "input") } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "disclosure-reports — 政府信息公开工作年度报告服务",
      version: "1.0.0",
      description: "按《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）编写、检查与发布年度报告。",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
    security: [{ bearer: [] }],
    paths,
  };
}
