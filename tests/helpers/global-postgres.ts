import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../lib/db/embedded-postgres";
import { migrateDatabase } from "../../lib/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    postgresTemplateDb: string;
  }
}

/** One throw-away PostgreSQL for the whole integration run; each test file clones a migrated template database. */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "loupe-test-pg-"));
  const db = await startEmbeddedPostgres({ dataDir });
  const templateUrl = db.url.replace(/\/loupe$/, "/loupe_template");
  const adminUrl = db.url.replace(/\/loupe$/, "/postgres");
  const { ensureDatabase } = await import("../../lib/db/embedded-postgres");
  await ensureDatabase(adminUrl, "loupe_template");
  await migrateDatabase(templateUrl);
  project.provide("postgresAdminUrl", adminUrl);
  project.provide("postgresTemplateDb", "loupe_template");
  return async () => {
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
