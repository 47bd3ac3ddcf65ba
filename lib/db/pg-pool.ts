import pg from "pg";

// Work comes in bursts (a quota window's worth at a time): with pg's 10 s default, connections closed between bursts were
// opened again with a full SCRAM handshake (PBKDF2 on both sides) at the start of the next one.
export const IDLE_CONNECTION_MS = 60_000;

const holder = globalThis as unknown as { loupePgPools?: Map<string, pg.Pool> };

/** A plain pg pool on a database, for hot paths where Prisma's per-row and per-query overhead is too much (COPY, exports, per-image statements). */
export function pgPoolFor(databaseUrl: string): pg.Pool {
  holder.loupePgPools ??= new Map();
  let pool = holder.loupePgPools.get(databaseUrl);
  if (!pool) {
    pool = new pg.Pool({ connectionString: databaseUrl, max: 10, allowExitOnIdle: true, idleTimeoutMillis: IDLE_CONNECTION_MS });
    pool.on("error", () => {});
    holder.loupePgPools.set(databaseUrl, pool);
  }
  return pool;
}

/** The pool on this process's database (DATABASE_URL): streaming reads for exports. */
export function getPgPool(): pg.Pool {
  return pgPoolFor(process.env.DATABASE_URL ?? "");
}
