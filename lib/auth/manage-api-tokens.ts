import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "../db/generated/client";
import { notFound } from "../errors";
import { poolOf, sql } from "../db/sql";
import type { Principal, Role } from "./roles";
import type { CreateTokenInput } from "./schemas";

const TOKEN_PREFIX = "loupe_";

export function hashToken(raw: string): string {
  return createHash("sha256").update(raw).digest("hex");
}

/** A new personal token. The raw value is returned once; only its sha256 is stored. */
export async function createApiToken(db: PrismaClient, userId: string, input: CreateTokenInput) {
  const raw = `${TOKEN_PREFIX}${randomBytes(24).toString("base64url")}`;
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
  const token = await db.apiToken.create({
    data: { userId, name: input.name, scopes: [...new Set(input.scopes)], tokenHash: hashToken(raw), prefix: raw.slice(0, TOKEN_PREFIX.length + 6), expiresAt },
    select: { id: true, name: true, prefix: true, scopes: true, expiresAt: true, createdAt: true },
  });
  return { ...token, token: raw };
}

export async function listApiTokens(db: PrismaClient, userId: string) {
  return db.apiToken.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, scopes: true, expiresAt: true, lastUsedAt: true, revokedAt: true, createdAt: true },
  });
}

export async function revokeApiToken(db: PrismaClient, userId: string, tokenId: string) {
  const updated = await db.apiToken.updateMany({ where: { id: tokenId, userId, revokedAt: null }, data: { revokedAt: new Date() } });
  if (updated.count === 0) throw notFound("The token");
}

/** Bearer value → who it acts for, or null when unknown, revoked, expired, or its user is deactivated. */
interface TokenRow {
  id: string;
  revokedAt: Date | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  scopes: string[];
  userId: string;
  email: string;
  name: string | null;
  role: Role;
  active: boolean;
}

export async function resolveApiToken(db: PrismaClient, raw: string): Promise<Principal | null> {
  if (!raw.startsWith(TOKEN_PREFIX) || raw.length > 200) return null;
  // Every API call makes this read, so it goes to the plain pg pool (see lib/db/sql.ts).
  const { rows: [token] } = await poolOf(db).query<TokenRow>(sql`
    SELECT t.id::text, t.revoked_at AS "revokedAt", t.expires_at AS "expiresAt", t.last_used_at AS "lastUsedAt", t.scopes,
           u.id::text AS "userId", u.email, u.name, u.role::text, u.active
    FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ${hashToken(raw)}`);
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= new Date()) || !token.active) return null;
  // "Last used" to the minute is enough; skipping most writes keeps a busy token from rewriting its row per request.
  if (!token.lastUsedAt || Date.now() - token.lastUsedAt.getTime() > 60_000) {
    await poolOf(db).query(sql`UPDATE api_tokens SET last_used_at = now() WHERE id = ${token.id}::uuid`);
  }
  return { userId: token.userId, email: token.email, name: token.name, role: token.role, via: "token", tokenId: token.id, scopes: token.scopes };
}
