import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKeyPool, type KeyPool } from "../../lib/gemini/key-pool";
import { keyId } from "../../lib/gemini/key-identity";
import { createTestDatabase } from "../helpers/test-database";

const KEYS = [{ key: "AIzaReportsKey00000000000000000000001", project: "reports" }];
const ID = keyId(KEYS[0].key);

// Successful calls are written together a moment later; what they change must come out as if written one by one.
describe("the key pool's success reports", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let sql: pg.Pool;
  let pool: KeyPool;
  const key = async () => (await sql.query(`SELECT success_count, success_ewma, latency_ewma_ms, requests_today, state::text FROM gemini_keys WHERE id = $1`, [ID])).rows[0];
  beforeAll(async () => {
    database = await createTestDatabase();
    sql = new pg.Pool({ connectionString: database.url });
    pool = await createKeyPool(database.url, { keys: KEYS, limits: { rpm: 1000, tpm: 10_000_000, rpd: 100_000 }, windowMs: 1000 });
  });
  afterAll(async () => {
    await pool?.close();
    await sql?.end();
    await database?.drop();
  });

  it("three successes move the counters, the health averages and the ledger's tokens as three single reports would", async () => {
    await sql.query(`UPDATE gemini_keys SET success_ewma = 0.5, latency_ewma_ms = 100 WHERE id = $1`, [ID]);
    const leases = [await pool.acquire(500), await pool.acquire(500), await pool.acquire(500)];
    for (const [i, lease] of leases.entries()) await pool.report(lease, { kind: "success", latencyMs: 200 + i * 100, tokens: 40 + i });
    // Written together shortly after (200 ms, more on a busy machine).
    await expect.poll(async () => Number((await key()).success_count), { timeout: 10_000, interval: 50 }).toBe(3);
    const row = await key();
    expect({ requests: Number(row.requests_today), state: row.state }).toEqual({ requests: 3, state: "active" });
    expect(row.success_ewma).toBeCloseTo(1 - 0.5 * 0.9 ** 3, 6);
    // The mean latency (300 ms) weighed as three samples: 100 · 0.8³ + 300 · (1 − 0.8³).
    expect(row.latency_ewma_ms).toBeCloseTo(100 * 0.8 ** 3 + 300 * (1 - 0.8 ** 3), 6);
    const ledger = await sql.query(`SELECT tokens FROM gemini_requests WHERE id = ANY($1::bigint[]) ORDER BY id`, [leases.map((l) => l.requestId)]);
    expect(ledger.rows.map((r) => Number(r.tokens))).toEqual([40, 41, 42]);
  });

  it("a success still waiting to be written never marks a key active again after a later call found it exhausted", async () => {
    const first = await pool.acquire(10);
    const second = await pool.acquire(10);
    await pool.report(first, { kind: "success", latencyMs: 10, tokens: 10 });
    await pool.report(second, { kind: "exhausted_daily", until: Date.now() + 3_600_000, reason: "test" });
    await new Promise((r) => setTimeout(r, 400)); // past any flush the success could still have been waiting for
    expect((await key()).state).toBe("exhausted");
    expect(Number((await key()).success_count)).toBe(4); // the earlier success was written (after the exhaustion)
  });
});
