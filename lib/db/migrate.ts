import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

/**
 * Applies prisma/migrations the way `prisma migrate deploy` does, without Prisma's native engine (which cannot be
 * downloaded here): same `_prisma_migrations` table, same checksum (sha256 hex of migration.sql), same advisory lock.
 * Either tool can therefore take over a database the other migrated.
 */

const PRISMA_ADVISORY_LOCK = 72707369;

export const defaultMigrationsDir = path.resolve(/*turbopackIgnore: true*/ process.cwd(), "prisma/migrations");

export interface MigrationFile {
  name: string;
  checksum: string;
  sql: string;
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  failed: string[];
  /** Names recorded in the database with a different checksum than the file on disk. */
  modified: string[];
}

export function readMigrations(dir = defaultMigrationsDir): MigrationFile[] {
  if (!existsSync(/*turbopackIgnore: true*/ dir)) return [];
  return readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

async function readRows(client: pg.ClientBase): Promise<MigrationRow[] | null> {
  const exists = await client.query(`SELECT to_regclass('"_prisma_migrations"') AS name`);
  if (!exists.rows[0]?.name) return null;
  const result = await client.query<MigrationRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
  );
  return result.rows;
}

export function compareMigrations(files: MigrationFile[], rows: MigrationRow[] | null): MigrationStatus {
  const live = (rows ?? []).filter((row) => row.rolled_back_at === null);
  const done = new Map(live.filter((row) => row.finished_at !== null).map((row) => [row.migration_name, row]));
  const failed = live.filter((row) => row.finished_at === null).map((row) => row.migration_name);
  return {
    applied: files.filter((file) => done.has(file.name)).map((file) => file.name),
    pending: files.filter((file) => !done.has(file.name) && !failed.includes(file.name)).map((file) => file.name),
    failed,
    modified: files.filter((file) => done.has(file.name) && done.get(file.name)!.checksum !== file.checksum).map((file) => file.name),
  };
}

export async function getMigrationStatus(client: pg.ClientBase, dir = defaultMigrationsDir): Promise<MigrationStatus> {
  return compareMigrations(readMigrations(dir), await readRows(client));
}

/** Applies every pending migration in order. Returns the names applied (empty when already current). */
export async function migrateDatabase(databaseUrl: string, dir = defaultMigrationsDir): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK]);
    await client.query(CREATE_TABLE);
    const files = readMigrations(dir);
    const status = compareMigrations(files, await readRows(client));
    if (status.failed.length > 0) {
      throw new Error(
        `Migration ${status.failed[0]} failed earlier and was not rolled back. Fix the database, then mark it with ` +
          `\`prisma migrate resolve --rolled-back ${status.failed[0]}\` (or delete its row in _prisma_migrations).`,
      );
    }
    const applied: string[] = [];
    for (const file of files.filter((f) => status.pending.includes(f.name))) {
      const id = randomUUID();
      await client.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)`,
        [id, file.checksum, file.name],
      );
      try {
        await client.query("BEGIN");
        await client.query(file.sql);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        await client.query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [id, String(error)]);
        throw new Error(`Migration ${file.name} failed: ${(error as Error).message}`);
      }
      await client.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [id]);
      applied.push(file.name);
    }
    return applied;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK]).catch(() => {});
    await client.end();
  }
}
