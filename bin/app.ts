#!/usr/bin/env node
/** CDK app entry (cdk.json "app": "npx tsx bin/app.ts"). */
import { ContextConfigError } from "../lib/config";
import { buildApp } from "../lib/app";

try {
  buildApp().app.synth();
} catch (err) {
  if (err instanceof ContextConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
