import { defineConfig } from "vitest/config";
import { LOCAL_AWS_ENV } from "./bin/local-stack";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One DynamoDB Local and one s3rver for the whole run; each test file gets its own table and bucket.
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    reporters: ["default", "./test/support/summary-reporter.ts"],
    hookTimeout: 120_000,
    env: LOCAL_AWS_ENV,
  },
});
