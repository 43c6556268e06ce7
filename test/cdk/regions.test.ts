/**
 * Issue 10, point 1: the stack synthesizes, with CDK's CloudFormation validation (Region-aware
 * resource schemas) and cdk-nag, for the China partition (cn-north-1, cn-northwest-1), an opt-in
 * Region (ap-east-1) and default Regions (ap-northeast-1, us-east-1), and differs where AWS does.
 */
import { CloudFormationValidatePlugin } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../lib/app";
import { CLOUDFRONT_LOG_PREFIX, INDEX_REWRITE_FUNCTION } from "../../lib/constructs/site";
import { type Synthesized, cdkJsonContext, getAtt, lid, ref, synth } from "./helpers";

const CHINA_SITE = { siteDomain: "xxgk.yiyuan.gov.cn", siteIamCertificateId: "ASCACKCEVSQ6C2EXAMPLE" };
const REGIONS = ["cn-north-1", "cn-northwest-1", "ap-east-1", "ap-northeast-1", "us-east-1"] as const;
type Region = (typeof REGIONS)[number];
const isChina = (r: Region) => r.startsWith("cn-");

const synthesized = new Map<Region, Synthesized>();
/** One engine for all five templates (loading the resource schemas is the slow part). */
const cfnValidate = new CloudFormationValidatePlugin();
beforeAll(() => {
  for (const region of REGIONS) {
    // With alarmEmail: the SNS topic and its KMS key must exist in every Region too.
    const overrides = { alarmEmail: "xxgk-ops@yiyuan.gov.cn", ...(isChina(region) ? CHINA_SITE : {}) };
    synthesized.set(region, synth(overrides, { bundle: false, region }));
  }
}, 300_000);
afterAll(() => {
  for (const s of synthesized.values()) s.cleanup();
});

const get = (region: Region) => synthesized.get(region)!;
const resourcesOf = (s: Synthesized, type: string) => Object.entries(s.json.Resources).filter(([, r]) => r.Type === type);
const distributionConfig = (s: Synthesized) =>
  s.json.Resources[lid(s.stack.site.distribution)]!.Properties!["DistributionConfig"] as Record<string, any>;
const functions = (s: Synthesized) =>
  [s.stack.api, s.stack.publishWorker, s.stack.yearlyJob].map((f) => s.json.Resources[lid(f.function)]!.Properties!);

describe.each(REGIONS)("%s", (region) => {
  it("is pinned to the Region and its partition", () => {
    const s = get(region);
    expect(s.stack.region).toBe(region);
    expect(s.stack.partition).toBe(isChina(region) ? "aws-cn" : "aws");
    expect(s.app.synth().getStackArtifact(s.stack.artifactId).environment.region).toBe(region);
  });

  it("passes CDK's CloudFormation validation for that Region (resource types and properties that exist there)", () => {
    const s = get(region);
    const report = cfnValidate.validate({
      stackTemplates: [
        {
          stackConstructPath: s.stack.node.path,
          templatePath: `${s.outdir}/${s.stack.templateFile}`,
          accountId: "123456789012",
          region,
        },
      ],
    } as unknown as Parameters<CloudFormationValidatePlugin["validate"]>[0]);
    expect(report.violations.map((v) => `${v.ruleName}: ${v.description}`)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it("passes cdk-nag's AwsSolutions pack", () => {
    expect(new AwsSolutionsChecks().validateScope(get(region).app).violations).toEqual([]);
  });

  it("routes every alarm to the alarmEmail topic", () => {
    const s = get(region);
    s.template.hasResourceProperties("AWS::SNS::Subscription", { Protocol: "email", Endpoint: "xxgk-ops@yiyuan.gov.cn" });
    const alarms = resourcesOf(s, "AWS::CloudWatch::Alarm");
    expect(alarms).toHaveLength(8);
    for (const [, a] of alarms) expect(a.Properties!["AlarmActions"]).toEqual([ref(lid(s.stack.alarms.topic!))]);
  });

  it("uses no X-Ray tracing (not available to Lambda in the China Regions)", () => {
    for (const f of functions(get(region))) expect(f).not.toHaveProperty("TracingConfig");
    expect(resourcesOf(get(region), "AWS::XRay::Group")).toEqual([]);
  });
});

describe("the validation knows the Regions (these tests can fail)", () => {
  it("refuses the commercial design in China: CloudFront Function and origin access control do not exist there", () => {
    const s = get("us-east-1");
    const report = cfnValidate.validate({
      stackTemplates: [{ stackConstructPath: s.stack.node.path, templatePath: `${s.outdir}/${s.stack.templateFile}`, accountId: "123456789012", region: "cn-north-1" }],
    } as unknown as Parameters<CloudFormationValidatePlugin["validate"]>[0]);
    expect(report.success).toBe(false);
    expect(report.violations.map((v) => v.description).sort()).toEqual([
      "Type: Resource type 'AWS::CloudFront::Function' does not exist in 'cn-north-1'",
      "Type: Resource type 'AWS::CloudFront::OriginAccessControl' does not exist in 'cn-north-1'",
    ]);
  });
});

describe("China (cn-north-1, cn-northwest-1): CloudFront as it exists there", () => {
  const china = () => ["cn-north-1", "cn-northwest-1"].map((r) => get(r as Region));

  it("has no CloudFront Function and no origin access control; an origin access identity reads the bucket", () => {
    for (const s of china()) {
      expect(resourcesOf(s, "AWS::CloudFront::Function")).toEqual([]);
      expect(resourcesOf(s, "AWS::CloudFront::OriginAccessControl")).toEqual([]);
      expect(resourcesOf(s, "AWS::CloudFront::CloudFrontOriginAccessIdentity")).toHaveLength(1);
      const oaiId = lid(s.stack.site.originAccessIdentity!);
      const [origin] = distributionConfig(s)["Origins"];
      expect(origin.S3OriginConfig.OriginAccessIdentity).toEqual({
        "Fn::Join": ["", ["origin-access-identity/cloudfront/", ref(oaiId)]],
      });
      expect(origin).not.toHaveProperty("OriginAccessControlId");
      expect(distributionConfig(s)["DefaultCacheBehavior"]).not.toHaveProperty("FunctionAssociations");
      // The bucket allows exactly that identity to read objects.
      const policy = resourcesOf(s, "AWS::S3::BucketPolicy").find(
        ([, r]) => JSON.stringify(r.Properties!["Bucket"]) === JSON.stringify(ref(lid(s.stack.site.bucket))),
      )![1];
      const allows = (policy.Properties!["PolicyDocument"] as { Statement: Record<string, unknown>[] }).Statement.filter(
        (st) => st["Effect"] === "Allow",
      );
      expect(allows).toEqual([
        expect.objectContaining({
          Action: "s3:GetObject",
          Principal: { CanonicalUser: getAtt(oaiId, "S3CanonicalUserId") },
          Resource: { "Fn::Join": ["", [getAtt(lid(s.stack.site.bucket)), "/*"]] },
        }),
      ]);
    }
  });

  it("serves the ICP-filed domain with the IAM server certificate (TLS 1.2, SNI); URLs use the domain", () => {
    for (const s of china()) {
      expect(distributionConfig(s)).toMatchObject({
        Aliases: ["xxgk.yiyuan.gov.cn"],
        ViewerCertificate: { IamCertificateId: "ASCACKCEVSQ6C2EXAMPLE", MinimumProtocolVersion: "TLSv1.2_2021", SslSupportMethod: "sni-only" },
        DefaultRootObject: "index.html",
        HttpVersion: "http2",
        IPV6Enabled: false,
      });
      expect(distributionConfig(s)).not.toHaveProperty("PriceClass");
      expect(distributionConfig(s)).not.toHaveProperty("WebACLId");
      s.template.hasOutput("SiteUrl", { Value: "https://xxgk.yiyuan.gov.cn/" });
      for (const f of functions(s)) expect(f).toMatchObject({ Environment: { Variables: { SITE_BASE_URL: "https://xxgk.yiyuan.gov.cn" } } });
    }
  });

  it("tells the functions to write directory index objects (no CloudFront Function rewrites …/ there)", () => {
    for (const s of china()) for (const f of functions(s)) expect(f).toMatchObject({ Environment: { Variables: { SITE_DIRECTORY_OBJECTS: "true" } } });
    for (const f of functions(get("ap-east-1"))) expect(f).toMatchObject({ Environment: { Variables: { SITE_DIRECTORY_OBJECTS: "false" } } });
  });

  it("has no Lambda recursive loop setting (not available in the China Regions)", () => {
    for (const s of china()) for (const f of functions(s)) expect(f).not.toHaveProperty("RecursiveLoop");
    for (const f of functions(get("us-east-1"))) expect(f).toMatchObject({ RecursiveLoop: "Terminate" });
  });

  it("keeps CloudFront standard logs in the AccessLogs bucket", () => {
    for (const s of china()) expect(distributionConfig(s)["Logging"]).toMatchObject({ Prefix: CLOUDFRONT_LOG_PREFIX });
  });

  it("refuses to synthesize without the ICP domain and the IAM certificate, saying which key and why", () => {
    expect(() =>
      buildApp({ context: { ...cdkJsonContext(), "aws:cdk:bundling-stacks": [] } }, { region: "cn-northwest-1" }),
    ).toThrow(/siteDomain: is required in cn-northwest-1 \(AWS China\)[\s\S]*siteIamCertificateId: is required in cn-northwest-1/);
  });
});

describe("opt-in Region (ap-east-1): CloudFront logging that works there", () => {
  it("does not ask CloudFront for standard logging (legacy) to a bucket in the Region, which it cannot deliver", () => {
    expect(distributionConfig(get("ap-east-1"))).not.toHaveProperty("Logging");
    for (const r of ["ap-northeast-1", "us-east-1"] as const) {
      expect(distributionConfig(get(r))["Logging"]).toEqual({
        Bucket: getAtt(lid(get(r).stack.node.findChild("AccessLogs")), "RegionalDomainName"),
        IncludeCookies: false,
        Prefix: CLOUDFRONT_LOG_PREFIX,
      });
    }
  });

  it("lets standard logging v2 of this account (delivery source in us-east-1) write log keys into the AccessLogs bucket", () => {
    const s = get("ap-east-1");
    const bucketId = lid(s.stack.node.findChild("AccessLogs"));
    const policy = resourcesOf(s, "AWS::S3::BucketPolicy").find(
      ([, r]) => JSON.stringify(r.Properties!["Bucket"]) === JSON.stringify(ref(bucketId)),
    )![1];
    const statements = (policy.Properties!["PolicyDocument"] as { Statement: Record<string, unknown>[] }).Statement;
    expect(statements).toContainEqual({
      Sid: "CloudFrontStandardLogsV2",
      Effect: "Allow",
      Principal: { Service: "delivery.logs.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: [
        { "Fn::Join": ["", [getAtt(bucketId), "/AWSLogs/", ref("AWS::AccountId"), "/*"]] },
        { "Fn::Join": ["", [getAtt(bucketId), `/${CLOUDFRONT_LOG_PREFIX}*`]] },
      ],
      Condition: {
        StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceAccount": ref("AWS::AccountId") },
        ArnLike: { "aws:SourceArn": { "Fn::Join": ["", ["arn:aws:logs:us-east-1:", ref("AWS::AccountId"), ":delivery-source:*"]] } },
      },
    });
    // Nowhere else does anything but S3 server access logging write to the bucket.
    for (const r of ["ap-northeast-1", "us-east-1", "cn-north-1"] as const) {
      expect(JSON.stringify(get(r).json)).not.toContain("delivery.logs.amazonaws.com");
    }
  });

  it("outputs the distribution ARN the logging v2 commands need", () => {
    const s = get("ap-east-1");
    s.template.hasOutput("SiteDistributionArn", {
      Value: { "Fn::Join": ["", ["arn:aws:cloudfront::", ref("AWS::AccountId"), ":distribution/", ref(lid(s.stack.site.distribution))]] },
    });
  });

  it("keeps origin access control and the index-rewrite function, like every commercial Region", () => {
    for (const r of ["ap-east-1", "ap-northeast-1", "us-east-1"] as const) {
      const s = get(r);
      expect(resourcesOf(s, "AWS::CloudFront::OriginAccessControl")).toHaveLength(1);
      const fns = resourcesOf(s, "AWS::CloudFront::Function");
      expect(fns).toHaveLength(1);
      expect(fns[0]![1].Properties!["FunctionCode"]).toBe(INDEX_REWRITE_FUNCTION);
      expect(resourcesOf(s, "AWS::CloudFront::CloudFrontOriginAccessIdentity")).toEqual([]);
    }
  });
});
