import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify, SignJWT } from "jose";
import * as z from "zod";
import type { Actor } from "../service/actor";
import { UnauthenticatedError } from "../service/errors";

const claimsSchema = z.discriminatedUnion("role", [
  z.object({ role: z.literal("countyAdmin"), sub: z.string().min(1) }),
  z.object({ role: z.literal("agencyEditor"), sub: z.string().min(1), agencyId: z.string().min(1) }),
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
    (key ??= options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : new TextEncoder().encode(options.secret ?? ""));
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
    } catch {
      throw new UnauthenticatedError("登录凭证无效或已过期");
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw new UnauthenticatedError("登录凭证缺少有效的角色（role）或机构（agencyId）声明");
    const c = claims.data;
    return c.role === "agencyEditor"
      ? { subject: c.sub, role: c.role, agencyId: c.agencyId }
      : { subject: c.sub, role: c.role };
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
