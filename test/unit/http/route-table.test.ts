/**
 * The router decides from functions/http/route-table.ts alone whether a request needs its route's
 * schemas (functions/http/routes.ts) loaded: a body, or query parameters. The two files must agree, or
 * a body would go unvalidated, or a query parameter be ignored instead of refused.
 */
import { describe, expect, it } from "vitest";
import { ROUTE_TABLE } from "../../../functions/http/route-table";
import { ROUTES } from "../../../functions/http/routes";

describe("the route table and the routes' schemas", () => {
  it("list the same routes, in the same order", () => {
    expect(ROUTES.map((route) => route.operationId)).toEqual(ROUTE_TABLE.map((entry) => entry.operationId));
    expect(new Set(ROUTE_TABLE.map((entry) => entry.operationId)).size).toBe(ROUTE_TABLE.length);
  });

  it("mark a body exactly where there is a body schema, and list exactly the query parameters that have schemas", () => {
    for (const route of ROUTES) {
      expect(route.body === true, `${route.operationId} body`).toBe(route.requestBody !== undefined);
      expect(route.queryParameters ?? [], `${route.operationId} query`).toEqual(Object.keys(route.query ?? {}));
    }
  });
});
