import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCreatedBatches } from "../../lib/batches/start-created-batches";
import { loadConfig } from "../../lib/config";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import { startGeminiEmulator, type GeminiEmulator } from "../../lib/emulator/start-gemini-emulator";
import { createBatchesFromRequest } from "../../lib/ingest/create-batches-from-request";
import { createPgBossEngine } from "../../lib/jobs/pg-boss";
import { uploadsStorage } from "../../lib/storage";
import { seedBuiltInTemplates } from "../../lib/templates/manage-templates";
import { saveTemplate } from "../../lib/templates/save-template";
import { expectCountersMatchRows, waitFor, waitForBatchToFinish } from "../helpers/batch-checks";
import { createTestDatabase } from "../helpers/test-database";
import { exited, startWorkerProcess } from "../helpers/spawn-worker-process";
import { gradientImage, storeImages } from "../helpers/transform-images";

const KEY = "AIzaEnhanceCrashKey00000000000000000001";
const QUOTA = { rpm: 10_000, tpm: 100_000_000, rpd: 1_000_000 };
const WORKER = "tests/helpers/enhance-worker-process.ts";

describe("a worker killed (SIGKILL) while it makes variants", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let emulator: GeminiEmulator;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "loupe-enhance-crash-"));
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
    await seedBuiltInTemplates(db);
    // Slow answers, so that the kill lands with calls in flight and products half made.
    emulator = await startGeminiEmulator({ projects: { crash: QUOTA }, keys: { [KEY]: "crash" }, latencyMs: { min: 120, max: 220 } });
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await Promise.all(children.map(exited));
    await emulator?.close();
    await db?.$disconnect();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("loses no variant and doubles none: the survivor makes only what is missing, each variant one row and one file", async () => {
    const env = { DATABASE_URL: database.url, DATA_DIR: dataDir, GEMINI_API_KEYS: `crash:${KEY}`, GEMINI_BASE_URL: emulator.url };
    const config = loadConfig(env);
    const storage = uploadsStorage(dataDir);
    const count = 6;
    const variants = 3;
    const inputs = await storeImages(storage, await Promise.all(Array.from({ length: count }, async (_, i) => ({ name: `product-${i}.jpg`, bytes: await gradientImage(700 + i * 30, 600) }))));
    const template = await saveTemplate(db, { kind: "enhance", name: "Crash ×3", instructions: "On white.", variants }, { createdById: null, choice: { models: config.models, defaultModel: config.GEMINI_MODEL } });
    const created = await createBatchesFromRequest(db, config, { images: inputs, templateId: template.id });
    const batchId = created.batches[0].id;

    const crashing = await startWorkerProcess(WORKER, env);
    children.push(crashing);
    const sender = await createPgBossEngine({ databaseUrl: database.url, concurrency: 1 });
    await startCreatedBatches(sender, created);
    await sender.stop();
    // Killed once some variants are recorded and before the batch is done: products are half made, calls in flight.
    await waitFor("some variants to be recorded", () => db.imageOutput.count({ where: { batchId } }), (n) => n >= 4, 60_000);
    crashing.kill("SIGKILL");
    expect(await exited(crashing)).toBe("SIGKILL");
    const recordedAtCrash = await db.imageOutput.count({ where: { batchId } });
    expect(recordedAtCrash).toBeLessThan(count * variants);
    const halfMade = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM (SELECT image_id FROM image_outputs WHERE batch_id = ${batchId}::uuid GROUP BY image_id HAVING count(*) < ${variants}) partial`;
    const unfinished = await db.image.count({ where: { batchId, status: { not: "succeeded" } } });
    expect(unfinished).toBeGreaterThan(0);

    const survivor = await startWorkerProcess(WORKER, env);
    children.push(survivor);
    await waitForBatchToFinish(db, batchId, 90_000);
    await waitFor("every product to succeed", () => db.image.count({ where: { batchId, status: "succeeded" } }), (n) => n === count);
    await expectCountersMatchRows(db, batchId);

    const rows = await db.imageOutput.findMany({ where: { batchId }, orderBy: [{ imageId: "asc" }, { position: "asc" }] });
    expect(rows).toHaveLength(count * variants);
    const keys = rows.map((row) => `${row.imageId}:${row.generation}:${row.position}`);
    expect(new Set(keys).size).toBe(count * variants);
    const products = await db.image.findMany({ where: { batchId } });
    expect(products.every((product) => product.productStatus === "pending_review")).toBe(true);
    // Calls made: one per variant, plus at most those in flight when the worker died (their answers were never stored).
    const generated = emulator.stats().images;
    expect(generated).toBeGreaterThanOrEqual(count * variants);
    expect(generated - count * variants).toBeLessThanOrEqual(3);
    for (const row of rows) expect(await sharp(await storage.read(row.sha256)).metadata()).toMatchObject({ format: "png", width: row.width, height: row.height });
    // Content-addressed: one file per original and per variant, no temporary file left behind.
    const stored = readdirSync(path.join(dataDir, "uploads"), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && !entry.parentPath.endsWith("tmp"));
    expect(stored).toHaveLength(count + new Set(rows.map((row) => row.sha256)).size);
    expect(new Set(rows.map((row) => row.sha256)).size).toBe(count * variants);
    // The product's totals are its variants': nothing billed twice into the batch.
    const batch = await db.batch.findUniqueOrThrow({ where: { id: batchId } });
    expect(Number(batch.outputTokens)).toBe(rows.reduce((sum, row) => sum + row.outputTokens, 0));
    expect(halfMade[0].n + unfinished).toBeGreaterThan(0);
  }, 180_000);
});
