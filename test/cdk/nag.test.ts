/**
 * Issue 4, point 3: cdk-nag's AwsSolutions pack (cdk-nag 3: a CDK validation plugin) runs over the
 * real app; synth succeeds with zero unacknowledged findings, and every acknowledgement names a
 * finding that really exists and says specifically why.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type App, Validations } from "aws-cdk-lib";
import { Match } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Synthesized, getAtt, lid, synth } from "./helpers";

interface Violation {
  ruleName: string;
  severity: string;
  violatingResources: { constructPath: string }[];
}

/** Every finding the pack reports, acknowledged or not. */
function rawFindings(app: App): Violation[] {
  const pack = new AwsSolutionsChecks();
  (pack as unknown as { isAcknowledged: () => boolean }).isAcknowledged = () => false;
  return pack.validateScope(app).violations as unknown as Violation[];
}

/** Acknowledgements recorded with Validations.of(x).acknowledge(), by construct path. */
function acknowledgements(app: App): { path: string; id: string; reason: string }[] {
  return app.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) =>
        Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({
          path: c.node.path,
          id: id.replace(/^annotation::/i, ""),
          reason,
        })),
      ),
  );
}

function expectCleanAndJustified(s: Synthesized): void {
  // 1. What the plugin reports during synth (synth would have thrown on an error).
  const result = new AwsSolutionsChecks().validateScope(s.app);
  expect(result.violations).toEqual([]);
  expect(result.success).toBe(true);
  const reportFile = join(s.outdir, "validation-report.json");
  if (existsSync(reportFile)) {
    const report = JSON.parse(readFileSync(reportFile, "utf8")) as {
      pluginReports: { pluginName: string; conclusion: string; violations: { ruleName: string }[] }[];
    };
    for (const p of report.pluginReports) {
      expect(p.conclusion, p.pluginName).toBe("success");
      expect(p.violations.filter((v) => v.ruleName.startsWith("AwsSolutions-"))).toEqual([]);
    }
  }

  // 2. Each finding is acknowledged on its resource or an ancestor; each acknowledgement matches a finding.
  const findings = rawFindings(s.app).flatMap((v) =>
    v.violatingResources.map((r) => ({ id: v.ruleName, path: r.constructPath })),
  );
  const acks = acknowledgements(s.app).filter((a) => a.id.startsWith("AwsSolutions-"));
  for (const f of findings) {
    const covering = acks.filter((a) => a.id === f.id && (f.path === a.path || f.path.startsWith(`${a.path}/`)));
    expect(covering.length, `${f.id} at ${f.path} is acknowledged`).toBeGreaterThan(0);
  }
  for (const a of acks) {
    const used = findings.some((f) => f.id === a.id && (f.path === a.path || f.path.startsWith(`${a.path}/`)));
    expect(used, `acknowledgement ${a.id} at ${a.path} matches a real finding`).toBe(true);
    // 3. Specific reasons, not boilerplate.
    expect(a.reason.length, `${a.id} reason`).toBeGreaterThanOrEqual(60);
  }
  // Acknowledgements are per resource, never stack- or app-wide.
  for (const a of acks) expect(a.path.split("/").length, a.path).toBeGreaterThanOrEqual(2);
}

describe("cdk-nag AwsSolutions with the cdk.json context", () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synth({}, { bundle: false });
  }, 180_000);
  afterAll(() => s?.cleanup());

  it("synth succeeds with the plugin and zero unacknowledged findings; each acknowledgement is real and reasoned", () => {
    expectCleanAndJustified(s);
  });

  it("acknowledges exactly the expected findings", () => {
    const acks = acknowledgements(s.app)
      .filter((a) => a.id.startsWith("AwsSolutions-"))
      .map((a) => `${a.path.replace(/^DisclosureReports-yiyuan\//, "")} ${a.id}`)
      .sort();
    expect(acks).toEqual(
      [
        "Site/Distribution AwsSolutions-CFR1",
        "Site/Distribution AwsSolutions-CFR2",
        "Site/Distribution AwsSolutions-CFR4",
        "HttpApi/Api/GET--v1--health AwsSolutions-APIG4",
        "HttpApi/Api/GET--v1--openapi.json AwsSolutions-APIG4",
        "HttpApi/Api/OPTIONS--{proxy+} AwsSolutions-APIG4",
        ...["ApiFunction", "PublishWorkerFunction"].flatMap((f) => [
          `${f}/Role AwsSolutions-IAM5[Resource::<SiteBucket978D4AEB.Arn>/agencies/*]`,
          `${f}/Role AwsSolutions-IAM5[Resource::<SiteBucket978D4AEB.Arn>/reports/*]`,
        ]),
      ].sort(),
    );
  });

  it("a real violation does fail synth (the plugin is wired in)", async () => {
    const { buildApp } = await import("../../lib/app");
    const { cdkJsonContext } = await import("./helpers");
    const { mkdtempSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { Queue } = await import("aws-cdk-lib/aws-sqs");
    const outdir = mkdtempSync(join(tmpdir(), "disclosure-cdk-nag-"));
    try {
      const { app, stack } = buildApp({
        context: { ...cdkJsonContext(), "aws:cdk:bundling-stacks": [] },
        outdir,
      });
      new Queue(stack, "UnencryptedNoDlq", { enforceSSL: false }); // SQS3 + SQS4
      expect(() => app.synth()).toThrow(/Validation failed|ValidationFailed|AwsSolutions-SQS/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("cdk-nag AwsSolutions with every optional feature switched", () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synth(
      {
        siteDomain: "xxgk.yiyuan.example.gov.cn",
        siteCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
        siteWebAclArn: "arn:aws:wafv2:us-east-1:123456789012:global/webacl/county/abcd",
        alarmEmail: "ops@yiyuan.example.gov.cn",
        gatewayJwtAuthorizer: "false",
        portalOrigins: "https://portal.yiyuan.example.gov.cn,https://review.yiyuan.example.gov.cn",
        jwtIssuer: "https://idp.yiyuan.gov.cn/realms/county",
        jwtJwksUrl: "https://idp.yiyuan.gov.cn/realms/county/protocol/openid-connect/certs",
      },
      { bundle: false },
    );
  }, 180_000);
  afterAll(() => s?.cleanup());

  it("stays clean, with fewer acknowledgements (TLS 1.2 custom domain, WAF attached)", () => {
    expectCleanAndJustified(s);
    const ids = acknowledgements(s.app).map((a) => a.id);
    expect(ids).not.toContain("AwsSolutions-CFR4");
    expect(ids).not.toContain("AwsSolutions-CFR2");
    expect(ids).toContain("AwsSolutions-CFR1");
  });

  it("custom domain: alias, SNI certificate, TLSv1.2_2021; SITE_BASE_URL and SiteUrl use the domain", () => {
    s.template.hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: {
        Aliases: ["xxgk.yiyuan.example.gov.cn"],
        ViewerCertificate: {
          AcmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
          MinimumProtocolVersion: "TLSv1.2_2021",
          SslSupportMethod: "sni-only",
        },
        WebACLId: "arn:aws:wafv2:us-east-1:123456789012:global/webacl/county/abcd",
      },
    });
    s.template.hasOutput("SiteUrl", { Value: "https://xxgk.yiyuan.example.gov.cn/" });
    const fns = Object.values(s.json.Resources).filter((r) => r.Type === "AWS::Lambda::Function");
    for (const f of fns) {
      expect(f.Properties).toMatchObject({
        Environment: { Variables: { SITE_BASE_URL: "https://xxgk.yiyuan.example.gov.cn" } },
      });
    }
  });

  it("alarmEmail: a KMS-encrypted, TLS-only topic is the action of every alarm", () => {
    s.template.resourceCountIs("AWS::SNS::Topic", 1);
    const keyId = lid(s.stack.alarms.node.findChild("TopicKey"));
    s.template.hasResourceProperties("AWS::SNS::Topic", { KmsMasterKeyId: getAtt(keyId) });
    s.template.hasResourceProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
    s.template.hasResourceProperties("AWS::KMS::Key", {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
          }),
        ]),
      },
    });
    s.template.hasResourceProperties("AWS::SNS::Subscription", { Protocol: "email", Endpoint: "ops@yiyuan.example.gov.cn" });
    const alarms = Object.values(s.json.Resources).filter((r) => r.Type === "AWS::CloudWatch::Alarm");
    expect(alarms).toHaveLength(8);
    for (const a of alarms) expect((a.Properties!["AlarmActions"] as unknown[]).length).toBe(1);
  });

  it("gatewayJwtAuthorizer=false: no authorizer, $default acknowledged as function-authorised; CORS answered by the api function", () => {
    s.template.resourceCountIs("AWS::ApiGatewayV2::Authorizer", 0);
    s.template.hasResourceProperties("AWS::ApiGatewayV2::Route", { RouteKey: "$default", AuthorizationType: "NONE" });
    // The gateway's own CORS would override the function's headers: portalOrigins reach the function.
    s.template.hasResourceProperties("AWS::ApiGatewayV2::Api", { CorsConfiguration: Match.absent() });
    expect(s.json.Resources[lid(s.stack.api.function)]!.Properties).toMatchObject({
      Environment: { Variables: { CORS_ORIGINS: "https://portal.yiyuan.example.gov.cn,https://review.yiyuan.example.gov.cn" } },
    });
    for (const other of [s.stack.publishWorker, s.stack.yearlyJob]) {
      expect(s.json.Resources[lid(other.function)]!.Properties!["Environment"]).not.toHaveProperty("Variables.CORS_ORIGINS");
    }
    const defaultAck = acknowledgements(s.app).find((a) => a.path.endsWith("/HttpApi/Api/DefaultRoute"));
    expect(defaultAck?.id).toBe("AwsSolutions-APIG4");
  });

  it("no placeholder warning once the IdP settings are real", () => {
    const warnings = s.stack.node.metadata.filter((m) => m.type === "aws:cdk:warning");
    expect(warnings).toEqual([]);
  });
});
