import { Duration, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import { HttpJwtAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";

/** Routes that need no token (design.md §4). Everything else goes to `$default`. */
export const PUBLIC_ROUTES = ["/v1/health", "/v1/openapi.json"] as const;

/**
 * CORS preflights go to the api function without a token. The JWT authorizer on `$default` would
 * answer a preflight (which never carries Authorization) with 401; a more specific route outranks
 * `$default`, so `OPTIONS /{proxy+}` (every path under the root) takes all of them.
 */
export const PREFLIGHT_ROUTE_PATH = "/{proxy+}";

/** HTTP API ($context) fields written to the access log, one JSON object per request. */
export const ACCESS_LOG_FIELDS: Record<string, string> = {
  requestId: "$context.requestId",
  requestTime: "$context.requestTime",
  ip: "$context.identity.sourceIp",
  userAgent: "$context.identity.userAgent",
  httpMethod: "$context.httpMethod",
  path: "$context.path",
  routeKey: "$context.routeKey",
  status: "$context.status",
  protocol: "$context.protocol",
  responseLength: "$context.responseLength",
  responseLatency: "$context.responseLatency",
  integrationStatus: "$context.integrationStatus",
  integrationLatency: "$context.integrationLatency",
  integrationError: "$context.integrationErrorMessage",
  authorizerError: "$context.authorizer.error",
  errorMessage: "$context.error.message",
};

export interface HttpApiProps {
  readonly handler: lambda.IFunction;
  readonly rateLimit: number;
  readonly burstLimit: number;
  readonly logRetention: logs.RetentionDays;
  /** When set, tokens are verified at the gateway too (HTTP API JWT authorizer). */
  readonly jwt?: { readonly issuer: string; readonly audience: string };
}

/**
 * The HTTP API: every request goes to the api function through `$default` (behind the JWT
 * authorizer when enabled), except the two public routes and the CORS preflights; stage throttling
 * and JSON access logs.
 *
 * CORS is answered by the api function (CORS_ORIGINS), not by the API's own CORS configuration:
 * with one configured, "API Gateway ignores CORS headers returned from your backend integration"
 * (API Gateway Developer Guide, "Configure CORS for HTTP APIs"), and its preflight answer would not
 * follow the function's own rules.
 */
export class HttpApi extends Construct {
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly accessLogGroup: logs.LogGroup;
  /** `OPTIONS /{proxy+}`, without authorizer. */
  readonly preflightRoute: apigwv2.HttpRoute;
  /** https://{apiId}.execute-api.{region}.amazonaws.com/ */
  readonly url: string;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);

    const integration = new HttpLambdaIntegration("ApiFunction", props.handler, {
      payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
      timeout: Duration.seconds(29),
    });

    const authorizer = props.jwt
      ? new HttpJwtAuthorizer("CountyIdp", props.jwt.issuer, {
          jwtAudience: [props.jwt.audience],
          identitySource: ["$request.header.Authorization"],
        })
      : undefined;

    this.api = new apigwv2.HttpApi(this, "Api", {
      apiName: `${Stack.of(this).stackName}-api`,
      description: "政府信息公开工作年度报告 API (v1)",
      createDefaultStage: false,
      defaultIntegration: integration,
      ...(authorizer ? { defaultAuthorizer: authorizer } : {}),
    });

    const [preflight] = this.api.addRoutes({
      path: PREFLIGHT_ROUTE_PATH,
      methods: [apigwv2.HttpMethod.OPTIONS],
      integration,
      authorizer: new apigwv2.HttpNoneAuthorizer(),
    });
    this.preflightRoute = preflight!;
    Validations.of(this.preflightRoute).acknowledge({
      id: "AwsSolutions-APIG4",
      reason:
        "CORS preflight (OPTIONS) requests never carry a token by the Fetch standard; the api function answers them with the allowed origins, methods and headers only and reads no data.",
    });

    for (const path of PUBLIC_ROUTES) {
      const routes = this.api.addRoutes({
        path,
        methods: [apigwv2.HttpMethod.GET],
        integration,
        authorizer: new apigwv2.HttpNoneAuthorizer(),
      });
      for (const route of routes) {
        Validations.of(route).acknowledge({
          id: "AwsSolutions-APIG4",
          reason: `GET ${path} is public by design (design.md §4: health check / OpenAPI document, no report data); every other route requires the county IdP's JWT.`,
        });
      }
    }
    if (!authorizer) {
      const defaultRoute = this.api.node.tryFindChild("DefaultRoute");
      if (defaultRoute) {
        Validations.of(defaultRoute).acknowledge({
          id: "AwsSolutions-APIG4",
          reason:
            "Context gatewayJwtAuthorizer=false: the api function verifies every token itself (signature against the IdP JWKS, issuer and audience from context) and answers 401 before touching data.",
        });
      }
    }

    this.accessLogGroup = new logs.LogGroup(this, "AccessLogs", {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.stage = new apigwv2.HttpStage(this, "DefaultStage", {
      httpApi: this.api,
      stageName: "$default",
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogGroup),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    this.url = this.stage.url;
  }
}
