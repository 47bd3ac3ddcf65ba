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
import { startCreatedBatches } from "../../lib/batches/start-created-batches";
import { createBatchesFromRequest } from "../../lib/ingest/create-batches-from-request";
import { uploadsStorage } from "../../lib/storage";
import { waitForBatchToFinish } from "./batch-checks";
import { storeImages } from "./transform-images";

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

/** Uploads these images as one batch of the template through the rig's worker and waits for it to finish. */
export async function runBatchOnRig(rig: Awaited<ReturnType<typeof startAnalysisRig>>, templateId: string, inputs: { name: string; bytes: Buffer; mimeType: string }[], orderBy: "id" | "name" = "id") {
  const stored = await storeImages(uploadsStorage(rig.config.dataDir), inputs);
  const created = await createBatchesFromRequest(rig.db, rig.config, { images: stored, templateId });
  await startCreatedBatches(rig.worker.jobs, created);
  const batchId = created.batches[0].id;
  await waitForBatchToFinish(rig.db, batchId, 90_000);
  const batch = await rig.db.batch.findUniqueOrThrow({ where: { id: batchId } });
  return { batch, images: await rig.db.image.findMany({ where: { batchId }, orderBy: { [orderBy]: "asc" } }) };
}
