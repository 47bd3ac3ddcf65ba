import pg from "pg";
import { getMigrationStatus } from "../db/migrate";
import { version } from "../version";

export type HealthReport =
  | { status: "ok"; db: "ok"; migrations: "current"; version: string }
  | { status: "error"; db: "ok" | "unreachable"; migrations: "current" | "pending" | "failed" | "unknown"; reason: string; version: string };

/** Liveness with a database round-trip and migration check. Uses its own short-lived connection and a hard timeout. */
export async function checkHealth(databaseUrl: string | undefined, timeoutMs = 3000): Promise<HealthReport> {
  if (!databaseUrl) return { status: "error", db: "unreachable", migrations: "unknown", reason: "DATABASE_URL is not set", version };
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    await client.end().catch(() => {});
    return { status: "error", db: "unreachable", migrations: "unknown", reason: `database unreachable: ${(error as Error).message}`, version };
  }
  try {
    const migration = await getMigrationStatus(client);
    if (migration.failed.length) return { status: "error", db: "ok", migrations: "failed", reason: `migration ${migration.failed[0]} failed`, version };
    if (migration.pending.length) return { status: "error", db: "ok", migrations: "pending", reason: `${migration.pending.length} migration(s) not applied: ${migration.pending.join(", ")}`, version };
    return { status: "ok", db: "ok", migrations: "current", version };
  } finally {
    await client.end().catch(() => {});
  }
}
