import { App, type AppProps, Tags, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { deploymentTarget, loadConfig } from "./config";
import { DisclosureReportsStack } from "./disclosure-stack";

/** Prefix of every county's stack: `DisclosureReports-{countyId}`. */
export const STACK_ID_PREFIX = "DisclosureReports";

export const stackIdFor = (countyId: string): string => `${STACK_ID_PREFIX}-${countyId}`;

export interface BuiltApp {
  readonly app: App;
  readonly stack: DisclosureReportsStack;
}

/**
 * Where to synthesize for. The CDK CLI always sets CDK_DEFAULT_REGION for the app it runs (from
 * AWS_REGION / AWS_DEFAULT_REGION, else the profile's `region`, else us-east-1) and
 * CDK_DEFAULT_ACCOUNT when it has credentials; setting CDK_DEFAULT_REGION yourself has no effect
 * under the CLI, which overwrites it.
 */
export interface TargetEnv {
  readonly region?: string | undefined;
  readonly account?: string | undefined;
}

const cliEnv = (): TargetEnv => ({
  region: process.env["CDK_DEFAULT_REGION"],
  account: process.env["CDK_DEFAULT_ACCOUNT"],
});

/**
 * Build the CDK app: validate the context for the target Region (fails with a message naming the
 * bad key), create the county's stack, and run cdk-nag's AwsSolutions pack as a validation plugin
 * (synth fails on any unacknowledged finding).
 */
export function buildApp(props: AppProps = {}, env: TargetEnv = cliEnv()): BuiltApp {
  const app = new App(props);
  const target = deploymentTarget(env.region);
  const config = loadConfig(app.node, target);
  const stack = new DisclosureReportsStack(app, stackIdFor(config.countyId), {
    description: `政府信息公开工作年度报告 — ${config.countyName}`,
    // The design depends on the partition and the Region (CloudFront in China, opt-in Regions), so
    // the template is pinned to the Region it was synthesized for.
    ...(target.region ? { env: { region: target.region, ...(env.account ? { account: env.account } : {}) } } : {}),
    config,
    target,
  });
  Tags.of(stack).add("project", "disclosure-reports");
  Tags.of(stack).add("county", config.countyId);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
