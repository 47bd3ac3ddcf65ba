import type { PrismaClient } from "../db/generated/client";
import { poolOf, sql } from "../db/sql";
import { mayHaveBreaker, noteHostCleared, noteHostFailure } from "./hosts-with-breakers";

/** Consecutive connection failures (DNS, refused, reset, timeout) to one host before its breaker opens. */
export const HOST_BREAKER_FAILURES = 20;
/** The first cool-down; each failed probe doubles it, up to an hour. */
export const HOST_COOLDOWN_SECONDS = 60;
const MAX_COOLDOWN_SECONDS = 3600;
/** How long a probe may take before another fetch may probe instead (its process may have died). */
const PROBE_SECONDS = 120;

export type HostGate = { allowed: true; probe: boolean } | { allowed: false; until: Date };

/**
 * May a fetch to this host go ahead? Yes when its breaker is closed; no while it cools down; once the cool-down is over,
 * exactly one fetch (the probe) is let through, and the others wait for its outcome.
 */
export async function checkHost(db: PrismaClient, host: string): Promise<HostGate> {
  if (!(await mayHaveBreaker(db, host))) return { allowed: true, probe: false };
  const pool = poolOf(db);
  const { rows } = await pool.query<{ state: string; blocked_until: Date | null }>(sql`SELECT state, blocked_until FROM host_breakers WHERE host = ${host}`);
  const row = rows[0];
  if (!row || row.state === "counting") return { allowed: true, probe: false };
  if (row.blocked_until && row.blocked_until.getTime() > Date.now()) return { allowed: false, until: row.blocked_until };
  const { rows: claimed } = await pool.query<{ blocked_until: Date }>(sql`
    UPDATE host_breakers SET state = 'probing', blocked_until = now() + make_interval(secs => ${PROBE_SECONDS}), updated_at = now()
    WHERE host = ${host} AND state IN ('open', 'probing') AND blocked_until <= now() RETURNING blocked_until`);
  if (claimed[0]) return { allowed: true, probe: true };
  const { rows: now } = await pool.query<{ blocked_until: Date | null }>(sql`SELECT blocked_until FROM host_breakers WHERE host = ${host}`);
  return now[0] ? { allowed: false, until: now[0].blocked_until ?? new Date(Date.now() + PROBE_SECONDS * 1000) } : { allowed: true, probe: false };
}

/**
 * A connection failure to the host: counted; the 20th in a row opens the breaker for the cool-down, and a failed probe
 * opens it again for twice as long.
 */
export async function recordHostFailure(db: PrismaClient, host: string, message: string) {
  await poolOf(db).query(sql`
    WITH next AS (
      SELECT h.state = 'probing' AS probe_failed,
             h.state = 'counting' AND h.consecutive_failures + 1 >= ${HOST_BREAKER_FAILURES} AS opens,
             least(h.cooldown_seconds * 2, ${MAX_COOLDOWN_SECONDS}) AS doubled
      FROM host_breakers h WHERE h.host = ${host}
    )
    INSERT INTO host_breakers (host, consecutive_failures, last_error, state, opened_at, blocked_until, cooldown_seconds)
    VALUES (${host}, 1, ${message.slice(0, 500)}, CASE WHEN ${HOST_BREAKER_FAILURES} <= 1 THEN 'open' ELSE 'counting' END,
            CASE WHEN ${HOST_BREAKER_FAILURES} <= 1 THEN now() END, CASE WHEN ${HOST_BREAKER_FAILURES} <= 1 THEN now() + make_interval(secs => ${HOST_COOLDOWN_SECONDS}) END, ${HOST_COOLDOWN_SECONDS})
    ON CONFLICT (host) DO UPDATE SET
      consecutive_failures = host_breakers.consecutive_failures + 1, last_error = excluded.last_error, updated_at = now(),
      state = CASE WHEN (SELECT probe_failed OR opens FROM next) THEN 'open' ELSE host_breakers.state END,
      opened_at = CASE WHEN (SELECT opens FROM next) THEN now() ELSE host_breakers.opened_at END,
      cooldown_seconds = CASE WHEN (SELECT probe_failed FROM next) THEN (SELECT doubled FROM next) ELSE host_breakers.cooldown_seconds END,
      blocked_until = CASE
        WHEN (SELECT probe_failed FROM next) THEN now() + make_interval(secs => (SELECT doubled FROM next))
        WHEN (SELECT opens FROM next) THEN now() + make_interval(secs => host_breakers.cooldown_seconds)
        ELSE host_breakers.blocked_until END`);
  noteHostFailure(host);
}

/** A fetch from the host worked: its breaker closes (the row goes; a host never seen failing has none, nothing is written). */
export async function recordHostSuccess(db: PrismaClient, host: string) {
  if (!(await mayHaveBreaker(db, host))) return;
  await poolOf(db).query(sql`DELETE FROM host_breakers WHERE host = ${host}`);
  noteHostCleared(host);
}

// The hosts whose breakers are open, per process, re-read at most every second (dispatch picks its query by them, and a
// change of the set restarts its scan past blocked images).
let openCache: { at: number; hosts: string[] } | null = null;

/** The hosts whose breakers keep their images from being dispatched now, sorted. */
export async function blockedHosts(db: PrismaClient): Promise<string[]> {
  if (openCache && Date.now() - openCache.at < 1000) return openCache.hosts;
  const { rows } = await poolOf(db).query<{ host: string }>(sql`SELECT host FROM host_breakers WHERE state <> 'counting' AND blocked_until > now() ORDER BY host`);
  openCache = { at: Date.now(), hosts: rows.map((row) => row.host) };
  return openCache.hosts;
}
