import type { PrismaClient } from "../db/generated/client";

export interface KeyUsage {
  key: string;
  calls: number;
  succeeded: number;
  rateLimited: number;
  failed: number;
  averageMs: number | null;
}

/** Which Gemini keys served this batch (a parent: its parts) in the last hour, by masked key: how the pool spreads the work. */
export async function getKeyUsage(db: PrismaClient, batchIds: string[]): Promise<KeyUsage[]> {
  const rows = await db.$queryRaw<{ key: string; calls: number; succeeded: number; rate_limited: number; failed: number; average_ms: number | null }[]>`
    SELECT a.key_id AS key, count(*)::int AS calls,
           count(*) FILTER (WHERE a.error_code IS NULL)::int AS succeeded,
           count(*) FILTER (WHERE a.error_code = 'rate_limited')::int AS rate_limited,
           count(*) FILTER (WHERE a.error_code IS NOT NULL AND a.error_code <> 'rate_limited')::int AS failed,
           round(avg(a.duration_ms))::int AS average_ms
    FROM image_attempts a JOIN images i ON i.id = a.image_id
    WHERE a.created_at > now() - interval '1 hour' AND i.batch_id = ANY(${batchIds}::uuid[])
      AND a.key_id IS NOT NULL AND a.key_id <> 'local'
    GROUP BY a.key_id ORDER BY calls DESC LIMIT 50`;
  return rows.map((row) => ({ key: row.key, calls: row.calls, succeeded: row.succeeded, rateLimited: row.rate_limited, failed: row.failed, averageMs: row.average_ms }));
}
