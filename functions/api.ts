import { handle } from "hono/aws-lambda";
import { createRuntime } from "./runtime";

// Built once per container: config validated, SDK clients created, router assembled.
const runtime = createRuntime();

export const handler = handle(runtime.app);
