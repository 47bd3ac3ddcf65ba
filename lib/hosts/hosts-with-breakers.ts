import type { PrismaClient } from "../db/generated/client";
import { poolOf, sql } from "../db/sql";

// Past this many rows the set is not worth holding: every fetch asks the database about its own host instead.
const MAX_HELD = 10_000;
const REFRESH_MS = 1000;

let held: { at: number; hosts: Set<string> | null } | null = null;
let loading: Promise<Set<string> | null> | null = null;
// Hosts this process saw fail (when), kept until a read that started after: their rows may be newer than the held set.
const failedHere = new Map<string, number>();

/**
 * Whether the host may have a breaker row (counting, open or probing). Read per process at most every second, the whole
 * (small) table: a fetch from a host that never failed — nearly every fetch — then costs no query to be let through and
 * none to reset a count. Another process's first failures show here within a second; until then a success here does not
 * reset them, which can only bring a flaky host's breaker a little earlier.
 */
export async function mayHaveBreaker(db: PrismaClient, host: string): Promise<boolean> {
  if (failedHere.has(host)) return true;
  const hosts = held && Date.now() - held.at < REFRESH_MS ? held.hosts : await load(db);
  return hosts === null || hosts.has(host);
}

/** A failure was just recorded for the host by this process. */
export function noteHostFailure(host: string) {
  failedHere.set(host, Date.now());
}

/** The host's row was just removed by this process. */
export function noteHostCleared(host: string) {
  failedHere.delete(host);
  held?.hosts?.delete(host);
}

function load(db: PrismaClient) {
  return (loading ??= (async () => {
    try {
      const startedAt = Date.now();
      const { rows } = await poolOf(db).query<{ host: string }>(sql`SELECT host FROM host_breakers LIMIT ${MAX_HELD + 1}`);
      const hosts = rows.length > MAX_HELD ? null : new Set(rows.map((row) => row.host));
      held = { at: startedAt, hosts };
      // The read saw every failure this process had recorded before it started.
      for (const [host, at] of failedHere) if (at < startedAt) failedHere.delete(host);
      return hosts;
    } finally {
      loading = null;
    }
  })());
}
