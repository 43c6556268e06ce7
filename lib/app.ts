import { App, type AppProps, Tags, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { loadConfig } from "./config";
import { DisclosureReportsStack } from "./disclosure-stack";

export const STACK_ID = "DisclosureReports";

export interface BuiltApp {
  readonly app: App;
  readonly stack: DisclosureReportsStack;
}

/**
 * Build the CDK app: validate the context (fails with a message naming the bad key), create the one
 * stack, and run cdk-nag's AwsSolutions pack as a validation plugin (synth fails on any
 * unacknowledged finding).
 */
export function buildApp(props: AppProps = {}): BuiltApp {
  const app = new App(props);
  const config = loadConfig(app.node);
  const account = process.env["CDK_DEFAULT_ACCOUNT"];
  const region = process.env["CDK_DEFAULT_REGION"];
  const stack = new DisclosureReportsStack(app, STACK_ID, {
    description: `政府信息公开工作年度报告 — ${config.countyName}`,
    ...(account && region ? { env: { account, region } } : {}),
    config,
  });
  Tags.of(stack).add("project", "disclosure-reports");
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
