/**
 * Issue 4, point 1: one stack with every resource of design.md §1, checked resource by resource.
 * Synthesizes the real app (cdk.json context, local esbuild bundling) once.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Stack } from "aws-cdk-lib";
import { Match } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configSchema } from "../../functions/config";
import { CHUNK_FOLDER } from "../../lib/constructs/function-bundle";
import { ESM_REQUIRE_BANNER } from "../../lib/constructs/service-function";
import { BUNDLED_FONT_FOLDER, EDITION_FONT_FILES } from "../../functions/report/render/editions/fonts";
import { ACCESS_LOG_FIELDS } from "../../lib/constructs/http-api";
import { NOT_FOUND_PAGE } from "../../lib/constructs/site";
import { PUBLISH_LEASE_SECONDS, PUBLISH_MAX_RECEIVE_COUNT } from "../../lib/disclosure-stack";
import { type Synthesized, getAtt, lid, ref, synth } from "./helpers";

let s: Synthesized;
beforeAll(() => {
  s = synth();
}, 180_000);
afterAll(() => s?.cleanup());

const fnIds = () => ({
  api: lid(s.stack.api.function),
  publishWorker: lid(s.stack.publishWorker.function),
  yearlyJob: lid(s.stack.yearlyJob.function),
});

/** What every bucket of the stack must be: no public access at all, encrypted at rest. */
const PRIVATE_ENCRYPTED_BUCKET = {
  PublicAccessBlockConfiguration: {
    BlockPublicAcls: true,
    BlockPublicPolicy: true,
    IgnorePublicAcls: true,
    RestrictPublicBuckets: true,
  },
  BucketEncryption: {
    ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
  },
};

describe("the app", () => {
  it("synthesizes exactly one stack", () => {
    expect(s.app.node.children.filter((c) => Stack.isStack(c))).toEqual([s.stack]);
    // cdk.json's countyId is "yiyuan".
    expect(s.app.synth().stacks.map((a) => a.stackName)).toEqual(["DisclosureReports-yiyuan"]);
  });
});

describe("DynamoDB table", () => {
  it("has pk/sk string keys and one GSI gsi1 (gsi1pk/gsi1sk, projection ALL)", () => {
    s.template.resourceCountIs("AWS::DynamoDB::Table", 1);
    s.template.hasResourceProperties("AWS::DynamoDB::Table", {
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      AttributeDefinitions: Match.arrayEquals([
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "S" },
        { AttributeName: "gsi1pk", AttributeType: "S" },
        { AttributeName: "gsi1sk", AttributeType: "S" },
      ]),
      GlobalSecondaryIndexes: [
        {
          IndexName: "gsi1",
          KeySchema: [
            { AttributeName: "gsi1pk", KeyType: "HASH" },
            { AttributeName: "gsi1sk", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        },
      ],
    });
  });

  it("is on-demand, with point-in-time recovery, deletion protection and KMS encryption", () => {
    s.template.hasResourceProperties("AWS::DynamoDB::Table", {
      BillingMode: "PAY_PER_REQUEST",
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      SSESpecification: { SSEEnabled: true },
    });
  });

  it("is retained when the stack is deleted or the table replaced", () => {
    s.template.hasResource("AWS::DynamoDB::Table", { DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" });
  });
});

describe("site bucket", () => {
  const siteBucket = () => s.json.Resources[lid(s.stack.site.bucket)]!;

  it("is versioned, blocks all public access, is encrypted and owner-enforced", () => {
    expect(siteBucket().Properties).toMatchObject({
      VersioningConfiguration: { Status: "Enabled" },
      ...PRIVATE_ENCRYPTED_BUCKET,
      OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
    });
    expect(siteBucket().Properties).not.toHaveProperty("WebsiteConfiguration");
  });

  it("is retained and writes server access logs to the log bucket", () => {
    expect(siteBucket()).toMatchObject({ DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" });
    expect(siteBucket().Properties?.["LoggingConfiguration"]).toEqual({
      DestinationBucketName: ref(lid(s.stack.node.findChild("AccessLogs"))),
      LogFilePrefix: "s3/site-bucket/",
    });
  });

  it("denies every request without TLS (and below TLS 1.2)", () => {
    s.template.hasResourceProperties("AWS::S3::BucketPolicy", {
      Bucket: ref(lid(s.stack.site.bucket)),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Deny",
            Action: "s3:*",
            Principal: { AWS: "*" },
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
          Match.objectLike({
            Effect: "Deny",
            Action: "s3:*",
            Condition: { NumericLessThan: { "s3:TlsVersion": 1.2 } },
          }),
        ]),
      },
    });
  });

  it("is readable only by this CloudFront distribution (origin access control)", () => {
    const bucketId = lid(s.stack.site.bucket);
    const distId = lid(s.stack.site.distribution);
    const policy = Object.values(s.json.Resources).find(
      (r) => r.Type === "AWS::S3::BucketPolicy" && JSON.stringify(r.Properties?.["Bucket"]) === JSON.stringify(ref(bucketId)),
    )!;
    const allows = (policy.Properties!["PolicyDocument"] as { Statement: Record<string, unknown>[] }).Statement.filter(
      (st) => st["Effect"] === "Allow",
    );
    expect(allows).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "cloudfront.amazonaws.com" },
        // No ListBucket: a missing key's 403 is turned into the 404 page by the distribution.
        Action: "s3:GetObject",
        Resource: { "Fn::Join": ["", [getAtt(bucketId), "/*"]] },
        Condition: {
          StringEquals: {
            "AWS:SourceArn": {
              "Fn::Join": [
                "",
                ["arn:", ref("AWS::Partition"), ":cloudfront::", ref("AWS::AccountId"), ":distribution/", ref(distId)],
              ],
            },
          },
        },
      },
    ]);
    s.template.hasResourceProperties("AWS::CloudFront::OriginAccessControl", {
      OriginAccessControlConfig: { OriginAccessControlOriginType: "s3", SigningBehavior: "always", SigningProtocol: "sigv4" },
    });
  });
});

describe("access log bucket", () => {
  it("is private, encrypted, TLS-only, retained and expires logs after the retention period", () => {
    const logs = s.json.Resources[lid(s.stack.node.findChild("AccessLogs"))]!;
    expect(logs).toMatchObject({
      DeletionPolicy: "Retain",
      Properties: {
        ...PRIVATE_ENCRYPTED_BUCKET,
        LifecycleConfiguration: { Rules: [{ ExpirationInDays: 365, Status: "Enabled" }] },
      },
    });
  });
});

describe("CloudFront distribution", () => {
  const config = () =>
    s.json.Resources[lid(s.stack.site.distribution)]!.Properties!["DistributionConfig"] as Record<string, any>;

  it("serves the site bucket through origin access control, never an OAI", () => {
    s.template.resourceCountIs("AWS::CloudFront::Distribution", 1);
    s.template.resourceCountIs("AWS::CloudFront::CloudFrontOriginAccessIdentity", 0);
    const [origin] = config()["Origins"];
    expect(config()["Origins"]).toHaveLength(1);
    expect(origin.DomainName).toEqual(getAtt(lid(s.stack.site.bucket), "RegionalDomainName"));
    expect(origin.OriginAccessControlId).toEqual({ "Fn::GetAtt": [expect.any(String), "Id"] });
    expect(origin.S3OriginConfig).toEqual({ OriginAccessIdentity: "" });
  });

  it("redirects HTTP to HTTPS, has a default root object, GET/HEAD only, security headers", () => {
    expect(config()).toMatchObject({
      Enabled: true,
      DefaultRootObject: "index.html",
      HttpVersion: "http2and3",
      IPV6Enabled: true,
      DefaultCacheBehavior: {
        ViewerProtocolPolicy: "redirect-to-https",
        AllowedMethods: ["GET", "HEAD"],
        Compress: true,
        // AWS managed SecurityHeadersPolicy (HSTS, nosniff, X-Frame-Options, Referrer-Policy).
        ResponseHeadersPolicyId: "67f7725c-6f97-4210-82d7-5512b31e9d03",
        FunctionAssociations: [{ EventType: "viewer-request" }],
      },
    });
  });

  it("answers a missing key (403 or 404 from S3) with the Chinese 404 page and status 404", () => {
    expect(config()["CustomErrorResponses"]).toEqual(
      [403, 404].map((code) => ({ ErrorCode: code, ResponseCode: 404, ResponsePagePath: NOT_FOUND_PAGE, ErrorCachingMinTTL: 60 })),
    );
    expect(NOT_FOUND_PAGE).toBe("/404.html");
  });

  it("uses only AWS managed cache and response headers policies (no per-account quota consumed per county)", () => {
    s.template.resourceCountIs("AWS::CloudFront::CachePolicy", 0);
    s.template.resourceCountIs("AWS::CloudFront::ResponseHeadersPolicy", 0);
    // Managed-CachingOptimized: honours the Cache-Control the publisher sets on every object.
    expect(config()["DefaultCacheBehavior"]["CachePolicyId"]).toBe("658327ea-f89d-4fab-a63d-7e88639e58f6");
  });

  it("writes standard logs to the log bucket", () => {
    expect(config()["Logging"]).toEqual({
      Bucket: getAtt(lid(s.stack.node.findChild("AccessLogs")), "RegionalDomainName"),
      IncludeCookies: false,
      Prefix: "cloudfront/",
    });
  });

  it("without siteDomain: default certificate, no aliases", () => {
    expect(config()).not.toHaveProperty("Aliases");
    expect(config()).not.toHaveProperty("ViewerCertificate");
  });
});

describe("HTTP API", () => {
  it("sends $default to the api function, behind the county IdP's JWT authorizer", () => {
    s.template.resourceCountIs("AWS::ApiGatewayV2::Api", 1);
    s.template.hasResourceProperties("AWS::ApiGatewayV2::Api", { ProtocolType: "HTTP" });
    s.template.hasResourceProperties("AWS::ApiGatewayV2::Integration", {
      IntegrationType: "AWS_PROXY",
      PayloadFormatVersion: "2.0",
      IntegrationUri: getAtt(fnIds().api),
      TimeoutInMillis: 29000,
    });
    s.template.hasResourceProperties("AWS::ApiGatewayV2::Route", {
      RouteKey: "$default",
      AuthorizationType: "JWT",
    });
    s.template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      AuthorizerType: "JWT",
      IdentitySource: ["$request.header.Authorization"],
      JwtConfiguration: {
        Issuer: "https://idp.example.com/realms/yiyuan",
        Audience: ["disclosure-reports"],
      },
    });
  });

  it("leaves only GET /v1/health, GET /v1/openapi.json and the CORS preflights public", () => {
    const routes = Object.values(s.json.Resources)
      .filter((r) => r.Type === "AWS::ApiGatewayV2::Route")
      .map((r) => [r.Properties!["RouteKey"], r.Properties!["AuthorizationType"]]);
    expect(routes.sort()).toEqual(
      [
        ["$default", "JWT"],
        ["GET /v1/health", "NONE"],
        ["GET /v1/openapi.json", "NONE"],
        ["OPTIONS /{proxy+}", "NONE"],
      ].sort(),
    );
  });

  it("throttles the $default stage with the rate and burst of the context", () => {
    s.template.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "$default",
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
    });
  });

  it("writes JSON access logs to a log group with retention", () => {
    const logGroupId = lid(s.stack.httpApi.accessLogGroup);
    s.template.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      AccessLogSettings: { DestinationArn: getAtt(logGroupId), Format: JSON.stringify(ACCESS_LOG_FIELDS) },
    });
    s.template.hasResourceProperties("AWS::Logs::LogGroup", { RetentionInDays: 365 });
    expect(s.json.Resources[logGroupId]!.Properties).toMatchObject({ RetentionInDays: 365 });
  });

  it("never answers CORS itself (the api function does): no CorsConfiguration", () => {
    s.template.hasResourceProperties("AWS::ApiGatewayV2::Api", { CorsConfiguration: Match.absent() });
  });

  it("sends every preflight (OPTIONS /{proxy+}) to the api function without the JWT authorizer", () => {
    const route = s.json.Resources[lid(s.stack.httpApi.preflightRoute)]!;
    expect(route.Properties).toMatchObject({ RouteKey: "OPTIONS /{proxy+}", AuthorizationType: "NONE" });
    expect(route.Properties).not.toHaveProperty("AuthorizerId");
    const integrationId = ((route.Properties!["Target"] as { "Fn::Join": [string, unknown[]] })["Fn::Join"][1][1] as { Ref: string }).Ref;
    expect(s.json.Resources[integrationId]!.Properties).toMatchObject({ IntegrationUri: getAtt(fnIds().api) });
  });
});

describe("Lambda functions", () => {
  const fn = (key: keyof ReturnType<typeof fnIds>) => s.json.Resources[fnIds()[key]]!;

  it("are exactly three: api, publish-worker, yearly-job", () => {
    s.template.resourceCountIs("AWS::Lambda::Function", 3);
  });

  it.each(["api", "publishWorker", "yearlyJob"] as const)("%s: Node.js 24 on arm64, ESM handler, JSON logs to its own log group", (key) => {
    const f = fn(key);
    expect(f.Properties).toMatchObject({
      Runtime: "nodejs24.x",
      Architectures: ["arm64"],
      Handler: "index.handler",
      LoggingConfig: { LogFormat: "JSON" },
    });
    const logGroupRef = (f.Properties!["LoggingConfig"] as { LogGroup: { Ref: string } }).LogGroup.Ref;
    expect(s.json.Resources[logGroupRef]).toMatchObject({
      Type: "AWS::Logs::LogGroup",
      Properties: { RetentionInDays: 365 },
      DeletionPolicy: "Retain",
    });
  });

  it("each function has a log group of its own", () => {
    const groups = (["api", "publishWorker", "yearlyJob"] as const).map(
      (k) => (fn(k).Properties!["LoggingConfig"] as { LogGroup: { Ref: string } }).LogGroup.Ref,
    );
    expect(new Set(groups).size).toBe(3);
  });

  it("memory and timeouts: api stops before the API's 29 s; the worker's visibility rule holds", () => {
    expect(fn("api").Properties).toMatchObject({ MemorySize: 1024, Timeout: 28 });
    expect(fn("publishWorker").Properties).toMatchObject({ MemorySize: 1024, Timeout: 60 });
    expect(fn("yearlyJob").Properties).toMatchObject({ MemorySize: 1024, Timeout: 300 });
    const queue = s.json.Resources[lid(s.stack.publishQueue)]!;
    const visibility = queue.Properties!["VisibilityTimeout"] as number;
    expect(visibility).toBeGreaterThanOrEqual(6 * (fn("publishWorker").Properties!["Timeout"] as number));
    // The publish lease outlives the longest publisher.
    expect(PUBLISH_LEASE_SECONDS).toBeGreaterThan(60);
  });

  it("are bundled by the local esbuild (never Docker): minified ESM for node24, module-first, source maps, code split", () => {
    for (const f of [s.stack.api, s.stack.publishWorker, s.stack.yearlyJob]) {
      expect(f.bundling).toMatchObject({
        format: "esm",
        platform: "node",
        target: "node24",
        minify: true,
        sourcemap: "linked",
        sourcesContent: false,
        mainFields: ["module", "main"],
        banner: { js: ESM_REQUIRE_BANNER },
        splitting: true,
        bundle: true,
      });
    }
    for (const key of ["api", "publishWorker", "yearlyJob"] as const) {
      expect(fn(key).Properties!["Handler"]).toBe("index.handler");
      const s3Key = (fn(key).Properties!["Code"] as { S3Key: string }).S3Key;
      const dir = join(s.outdir, `asset.${s3Key.replace(/\.zip$/, "")}`);
      const code = readFileSync(join(dir, "index.mjs"), "utf8");
      // What the function may load later: the chunks beside index.mjs (modules only imported dynamically).
      const chunkFiles = readdirSync(join(dir, CHUNK_FOLDER)).filter((file) => file.endsWith(".mjs"));
      expect(chunkFiles.length, `${key} has chunks`).toBeGreaterThan(0);
      const chunks = chunkFiles.map((file) => readFileSync(join(dir, CHUNK_FOLDER, file), "utf8"));
      const all = [code, ...chunks].join("\n");
      expect(code.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
      for (const chunk of chunks) expect(chunk.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
      expect(code).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
      expect(code.trimEnd().endsWith("//# sourceMappingURL=index.mjs.map")).toBe(true);
      expect(existsSync(join(dir, "index.mjs.map"))).toBe(true);
      // pdf.js is shipped beside every bundle (all three cores wire the importer), never bundled into
      // one, where its 1.5 MB would be parsed at each cold start.
      expect(all).not.toMatch(/pdfjsVersion|PDFWorker/);
      expect(existsSync(join(dir, "node_modules/pdfjs-dist/legacy/build/pdf.mjs"))).toBe(true);
      // The runtime's S3 and SQS clients are only ever imported dynamically: a static import, even in
      // a module reached only through import(), is hoisted to the bundle's top and loaded at init.
      expect(all).not.toMatch(/\bimport\s*\{[^}]*\}\s*from\s*["']@aws-sdk\/client-(s3|sqs)["']/);
      expect(all).toMatch(/import\(\s*["']@aws-sdk\/client-s3["']\s*\)/);
      // fontkit's WOFF2 Brotli decoder (its 1.3 MB dictionary) is aliased away in every bundle.
      expect(all).not.toMatch(/brotli/i);
      // Only the publish worker renders the Word/PDF editions: it alone has pdfkit and the fonts, and
      // pdfkit is a chunk it loads on its first PDF, not part of its init.
      const renders = key === "publishWorker";
      expect(/PDFDocument/.test(all), `${key} bundles pdfkit`).toBe(renders);
      expect(code, `${key} loads pdfkit at init`).not.toMatch(/PDFDocument/);
      for (const file of Object.values(EDITION_FONT_FILES)) expect(existsSync(join(dir, BUNDLED_FONT_FOLDER, file)), `${key} ${file}`).toBe(renders);
    }
    // The api's init does not load the route schemas: they are a chunk (functions/http/routes.ts).
    const apiKey = (fn("api").Properties!["Code"] as { S3Key: string }).S3Key;
    const apiCode = readFileSync(join(s.outdir, `asset.${apiKey.replace(/\.zip$/, "")}`, "index.mjs"), "utf8");
    expect(apiCode).not.toContain("请求格式错误：非法 JSON");
  });

  const baseEnv = () => ({
    NODE_OPTIONS: "--enable-source-maps",
    TABLE_NAME: ref(lid(s.stack.table.table)),
    METRICS_SERVICE: s.stack.stackName,
    SITE_BUCKET: ref(lid(s.stack.site.bucket)),
    SITE_BASE_URL: { "Fn::Join": ["", ["https://", getAtt(lid(s.stack.site.distribution), "DomainName")]] },
    COUNTY_NAME: "沂源县",
    TIME_ZONE: "Asia/Shanghai",
    DEADLINES: JSON.stringify({
      countyGovernment: "03-31",
      countyDepartment: "01-31",
      town: "01-31",
      subdistrict: "01-31",
    }),
    JWT_ISSUER: "https://idp.example.com/realms/yiyuan",
    JWT_AUDIENCE: "disclosure-reports",
    JWT_JWKS_URL: "https://idp.example.com/realms/yiyuan/protocol/openid-connect/certs",
    PUBLISH_LEASE_SECONDS: "120",
    SITE_DIRECTORY_OBJECTS: "false",
  });
  // cdk.json's portalOrigins is [].
  const apiEnv = () => ({ ...baseEnv(), PUBLISH_QUEUE_URL: ref(lid(s.stack.publishQueue)), CORS_ORIGINS: "" });

  it("environment: the contract with functions/config.ts", () => {
    const queueUrl = ref(lid(s.stack.publishQueue));
    expect(fn("api").Properties!["Environment"]).toEqual({ Variables: apiEnv() });
    expect(fn("yearlyJob").Properties!["Environment"]).toEqual({ Variables: { ...baseEnv(), PUBLISH_QUEUE_URL: queueUrl } });
    expect(fn("publishWorker").Properties!["Environment"]).toEqual({ Variables: baseEnv() });
  });

  it("environment passes the functions' own cold-start validation (functions/config.ts)", () => {
    const fake = (v: unknown): string => {
      if (typeof v === "string") return v;
      const o = v as Record<string, unknown>;
      if (o["Ref"] === lid(s.stack.publishQueue)) return "https://sqs.ap-east-1.amazonaws.com/123456789012/PublishQueue";
      if (o["Ref"]) return `resource-${String(o["Ref"])}`;
      if (o["Fn::GetAtt"]) return "d111111abcdef8.cloudfront.net";
      if (o["Fn::Join"]) {
        const [sep, parts] = o["Fn::Join"] as [string, unknown[]];
        return parts.map(fake).join(sep);
      }
      throw new Error(`unexpected ${JSON.stringify(v)}`);
    };
    for (const key of ["api", "publishWorker", "yearlyJob"] as const) {
      const vars = (fn(key).Properties!["Environment"] as { Variables: Record<string, unknown> }).Variables;
      const env = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, fake(v)]));
      const parsed = configSchema.safeParse(env);
      expect(parsed.success, `${key}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
  });

  it("yearly-job: failed asynchronous invocations go to the yearly-job dead-letter queue", () => {
    expect(fn("yearlyJob").Properties!["DeadLetterConfig"]).toEqual({ TargetArn: getAtt(lid(s.stack.yearlyJobDlq)) });
  });
});

describe("publish queue", () => {
  it("is encrypted, with a dead-letter queue after 5 receives (AWS: ≥ 5 for a Lambda event source) and a 6× worker-timeout visibility", () => {
    expect(PUBLISH_MAX_RECEIVE_COUNT).toBeGreaterThanOrEqual(5);
    s.template.hasResourceProperties("AWS::SQS::Queue", {
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 360,
      RedrivePolicy: { deadLetterTargetArn: getAtt(lid(s.stack.publishDlq)), maxReceiveCount: 5 },
    });
    expect(s.json.Resources[lid(s.stack.publishDlq)]!.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1209600,
    });
  });

  it("every queue is encrypted and refuses non-TLS requests", () => {
    const queues = Object.entries(s.json.Resources).filter(([, r]) => r.Type === "AWS::SQS::Queue");
    expect(queues).toHaveLength(3);
    for (const [id, q] of queues) {
      expect(q.Properties).toMatchObject({ SqsManagedSseEnabled: true });
      s.template.hasResourceProperties("AWS::SQS::QueuePolicy", {
        Queues: [ref(id)],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: "Deny",
              Action: "sqs:*",
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            }),
          ]),
        },
      });
    }
  });

  it("the worker consumes it with partial batch failures", () => {
    s.template.resourceCountIs("AWS::Lambda::EventSourceMapping", 1);
    s.template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      EventSourceArn: getAtt(lid(s.stack.publishQueue)),
      FunctionName: ref(fnIds().publishWorker),
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      BatchSize: 5,
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });

  it("takes the publish workers' maximum concurrency from the publishConcurrency context (a province)", () => {
    const province = synth({ publishConcurrency: "50" }, { bundle: false });
    try {
      province.template.hasResourceProperties("AWS::Lambda::EventSourceMapping", { ScalingConfig: { MaximumConcurrency: 50 } });
    } finally {
      province.cleanup();
    }
  });
});

describe("EventBridge Scheduler", () => {
  const schedules = () =>
    Object.values(s.json.Resources)
      .filter((r) => r.Type === "AWS::Scheduler::Schedule")
      .map((r) => r.Properties as Record<string, any>);

  it("has the open-year schedule and both deadline runs, in Asia/Shanghai, with the contract's payloads", () => {
    const got = schedules()
      .map((p) => ({
        expression: p["ScheduleExpression"],
        tz: p["ScheduleExpressionTimezone"],
        input: JSON.parse(p["Target"]["Input"]),
      }))
      .filter((p) => p.input.action !== "remind")
      .sort((a, b) => a.expression.localeCompare(b.expression));
    expect(got).toEqual(
      [
        { expression: "cron(0 2 1 1 ? *)", tz: "Asia/Shanghai", input: { action: "openYear" } },
        {
          expression: "cron(0 20 31 1 ? *)",
          tz: "Asia/Shanghai",
          input: { action: "publishRun", kinds: ["countyDepartment", "town", "subdistrict"] },
        },
        {
          expression: "cron(0 20 31 3 ? *)",
          tz: "Asia/Shanghai",
          input: { action: "publishRun", kinds: ["countyGovernment"] },
        },
      ].sort((a, b) => a.expression.localeCompare(b.expression)),
    );
  });

  it("has a reminder 10, 3 and 1 days before each deadline, at 09:00 Asia/Shanghai", () => {
    const reminders = schedules()
      .map((p) => ({ expression: p["ScheduleExpression"], tz: p["ScheduleExpressionTimezone"], input: JSON.parse(p["Target"]["Input"]) }))
      .filter((p) => p.input.action === "remind")
      .sort((a, b) => a.expression.localeCompare(b.expression));
    const expected = [
      ["01-31", 10, "cron(0 9 21 1 ? *)"],
      ["01-31", 3, "cron(0 9 28 1 ? *)"],
      ["01-31", 1, "cron(0 9 30 1 ? *)"],
      ["03-31", 10, "cron(0 9 21 3 ? *)"],
      ["03-31", 3, "cron(0 9 28 3 ? *)"],
      ["03-31", 1, "cron(0 9 30 3 ? *)"],
    ].map(([deadline, step, expression]) => ({ expression, tz: "Asia/Shanghai", input: { action: "remind", step, deadline } }));
    expect(reminders).toEqual(expected.sort((a, b) => (a.expression as string).localeCompare(b.expression as string)));
  });

  it("targets the yearly job with a retry policy and a dead-letter queue, at the exact time", () => {
    for (const p of schedules()) {
      expect(p).toMatchObject({
        State: "ENABLED",
        FlexibleTimeWindow: { Mode: "OFF" },
        Target: {
          Arn: getAtt(fnIds().yearlyJob),
          RoleArn: getAtt(lid(s.stack.schedules.role)),
          DeadLetterConfig: { Arn: getAtt(lid(s.stack.yearlyJobDlq)) },
          RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 86400 },
        },
      });
    }
  });

  it("follows the schedule context", () => {
    const other = synth(
      {
        openYearSchedule: "cron(30 1 2 1 ? *)",
        timeZone: "Asia/Urumqi",
        publishRunSchedules: JSON.stringify([
          { cron: "cron(0 22 31 3 ? *)", kinds: ["countyDepartment", "town", "subdistrict", "countyGovernment"] },
        ]),
      },
      { bundle: false },
    );
    try {
      const got = Object.values(other.json.Resources)
        .filter((r) => r.Type === "AWS::Scheduler::Schedule" && !JSON.stringify(r.Properties!["Target"]).includes("remind"))
        .map((r) => [r.Properties!["ScheduleExpression"], r.Properties!["ScheduleExpressionTimezone"]]);
      expect(got.sort()).toEqual([
        ["cron(0 22 31 3 ? *)", "Asia/Urumqi"],
        ["cron(30 1 2 1 ? *)", "Asia/Urumqi"],
      ]);
    } finally {
      other.cleanup();
    }
  }, 120_000);
});

describe("alarms", () => {
  const alarms = () =>
    Object.values(s.json.Resources)
      .filter((r) => r.Type === "AWS::CloudWatch::Alarm")
      .map((r) => r.Properties as Record<string, any>);

  it("fire on any message in either dead-letter queue", () => {
    for (const dlq of [s.stack.publishDlq, s.stack.yearlyJobDlq]) {
      const matching = alarms().filter(
        (a) =>
          a["Namespace"] === "AWS/SQS" &&
          a["MetricName"] === "ApproximateNumberOfMessagesVisible" &&
          JSON.stringify(a["Dimensions"]) === JSON.stringify([{ Name: "QueueName", Value: getAtt(lid(dlq), "QueueName") }]),
      );
      expect(matching).toHaveLength(1);
      expect(matching[0]).toMatchObject({
        ComparisonOperator: "GreaterThanThreshold",
        Threshold: 0,
        Statistic: "Maximum",
        EvaluationPeriods: 1,
        TreatMissingData: "notBreaching",
      });
    }
  });

  it("fire on any error of each function", () => {
    for (const id of Object.values(fnIds())) {
      const matching = alarms().filter(
        (a) =>
          a["Namespace"] === "AWS/Lambda" &&
          a["MetricName"] === "Errors" &&
          JSON.stringify(a["Dimensions"]) === JSON.stringify([{ Name: "FunctionName", Value: ref(id) }]),
      );
      expect(matching).toHaveLength(1);
      expect(matching[0]).toMatchObject({ ComparisonOperator: "GreaterThanThreshold", Threshold: 0, Statistic: "Sum" });
    }
  });

  it("fire on any 5xx of the HTTP API (the api's own 500/503 included)", () => {
    const matching = alarms().filter((a) => a["Namespace"] === "AWS/ApiGateway" && a["MetricName"] === "5xx");
    expect(matching).toHaveLength(1);
    expect(matching[0]).toMatchObject({
      Dimensions: [{ Name: "ApiId", Value: ref(lid(s.stack.httpApi.api)) }],
      Statistic: "Sum",
      ComparisonOperator: "GreaterThanThreshold",
      Threshold: 0,
      TreatMissingData: "notBreaching",
    });
  });

  it("fire on any throttled read or write of the table", () => {
    const math = alarms().filter((a) => Array.isArray(a["Metrics"]) && JSON.stringify(a["Metrics"]).includes("AWS/DynamoDB"));
    expect(math).toHaveLength(1);
    const metrics = math[0]!["Metrics"] as { Id: string; Expression?: string; MetricStat?: { Metric: Record<string, unknown> } }[];
    const stats = metrics.filter((m) => m.MetricStat).map((m) => m.MetricStat!.Metric);
    expect(stats).toEqual(
      ["ReadThrottleEvents", "WriteThrottleEvents"].map((name) => ({
        Namespace: "AWS/DynamoDB",
        MetricName: name,
        Dimensions: [{ Name: "TableName", Value: ref(lid(s.stack.table.table)) }],
      })),
    );
    expect(metrics.find((m) => m.Expression)?.Expression).toBe("FILL(reads, 0) + FILL(writes, 0)");
    expect(math[0]).toMatchObject({ ComparisonOperator: "GreaterThanThreshold", Threshold: 0 });
  });

  it("are exactly these eight", () => {
    expect(alarms()).toHaveLength(8);
  });

  it("have no actions and no topic unless alarmEmail is set", () => {
    s.template.resourceCountIs("AWS::SNS::Topic", 0);
    for (const a of alarms()) expect(a).not.toHaveProperty("AlarmActions");
  });
});

describe("outputs", () => {
  it("give the API URL and the site URL", () => {
    s.template.hasOutput("ApiUrl", {
      Value: {
        "Fn::Join": [
          "",
          ["https://", ref(lid(s.stack.httpApi.api)), ".execute-api.", ref("AWS::Region"), ".", ref("AWS::URLSuffix"), "/"],
        ],
      },
    });
    s.template.hasOutput("SiteUrl", {
      Value: { "Fn::Join": ["", ["https://", getAtt(lid(s.stack.site.distribution), "DomainName"), "/"]] },
    });
    s.template.hasOutput("TableName", { Value: ref(lid(s.stack.table.table)) });
    s.template.hasOutput("SiteBucketName", { Value: ref(lid(s.stack.site.bucket)) });
  });
});

describe("placeholders", () => {
  it("warn at synth while the IdP settings are cdk.json's example.com placeholders", () => {
    const warnings = s.stack.node.metadata.filter((m) => m.type === "aws:cdk:warning").map((m) => String(m.data));
    expect(warnings.some((w) => w.includes("jwtIssuer, jwtJwksUrl"))).toBe(true);
  });
});
