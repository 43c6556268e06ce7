/**
 * Holes closed (issue 10, points 3 and 6): names with invisible or broken characters, duplicate JSON
 * keys, the IdP's JWKS failing (503, not 401), the api's one access line per request, and the local
 * emulators listening on 127.0.0.1 only.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { type AddressInfo, type Socket } from "node:net";
import { type CryptoKey, exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import * as z from "zod";
import { exampleSections } from "../../fixtures/example";
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from "../../bin/local-config";
import { ensureBucket, ensureTable, freePort } from "../../bin/local-stack";
import { loadConfig } from "../../functions/config";
import { createTokenVerifier, IdentityProviderUnavailableError, JWKS_TIMEOUT_MS, signLocalToken } from "../../functions/http/auth";
import { toHttpError } from "../../functions/http/errors";
import { findDuplicateKey } from "../../functions/http/request-parsing";
import { logSink } from "../../functions/log";
import { agencyInputSchema, contactSchema } from "../../functions/report/schemas";
import { UnauthenticatedError } from "../../functions/service/errors";
import { createRuntime } from "../../functions/runtime";
import { assertDocumented } from "../support/contract";
import { createTestApi, TEST_SECRET, type TestApi, testDocumentClient } from "../support/harness";

let api: TestApi;

beforeAll(async () => {
  api = await createTestApi();
});

const putAgency = (agencyId: string, fullName: string) =>
  api.request("PUT", `/v1/agencies/${agencyId}`, { token: api.adminToken, body: { fullName, kind: "town" } });

describe("names: invisible and broken characters", () => {
  const refused: [string, string][] = [
    ["a right-to-left override (U+202E)", "沂源县\u202e府政民人镇"],
    ["a left-to-right embedding (U+202A)", "沂源县\u202a悦庄镇人民政府"],
    ["a first-strong isolate (U+2068)", "沂源县\u2068悦庄镇\u2069人民政府"],
    ["a zero-width space (U+200B)", "沂源县悦庄\u200b镇人民政府"],
    ["a zero-width joiner (U+200D)", "沂源县悦庄\u200d镇人民政府"],
    ["a byte-order mark (U+FEFF)", "\ufeff沂源县悦庄镇人民政府"],
    ["a lone high surrogate", "沂源县悦庄镇\ud800人民政府"],
    ["a lone low surrogate", "沂源县悦庄镇人民政府\udc00"],
  ];
  it.each(refused)("refuses an agency name with %s: 422 at fullName, in Chinese", async (_, fullName) => {
    const response = await putAgency("town-bidi", fullName);
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe("VALIDATION_FAILED");
    expect(response.body.error.details).toEqual([{ path: "fullName", label: "机构全称", message: expect.stringMatching(/[\u4e00-\u9fff]/) }]);
    const stored = await api.request("GET", "/v1/agencies/town-bidi", { token: api.adminToken });
    expect(stored.status).toBe(404);
  });

  it("accepts characters outside the BMP written as a proper surrogate pair", async () => {
    const response = await putAgency("town-astral", "沂源县𠀀镇人民政府");
    expect(response.status, response.text).toBe(201);
    expect(response.body.fullName).toBe("沂源县𠀀镇人民政府");
  });

  it("stores a name typed with combining marks in NFC, so it equals the precomposed name", async () => {
    const decomposed = "沂源县Cafe\u0301镇人民政府";
    expect(decomposed).not.toBe(decomposed.normalize("NFC"));
    const written = await putAgency("town-nfc", decomposed);
    expect(written.status, written.text).toBe(201);
    const read = await api.request("GET", "/v1/agencies/town-nfc", { token: api.adminToken });
    expect(read.body.fullName).toBe("沂源县Café镇人民政府");
    expect(read.body.fullName).toBe(decomposed.normalize("NFC"));
  });

  it("refuses a zero-width character in a section's short text (contact organ) at its path", async () => {
    await putAgency("town-contact", "沂源县联系测试镇人民政府");
    const body = {
      ...exampleSections.preamble,
      contact: { ...exampleSections.preamble.contact, organ: `${exampleSections.preamble.contact.organ}\u200b` },
    };
    const response = await api.request("PUT", "/v1/agencies/town-contact/reports/2024/sections/preamble", { token: api.adminToken, body });
    expect(response.status).toBe(422);
    expect(response.body.error.details.map((d: { path: string }) => d.path)).toEqual(["preamble.contact.organ"]);
  });

  it("keeps the name schemas describable as JSON Schema (the OpenAPI document's input side)", () => {
    const agency = z.toJSONSchema(agencyInputSchema, { io: "input" }) as any;
    expect(agency.properties.fullName.type).toBe("string");
    expect(agency.properties.fullName.maxLength).toBe(100);
    const contact = z.toJSONSchema(contactSchema, { io: "input" }) as any;
    expect(contact.properties.organ.type).toBe("string");
    // The patterns are real, usable checks for a client: the bidi one refuses U+202E.
    const patterns = (agency.properties.fullName.allOf as { pattern: string }[]).map((p) => new RegExp(p.pattern, "u"));
    expect(patterns.every((p) => p.test("沂源县悦庄镇人民政府"))).toBe(true);
    expect(patterns.some((p) => !p.test("沂源县\u202e"))).toBe(true);
  });
});

describe("duplicate JSON keys", () => {
  it("answers 400 in Chinese at the repeated field, and stores nothing", async () => {
    const response = await api.request("PUT", "/v1/agencies/town-dup", {
      token: api.adminToken,
      rawBody: '{"fullName":"沂源县甲镇人民政府","kind":"town","fullName":"沂源县乙镇人民政府"}',
      headers: { "content-type": "application/json" },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("BAD_REQUEST");
    expect(response.body.error.message).toMatch(/fullName.*不止一次/);
    expect(response.body.error.details).toEqual([{ path: "fullName", label: "机构全称", message: "字段名重复，请只保留一个" }]);
    expect((await api.request("GET", "/v1/agencies/town-dup", { token: api.adminToken })).status).toBe(404);
  });

  it("sees a key written with an escape as the same key, and reports nested paths under the section", async () => {
    await putAgency("town-dup2", "沂源县重复测试镇人民政府");
    const contact = JSON.stringify(exampleSections.preamble.contact).replace(/^\{/, '{"\\u006frgan":"别的机关",');
    const rawBody = JSON.stringify({ ...exampleSections.preamble, contact: "CONTACT" }).replace('"CONTACT"', contact);
    expect(() => JSON.parse(rawBody)).not.toThrow();
    const response = await api.request("PUT", "/v1/agencies/town-dup2/reports/2024/sections/preamble", {
      token: api.adminToken,
      rawBody,
      headers: { "content-type": "application/json" },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d: { path: string }) => d.path)).toEqual(["preamble.contact.organ"]);
  });

  it("finds duplicates by path and nothing in bodies whose keys only repeat across objects", () => {
    expect(findDuplicateKey('{"a":1,"b":{"c":1,"d":[{"e":1},{"e":2,"e":3}]}}')).toEqual(["b", "d", 1, "e"]);
    expect(findDuplicateKey('{"a":{"x":1},"b":{"x":1},"c":[{"x":1},{"x":2}]}')).toBeUndefined();
    // Strings that look like keys, braces or quotes inside values are values.
    expect(findDuplicateKey('{"a":"\\"a\\":{","b":["a","a"],"c":"}{,\\\\"}')).toBeUndefined();
    expect(findDuplicateKey('[{"k":1,"k":2}]')).toEqual([0, "k"]);
  });

  it("scans a body near the 1 MB limit in linear time", () => {
    const big = JSON.stringify({ items: Array.from({ length: 40_000 }, (_, i) => ({ id: i, text: "文字" })) });
    expect(big.length).toBeGreaterThan(900_000);
    const started = performance.now();
    expect(findDuplicateKey(big)).toBeUndefined();
    // Not a performance test: a bound two orders of magnitude above the measured few ms, catching only a quadratic scan.
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

// ---------------------------------------------------------------- the IdP's JWKS

const servers: Server[] = [];
const sockets = new Set<Socket>();
async function listen(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
}

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
});

const ISSUER = "https://idp.example.gov.cn";
const AUDIENCE = "disclosure-reports";
const verifierFor = (jwksUrl: string) => createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUrl });

async function signedToken(privateKey: CryptoKey, kid: string, claims: Record<string, unknown> = { role: "countyAdmin" }, expiresIn = "10m") {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "ES256", kid })
    .setSubject("admin@county")
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(privateKey);
}

async function expectIdpUnavailable(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IdentityProviderUnavailableError);
  const http = toHttpError(error);
  expect(http.status).toBe(503);
  expect(http.headers["Retry-After"]).toBe("1");
  expect(http.body).toEqual({ error: { code: "SERVICE_UNAVAILABLE", message: "身份认证服务暂时不可用，请稍后重试", details: [] } });
}

describe("the IdP's JWKS", () => {
  let keys: { privateKey: CryptoKey; publicKey: CryptoKey };
  let other: { privateKey: CryptoKey };
  let jwksUrl: string;

  beforeAll(async () => {
    keys = await generateKeyPair("ES256");
    other = await generateKeyPair("ES256");
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: "key-1", alg: "ES256", use: "sig" };
    jwksUrl = await listen((_, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ keys: [jwk] }));
    });
  });

  it("accepts a token signed with the served key", async () => {
    const actor = await verifierFor(jwksUrl)(`Bearer ${await signedToken(keys.privateKey, "key-1")}`);
    expect(actor).toEqual({ subject: "admin@county", role: "countyAdmin" });
  });

  it("answers 401 for bad tokens while the JWKS is up: wrong key, unknown kid, expired, garbage", async () => {
    const verify = verifierFor(jwksUrl);
    const bad = [
      await signedToken(other.privateKey, "key-1"),
      await signedToken(keys.privateKey, "key-unknown"),
      await signedToken(keys.privateKey, "key-1", { role: "countyAdmin" }, "-1m"),
      "not.a.jwt",
    ];
    for (const token of bad) {
      const error = await verify(`Bearer ${token}`).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, token).toBeInstanceOf(UnauthenticatedError);
      expect(toHttpError(error).status).toBe(401);
    }
  });

  it("answers 503 when nothing listens at the JWKS URL (connection refused)", async () => {
    const closed = `http://127.0.0.1:${await freePort()}/.well-known/jwks.json`;
    await expectIdpUnavailable(verifierFor(closed)(`Bearer ${await signedToken(keys.privateKey, "key-1")}`));
  });

  it("answers 503 when the IdP answers 500 or garbage", async () => {
    const failing = await listen((_, response) => {
      response.writeHead(500).end("upstream down");
    });
    await expectIdpUnavailable(verifierFor(failing)(`Bearer ${await signedToken(keys.privateKey, "key-1")}`));
    const garbage = await listen((_, response) => {
      response.writeHead(200, { "content-type": "application/json" }).end("<html>维护中</html>");
    });
    await expectIdpUnavailable(verifierFor(garbage)(`Bearer ${await signedToken(keys.privateKey, "key-1")}`));
  });

  it("answers 503 within the JWKS timeout when the IdP accepts the connection and never answers", async () => {
    const hanging = await listen(() => undefined);
    const started = performance.now();
    await expectIdpUnavailable(verifierFor(hanging)(`Bearer ${await signedToken(keys.privateKey, "key-1")}`));
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(JWKS_TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(JWKS_TIMEOUT_MS + 3_000);
  });

  it("answers 503 through the API (a documented answer), and 401 for a bad token once the IdP is back", async () => {
    const closedPort = await freePort();
    const tableName = api.tableName;
    const runtime = createRuntime({
      config: loadConfig({
        TABLE_NAME: tableName,
        SITE_BUCKET: api.bucket,
        SITE_BASE_URL: "http://127.0.0.1:3000/site",
        COUNTY_NAME: "沂源县",
        JWT_ISSUER: ISSUER,
        JWT_AUDIENCE: AUDIENCE,
        JWT_JWKS_URL: `http://127.0.0.1:${closedPort}/jwks.json`,
      }),
      documentClient: testDocumentClient(),
      site: api.s3Site,
    });
    const token = await signedToken(keys.privateKey, "key-1");
    const response = await runtime.app.request("/v1/agencies", { headers: { authorization: `Bearer ${token}` } });
    const text = await response.text();
    assertDocumented("GET", "/v1/agencies", { status: response.status, headers: response.headers, text });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(JSON.parse(text).error.message).toBe("身份认证服务暂时不可用，请稍后重试");
  });
});

// ---------------------------------------------------------------- the api's access line

describe("one access line per request from the Lambda entry", () => {
  let lines: string[] = [];
  const originalWrite = logSink.write;
  let handler: (event: unknown) => Promise<{ statusCode: number; body: string }>;

  beforeAll(async () => {
    const tableName = `log-${crypto.randomUUID()}`;
    const bucket = `log-${crypto.randomUUID()}`;
    await ensureTable(inject("dynamoEndpoint"), tableName);
    await ensureBucket(inject("s3Endpoint"), bucket);
    // functions/api.ts builds its runtime from the environment, as in AWS.
    Object.assign(process.env, {
      TABLE_NAME: tableName,
      SITE_BUCKET: bucket,
      SITE_BASE_URL: "http://127.0.0.1:3000/site",
      COUNTY_NAME: "沂源县",
      JWT_ISSUER: LOCAL_ISSUER,
      JWT_AUDIENCE: LOCAL_AUDIENCE,
      JWT_SECRET: TEST_SECRET,
      AWS_ENDPOINT_URL_DYNAMODB: inject("dynamoEndpoint"),
      AWS_ENDPOINT_URL_S3: inject("s3Endpoint"),
    });
    ({ handler } = (await import("../../functions/api")) as unknown as { handler: typeof handler });
  });

  afterEach(() => {
    logSink.write = originalWrite;
  });

  const event = (method: string, rawPath: string, requestId: string, headers: Record<string, string> = {}, body?: unknown) => ({
    version: "2.0",
    routeKey: "$default",
    rawPath,
    rawQueryString: "",
    headers: { host: "api.example", ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    requestContext: {
      requestId,
      routeKey: "$default",
      stage: "$default",
      http: { method, path: rawPath, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "vitest" },
    },
    body: body === undefined ? null : JSON.stringify(body),
    isBase64Encoded: false,
  });

  async function invoke(e: ReturnType<typeof event>) {
    lines = [];
    logSink.write = (line) => void lines.push(line);
    const result = await handler(e);
    logSink.write = originalWrite;
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    return { result, parsed, accessLines: parsed.filter((line) => line.msg === "request") };
  }

  it("writes one JSON object line with request id, route, status, latency, actor and agency", async () => {
    const admin = await signLocalToken({ role: "countyAdmin" }, { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, secret: TEST_SECRET });
    const put = await invoke(
      event("PUT", "/v1/agencies/town-log", "req-put-1", { authorization: `Bearer ${admin}` }, { fullName: "沂源县日志测试镇人民政府", kind: "town" }),
    );
    expect(put.result.statusCode).toBe(201);
    expect(put.accessLines).toHaveLength(1);
    expect(put.accessLines[0]).toEqual({
      level: "info",
      msg: "request",
      requestId: "req-put-1",
      route: "PUT /v1/agencies/{agencyId}",
      routeKey: "$default",
      method: "PUT",
      status: 201,
      latencyMs: expect.any(Number),
      actor: { subject: "county-admin", role: "countyAdmin" },
      agencyId: "town-log",
      ...(put.accessLines[0]!.coldStart ? { coldStart: true } : {}),
    });
    // Written once: each line is an object, no field holds JSON text.
    for (const line of lines) expect(line.startsWith("{")).toBe(true);
    expect(Object.values(put.accessLines[0]!).some((value) => typeof value === "string" && value.startsWith("{"))).toBe(false);

    const editor = await signLocalToken(
      { role: "agencyEditor", agencyId: "town-log" },
      { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, secret: TEST_SECRET },
    );
    const get = await invoke(event("GET", "/v1/agencies/town-log/reports/2024", "req-get-2", { authorization: `Bearer ${editor}` }));
    expect(get.accessLines).toHaveLength(1);
    expect(get.accessLines[0]).toMatchObject({
      requestId: "req-get-2",
      route: "GET /v1/agencies/{agencyId}/reports/{year}",
      status: get.result.statusCode,
      actor: { subject: "editor@town-log", role: "agencyEditor", agencyId: "town-log" },
      agencyId: "town-log",
    });
    expect(get.accessLines[0]!.coldStart).toBeUndefined();
  });

  it("leaves the actor out when no token was verified, and logs what a 5xx-free 401 is", async () => {
    const unauthenticated = await invoke(event("GET", "/v1/agencies/town-log", "req-401", { authorization: "Bearer nope" }));
    expect(unauthenticated.result.statusCode).toBe(401);
    expect(unauthenticated.accessLines).toHaveLength(1);
    expect(unauthenticated.accessLines[0]).toMatchObject({ level: "info", requestId: "req-401", status: 401, agencyId: "town-log" });
    expect(unauthenticated.accessLines[0]!.actor).toBeUndefined();

    const unknown = await invoke(event("GET", "/v1/nowhere", "req-404"));
    expect(unknown.accessLines[0]).toMatchObject({ route: "GET (no route)", path: "/v1/nowhere", status: 404 });
  });
});

// ---------------------------------------------------------------- local emulators

/** The local addresses on which something listens on `port` (from /proc/net/tcp and tcp6, Linux). */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  const addresses: string[] = [];
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const row of readFileSync(file, "utf8").trim().split("\n").slice(1)) {
      const [, local, , state] = row.trim().split(/\s+/);
      const [address, rowPort] = local!.split(":");
      if (state === "0A" && rowPort === hexPort) addresses.push(address!);
    }
  }
  return addresses;
}
const LOOPBACK_HEX = new Set(["0100007F", "0000000000000000FFFF00000100007F", "00000000000000000000000001000000"]);

describe("local emulators", () => {
  it("DynamoDB Local and s3rver listen on 127.0.0.1 only", () => {
    for (const endpoint of [inject("dynamoEndpoint"), inject("s3Endpoint")]) {
      const addresses = listeningAddresses(Number(new URL(endpoint).port));
      expect(addresses.length, endpoint).toBeGreaterThan(0);
      expect(addresses.filter((address) => !LOOPBACK_HEX.has(address)), endpoint).toEqual([]);
    }
  });
});
