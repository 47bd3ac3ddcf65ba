import { sign } from "node:crypto";
import { httpFetch } from "./http-fetch";
import type { ServiceAccount } from "./vertex-service-account";

export const VERTEX_SCOPE = "https://www.googleapis.com/auth/cloud-platform";
const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const ASSERTION_LIFETIME_S = 3600;
/** A token is renewed this long before it expires (google-auth-library's own margin), in the background while it lasts. */
const REFRESH_MARGIN_MS = 5 * 60_000;
/** Below this much life left a caller waits for the new token rather than send one that may expire on the way. */
const MIN_USABLE_MS = 30_000;
const TOKEN_TIMEOUT_MS = 30_000;

/**
 * A failed token exchange, shaped like an SDK error for classify-error.ts: a refused service account carries status 401
 * (the key pool takes it out of rotation with Google's reason), an unavailable endpoint its 5xx or 429 (retried), and an
 * unreachable one no status (a network error).
 */
export class VertexAuthError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "VertexAuthError";
  }
}

export interface VertexAccessTokens {
  /** A valid access token: cached, renewed shortly before it expires, one exchange at a time however many callers ask. */
  get(): Promise<string>;
  /** The API refused `token`: the next get() exchanges a new one (unless that has happened already). */
  invalidate(token: string): void;
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

/** The RS256-signed JWT a service account presents at its token endpoint (Google's OAuth 2.0 JWT-bearer grant). */
export function signAssertion(account: ServiceAccount, nowMs: number): string {
  const iat = Math.floor(nowMs / 1000);
  const header = base64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid: account.keyFingerprint }));
  const claims = base64url(JSON.stringify({ iss: account.clientEmail, scope: VERTEX_SCOPE, aud: account.tokenUri, iat, exp: iat + ASSERTION_LIFETIME_S }));
  const signature = sign("sha256", Buffer.from(`${header}.${claims}`), account.privateKey);
  return `${header}.${claims}.${base64url(signature)}`;
}

/** Google's refusal in a line: `{"error": "invalid_grant", "error_description": "…"}`, or a Google API error body. */
function refusalOf(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown; error_description?: unknown };
    if (typeof body.error === "string") return typeof body.error_description === "string" && body.error_description ? `${body.error_description} (${body.error})` : body.error;
    const message = (body.error as { message?: unknown } | undefined)?.message;
    if (typeof message === "string" && message) return message;
  } catch {
    // not JSON: a proxy's page or plain text
  }
  return text.replace(/\s+/g, " ").trim().slice(0, 200) || "no reason given";
}

async function exchange(account: ServiceAccount, nowMs: number): Promise<{ token: string; expiresAt: number }> {
  const host = new URL(account.tokenUri).host;
  let response: Response;
  try {
    response = await httpFetch(account.tokenUri, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({ grant_type: JWT_BEARER, assertion: signAssertion(account, nowMs) }).toString(),
      signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
    });
  } catch (error) {
    const name = (error as Error).name;
    if (name === "TimeoutError" || name === "AbortError") throw new VertexAuthError(`Vertex AI's token endpoint (${host}) did not answer in time.`);
    throw new VertexAuthError(`Could not reach Vertex AI's token endpoint (${host}): ${(error as Error).message.slice(0, 200)}`);
  }
  const text = await response.text();
  if (response.status === 429 || response.status >= 500) {
    throw new VertexAuthError(`Vertex AI's token endpoint (${host}) is unavailable (${response.status}): ${refusalOf(text)}`, response.status);
  }
  if (!response.ok) throw new VertexAuthError(`Vertex AI refused the service account: ${refusalOf(text)}`, 401);
  let body: { access_token?: unknown; expires_in?: unknown };
  try {
    body = JSON.parse(text);
  } catch {
    throw new VertexAuthError(`Vertex AI's token endpoint (${host}) answered with something other than a token.`, 502);
  }
  if (typeof body.access_token !== "string" || !body.access_token) throw new VertexAuthError(`Vertex AI's token endpoint (${host}) answered without an access token.`, 502);
  const lifetimeS = Number(body.expires_in) > 0 ? Number(body.expires_in) : 3600;
  return { token: body.access_token, expiresAt: nowMs + lifetimeS * 1000 };
}

/**
 * Access tokens for one service account, exchanged at its key file's token_uri. google-auth-library (which @google/genai
 * would use) always posts to oauth2.googleapis.com and ignores token_uri, so the exchange is done here.
 */
export function createVertexAccessTokens(account: ServiceAccount, options: { now?: () => number } = {}): VertexAccessTokens {
  const now = options.now ?? Date.now;
  let current: { token: string; expiresAt: number; refreshAt: number } | null = null;
  let pending: Promise<string> | null = null;

  function refresh(): Promise<string> {
    pending ??= (async () => {
      const startedAt = now();
      const fresh = await exchange(account, startedAt);
      const lifetime = fresh.expiresAt - startedAt;
      current = { ...fresh, refreshAt: fresh.expiresAt - Math.min(REFRESH_MARGIN_MS, lifetime / 2) };
      return fresh.token;
    })().finally(() => {
      pending = null;
    });
    return pending;
  }

  return {
    async get() {
      const at = now();
      if (current && at < current.refreshAt) return current.token;
      const renewing = refresh();
      if (current && at < current.expiresAt - Math.min(MIN_USABLE_MS, (current.expiresAt - current.refreshAt) / 2)) {
        renewing.catch(() => {}); // a failed renewal is met again by the caller that waits on the next one
        return current.token;
      }
      return renewing;
    },
    invalidate(token) {
      if (current?.token === token) current = null;
    },
  };
}
