import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, startLocalS3 } from "../bin/local-stack";

/**
 * s3rver in a process of its own, so that its work does not share the event loop of the code being
 * measured (in AWS, S3 is on the other side of the network). Started by bench/stack.ts with
 * NODE_OPTIONS=--openssl-legacy-provider (stack notes pitfall 4); prints its endpoint as one JSON line.
 */
const directory = mkdtempSync(join(tmpdir(), "bench-s3-"));
const s3 = await startLocalS3({ port: await freePort(), directory });
process.stdout.write(`${JSON.stringify({ endpoint: s3.endpoint })}\n`);

const stop = async () => {
  await s3.stop().catch(() => undefined);
  rmSync(directory, { recursive: true, force: true });
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
// Stop with the parent, whatever way it goes.
process.on("disconnect", () => void stop());
