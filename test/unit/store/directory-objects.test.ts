import { describe, expect, it } from "vitest";
import { createCore } from "../../../functions/core";
import { loadConfig } from "../../../functions/config";
import type { SiteStore } from "../../../functions/service/ports";
import { DirectoryObjectsSiteStore } from "../../../functions/store/directory-objects-site-store";

/** The bucket as a map: the port's contract, which the S3 adapter's own tests check against s3rver. */
function memorySite(): SiteStore & { objects: Map<string, { body: string | Uint8Array; contentType: string }> } {
  const objects = new Map<string, { body: string | Uint8Array; contentType: string }>();
  return {
    objects,
    put: async (key, body, contentType) => void objects.set(key, { body, contentType }),
    get: async (key) => { const body = objects.get(key)?.body; return typeof body === "string" ? body : body && new TextDecoder().decode(body); },
    getBytes: async (key) => { const body = objects.get(key)?.body; return typeof body === "string" ? new TextEncoder().encode(body) : body; },
    exists: async (key) => objects.has(key),
  };
}

describe("directory objects (China Regions)", () => {
  it("writes every directory page under its directory key too, with the same bytes and type", async () => {
    const bucket = memorySite();
    const site = new DirectoryObjectsSiteStore(bucket);
    await site.put("reports/2024/index.html", "<p>年度</p>", "text/html; charset=utf-8");
    await site.put("reports/2024/town-a/v1.html", "<p>v1</p>", "text/html; charset=utf-8");
    await site.put("index.html", "<p>首页</p>", "text/html; charset=utf-8");
    expect([...bucket.objects.keys()].sort()).toEqual(["index.html", "reports/2024/", "reports/2024/index.html", "reports/2024/town-a/v1.html"]);
    expect(bucket.objects.get("reports/2024/")).toEqual(bucket.objects.get("reports/2024/index.html"));
    expect(await site.get("reports/2024/")).toBe("<p>年度</p>");
  });

  it("is used when the stack sets SITE_DIRECTORY_OBJECTS=true, and only then", async () => {
    const env = {
      TABLE_NAME: "t",
      SITE_BUCKET: "b",
      SITE_BASE_URL: "https://xxgk.example.gov.cn",
      COUNTY_NAME: "沂源县",
      JWT_ISSUER: "i",
      JWT_AUDIENCE: "a",
      JWT_SECRET: "x".repeat(32),
    };
    for (const [flag, expected] of [["true", true], ["false", false]] as const) {
      const bucket = memorySite();
      const core = createCore({ config: loadConfig({ ...env, SITE_DIRECTORY_OBJECTS: flag }), site: bucket });
      await core.site.put("reports/2024/index.html", "x", "text/html");
      expect(bucket.objects.has("reports/2024/"), flag).toBe(expected);
    }
  });
});
