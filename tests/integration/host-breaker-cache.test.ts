import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import { poolOf } from "../../lib/db/sql";
import { checkHost, HOST_BREAKER_FAILURES, recordHostFailure, recordHostSuccess } from "../../lib/hosts/host-breaker";
import { createTestDatabase } from "../helpers/test-database";

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The breaker's per-process view of which hosts have rows: a fetch from a healthy host costs no query to be let through
// or to reset a count (two statements per image before), while failures — this process's at once, another's within a
// second — still stop fetches.
describe("the host breaker's per-process view", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let otherProcess: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
    otherProcess = new pg.Client({ connectionString: database.url });
    await otherProcess.connect();
  });
  afterAll(async () => {
    await otherProcess?.end();
    await db?.$disconnect();
    await database?.drop();
  });

  it("a healthy host's fetches send at most the one read a second, not two statements each", async () => {
    const pool = poolOf(db);
    const query = pool.query.bind(pool);
    let sent = 0;
    pool.query = ((...args: Parameters<typeof query>) => ((sent += 1), query(...args))) as typeof pool.query;
    try {
      for (let i = 0; i < 200; i++) {
        expect(await checkHost(db, "cdn.example.com")).toEqual({ allowed: true, probe: false });
        await recordHostSuccess(db, "cdn.example.com");
      }
    } finally {
      pool.query = query;
    }
    expect(sent).toBeLessThanOrEqual(2);
  });

  it("this process's failures count at once: the 20th opens the breaker and the next check is refused", async () => {
    for (let i = 0; i < HOST_BREAKER_FAILURES; i++) await recordHostFailure(db, "dead.example", "connect ECONNREFUSED");
    expect(await checkHost(db, "dead.example")).toMatchObject({ allowed: false });
    await recordHostSuccess(db, "dead.example");
    expect(await db.hostBreaker.count({ where: { host: "dead.example" } })).toBe(0);
    expect(await checkHost(db, "dead.example")).toEqual({ allowed: true, probe: false });
  });

  it("another process's open breaker stops fetches here within a second, and a success here resets its count", async () => {
    await otherProcess.query(`INSERT INTO host_breakers (host, state, consecutive_failures, opened_at, blocked_until) VALUES ('elsewhere.example', 'open', 20, now(), now() + interval '10 minutes')`);
    await otherProcess.query(`INSERT INTO host_breakers (host, state, consecutive_failures) VALUES ('flaky.example', 'counting', 7)`);
    await wait(1100);
    expect(await checkHost(db, "elsewhere.example")).toMatchObject({ allowed: false });
    await recordHostSuccess(db, "flaky.example");
    expect(await db.hostBreaker.count({ where: { host: "flaky.example" } })).toBe(0);
  });
});
