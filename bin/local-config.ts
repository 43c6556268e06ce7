import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { type Config, type Deadlines, loadConfig } from "../functions/config";
import { DEFAULT_LOCAL_ORIGINS } from "../functions/http/cors";

export const DATA_DIR = resolve(process.env.DATA_DIR ?? ".data");
export const LOCAL_ISSUER = "http://127.0.0.1/local-dev-issuer";
export const LOCAL_AUDIENCE = "disclosure-reports";
export const LOCAL_COUNTY = "沂源县";

/**
 * The local development signing key, made once per checkout and kept under .data/ so that tokens
 * printed by `npm run token` keep working across restarts. AWS never uses it: there the county's
 * identity provider signs tokens and the service only verifies them against its JWKS.
 */
export function localSecret(dataDir = DATA_DIR): string {
  const file = resolve(dataDir, "local-jwt-secret");
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

export function localConfig(values: {
  tableName: string;
  bucket: string;
  siteBaseUrl: string;
  secret: string;
  deadlines?: Deadlines;
  /**
   * Word and PDF editions on publish: the local run turns them on (and renders them in process);
   * the test suites and benches only where they test or measure them. Default: off.
   */
  editions?: boolean;
}): Config {
  return loadConfig({
    TABLE_NAME: values.tableName,
    SITE_BUCKET: values.bucket,
    SITE_BASE_URL: values.siteBaseUrl,
    COUNTY_NAME: LOCAL_COUNTY,
    TIME_ZONE: "Asia/Shanghai",
    JWT_ISSUER: LOCAL_ISSUER,
    JWT_AUDIENCE: LOCAL_AUDIENCE,
    JWT_SECRET: values.secret,
    DEADLINES: values.deadlines ? JSON.stringify(values.deadlines) : undefined,
    PUBLISH_LEASE_SECONDS: process.env.PUBLISH_LEASE_SECONDS,
    PUBLISH_EDITIONS: String(values.editions ?? false),
    AWS_ENDPOINT_URL_S3: process.env.AWS_ENDPOINT_URL_S3,
    // The portal under development runs on some localhost port.
    CORS_ORIGINS: process.env.CORS_ORIGINS ?? DEFAULT_LOCAL_ORIGINS.join(","),
  });
}
