import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reserveRequests } from "../../lib/gemini/reserve-request";
import { useTestDatabase } from "../helpers/test-database";

// One statement books a line of calls as that many single bookings would: within the window's room, rotating keys.
describe("reserving several Gemini requests at once", () => {
  const testDb = useTestDatabase();
  let pool: pg.Pool;
  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: testDb.url, max: 2 });
    await pool.query(`INSERT INTO gemini_projects (id, rpm_limit, tpm_limit, rpd_limit) VALUES ('p', 5, 1000000, 100000)`);
    await pool.query(`INSERT INTO gemini_projects (id, rpm_limit, tpm_limit, rpd_limit) VALUES ('q', 5, 1000000, 100000)`);
    await pool.query(`INSERT INTO gemini_keys (id, project_id, masked_key, source) VALUES ('k1', 'p', 'AIza…0001', 'env'), ('k2', 'p', 'AIza…0002', 'env'), ('k3', 'q', 'AIza…0003', 'env')`);
  });
  afterAll(() => pool?.end());

  const input = (estimatedTokens: number[], project = "p", keyIds = ["k1", "k2"]) => ({ project, keyIds, estimatedTokens, windowMs: 60_000, dayMs: 86_400_000, limits: { rpm: 5, tpm: 1_000_000, rpd: 100_000 } });

  it("books as many as the window has room for, in order, rotating over the keys, and says when room comes back", async () => {
    const before = Date.now();
    const first = await reserveRequests(pool, input([100, 200, 300]));
    expect(first.reservations).toHaveLength(3);
    expect(first.freeAt).toBeUndefined();
    const second = await reserveRequests(pool, input([400, 500, 600, 700]));
    expect(second.reservations).toHaveLength(2); // the window holds 5
    expect(second.freeAt).toBeGreaterThan(before + 55_000); // when the first booking leaves the window
    expect(second.freeAt).toBeLessThan(Date.now() + 61_000);

    const booked = [...first.reservations, ...second.reservations];
    expect(new Set(booked.map((reservation) => reservation.requestId)).size).toBe(5);
    // Two keys, least recently used first: they take turns, also within one statement.
    const [one, two] = [booked[0].keyId, booked[1].keyId];
    expect(new Set([one, two])).toEqual(new Set(["k1", "k2"]));
    expect(booked.map((reservation) => reservation.keyId)).toEqual([one, two, one, two, one]);
    expect(booked.find((reservation) => reservation.keyId === "k2")?.maskedKey).toBe("AIza…0002");
    const { rows } = await pool.query<{ id: string; tokens: number }>(`SELECT id::text, tokens FROM gemini_requests WHERE project_id = 'p' ORDER BY id`);
    expect(rows.map((row) => row.tokens)).toEqual([100, 200, 300, 400, 500]); // in the order asked, the refused ones not booked
    expect(rows.map((row) => row.id)).toEqual(booked.map((reservation) => reservation.requestId));
    const { rows: [usage] } = await pool.query<{ requests: number }>(`SELECT sum(requests)::int AS requests FROM gemini_usage_buckets WHERE project_id = 'p'`);
    expect(usage.requests).toBe(5);
  });

  it("books nothing when none of the keys may be used, and says so without a time", async () => {
    await pool.query(`UPDATE gemini_keys SET state = 'disabled' WHERE id = 'k3'`);
    expect(await reserveRequests(pool, input([1, 1], "q", ["k3"]))).toEqual({ reservations: [] });
    await pool.query(`UPDATE gemini_keys SET state = 'active' WHERE id = 'k3'`);
    expect((await reserveRequests(pool, input([1, 1], "q", ["k3"]))).reservations.map((reservation) => reservation.keyId)).toEqual(["k3", "k3"]);
  });
});
