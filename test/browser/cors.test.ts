import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { exampleAgency, exampleSections, exampleYear } from "../../fixtures/example";
import { createTestApi, type TestApi } from "../support/harness";

/**
 * Issue 8: the portal is a web page on another origin. Real Chromium loads it from one local server
 * and, from its script, writes a section through the API on another: the preflight, PUT with
 * If-Match, and reading the new ETag all have to work as a browser enforces CORS.
 */
const AGENCY = exampleAgency.agencyId;
let api: TestApi;
let apiServer: ServerType;
let portal: Server;
let browser: Browser;
let apiUrl: string;
let portalUrl: string;

const listening = (server: Server | ServerType) =>
  new Promise<number>((resolve) => {
    const check = () => {
      const address = server.address() as AddressInfo | null;
      if (address) resolve(address.port);
      else setTimeout(check, 20);
    };
    check();
  });

beforeAll(async () => {
  api = await createTestApi();
  const { agencyId: _id, ...agency } = exampleAgency;
  expect((await api.request("PUT", `/v1/agencies/${AGENCY}`, { token: api.adminToken, body: agency })).status).toBe(201);
  const path = `/v1/agencies/${AGENCY}/reports/${exampleYear}/sections/overview`;
  expect((await api.request("PUT", path, { token: api.adminToken, body: exampleSections.overview })).status).toBe(201);
  apiServer = serve({ fetch: api.runtime.app.fetch, port: 0, hostname: "127.0.0.1" });
  apiUrl = `http://127.0.0.1:${await listening(apiServer)}`;
  portal = createServer((_request, response) => {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end("<!doctype html><html lang=\"zh-CN\"><title>门户</title><p>门户</p></html>");
  }).listen(0, "127.0.0.1");
  // The default local CORS_ORIGINS admits any port of localhost.
  portalUrl = `http://localhost:${await listening(portal)}`;
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--headless=new"] });
});

afterAll(async () => {
  await browser?.close();
  apiServer?.close();
  portal?.close();
});

it("lets a page on the portal's origin read a section, PUT it with If-Match and read the new ETag", async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(portalUrl);
  const token = await api.editorToken(AGENCY);
  const result = await page.evaluate(
    async ({ apiUrl, token, path, body }) => {
      const headers = { authorization: `Bearer ${token}` };
      const read = await fetch(`${apiUrl}${path}`, { headers });
      const etag = read.headers.get("ETag");
      const written = await fetch(`${apiUrl}${path}`, {
        method: "PUT",
        headers: { ...headers, "content-type": "application/json", "if-match": etag ?? "" },
        body: JSON.stringify(body),
      });
      return { readStatus: read.status, etag, status: written.status, newEtag: written.headers.get("ETag") };
    },
    { apiUrl, token, path: `/v1/agencies/${AGENCY}/reports/${exampleYear}/sections/overview`, body: exampleSections.overview },
  );
  expect(result).toEqual({ readStatus: 200, etag: '"1"', status: 200, newEtag: '"2"' });
});

it("is refused by the browser from an origin that is not allowed", async () => {
  // 127.0.0.2 is loopback too, but http://127.0.0.2:* is not among the default CORS_ORIGINS.
  const outsider = createServer((_request, response) => {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end("<!doctype html><html lang=\"zh-CN\"><title>其他网站</title><p>其他网站</p></html>");
  }).listen(0, "127.0.0.2");
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`http://127.0.0.2:${await listening(outsider)}`);
    const token = await api.editorToken(AGENCY);
    const outcome = await page.evaluate(
      async ({ apiUrl, token }) => {
        try {
          await fetch(`${apiUrl}/v1/agencies`, { headers: { authorization: `Bearer ${token}` } });
          return "read";
        } catch {
          return "blocked";
        }
      },
      { apiUrl, token },
    );
    expect(outcome).toBe("blocked");
  } finally {
    outsider.close();
  }
});
