import { randomBytes, verify } from "node:crypto";
import type http from "node:http";
import type { EmulatorState } from "./emulator-state";

/** Google's OAuth token endpoint and the audiences a service-account JWT may name. */
export const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";
const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const TIMEFRAME = "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.";

export interface TokenAnswer {
  status: number;
  body: object;
}

const oauthError = (error: string, description: string, status = 400): TokenAnswer => ({ status, body: { error, error_description: description } });

function decodeSegment(segment: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return value && typeof value === "object" ? value : null;
  } catch {
    return null;
  }
}

/**
 * POST /token: the JWT-bearer grant a service account uses (RFC 7523, as oauth2.googleapis.com serves it). The assertion
 * is an RS256 JWT {iss: client_email, scope, aud, iat, exp}; its signature is checked against `vertex.serviceAccounts`
 * when that is given. Answers an access token for `vertex.tokenLifetimeSeconds` (3600), or Google's OAuth error.
 */
export function issueAccessToken(state: EmulatorState, request: http.IncomingMessage, rawBody: string): TokenAnswer {
  const form = new URLSearchParams(rawBody);
  const grantType = form.get("grant_type");
  if (grantType !== JWT_BEARER) return oauthError("unsupported_grant_type", `Invalid grant_type: ${grantType ?? ""}`);
  const assertion = form.get("assertion");
  if (!assertion) return oauthError("invalid_request", "Missing required parameter: assertion");
  const segments = assertion.split(".");
  const header = segments.length === 3 ? decodeSegment(segments[0]) : null;
  const claims = segments.length === 3 ? decodeSegment(segments[1]) : null;
  if (!header || !claims) return oauthError("invalid_grant", "Invalid JWT: the assertion is not a well-formed JWT (header.payload.signature, base64url JSON).");
  if (header.alg !== "RS256") return oauthError("invalid_grant", "Invalid JWT: the signing algorithm must be RS256.");
  const issuer = typeof claims.iss === "string" ? claims.iss : "";
  if (!issuer) return oauthError("invalid_grant", "Invalid JWT: No issuer (iss) claim.");
  const ownTokenUrl = `http://${request.headers.host ?? ""}/token`;
  if (![GOOGLE_TOKEN_URL, "https://www.googleapis.com/oauth2/v4/token", ownTokenUrl].includes(String(claims.aud))) {
    return oauthError("invalid_grant", `Invalid JWT: Failed audience check. The right audience is ${GOOGLE_TOKEN_URL}`);
  }
  const now = Math.floor(Date.now() / 1000);
  const { iat, exp } = claims;
  if (typeof iat !== "number" || typeof exp !== "number" || exp <= now || iat > now + 300 || exp - iat > 3600) return oauthError("invalid_grant", TIMEFRAME);
  if (typeof claims.scope !== "string" || !claims.scope.trim()) return oauthError("invalid_scope", "Invalid OAuth scope or ID token audience provided.");

  const accounts = state.options.vertex?.serviceAccounts;
  if (accounts) {
    const publicKey = accounts[issuer];
    if (!publicKey) return oauthError("invalid_grant", "Invalid grant: account not found");
    const signed = verify("RSA-SHA256", Buffer.from(`${segments[0]}.${segments[1]}`), publicKey, Buffer.from(segments[2], "base64url"));
    if (!signed) return oauthError("invalid_grant", "Invalid JWT Signature.");
  }
  const lifetime = state.options.vertex?.tokenLifetimeSeconds ?? 3600;
  const accessToken = `ya29.emulated-${randomBytes(24).toString("base64url")}`;
  state.accessTokens.set(accessToken, { clientEmail: issuer, expiresAt: Date.now() + lifetime * 1000 });
  return { status: 200, body: { access_token: accessToken, expires_in: lifetime, token_type: "Bearer" } };
}

/** Who a bearer token belongs to, or why it does not pass: missing, unknown, or expired. */
export function bearerOf(state: EmulatorState, request: http.IncomingMessage): { clientEmail: string } | { problem: "CREDENTIALS_MISSING" | "ACCESS_TOKEN_TYPE_UNSUPPORTED" | "ACCESS_TOKEN_EXPIRED" } {
  const token = request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!token) return { problem: "CREDENTIALS_MISSING" };
  const issued = state.accessTokens.get(token);
  if (!issued) return { problem: "ACCESS_TOKEN_TYPE_UNSUPPORTED" };
  if (issued.expiresAt <= Date.now()) return { problem: "ACCESS_TOKEN_EXPIRED" };
  return { clientEmail: issued.clientEmail };
}
