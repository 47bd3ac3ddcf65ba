import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase } from "../helpers/test-database";

// Statements with parameters are prepared under a name; Next's server bundle may hold lib/db/sql.ts more than once, and
// every copy shares the same connections, so a name must follow the statement's text, not the copy that made it.
describe("the sql tag's prepared statements", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let pool: pg.Pool;
  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new pg.Pool({ connectionString: database.url, max: 1 }); // one connection: every statement meets the others
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it("two copies of the module name different statements differently and the same text alike, on one connection", async () => {
    const first = await import("../../lib/db/sql");
    vi.resetModules();
    const second = await import("../../lib/db/sql");
    expect(second.sql).not.toBe(first.sql);

    const a = first.sql`SELECT ${1}::int AS a`;
    const b = second.sql`SELECT ${2}::int + 1 AS b`;
    expect(a.name).toMatch(/^loupe_[0-9a-f]{24}$/);
    expect(b.name).not.toBe(a.name);
    expect((await pool.query(a)).rows).toEqual([{ a: 1 }]);
    expect((await pool.query(b)).rows).toEqual([{ b: 3 }]);
    // Run again (now prepared on this connection) with other values.
    expect((await pool.query({ ...first.sql`SELECT ${1}::int AS a`, values: [7] })).rows).toEqual([{ a: 7 }]);

    const same = (tag: typeof first.sql) => tag`SELECT ${5}::int * 2 AS c`;
    expect(same(first.sql).name).toBe(same(second.sql).name);
    expect((await pool.query(same(second.sql))).rows).toEqual([{ c: 10 }]);
    // Without parameters there is nothing to prepare (and several statements may share one text).
    expect(first.sql`SELECT 1 AS one`.name).toBeUndefined();
  });
});
