import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { AssetHashType, DockerImage, Duration, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { BuildOptions } from "esbuild";
import { copyBesideBundle, functionBuildOptions } from "./function-bundle";

export { ENTRIES, ESM_REQUIRE_BANNER } from "./function-bundle";

/** Repository root (this file is lib/constructs/service-function.ts). */
export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));


let esbuildChecked = false;
/**
 * Without esbuild, CDK's asset bundling would fall back to Docker. There is no Docker here (and synth
 * must stay offline), so fail early and clearly instead.
 */
function assertLocalEsbuild(): void {
  if (esbuildChecked) return;
  try {
    createRequire(import.meta.url).resolve("esbuild");
  } catch {
    throw new Error(
      "esbuild is not installed: the Lambda functions are bundled by the local esbuild (devDependency), never in Docker. Run `npm ci`.",
    );
  }
  esbuildChecked = true;
}

export interface ServiceFunctionProps {
  /** Entry file, relative to the project root. */
  readonly entry: string;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly environment: Record<string, string>;
  readonly logRetention: logs.RetentionDays;
  /** Asynchronous invocations that still fail after Lambda's retries land here. */
  readonly deadLetterQueue?: sqs.IQueue;
  /** The function renders the Word/PDF editions: the fonts go beside its bundle (the publish worker). */
  readonly editionFonts?: boolean;
  /**
   * Stop SQS/SNS invocation loops (RecursiveLoop: Terminate). False in the China Regions, where
   * "Lambda recursive loop detection is not available" (Getting Started with AWS in China, Lambda).
   */
  readonly recursiveLoopDetection: boolean;
}

/**
 * A Node.js 24 / arm64 Lambda bundled by the local esbuild (ESM, minified, source maps), with its own
 * log group and its own role that starts with nothing but writing to that log group. Every other
 * permission is added explicitly by the stack (see lib/access.ts).
 */
export class ServiceFunction extends Construct {
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** The esbuild options the entry is bundled with (function-bundle.ts); the asset's directory is the outdir. */
  readonly bundling: BuildOptions;

  /**
   * The function's code: bundled here by the local esbuild (function-bundle.ts), with code splitting,
   * which NodejsFunction cannot do (it writes one outfile). Never Docker: the image below is only the
   * fallback CDK's asset bundling requires to be named; tryBundle always succeeds or throws.
   */
  private static code(props: ServiceFunctionProps, bundling: BuildOptions): lambda.Code {
    return lambda.Code.fromAsset(PROJECT_ROOT, {
      assetHashType: AssetHashType.OUTPUT,
      bundling: {
        image: DockerImage.fromRegistry("local-esbuild-only"),
        // Never run; it names what is bundled, because CDK caches a synth's bundles by these options
        // (a function in tryBundle is not part of that key): without it all three would get the first's.
        command: ["esbuild", props.entry, ...(props.editionFonts ? ["--with-edition-fonts"] : [])],
        local: {
          tryBundle(outputDir: string): boolean {
            // esbuild's synchronous API: CDK's local bundling is synchronous.
            const esbuild = createRequire(import.meta.url)("esbuild") as typeof import("esbuild");
            esbuild.buildSync({ ...bundling, outdir: outputDir });
            copyBesideBundle(PROJECT_ROOT, outputDir, Boolean(props.editionFonts));
            return true;
          },
        },
      },
    });
  }

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    assertLocalEsbuild();
    this.bundling = functionBuildOptions({ projectRoot: PROJECT_ROOT, entry: props.entry, outdir: "(the asset directory)" });

    this.logGroup = new logs.LogGroup(this, "LogGroup", {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Own role instead of the default one: the default attaches the AWS managed
    // AWSLambdaBasicExecutionRole (logs:* on every log group).
    this.role = new iam.Role(this, "Role", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: `Execution role of the ${id} function`,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "WriteOwnLogGroup",
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.function = new lambda.Function(this, "Function", {
      code: ServiceFunction.code(props, this.bundling),
      handler: "index.handler",
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      // The functions must not invoke themselves through SQS/SNS loops. No X-Ray tracing anywhere:
      // it is not available to Lambda in the China Regions.
      ...(props.recursiveLoopDetection ? { recursiveLoop: lambda.RecursiveLoop.TERMINATE } : {}),
      environment: { NODE_OPTIONS: "--enable-source-maps", ...props.environment },
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
    });
  }
}
