import { Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import * as origins from "aws-cdk-lib/aws-cloudfront-origins";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";

/**
 * Content-Security-Policy of the published pages: static, self-contained HTML with inline CSS and
 * no scripts (design.md §5), so nothing else may load or run.
 */
export const SITE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Viewer-request function: `/reports/2024/x/` serves `/reports/2024/x/index.html`; a path whose last
 * segment has no extension is redirected to the same path with a trailing slash, so that the
 * relative links of an index page resolve.
 */
export const INDEX_REWRITE_FUNCTION = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) {
    request.uri = uri + 'index.html';
    return request;
  }
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) {
    return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: uri + '/' } } };
  }
  return request;
}`;

export interface SiteProps {
  /** Receives the S3 server access logs and the CloudFront standard logs. */
  readonly logBucket: s3.IBucket;
  readonly domainName?: string;
  readonly certificateArn?: string;
  readonly webAclArn?: string;
}

/**
 * The published site: a private, versioned S3 bucket that only CloudFront can read (origin access
 * control), served over HTTPS with security headers.
 */
export class Site extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
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

    const cachePolicy = new cloudfront.CachePolicy(this, "CachePolicy", {
      comment: "Published reports: honour the object's Cache-Control, otherwise cache 5 minutes",
      // index.html / report.json / the year's index are overwritten on every publish: keep the default
      // short. Immutable v{n}.* objects may be written with a long Cache-Control max-age.
      defaultTtl: Duration.minutes(5),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.days(365),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.none(),
      headerBehavior: cloudfront.CacheHeaderBehavior.none(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
    });

    const headers = new cloudfront.ResponseHeadersPolicy(this, "SecurityHeaders", {
      comment: "Security headers of the published reports",
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: SITE_CSP, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        xssProtection: { protection: false, override: true },
      },
    });

    const indexRewrite = new cloudfront.Function(this, "IndexRewrite", {
      comment: "Serve index.html for directory paths",
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(INDEX_REWRITE_FUNCTION),
    });

    const custom = props.domainName && props.certificateArn;
    this.distribution = new cloudfront.Distribution(this, "Distribution", {
      comment: "Published government information disclosure annual reports",
      defaultRootObject: "index.html",
      defaultBehavior: {
        // READ + LIST: a missing key answers 404 instead of 403.
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket, {
          originAccessLevels: [cloudfront.AccessLevel.READ, cloudfront.AccessLevel.LIST],
        }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
        compress: true,
        cachePolicy,
        responseHeadersPolicy: headers,
        functionAssociations: [{ function: indexRewrite, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // PriceClass_200 includes the Asian edge locations (Hong Kong, Japan, Korea, Singapore…).
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
      enableIpv6: true,
      enableLogging: true,
      logBucket: props.logBucket,
      logFilePrefix: "cloudfront/",
      logIncludesCookies: false,
      ...(custom
        ? {
            domainNames: [props.domainName!],
            certificate: acm.Certificate.fromCertificateArn(this, "Certificate", props.certificateArn!),
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            sslSupportMethod: cloudfront.SSLMethod.SNI,
          }
        : {}),
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
    });

    this.baseUrl = custom ? `https://${props.domainName}` : `https://${this.distribution.distributionDomainName}`;

    Validations.of(this.distribution).acknowledge({
      id: "Annotation::@aws-cdk/aws-cloudfront-origins:listBucketSecurityRisk",
      reason: "defaultRootObject is index.html, so / never returns the bucket listing; LIST only turns a missing key's 403 into 404.",
    });
    Validations.of(this.distribution).acknowledge({
      id: "AwsSolutions-CFR1",
      reason:
        "Government information disclosure reports are public by law (《政府信息公开条例》) and must be readable from anywhere; no geographic restriction applies.",
    });
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
        reason:
          "Static, read-only public pages (GET/HEAD only, no forms, no scripts, no origin compute) behind CloudFront with AWS Shield Standard; a web ACL (≥ US$5/month plus rules) would cost more than the whole stack at county scale. Set context siteWebAclArn to attach one.",
      });
    }
  }
}
