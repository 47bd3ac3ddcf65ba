import { decode } from "next-auth/jwt";
import type { PrismaClient } from "../db/generated/client";
import { resolveApiToken } from "./manage-api-tokens";
import { poolOf, sql } from "../db/sql";
import type { Principal, Role } from "./roles";

export const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

export function readCookie(cookieHeader: string | null, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** The session JWT's subject (user id) and role as signed at sign-in, or null. No database: proxy.ts uses this. */
export async function readSessionToken(cookieHeader: string | null, secret: string): Promise<{ userId: string; role: string } | null> {
  for (const name of SESSION_COOKIES) {
    const value = readCookie(cookieHeader, name);
    if (!value) continue;
    try {
      const payload = await decode({ token: value, secret });
      if (payload?.sub) return { userId: payload.sub, role: String(payload.role ?? "viewer") };
    } catch {
      // A cookie from another secret or a tampered one: treated as no session.
    }
  }
  return null;
}

/**
 * Who is calling: `Authorization: Bearer loupe_…` (API token) or the session cookie. The user row is read on every call so a
 * deactivated user or a changed role takes effect at once, not when the JWT expires.
 */
export async function authenticateRequest(db: PrismaClient, request: Request, secret: string): Promise<Principal | null> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    return match ? resolveApiToken(db, match[1]) : null;
  }
  const session = await readSessionToken(request.headers.get("cookie"), secret);
  if (!session) return null;
  return principalForUser(db, session.userId);
}

export async function principalForUser(db: PrismaClient, userId: string): Promise<Principal | null> {
  if (!/^[0-9a-f-]{36}$/i.test(userId)) return null;
  const { rows: [user] } = await poolOf(db).query<{ id: string; email: string; name: string | null; role: Role; active: boolean }>(
    sql`SELECT id::text, email, name, role::text, active FROM users WHERE id = ${userId}::uuid`,
  );
  if (!user || !user.active) return null;
  return { userId: user.id, email: user.email, name: user.name, role: user.role, via: "session" };
}
