import type pg from "pg";

const FLUSH_MS = 200;

interface Success {
  keyId: string;
  requestId: string;
  latencyMs: number;
  tokens: number;
}

/**
 * Successful calls are written together, at most FLUSH_MS after the first: their real token counts replace the estimates
 * in the ledger, and each key's counters and health move once per flush instead of once per call (one statement for
 * every success in a burst). A few hundred milliseconds late is fine for both: a reservation counts the estimate until then.
 */
export function createSuccessReports(db: pg.Pool, flushMs = FLUSH_MS) {
  let pending: Success[] = [];
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();

  async function write(batch: Success[]) {
    await db.query(
      `WITH ledger AS (
         UPDATE gemini_requests r SET tokens = t.tokens FROM unnest($1::bigint[], $2::int[]) AS t(id, tokens) WHERE r.id = t.id
       ), per_key AS (
         SELECT id, count(*)::int AS n, avg(latency)::float8 AS latency FROM unnest($3::text[], $4::float8[]) AS s(id, latency) GROUP BY id
       )
       UPDATE gemini_keys k SET success_count = k.success_count + p.n,
         success_ewma = 1 - (1 - k.success_ewma) * power(0.9, p.n),
         latency_ewma_ms = coalesce(k.latency_ewma_ms * power(0.8, p.n) + p.latency * (1 - power(0.8, p.n)), p.latency),
         requests_today = k.requests_today + p.n, probed_at = coalesce(k.probed_at, now()),
         -- Active again only once its park is over: a success written now may be a call booked before another call (in
         -- this process or another) found the key exhausted, and proves nothing about its quota.
         state = CASE WHEN k.state IN ('cooling_down', 'exhausted') AND coalesce(greatest(k.cooldown_until, k.exhausted_until), '-infinity') <= now()
                      THEN 'active'::"KeyState" ELSE k.state END
       FROM per_key p WHERE k.id = p.id`,
      [batch.map((s) => s.requestId), batch.map((s) => Math.round(s.tokens)), batch.map((s) => s.keyId), batch.map((s) => s.latencyMs)],
    );
  }

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = pending;
    pending = [];
    if (batch.length) writing = writing.then(() => write(batch)).catch(() => {}); // statistics only: a lost flush loses no work
    return writing;
  }

  return {
    add(success: Success) {
      pending.push(success);
      timer ??= setTimeout(() => void flush(), flushMs);
    },
    flush,
  };
}
