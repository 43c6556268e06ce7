import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { buildOpenApiDocument } from "../../functions/http/openapi";

/** The document a portal vendor generates a client from passes a real OpenAPI linter (Redocly, recommended rules). */
it("has no errors under Redocly's recommended rules", () => {
  const dir = mkdtempSync(join(tmpdir(), "openapi-lint-"));
  const file = join(dir, "openapi.json");
  writeFileSync(file, JSON.stringify(buildOpenApiDocument()));
  let report: string;
  try {
    // redocly exits 1 when it finds errors; the JSON report on stdout says which.
    report = execFileSync(join(process.cwd(), "node_modules/.bin/redocly"), ["lint", file, "--format=json"], {
      encoding: "utf8",
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      stdio: ["ignore", "pipe", "ignore"],
    });
  } catch (error) {
    report = (error as { stdout: string }).stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const result = JSON.parse(report) as { totals: { errors: number }; problems: { ruleId: string; message: string; severity: string }[] };
  expect(result.problems.filter((p) => p.severity === "error")).toEqual([]);
  expect(result.totals.errors).toBe(0);
}, 60_000);
