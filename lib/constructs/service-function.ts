import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { type BundlingOptions, LogLevel, NodejsFunction, OutputFormat, SourceMapMode } from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { BUNDLED_FONT_FOLDER, EDITION_FONT_FILES, packageFontPath } from "../../functions/report/render/editions/fonts";

/** Repository root (this file is lib/constructs/service-function.ts). */
export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Lambda entry files, the contract with functions/. */
export const ENTRIES = {
  api: "functions/api.ts",
  publishWorker: "functions/publish-worker.ts",
  yearlyJob: "functions/yearly-job.ts",
} as const;

/**
 * ESM output needs a real `require` for the CommonJS dependencies esbuild keeps as require() calls.
 * The import is aliased: the banner is pasted above the bundle verbatim, and a bundled module that
 * imports createRequire itself (the importer does) would otherwise declare the name twice.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __bannerCreateRequire } from 'module'; const require = __bannerCreateRequire(import.meta.url);";

let esbuildChecked = false;
/**
 * NodejsFunction silently falls back to Docker when it cannot find esbuild. There is no Docker here
 * (and synth must stay offline), so fail early and clearly instead.
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

/** SDK clients left out of the bundles and loaded from the Node.js 24 runtime when first needed. */
export const RUNTIME_PROVIDED_SDK_MODULES = ["@aws-sdk/client-s3", "@aws-sdk/client-sqs", "@aws-sdk/client-sesv2"] as const;

/**
 * pdf.js (the importer's PDF parser) is left out of every function's bundle and shipped beside it, in the
 * asset's node_modules: bundled, its 1.5 MB would be parsed at every cold start although only an
 * import (POST /v1/imports) ever loads it. Only the files the importer reads are copied: the legacy
 * build for Node, its worker module, the character maps and the standard fonts.
 */
export const SHIPPED_PACKAGES = {
  "pdfjs-dist": ["package.json", "legacy/build/pdf.mjs", "legacy/build/pdf.worker.mjs", "cmaps", "standard_fonts"],
} as const;

/**
 * fontkit imports a Brotli decoder only to read WOFF2 fonts, and its dictionary is 1.3 MB of the
 * bundle; the editions embed TrueType, so it is replaced by a stub (functions/report/render/editions/no-woff2.ts).
 */
export const BUNDLE_ALIASES = {
  "brotli/decompress.js": "./functions/report/render/editions/no-woff2.ts",
} as const;

/**
 * The fonts the publish worker embeds in the PDF editions, copied beside its bundle into `fonts/`
 * (functions/publish-worker.ts reads them from the task root): 2 files, 21 MB, of the 250 MB a
 * Lambda's unzipped code may hold. Read at the first PDF, not at init.
 */
function copyEditionFonts(_inputDir: string, outputDir: string): string[] {
  const weights = Object.keys(EDITION_FONT_FILES) as (keyof typeof EDITION_FONT_FILES)[];
  return [
    `mkdir -p "${outputDir}/${BUNDLED_FONT_FOLDER}"`,
    // The installed package's files, under the names the worker reads (EDITION_FONT_FILES).
    ...weights.map((weight) => `cp "${packageFontPath(weight)}" "${outputDir}/${BUNDLED_FONT_FOLDER}/${EDITION_FONT_FILES[weight]}"`),
  ];
}

function copyShippedPackages(inputDir: string, outputDir: string): string[] {
  return Object.entries(SHIPPED_PACKAGES).flatMap(([name, files]) =>
    files.map((file) => {
      const target = `${outputDir}/node_modules/${name}/${file}`;
      return `mkdir -p "$(dirname "${target}")" && cp -R "${inputDir}/node_modules/${name}/${file}" "${target}"`;
    }),
  );
}

/**
 * A Node.js 24 / arm64 Lambda bundled by the local esbuild (ESM, minified, source maps), with its own
 * log group and its own role that starts with nothing but writing to that log group. Every other
 * permission is added explicitly by the stack (see lib/access.ts).
 */
export class ServiceFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** How the entry is bundled: the local esbuild, never Docker. */
  readonly bundling: BundlingOptions;

  private static bundlingOf(props: ServiceFunctionProps): BundlingOptions {
    return {
      forceDockerBundling: false,
      format: OutputFormat.ESM,
      target: "node24",
      platform: "node",
      minify: true,
      sourceMap: true,
      // Linked map (index.mjs.map + sourceMappingURL comment): what --enable-source-maps reads.
      sourceMapMode: SourceMapMode.DEFAULT,
      sourcesContent: false,
      mainFields: ["module", "main"],
      banner: ESM_REQUIRE_BANNER,
      // The DynamoDB client is bundled (the version package-lock.json pins is the one that runs). The S3
      // and SQS clients come from the Lambda runtime's SDK and are imported on first use
      // (functions/store/lazy-adapters.ts): parsing them would otherwise dominate every cold start.
      // pdf.js is shipped beside every bundle: all three composition roots wire the importer (only the
      // api ever runs it), and bundled, it was parsed at each cold start (worker init 4.8×, bench (a)).
      externalModules: [...RUNTIME_PROVIDED_SDK_MODULES, ...Object.keys(SHIPPED_PACKAGES)],
      esbuildArgs: Object.fromEntries(Object.entries(BUNDLE_ALIASES).map(([from, to]) => [`--alias:${from}`, to])),
      commandHooks: {
        beforeBundling: () => [],
        beforeInstall: () => [],
        afterBundling: (inputDir, outputDir) => [
          ...copyShippedPackages(inputDir, outputDir),
          ...(props.editionFonts ? copyEditionFonts(inputDir, outputDir) : []),
        ],
      },
      logLevel: LogLevel.ERROR,
    };
  }

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    assertLocalEsbuild();
    this.bundling = ServiceFunction.bundlingOf(props);

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

    this.function = new NodejsFunction(this, "Function", {
      entry: `${PROJECT_ROOT}${props.entry}`,
      handler: "handler",
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
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
      bundling: this.bundling,
    });
  }
}
