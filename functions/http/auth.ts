import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify, SignJWT } from "jose";
// zod/mini: every request checks its token's claims, so this is built at cold start (see functions/report/identifiers.ts).
import * as z from "zod/mini";
import type { Actor } from "../service/actor";
import { noteActor } from "../log";
import { AppError, UnauthenticatedError } from "../service/errors";

/** How long the IdP's JWKS may take to answer; it is fetched once and then cached (jose: 10 min). */
export const JWKS_TIMEOUT_MS = 3_000;

/**
 * The identity provider's key set could not be fetched (down, hanging, answering an error or garbage):
 * the token may well be good, so this is a 503 to retry and alarm on, never a 401.
 */
export class IdentityProviderUnavailableError extends AppError {
  constructor(cause: unknown) {
    super("SERVICE_UNAVAILABLE", "身份认证服务暂时不可用，请稍后重试", [], {}, { cause });
  }
}

/** What a remote key set's getter throws when the JWKS endpoint failed, as opposed to a token it cannot verify. */
function isKeySetFetchFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: unknown }).code;
  // ERR_JOSE_GENERIC: a non-200 answer or a body that is not JSON.
  if (code === "ERR_JWKS_TIMEOUT" || code === "ERR_JWKS_INVALID" || code === "ERR_JOSE_GENERIC") return true;
  // fetch() itself: "fetch failed" (refused, reset, DNS) and aborts.
  return error.name === "TypeError" || error.name === "AbortError" || error.name === "TimeoutError";
}

function remoteKeySet(jwksUrl: string): JWTVerifyGetKey {
  const remote = createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: JWKS_TIMEOUT_MS });
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      throw isKeySetFetchFailure(error) ? new IdentityProviderUnavailableError(error) : error;
    }
  };
}

const claimsSchema = z.discriminatedUnion("role", [
  z.object({ role: z.literal("countyAdmin"), sub: z.string().check(z.minLength(1)) }),
  z.object({ role: z.literal("agencyEditor"), sub: z.string().check(z.minLength(1)), agencyId: z.string().check(z.minLength(1)) }),
]);

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  /** The identity provider's JWKS (production). */
  jwksUrl?: string;
  /** A shared HS256 key (local development and tests). */
  secret?: string;
}

export type TokenVerifier = (authorization: string | undefined) => Promise<Actor>;

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  // The JWKS client is made on the first request: creating it loads Node's fetch, a cold-start cost.
  let key: Uint8Array | JWTVerifyGetKey | undefined;
  const verificationKey = () =>
    (key ??= options.jwksUrl ? remoteKeySet(options.jwksUrl) : new TextEncoder().encode(options.secret ?? ""));
  const algorithms = options.jwksUrl ? ["RS256", "ES256", "PS256"] : ["HS256"];
  return async (authorization) => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
    if (!match) throw new UnauthenticatedError("缺少 Authorization: Bearer 登录凭证");
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(match[1]!, verificationKey() as Uint8Array, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms,
        // A token without an expiry would be valid forever.
        requiredClaims: ["exp", "sub"],
      }));
    } catch (error) {
      if (error instanceof IdentityProviderUnavailableError) throw error;
      throw new UnauthenticatedError("登录凭证无效或已过期");
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw new UnauthenticatedError("登录凭证缺少有效的角色（role）或机构（agencyId）声明");
    const c = claims.data;
    const actor: Actor =
      c.role === "agencyEditor" ? { subject: c.sub, role: c.role, agencyId: c.agencyId } : { subject: c.sub, role: c.role };
    // For the request's access log line (functions/api.ts), so the token is verified once.
    noteActor(actor);
    return actor;
  };
}

/** Signs a token with the local development key; never used in AWS, where the county's IdP issues tokens. */
export async function signLocalToken(
  claims: { role: "countyAdmin" } | { role: "agencyEditor"; agencyId: string },
  options: { issuer: string; audience: string; secret: string; subject?: string; expiresIn?: string },
): Promise<string> {
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(options.subject ?? (claims.role === "agencyEditor" ? `editor@${claims.agencyId}` : "county-admin"))
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? "30d")
    .sign(new TextEncoder().encode(options.secret));
}
