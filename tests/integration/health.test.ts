import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "../../lib/db/embedded-postgres";
import { checkHealth } from "../../lib/health/check-health";
import { migrateDatabase } from "../../lib/db/migrate";
import { version } from "../../lib/version";
import { createTestDatabase } from "../helpers/test-database";

describe("health check", () => {
  let migrated: Awaited<ReturnType<typeof createTestDatabase>>;
  let empty: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    migrated = await createTestDatabase();
    empty = await createTestDatabase({ migrated: false });
  });
  afterAll(async () => {
    await migrated.drop();
    await empty.drop();
  });

  it("says ok with the version when the database is reachable and migrated", async () => {
    expect(await checkHealth(migrated.url)).toEqual({ status: "ok", db: "ok", migrations: "current", version });
  });

  it("reports pending migrations on a database that was never migrated", async () => {
    const report = await checkHealth(empty.url);
    expect(report).toMatchObject({ status: "error", db: "ok", migrations: "pending" });
    expect("reason" in report && report.reason).toMatch(/not applied/);
  });

  it("reports an unreachable database with the reason", async () => {
    const port = await findFreePort();
    const report = await checkHealth(`postgresql://nobody:x@127.0.0.1:${port}/none`, 1000);
    expect(report).toMatchObject({ status: "error", db: "unreachable" });
    expect("reason" in report && report.reason).toMatch(/database unreachable/);
  });

  it("migrating the empty database makes it healthy", async () => {
    await migrateDatabase(empty.url);
    const client = new pg.Client({ connectionString: empty.url });
    await client.connect();
    const tables = await client.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`);
    await client.end();
    expect(tables.rows[0].n).toBeGreaterThan(5);
    expect((await checkHealth(empty.url)).status).toBe("ok");
  });
});
