/**
 * Issue 10, point 6 (the site function's open redirect): the viewer-request function shipped to
 * CloudFront, evaluated on the request URIs a browser can send. `//evil%E3%80%82com` used to become
 * `Location: //evil%E3%80%82com/`, a protocol-relative URL that browsers resolve to the host
 * evil。com (U+3002 is a label separator in IDNA), i.e. another site.
 */
import { describe, expect, it } from "vitest";
import { INDEX_REWRITE_FUNCTION } from "../../lib/constructs/site";

interface CfRequest {
  uri: string;
  method: string;
  querystring: Record<string, unknown>;
  headers: Record<string, unknown>;
}
interface CfResponse {
  statusCode: number;
  headers: { location: { value: string } };
}

/** The function's own code, run as CloudFront Functions runs it (a global `handler(event)`). */
const handler = new Function(`${INDEX_REWRITE_FUNCTION}\nreturn handler;`)() as (event: { request: CfRequest }) => CfRequest | CfResponse;

const run = (uri: string) => handler({ request: { uri, method: "GET", querystring: {}, headers: {} } });
const isRedirect = (r: CfRequest | CfResponse): r is CfResponse => "statusCode" in r;

/** Where a browser on the site would go for a Location header value. */
const resolvedHost = (location: string) => new URL(location, "https://xxgk.yiyuan.gov.cn/reports/").host;

describe("index-rewrite function", () => {
  it("serves index.html for directory URLs", () => {
    expect(run("/reports/2024/")).toMatchObject({ uri: "/reports/2024/index.html" });
    expect(run("/")).toMatchObject({ uri: "/index.html" });
  });

  it("redirects an extensionless path to its directory URL, on the same host", () => {
    const r = run("/reports/2024/yuezhuang-town");
    expect(isRedirect(r) && r.statusCode).toBe(301);
    expect(isRedirect(r) && r.headers.location.value).toBe("/reports/2024/yuezhuang-town/");
    expect(resolvedHost((r as CfResponse).headers.location.value)).toBe("xxgk.yiyuan.gov.cn");
  });

  it("passes files through unchanged", () => {
    expect(run("/reports/2024/index.json")).toMatchObject({ uri: "/reports/2024/index.json" });
  });

  it.each([
    "//evil%E3%80%82com",
    "//evil.com",
    "//evil%2Ecom",
    "///evil%E3%80%82com",
    "/\\evil%E3%80%82com",
    "/\\\\evil",
    "/%09/evil",
    "/reports//evil",
    "//",
  ])("never redirects %s to another host", (uri) => {
    const r = run(uri);
    if (isRedirect(r)) {
      expect(resolvedHost(r.headers.location.value)).toBe("xxgk.yiyuan.gov.cn");
    } else {
      // Not redirected: the request goes to S3 as it came and ends as the 404 page.
      expect(r.uri.startsWith(uri)).toBe(true);
    }
  });

  it("the old code did redirect //evil%E3%80%82com off the site (the test can fail)", () => {
    const old = (uri: string) => {
      const last = uri.substring(uri.lastIndexOf("/") + 1);
      return last.indexOf(".") === -1 ? uri + "/" : undefined;
    };
    expect(resolvedHost(old("//evil%E3%80%82com")!)).not.toBe("xxgk.yiyuan.gov.cn");
    expect(isRedirect(run("//evil%E3%80%82com"))).toBe(false);
  });
});
