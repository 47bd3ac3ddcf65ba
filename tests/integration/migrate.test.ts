import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getMigrationStatus, migrateDatabase, readMigrations } from "../../lib/db/migrate";
import { readPrismaSchema } from "../helpers/prisma-schema";
import { createTestDatabase } from "../helpers/test-database";

const POSTGRES_TYPE: Record<string, string[]> = {
  String: ["text", "uuid", "character varying"],
  Int: ["integer"],
  BigInt: ["bigint"],
  Float: ["double precision"],
  Boolean: ["boolean"],
  DateTime: ["timestamp with time zone", "timestamp without time zone"],
  Json: ["jsonb"],
  Bytes: ["bytea"],
};

describe("migrations", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let client: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase({ migrated: false });
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await database.drop();
  });

  it("a fresh database migrates, recording every migration as prisma migrate deploy would", async () => {
    const files = readMigrations();
    expect(files.length).toBeGreaterThan(0);
    const applied = await migrateDatabase(database.url);
    expect(applied).toEqual(files.map((f) => f.name));
    const rows = await client.query(`SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at FROM "_prisma_migrations" ORDER BY migration_name`);
    expect(rows.rows.map((r) => [r.migration_name, r.checksum, r.applied_steps_count, r.rolled_back_at])).toEqual(files.map((f) => [f.name, f.checksum, 1, null]));
    expect(rows.rows.every((r) => r.finished_at instanceof Date)).toBe(true);
  });

  it("a second run is a no-op and the status says current", async () => {
    const before = await client.query(`SELECT id, finished_at FROM "_prisma_migrations" ORDER BY id`);
    expect(await migrateDatabase(database.url)).toEqual([]);
    const after = await client.query(`SELECT id, finished_at FROM "_prisma_migrations" ORDER BY id`);
    expect(after.rows).toEqual(before.rows);
    const status = await getMigrationStatus(client);
    expect(status.pending).toEqual([]);
    expect(status.failed).toEqual([]);
    expect(status.modified).toEqual([]);
  });

  it("the migrated tables and columns match prisma/schema.prisma exactly", async () => {
    const { columns, enums } = readPrismaSchema();
    const live = await client.query<{ table_name: string; column_name: string; data_type: string; udt_name: string; is_nullable: string }>(
      `SELECT table_name, column_name, data_type, udt_name, is_nullable FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    const liveByKey = new Map(live.rows.map((row) => [`${row.table_name}.${row.column_name}`, row]));
    const problems: string[] = [];
    for (const column of columns) {
      const row = liveByKey.get(`${column.table}.${column.column}`);
      if (!row) {
        problems.push(`missing column ${column.table}.${column.column}`);
        continue;
      }
      liveByKey.delete(`${column.table}.${column.column}`);
      if (column.list) {
        if (row.data_type !== "ARRAY") problems.push(`${column.table}.${column.column} should be an array`);
      } else if (enums.has(column.type)) {
        if (row.udt_name !== column.type) problems.push(`${column.table}.${column.column} should use enum ${column.type}, has ${row.udt_name}`);
      } else if (!POSTGRES_TYPE[column.type]?.includes(row.data_type)) {
        problems.push(`${column.table}.${column.column} is ${row.data_type}, schema says ${column.type}`);
      }
      const nullable = row.is_nullable === "YES";
      if (!column.list && nullable !== column.optional) problems.push(`${column.table}.${column.column} nullable=${nullable}, schema optional=${column.optional}`);
    }
    for (const key of liveByKey.keys()) problems.push(`column ${key} is in the database but not in schema.prisma`);
    for (const [name, values] of enums) {
      const result = await client.query(`SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = $1 ORDER BY e.enumsortorder`, [name]);
      if (JSON.stringify(result.rows.map((r) => r.enumlabel)) !== JSON.stringify(values)) problems.push(`enum ${name} differs`);
    }
    expect(problems).toEqual([]);
  });

  it("a migration that failed earlier blocks the next run with a message saying how to resolve it", async () => {
    await client.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ('00000000-0000-0000-0000-000000000001', 'x', '99990101000000_broken', now())`);
    await expect(migrateDatabase(database.url)).rejects.toThrow(/99990101000000_broken failed earlier.*migrate resolve/s);
    await client.query(`DELETE FROM "_prisma_migrations" WHERE migration_name = '99990101000000_broken'`);
  });
});
