import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { buildOpenApiDocument } from "../../functions/http/openapi";

/**
 * The contract test: every response the integration and publishing suites receive is checked against
 * /v1/openapi.json with a real JSON Schema 2020-12 validator. A status, header or body the document
 * doesn't describe exactly throws, and so fails the test that received it.
 */
interface Operation {
  responses: Record<string, { headers?: Record<string, { required?: boolean }>; content?: Record<string, { schema: object }> }>;
}
type PathItem = Record<string, Operation>;

const document = buildOpenApiDocument() as { paths: Record<string, PathItem> };
const ajv = new Ajv2020({ allErrors: true, strict: false });
(addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
const validators = new Map<object, ValidateFunction>();

const templates = Object.keys(document.paths).map((template) => ({
  template,
  regex: new RegExp(`^${template.replace(/\{\w+\}/g, "[^/]+")}$`),
  // Concrete segments win over parameters, as OpenAPI requires (…/sections/applications before {section}).
  literalSegments: template.split("/").filter((s) => s && !s.startsWith("{")).length,
}));

export function documentedPath(pathname: string): string | undefined {
  return templates
    .filter((t) => t.regex.test(pathname))
    .sort((a, b) => b.literalSegments - a.literalSegments)[0]?.template;
}

export class ContractViolation extends Error {
  override readonly name = "ContractViolation";
}

export function assertDocumented(
  method: string,
  url: string,
  response: { status: number; headers: Headers; text: string },
): void {
  const pathname = new URL(url, "http://contract.local").pathname;
  const where = `${method} ${pathname} → ${response.status}`;
  const template = documentedPath(pathname);
  if (!template) {
    // A path the document has no template for (an unknown route or section) may only be refused.
    if (response.status !== 400 && response.status !== 404) throw new ContractViolation(`${where}: undocumented path answered`);
    return;
  }
  const operation = document.paths[template]![method.toLowerCase()];
  if (!operation) {
    if (response.status !== 404) throw new ContractViolation(`${where}: method not documented for ${template}`);
    return;
  }
  const documented = operation.responses[String(response.status)];
  if (!documented) throw new ContractViolation(`${where}: status not documented for ${method} ${template}`);
  for (const [name, header] of Object.entries(documented.headers ?? {})) {
    if (header.required && response.headers.get(name) === null) throw new ContractViolation(`${where}: header ${name} missing`);
  }
  const contentType = response.headers.get("content-type") ?? "";
  const content = documented.content;
  if (!content) {
    if (response.text !== "") throw new ContractViolation(`${where}: a body where none is documented`);
    return;
  }
  const mediaType = Object.keys(content).find((type) => contentType.startsWith(type));
  if (!mediaType) throw new ContractViolation(`${where}: content type ${contentType} not documented (${Object.keys(content)})`);
  if (mediaType !== "application/json") return;
  const schema = content[mediaType]!.schema;
  let validate = validators.get(schema);
  if (!validate) validators.set(schema, (validate = ajv.compile(schema)));
  if (!validate(JSON.parse(response.text))) {
    throw new ContractViolation(`${where}: body does not match ${method} ${template}: ${ajv.errorsText(validate.errors, { separator: "; " }).slice(0, 1500)}`);
  }
}
