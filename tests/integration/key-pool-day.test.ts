import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKeyPool, type KeyPool } from "../../lib/gemini/key-pool";
import { createTestDatabase } from "../helpers/test-database";

// The quota day is scaled down to 2.4 s, so its buckets (1/24 of it) are 100 ms long.
const DAY_MS = 2400;
const KEYS = [{ key: "AIzaDayQuotaKey000000000000000000001", project: "daily" }];

describe("the key pool's daily quota and ledger", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let sql: pg.Pool;
  let pool: KeyPool;
  beforeAll(async () => {
    database = await createTestDatabase();
    sql = new pg.Pool({ connectionString: database.url });
    pool = await createKeyPool(database.url, { keys: KEYS, limits: { rpm: 1000, tpm: 10_000_000, rpd: 5 }, windowMs: 200, dayMs: DAY_MS });
  });
  afterAll(async () => {
    await pool?.close();
    await sql?.end();
    await database?.drop();
  });

  it("stops at the day's quota, gets a refused call's slot back, and waits for the day to move on, never longer", async () => {
    const leases = [];
    for (let i = 0; i < 5; i++) leases.push(await pool.acquire(10));
    const { rows: [counted] } = await sql.query<{ n: number }>(`SELECT sum(requests)::int AS n FROM gemini_usage_buckets WHERE project_id = 'daily'`);
    expect(counted.n).toBe(5);

    await pool.report(leases[4], { kind: "transient" }); // a refused call used no quota
    const started = Date.now();
    const sixth = await pool.acquire(10);
    expect(Date.now() - started).toBeLessThan(500);
    await pool.report(sixth, { kind: "success", latencyMs: 5, tokens: 10 });

    const waitStarted = Date.now();
    const seventh = await pool.acquire(10);
    const waited = Date.now() - waitStarted;
    // The first calls' bucket leaves the day 2.4–2.5 s after they were booked; the wait ends then (plus the poll's slack).
    expect(waited).toBeGreaterThan(DAY_MS - (waitStarted - started) - 600);
    expect(waited).toBeLessThan(DAY_MS + 1500);
    await pool.report(seventh, { kind: "success", latencyMs: 5, tokens: 10 });
  });

  it("trims ledger rows no window needs any more, a few at a time, as reservations go", async () => {
    await sql.query(
      `INSERT INTO gemini_requests (project_id, key_id, tokens, at)
       SELECT 'daily', (SELECT id FROM gemini_keys LIMIT 1), 1, now() - interval '2 hours' - n * interval '1 second' FROM generate_series(1, 40) n`,
    );
    const wide = await createKeyPool(database.url, { keys: KEYS, limits: { rpm: 1000, tpm: 10_000_000, rpd: 100_000 }, windowMs: 200 });
    try {
      for (let i = 0; i < 40; i++) await wide.report(await wide.acquire(1), { kind: "success", latencyMs: 1, tokens: 1 });
    } finally {
      await wide.close();
    }
    const { rows: [old] } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM gemini_requests WHERE at < now() - interval '1 hour'`);
    expect(old.n).toBe(0);
    const { rows: [recent] } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM gemini_requests WHERE at > now() - interval '1 minute'`);
    expect(recent.n).toBeGreaterThanOrEqual(40);
  });
});
