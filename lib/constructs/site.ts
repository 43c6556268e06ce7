import { Duration, RemovalPolicy, Stack, Token, Validations } from "aws-cdk-lib";
import * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import * as origins from "aws-cdk-lib/aws-cloudfront-origins";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";

/** Prefix of the CloudFront standard logs in the access-log bucket (legacy, or v2 set up by hand in opt-in Regions). */
export const CLOUDFRONT_LOG_PREFIX = "cloudfront/";

/** The Chinese 404 page the publisher writes at the site root; CloudFront answers every missing key with it. */
export const NOT_FOUND_PAGE = "/404.html";

/**
 * Viewer-request function (not in China): `/reports/2024/x/` serves `/reports/2024/x/index.html`;
 * a path whose last segment has no extension is redirected to the same path with a trailing slash,
 * so that the relative links of an index page resolve.
 *
 * The redirect is only ever sent for a path made of non-empty segments of unreserved characters and
 * percent escapes (`/a/b-2024`): `//evil%E3%80%82com` would otherwise become `Location:
 * //evil。com/`, which a browser reads as another host (U+3002 counts as a dot in host names), and a
 * backslash is read as a slash. Anything else goes to S3 unchanged and ends as the 404 page.
 */
export const INDEX_REWRITE_FUNCTION = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) {
    request.uri = uri + 'index.html';
    return request;
  }
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1 && /^(\\/[A-Za-z0-9_~%-]+)+$/.test(uri)) {
    return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: uri + '/' } } };
  }
  return request;
}`;

/**
 * How the site is served. `global`: origin access control and the index-rewrite CloudFront Function.
 * `china`: CloudFront in the China Regions has neither, so an origin access identity reads the bucket
 * and directory URLs are served from directory index objects written by the publisher (the key
 * `reports/2024/` holding the same page as `reports/2024/index.html`); `/` is the default root object.
 */
export type SiteFlavour = "global" | "china";

export interface SiteProps {
  readonly flavour: SiteFlavour;
  /** Receives the S3 server access logs (and, where `cloudFrontLogging`, the CloudFront standard logs). */
  readonly logBucket: s3.IBucket;
  /**
   * Standard logging (legacy) of the distribution into logBucket. False in opt-in Regions, where
   * CloudFront cannot deliver to a bucket of that Region (see docs/deploying.md for logging v2).
   */
  readonly cloudFrontLogging: boolean;
  readonly domainName?: string;
  /** ACM certificate in us-east-1 (global). */
  readonly certificateArn?: string;
  /** IAM server certificate ID (china). */
  readonly iamCertificateId?: string;
  readonly webAclArn?: string;
}

export class Site extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** China only: the identity CloudFront reads the bucket with. */
  readonly originAccessIdentity?: cloudfront.OriginAccessIdentity;
  /** Public base URL of the site (custom domain or the distribution's *.cloudfront.net name), no trailing slash. */
  readonly baseUrl: string;

  constructor(scope: Construct, id: string, props: SiteProps) {
    super(scope, id);

    this.bucket = new s3.Bucket(this, "Bucket", {
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      // SSE-S3: the content is public by design (it is the published site), and CloudFront's origin
      // access control reads SSE-S3 objects with no key policy to maintain; SSE-KMS would add a KMS
      // request per uncached object and a key policy granting cloudfront.amazonaws.com decrypt.
      encryption: s3.BucketEncryption.S3_MANAGED,
      serverAccessLogsBucket: props.logBucket,
      serverAccessLogsPrefix: "s3/site-bucket/",
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ id: "abort-incomplete-uploads", abortIncompleteMultipartUploadAfter: Duration.days(7) }],
    });

    // AWS managed policies, shared by every county of the account: custom cache and response headers
    // policies count against per-account quotas (20 of each), one per county stack would not scale.
    // CachingOptimized honours the Cache-Control the publisher sets on every object (60 s for pages
    // that change on publish, a year for immutable v{n}.*). SecurityHeadersPolicy sends HSTS, nosniff,
    // X-Frame-Options SAMEORIGIN and strict-origin-when-cross-origin; the Content-Security-Policy travels
    // in each page's <meta http-equiv="Content-Security-Policy"> (functions/report/render/layout.ts).
    const cachePolicy = cloudfront.CachePolicy.CACHING_OPTIMIZED;
    const responseHeadersPolicy = cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS;

    const china = props.flavour === "china";
    // CloudFront function and origin access control names are unique per account across all Regions:
    // prefixed by the county's stack name, suffixed by the Region.
    const stack = Stack.of(this);
    const accountUniqueName = (what: string) =>
      `${stack.stackName}-${what}${Token.isUnresolved(stack.region) ? "" : `-${stack.region}`}`;
    let origin: cloudfront.IOrigin;
    if (china) {
      this.originAccessIdentity = new cloudfront.OriginAccessIdentity(this, "OriginAccessIdentity", {
        comment: "Reads the published site for CloudFront (China: no origin access control)",
      });
      origin = origins.S3BucketOrigin.withOriginAccessIdentity(this.bucket, { originAccessIdentity: this.originAccessIdentity });
    } else {
      // READ only: a missing key answers 403, which the error responses turn into the 404 page.
      origin = origins.S3BucketOrigin.withOriginAccessControl(this.bucket, {
        originAccessLevels: [cloudfront.AccessLevel.READ],
        originAccessControl: new cloudfront.S3OriginAccessControl(this, "OriginAccessControl", {
          originAccessControlName: accountUniqueName("site"),
          description: "CloudFront reads the published site (SigV4)",
        }),
      });
    }

    const functionAssociations = china
      ? []
      : [
          {
            function: new cloudfront.Function(this, "IndexRewrite", {
              functionName: accountUniqueName("index"),
              comment: "Serve index.html for directory paths",
              runtime: cloudfront.FunctionRuntime.JS_2_0,
              code: cloudfront.FunctionCode.fromInline(INDEX_REWRITE_FUNCTION),
            }),
            eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
          },
        ];

    const certificate: Partial<cloudfront.DistributionProps> =
      props.domainName && props.certificateArn && !china
        ? {
            domainNames: [props.domainName],
            certificate: acm.Certificate.fromCertificateArn(this, "Certificate", props.certificateArn),
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            sslSupportMethod: cloudfront.SSLMethod.SNI,
          }
        : {};
    const custom = Boolean(props.domainName && (props.certificateArn || props.iamCertificateId));

    this.distribution = new cloudfront.Distribution(this, "Distribution", {
      comment: "Published government information disclosure annual reports",
      defaultRootObject: "index.html",
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
        compress: true,
        cachePolicy,
        responseHeadersPolicy,
        ...(functionAssociations.length > 0 ? { functionAssociations } : {}),
      },
      // A missing key (403 from S3 without ListBucket, or 404) gets the Chinese 404 page, status 404.
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 404,
        responsePagePath: NOT_FOUND_PAGE,
        ttl: Duration.minutes(1),
      })),
      // China: HTTP/2 and IPv4, as AWS's own CDK sample for CloudFront in China configures it.
      httpVersion: china ? cloudfront.HttpVersion.HTTP2 : cloudfront.HttpVersion.HTTP2_AND_3,
      enableIpv6: !china,
      // PriceClass_200 includes the Asian edge locations (Hong Kong, Japan, Korea, Singapore…); China
      // has its own four edge locations and no price classes.
      ...(china ? {} : { priceClass: cloudfront.PriceClass.PRICE_CLASS_200 }),
      ...(props.cloudFrontLogging
        ? { enableLogging: true, logBucket: props.logBucket, logFilePrefix: CLOUDFRONT_LOG_PREFIX, logIncludesCookies: false }
        : {}),
      ...certificate,
      ...(props.webAclArn && !china ? { webAclId: props.webAclArn } : {}),
    });

    if (china) {
      // The L2 Distribution only knows ACM certificates: give CloudFront China the ICP-filed alias
      // and the IAM server certificate directly.
      const cfn = this.distribution.node.defaultChild as cloudfront.CfnDistribution;
      cfn.addPropertyOverride("DistributionConfig.Aliases", [props.domainName]);
      cfn.addPropertyOverride("DistributionConfig.ViewerCertificate", {
        IamCertificateId: props.iamCertificateId,
        MinimumProtocolVersion: "TLSv1.2_2021",
        SslSupportMethod: "sni-only",
      });
    }

    this.baseUrl = custom ? `https://${props.domainName}` : `https://${this.distribution.distributionDomainName}`;

    if (!props.cloudFrontLogging) {
      Validations.of(this.distribution).acknowledge({
        id: "AwsSolutions-CFR3",
        reason:
          "Opt-in Region: CloudFront standard logging (legacy) cannot deliver to a bucket here and logging v2 must be configured from us-east-1, outside this stack; docs/deploying.md gives the commands (delivery into the AccessLogs bucket, which already allows it).",
      });
    }
    Validations.of(this.distribution).acknowledge({
      id: "AwsSolutions-CFR1",
      reason:
        "Government information disclosure reports are public by law (《政府信息公开条例》) and must be readable from anywhere; no geographic restriction applies.",
    });
    if (china) {
      Validations.of(this.distribution).acknowledge({
        id: "AwsSolutions-CFR7",
        reason:
          "CloudFront in the China Regions has no origin access control (AWS::CloudFront::OriginAccessControl does not exist there); an origin access identity is the only way to keep the bucket private, and its bucket policy allows that identity s3:GetObject only.",
      });
      Validations.of(this.distribution).acknowledge({
        id: "AwsSolutions-CFR4",
        reason:
          "China: the viewer certificate is the IAM server certificate (siteIamCertificateId) with MinimumProtocolVersion TLSv1.2_2021 and SNI, set by a property override that cdk-nag does not read.",
      });
    }
    if (!custom) {
      Validations.of(this.distribution).acknowledge({
        id: "AwsSolutions-CFR4",
        reason:
          "No siteDomain/siteCertificateArn is configured, so the distribution uses the default *.cloudfront.net certificate, on which CloudFront cannot enforce a TLSv1.2 minimum. Setting siteDomain and siteCertificateArn switches to SNI with TLSv1.2_2021.",
      });
    }
    if (!props.webAclArn) {
      Validations.of(this.distribution).acknowledge({
        id: "AwsSolutions-CFR2",
        reason: china
          ? "Static, read-only public pages (GET/HEAD only, no forms, no scripts, no origin compute); in the China Regions AWS WAF is regional only and cannot be attached to a CloudFront distribution."
          : "Static, read-only public pages (GET/HEAD only, no forms, no scripts, no origin compute) behind CloudFront with AWS Shield Standard; a web ACL (≥ US$5/month plus rules) would cost more than the whole stack at county scale. Set context siteWebAclArn to attach one.",
      });
    }
  }
}
