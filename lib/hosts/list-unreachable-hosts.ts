import type { PrismaClient } from "../db/generated/client";
import { poolOf, sql } from "../db/sql";

export interface UnreachableHost {
  host: string;
  /** open: cooling down until retryAt; probing: one fetch is trying it now. */
  state: "open" | "probing";
  since: string;
  retryAt: string | null;
  lastError: string | null;
  /** This batch's queued images on that host (counted up to 100,000; `waitingAtLeast` then says there are more). */
  waiting: number;
  waitingAtLeast: boolean;
}

const COUNT_CAP = 100_000;

/** Hosts whose breaker is open and that this batch (a parent: its parts) still has queued images on. */
export async function listUnreachableHosts(db: PrismaClient, batchIds: string[]): Promise<UnreachableHost[]> {
  const pool = poolOf(db);
  const { rows: open } = await pool.query<{ host: string; state: "open" | "probing"; opened_at: Date; blocked_until: Date | null; last_error: string | null }>(
    sql`SELECT host, state, opened_at, blocked_until, last_error FROM host_breakers WHERE state IN ('open', 'probing') ORDER BY opened_at LIMIT ${20}`,
  );
  const hosts: UnreachableHost[] = [];
  for (const breaker of open) {
    const { rows } = await pool.query<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM (
        SELECT 1 FROM images i WHERE i.batch_id = ANY(${batchIds}::uuid[]) AND i.status = 'queued'
          AND lower(substring(i.source_url from '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?\\[?([^]/?#:]+)')) = ${breaker.host}
        LIMIT ${COUNT_CAP}
      ) waiting`);
    if (!rows[0].n) continue;
    hosts.push({
      host: breaker.host,
      state: breaker.state,
      since: breaker.opened_at.toISOString(),
      retryAt: breaker.blocked_until?.toISOString() ?? null,
      lastError: breaker.last_error,
      waiting: rows[0].n,
      waitingAtLeast: rows[0].n >= COUNT_CAP,
    });
  }
  return hosts;
}
