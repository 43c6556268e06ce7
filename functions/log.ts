import { AsyncLocalStorage } from "node:async_hooks";

/**
 * The functions' logger: one JSON object per line on stdout, written once (CloudWatch Logs and Logs
 * Insights read each line as fields, never as a string holding JSON). Inside a request the line also
 * carries that request's id, so every line of one request can be found from its access line.
 */

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

/** What the api learns about the request while handling it, for its one access line. */
export interface RequestLogContext {
  requestId?: string;
  /** Set by the token verifier once a token is verified (functions/http/auth.ts). */
  actor?: { subject: string; role: string; agencyId?: string };
}

const requestContext = new AsyncLocalStorage<RequestLogContext>();

/** Runs `work` with a request context that log lines and `noteActor` see. */
export function withRequestContext<T>(context: RequestLogContext, work: () => T): T {
  return requestContext.run(context, work);
}

export function currentRequestContext(): RequestLogContext | undefined {
  return requestContext.getStore();
}

/** Records the verified caller of the current request (no-op outside one: tests, local server). */
export function noteActor(actor: { subject: string; role: string; agencyId?: string }): void {
  const context = requestContext.getStore();
  if (context) context.actor = { subject: actor.subject, role: actor.role, ...(actor.agencyId ? { agencyId: actor.agencyId } : {}) };
}

/** Where lines go; replaced in tests to read them. */
export const logSink = { write: (line: string): void => void process.stdout.write(`${line}\n`) };

export function log(level: LogLevel, msg: string, fields: LogFields = {}): void {
  const requestId = requestContext.getStore()?.requestId;
  const line: LogFields = { level, msg, ...(requestId ? { requestId } : {}), ...fields };
  let text: string;
  try {
    text = JSON.stringify(line, errorReplacer);
  } catch {
    // A circular or BigInt field must not turn a log call into a failed request.
    text = JSON.stringify({ level, msg, ...(requestId ? { requestId } : {}), unserializableFields: Object.keys(fields) });
  }
  logSink.write(text);
}

export const logger = {
  debug: (msg: string, fields?: LogFields) => log("debug", msg, fields),
  info: (msg: string, fields?: LogFields) => log("info", msg, fields),
  warn: (msg: string, fields?: LogFields) => log("warn", msg, fields),
  error: (msg: string, fields?: LogFields) => log("error", msg, fields),
};

/** An Error as fields: JSON.stringify of an Error is "{}". */
function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as Error & { code?: unknown }).code;
    return { name: value.name, message: value.message, ...(code !== undefined ? { code } : {}), stack: value.stack };
  }
  return value;
}
