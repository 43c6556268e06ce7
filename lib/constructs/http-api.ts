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
  /** Browser origins of the portal (CORS answered by the gateway); empty: no CORS. */
  readonly corsOrigins: readonly string[];
}

/**
 * The HTTP API: every request goes to the api function through `$default` (behind the JWT
 * authorizer when enabled), except the two public routes; stage throttling and JSON access logs.
 */
export class HttpApi extends Construct {
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly accessLogGroup: logs.LogGroup;
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
      ...(props.corsOrigins.length > 0
        ? {
            corsPreflight: {
              allowOrigins: [...props.corsOrigins],
              allowMethods: [
                apigwv2.CorsHttpMethod.GET,
                apigwv2.CorsHttpMethod.PUT,
                apigwv2.CorsHttpMethod.POST,
                apigwv2.CorsHttpMethod.OPTIONS,
              ],
              allowHeaders: ["authorization", "content-type", "if-match", "idempotency-key"],
              exposeHeaders: ["etag"],
              maxAge: Duration.hours(1),
            },
          }
        : {}),
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
