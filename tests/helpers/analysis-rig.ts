import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createImageAnalyzer } from "../../lib/analysis/create-image-analyzer";
import { loadConfig, type Config } from "../../lib/config";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import { startGeminiEmulator, type EmulatorOptions } from "../../lib/emulator/start-gemini-emulator";
import { createKeyPool, type KeyPoolOptions } from "../../lib/gemini/key-pool";
import { createPgBossEngine } from "../../lib/jobs/pg-boss";
import { seedBuiltInTemplates } from "../../lib/templates/manage-templates";
import { startWorker } from "../../lib/worker/start-worker";
import { QUOTA, SETTINGS } from "./fault-setup";
import { createTestDatabase } from "./test-database";

/**
 * The whole analysis pipeline for a test: a throw-away database, the emulator with these keys (key → project), Loupe's
 * configuration pointing at it, a key pool and a real worker on pg-boss running the real image analyzer.
 */
export async function startAnalysisRig(input: { keys: Record<string, string>; emulator?: Partial<EmulatorOptions>; env?: Record<string, string>; pool?: Partial<KeyPoolOptions>; prefix?: string }) {
  const database = await createTestDatabase();
  const db: PrismaClient = createPrismaClient(database.url);
  await seedBuiltInTemplates(db);
  const projects = Object.fromEntries([...new Set(Object.values(input.keys))].map((project) => [project, QUOTA]));
  const emulator = await startGeminiEmulator({ projects, keys: input.keys, latencyMs: { min: 1, max: 8 }, ...input.emulator });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), input.prefix ?? "loupe-rig-"));
  const config: Config = loadConfig({
    GEMINI_API_KEYS: Object.entries(input.keys).map(([key, project]) => `${project}:${key}`).join(","),
    GEMINI_BASE_URL: emulator.url,
    GEMINI_TIMEOUT_MS: "3000",
    RETRY_BASE_MS: "20",
    RETRY_CAP_MS: "100",
    DATA_DIR: dataDir,
    ...input.env,
  });
  const pool = await createKeyPool(database.url, { keys: config.geminiKeys, limits: QUOTA, ...input.pool });
  const worker = await startWorker(db, createImageAnalyzer(config, db, { pool: Promise.resolve(pool) }), SETTINGS, (handlers) =>
    createPgBossEngine({ databaseUrl: database.url, handlers, concurrency: SETTINGS.concurrency }),
  );
  return {
    database, db, emulator, config, pool, worker, dataDir,
    async close() {
      await worker.stop();
      await pool.close();
      await emulator.close();
      await db.$disconnect();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
