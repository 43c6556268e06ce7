import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type App, CfnElement, Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import type { IConstruct } from "constructs";
import { buildApp } from "../../lib/app";
import type { DisclosureReportsStack } from "../../lib/disclosure-stack";

export const ROOT = join(import.meta.dirname, "..", "..");

/** The context of cdk.json: county defaults and feature flags, exactly what `cdk synth` uses. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(ROOT, "cdk.json"), "utf8")) as { context: Record<string, unknown> };
  return cdkJson.context;
}

export interface Synthesized {
  readonly app: App;
  readonly stack: DisclosureReportsStack;
  readonly template: Template;
  /** The raw template JSON. */
  readonly json: CfnTemplate;
  readonly outdir: string;
  readonly cleanup: () => void;
}

export interface CfnTemplate {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }>;
  Outputs?: Record<string, { Value: unknown; Description?: string }>;
}

/**
 * Build the real app (lib/app.ts, cdk-nag plugin included) with cdk.json's context plus overrides,
 * synthesize it once into an OS temp dir, and return the template.
 * `bundle: false` skips esbuild (for variants that only look at the template). `region` is what the
 * CDK CLI would pass as CDK_DEFAULT_REGION (unset: an environment-agnostic stack).
 */
export function synth(
  overrides: Record<string, unknown> = {},
  opts: { bundle?: boolean; region?: string; account?: string } = {},
): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), "disclosure-cdk-test-"));
  const context = {
    ...cdkJsonContext(),
    ...(opts.bundle === false ? { "aws:cdk:bundling-stacks": [] } : {}),
    ...overrides,
  };
  const cleanup = () => rmSync(outdir, { recursive: true, force: true });
  let built: ReturnType<typeof buildApp>;
  let json: CfnTemplate;
  try {
    built = buildApp({ context, outdir }, { region: opts.region, account: opts.account });
    json = built.app.synth().getStackArtifact(built.stack.artifactId).template as CfnTemplate;
  } catch (err) {
    cleanup();
    throw err;
  }
  const { app, stack } = built;
  return {
    app,
    stack,
    template: Template.fromJSON(json as unknown as Record<string, unknown>),
    json,
    outdir,
    cleanup,
  };
}

/** Logical ID of a construct's CloudFormation resource (the construct itself or its default child). */
export function lid(construct: IConstruct): string {
  const element = CfnElement.isCfnElement(construct) ? construct : construct.node.defaultChild;
  if (!element || !CfnElement.isCfnElement(element)) throw new Error(`${construct.node.path} has no CfnElement`);
  const stack = Stack.of(construct);
  return stack.resolve(stack.getLogicalId(element)) as string;
}

export const getAtt = (logicalId: string, attr = "Arn") => ({ "Fn::GetAtt": [logicalId, attr] });
export const ref = (logicalId: string) => ({ Ref: logicalId });
export const join_ = (...parts: unknown[]) => ({ "Fn::Join": ["", parts] });

/** Flatten an intrinsic to a readable string the way cdk-nag does: <Logical.Attr>, <Logical>. */
export function flatten(value: unknown): string {
  if (typeof value === "string") return value;
  if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if ("Ref" in o) return `<${String(o["Ref"])}>`;
    if ("Fn::GetAtt" in o) return `<${(o["Fn::GetAtt"] as string[]).join(".")}>`;
    if ("Fn::Join" in o) {
      const [sep, parts] = o["Fn::Join"] as [string, unknown[]];
      return parts.map(flatten).join(sep);
    }
  }
  return JSON.stringify(value);
}

export interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Principal?: unknown;
  Condition?: unknown;
}

/** Normalise a statement for order-insensitive comparison. */
export function normalise(s: Statement): Statement {
  const arr = (v: unknown) => (Array.isArray(v) ? v : [v]);
  return {
    ...s,
    Action: [...arr(s.Action)].map(String).sort(),
    Resource: [...arr(s.Resource)].sort((a, b) => canonical(a).localeCompare(canonical(b))),
  };
}

/** JSON with object keys sorted, for order-insensitive comparison. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

export function sortStatements(statements: Statement[]): Statement[] {
  return statements.map(normalise).sort((a, b) => canonical(a).localeCompare(canonical(b)));
}
