import type { PrismaClient } from "../db/generated/client";
import { poolOf, sql } from "../db/sql";

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

/**
 * Fixed one-minute windows counted in PostgreSQL, so every app process shares one budget per key. One round trip for any
 * number of keys (an API call counts its address and its caller together): upsert + increment + read. Old windows are
 * swept now and then by the same statement's caller.
 */
export async function consumeRateLimits(db: PrismaClient, checks: { key: string; limitPerMinute: number }[]): Promise<RateLimitResult[]> {
  const keys = checks.map((check) => check.key);
  const { rows } = await poolOf(db).query<{ key: string; count: number; retry_after: number }>(sql`
    INSERT INTO rate_limits (key, window_start, count)
    SELECT key, date_trunc('minute', clock_timestamp()), 1 FROM unnest(${keys}::text[]) AS key
    ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1
    RETURNING key, count, ceil(extract(epoch FROM (window_start + interval '1 minute' - clock_timestamp())))::int AS retry_after`);
  if (Math.random() < 0.01) await sweepRateLimits(db);
  const byKey = new Map(rows.map((row) => [row.key, row]));
  return checks.map(({ key, limitPerMinute }) => {
    const { count, retry_after } = byKey.get(key)!;
    return { allowed: count <= limitPerMinute, remaining: Math.max(0, limitPerMinute - count), retryAfterSeconds: Math.max(1, retry_after) };
  });
}

export async function consumeRateLimit(db: PrismaClient, key: string, limitPerMinute: number): Promise<RateLimitResult> {
  return (await consumeRateLimits(db, [{ key, limitPerMinute }]))[0];
}

export async function sweepRateLimits(db: PrismaClient) {
  await db.$executeRaw`DELETE FROM rate_limits WHERE window_start < now() - interval '5 minutes'`;
}
