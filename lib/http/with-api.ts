import { randomUUID } from "node:crypto";
import path from "node:path";
import { ZodError } from "zod";
import { authenticateRequest } from "../auth/authenticate-request";
import { ensureAuthSecret } from "../auth/ensure-auth-secret";
import { consumeRateLimits } from "../auth/rate-limit";
import { roleAtLeast, type Principal, type Role } from "../auth/roles";
import { LoupeError } from "../errors";
import { poolOf } from "../db/sql";
import { logger } from "../log/logger";
import { appContext } from "../server/app-context";
import { idempotencyKeyOf, idempotentBodyLimit, replayIdempotent } from "../idempotency/replay-idempotent";

export type { Role } from "../auth/roles";

/**
 * The one wrapper every /api route uses: authenticate → rate-limit → authorise → call the handler (which parses and calls the
 * domain). Errors become `{ "error": { "code", "message" } }` here and nowhere else, so no stack trace ever reaches a client.
 */
export interface ApiContext<P> {
  request: Request;
  params: P;
  principal: Principal;
}

export type ApiHandler<P> = (context: ApiContext<P>) => Promise<Response>;
type RouteHandler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

export function errorResponse(status: number, code: string, message: string, details?: Record<string, unknown>, headers?: HeadersInit) {
  return Response.json({ error: { code, message, ...(details ? { details } : {}) } }, { status, headers });
}

export function toErrorResponse(error: unknown, requestId?: string): Response {
  if (error instanceof LoupeError) {
    const retryAfter = error.details?.retryAfterSeconds;
    return errorResponse(error.status, error.code, error.message, error.details, retryAfter ? { "retry-after": String(retryAfter) } : undefined);
  }
  if (error instanceof ZodError) {
    const first = error.issues[0];
    const where = first?.path.length ? `${first.path.join(".")}: ` : "";
    return errorResponse(400, "invalid_request", `${where}${first?.message ?? "the request is not valid"}`, {
      issues: error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
    });
  }
  if (error instanceof SyntaxError) return errorResponse(400, "invalid_json", "The request body is not valid JSON.");
  logger().error({ requestId, err: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined }, "unhandled error in an API route");
  return errorResponse(500, "internal", "Something went wrong on the server. The error was logged; please try again.");
}

export interface ApiOptions {
  /** The least role allowed to call this route (roles rank admin > analyst > reviewer > viewer). */
  role: Role;
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function clientAddress(request: Request): string {
  return request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || request.headers.get("x-real-ip") || "unknown";
}

/** Counts the call against each budget in one round trip; the first budget used up refuses it. */
async function enforceRateLimits(checks: { key: string; limitPerMinute: number }[]) {
  const results = await consumeRateLimits(appContext().db, checks);
  const refused = results.findIndex((result) => !result.allowed);
  if (refused >= 0) {
    const { retryAfterSeconds } = results[refused];
    throw new LoupeError(429, "rate_limited", `Too many requests: the limit is ${checks[refused].limitPerMinute} per minute. Try again in ${retryAfterSeconds} s.`, {
      retryAfterSeconds,
    });
  }
}

export async function authorise(request: Request, least: Role): Promise<Principal> {
  const { db, config } = appContext();
  const principal = await authenticateRequest(db, request, ensureAuthSecret(config));
  // The address's budget is counted for every call, signed in or not; the caller's own budget once we know who it is.
  const address = { key: `ip:${clientAddress(request)}`, limitPerMinute: config.RATE_LIMIT_IP_PER_MINUTE };
  const caller = principal && { key: principal.tokenId ? `token:${principal.tokenId}` : `user:${principal.userId}`, limitPerMinute: config.RATE_LIMIT_PER_MINUTE };
  await enforceRateLimits(caller ? [address, caller] : [address]);
  if (!principal) throw new LoupeError(401, "unauthenticated", "Sign in, or send an API token as `Authorization: Bearer …`.");
  if (!roleAtLeast(principal.role, least)) {
    throw new LoupeError(403, "forbidden", `This needs the ${least} role or higher; you are signed in as ${principal.role}.`);
  }
  if (principal.via === "token" && WRITE_METHODS.has(request.method) && !principal.scopes?.includes("write")) {
    throw new LoupeError(403, "insufficient_scope", "This API token has read scope only; this call changes data and needs the write scope.");
  }
  return principal;
}

/** One JSON log line per API call, with a request id that is also sent back (X-Request-Id) for support. */
async function logged(request: Request, run: (requestId: string) => Promise<{ response: Response; userId?: string }>): Promise<Response> {
  const started = performance.now();
  const requestId = /^[\w-]{8,64}$/.test(request.headers.get("x-request-id") ?? "") ? request.headers.get("x-request-id")! : randomUUID();
  const { response, userId } = await run(requestId);
  const headers = new Headers(response.headers);
  headers.set("x-request-id", requestId);
  const { pathname } = new URL(request.url);
  const line = { requestId, method: request.method, path: pathname, status: response.status, ms: Math.round(performance.now() - started), userId };
  // Reads that succeed are what the UI polls every few seconds: debug; changes and refusals: info; server errors: error.
  if (response.status >= 500) logger().error(line, "api request failed");
  else if (request.method === "GET" && response.status < 400) logger().debug(line, "api request");
  else logger().info(line, "api request");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

export function withApi<P = Record<string, string>>(options: ApiOptions, handler: ApiHandler<P>): RouteHandler<P> {
  return (request, context) =>
    logged(request, async (requestId) => {
      let userId: string | undefined;
      try {
        const principal = await authorise(request, options.role);
        userId = principal.userId;
        const params = await context.params;
        const key = request.method === "POST" ? idempotencyKeyOf(request) : null;
        if (!key) return { response: await handler({ request, params, principal }), userId };
        // Errors become responses inside, so a 4xx is kept and replayed like any answer.
        const answer = (replayed: Request) => handler({ request: replayed, params, principal }).catch((error) => toErrorResponse(error, requestId));
        const scope = principal.tokenId ? `token:${principal.tokenId}` : `user:${principal.userId}`;
        const { db, config } = appContext();
        const spool = { dir: path.join(config.dataDir, "tmp"), maxBodyBytes: idempotentBodyLimit(config) };
        return { response: await replayIdempotent(poolOf(db), request, scope, key, answer, spool), userId };
      } catch (error) {
        return { response: toErrorResponse(error, requestId), userId };
      }
    });
}

/** Routes anyone may call (first-run setup): still rate-limited per address. */
export function withPublicApi<P = Record<string, string>>(handler: (context: { request: Request; params: P }) => Promise<Response>): RouteHandler<P> {
  return (request, context) =>
    logged(request, async (requestId) => {
      try {
        await enforceRateLimits([{ key: `ip:${clientAddress(request)}`, limitPerMinute: appContext().config.RATE_LIMIT_IP_PER_MINUTE }]);
        return { response: await handler({ request, params: await context.params }) };
      } catch (error) {
        return { response: toErrorResponse(error, requestId) };
      }
    });
}
