import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeWithGemini } from "../../lib/analysis/analyze-with-gemini";
import { createImageAnalyzer } from "../../lib/analysis/create-image-analyzer";
import { resumeBatch } from "../../lib/batches/control-batch";
import { getBatchProgress } from "../../lib/batches/get-batch-progress";
import { startCreatedBatches } from "../../lib/batches/start-created-batches";
import { setBatchBudget } from "../../lib/budget/set-batch-budget";
import type { Config } from "../../lib/config";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import type { GeminiEmulator } from "../../lib/emulator/start-gemini-emulator";
import { createKeyPool, type KeyPool } from "../../lib/gemini/key-pool";
import type { SpendGuard } from "../../lib/gemini/spend-guard";
import { createBatchesFromRequest } from "../../lib/ingest/create-batches-from-request";
import { uploadsStorage } from "../../lib/storage";
import { defaultTemplateVersionId, seedBuiltInTemplates } from "../../lib/templates/manage-templates";
import type { RunningWorker } from "../../lib/worker/start-worker";
import { attemptHistories, expectCountersMatchRows, waitFor, waitForBatchToFinish } from "../helpers/batch-checks";
import { faultConfig, noiseImage, QUOTA, SETTINGS, startEmulator } from "../helpers/fault-setup";
import { startPgBossWorker } from "../helpers/pg-boss-worker";
import { createTestDatabase } from "../helpers/test-database";

// A batch's spending cap against the real worker (one image at a time, so the count of calls that fit is exact), pg-boss,
// PostgreSQL and the Gemini emulator.

describe("budget cap: calls stop exactly at a batch's cap, and continue when it is raised", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let emulator: GeminiEmulator;
  let pool: KeyPool;
  let worker: RunningWorker;
  let config: Config;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "loupe-budget-cap-"));

  async function uploadImages(count: number) {
    const storage = uploadsStorage(config);
    return Promise.all(Array.from({ length: count }, async (_, i) => ({ ...(await storage.put(Readable.from([await noiseImage()]))), name: `img-${i}.png` })));
  }

  /**
   * The most one call can cost (what is held before it) and what one typically costs, learnt by running one image through
   * a guard that only records.
   */
  async function costOfOneCall(): Promise<{ most: number; billed: number }> {
    const [image] = await uploadImages(1);
    const estimates: number[] = [];
    const billed: number[] = [];
    const spy: SpendGuard = { hold: async (micros) => (estimates.push(micros), { settle: async (actual) => void billed.push(actual), release: async () => {} }) };
    const bytes = await uploadsStorage(config).read(image.sha256);
    await analyzeWithGemini(db, config, pool, { bytes, sha256: image.sha256, templateVersionId: (await defaultTemplateVersionId(db))!, model: config.GEMINI_MODEL, onAttempt: async () => {}, signal: new AbortController().signal, spend: spy });
    expect(estimates).toHaveLength(1);
    expect(billed).toHaveLength(1);
    return { most: estimates[0], billed: billed[0] };
  }

  const spendOf = async (batchId: string) => {
    const row = await db.batchSpend.findUnique({ where: { batchId } });
    return { spent: Number(row?.spentMicros ?? 0), calls: row?.calls ?? 0 };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
    await seedBuiltInTemplates(db);
    emulator = await startEmulator({ min: 2, max: 8 });
    config = faultConfig({ GEMINI_BASE_URL: emulator.url, DATA_DIR: dataDir });
    pool = await createKeyPool(database.url, { keys: config.geminiKeys, limits: QUOTA });
    const settings = { ...SETTINGS, concurrency: 1, dispatchWindow: 4 };
    worker = await startPgBossWorker(db, database.url, createImageAnalyzer(config, db, { pool: Promise.resolve(pool) }), settings);
  });
  afterAll(async () => {
    await worker?.stop();
    await pool?.close();
    await emulator?.close();
    await db?.$disconnect();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("a budget cap stops calls exactly at the cap: paused 'budget reached', no image failed; raised and resumed, every image is analysed once", async () => {
    const { most: perCallMax, billed } = await costOfOneCall();
    // A call is held at its most (thinking may use all its room) but billed far less: room for that and about four more.
    expect(billed).toBeLessThan(perCallMax);
    const capMicros = perCallMax + Math.floor(4.5 * billed);
    const images = await uploadImages(12);
    const requestsBefore = emulator.stats().requests;
    const created = await createBatchesFromRequest(db, config, { images: images.map(({ sha256, name }) => ({ sha256, name })), budgetUsd: capMicros / 1e6 });
    const batchId = created.batches[0].id;
    expect((await db.batch.findUniqueOrThrow({ where: { id: batchId } })).budgetMicros).toBe(BigInt(capMicros));
    await startCreatedBatches(worker.jobs, created);

    const paused = await waitFor("the batch to pause at its cap", () => getBatchProgress(db, batchId), (p) => p.status === "paused" && p.counts.processing === 0, 30_000);
    const { spent, calls } = await spendOf(batchId);
    const made = emulator.stats().requests - requestsBefore;
    // Every call made was held and settled; none was made that could have passed the cap, and the one refused would have.
    expect(made).toBe(calls);
    expect(made).toBe(paused.counts.succeeded);
    expect(made).toBeGreaterThanOrEqual(2);
    expect(made).toBeLessThan(12);
    expect(spent).toBeLessThanOrEqual(capMicros);
    expect(spent + perCallMax).toBeGreaterThan(capMicros);
    // What the ledger counted is what the results cost.
    const results = await db.image.aggregate({ where: { batchId, status: "succeeded" }, _sum: { costMicros: true } });
    expect(results._sum.costMicros).toBe(spent);

    const row = await db.batch.findUniqueOrThrow({ where: { id: batchId } });
    expect(row.pauseCode).toBe("budget_reached");
    expect(row.pauseReason).toMatch(/^Budget reached: this batch has spent \$\d+\.\d+ of its \$\d+\.\d+ cap, and the next Gemini call may cost up to \$\d+\.\d+\. .*Raise the cap/);
    expect(paused.pause).toEqual({ code: "budget_reached", reason: row.pauseReason, batchId });
    expect(paused.budget).toMatchObject({ capUsd: capMicros / 1e6, spentUsd: spent / 1e6, heldUsd: 0, scopeBatchId: batchId, shared: false });
    expect(paused.counts).toMatchObject({ failed: 0, processing: 0, succeeded: made, queued: 12 - made });
    // The image that met the cap went back to the queue with its run given back; nothing is left held.
    expect(await db.image.count({ where: { batchId, status: "queued", attempts: { gt: 0 } } })).toBe(0);
    expect(await db.spendHold.count({ where: { batchId } })).toBe(0);

    // Paused, nothing moves.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(emulator.stats().requests - requestsBefore).toBe(made);

    // Raised and resumed: the rest is analysed, each image once.
    await setBatchBudget(db, batchId, 1);
    await resumeBatch(db, worker.jobs, batchId, 4);
    const done = await waitForBatchToFinish(db, batchId);
    expect(done.status).toBe("completed");
    expect(done.counts).toMatchObject({ total: 12, succeeded: 12, failed: 0 });
    expect(done.pause).toBeNull();
    expect(emulator.stats().requests - requestsBefore).toBe(12);
    expect((await spendOf(batchId)).calls).toBe(12);
    for (const history of (await attemptHistories(db, batchId)).values()) expect(history).toEqual([{ code: "ok", status: 200 }]);
    expect((await db.batch.findUniqueOrThrow({ where: { id: batchId } })).pauseCode).toBeNull();
    await expectCountersMatchRows(db, batchId);
  });

  it("a cap below one call's most possible cost: no call at all, and the reason says to raise it to at least that", async () => {
    const images = await uploadImages(3);
    const requestsBefore = emulator.stats().requests;
    const created = await createBatchesFromRequest(db, config, { images: images.map(({ sha256, name }) => ({ sha256, name })), budgetUsd: 0.000001 });
    await startCreatedBatches(worker.jobs, created);
    const batchId = created.batches[0].id;
    const paused = await waitFor("the batch to pause", () => getBatchProgress(db, batchId), (p) => p.status === "paused" && p.counts.processing === 0);
    expect(emulator.stats().requests).toBe(requestsBefore);
    expect(paused.counts).toMatchObject({ queued: 3, succeeded: 0, failed: 0 });
    expect(paused.pause?.reason).toMatch(/^Budget reached: one Gemini call of this batch may cost up to \$\d+\.\d+, more than its whole \$0\.000001 cap, so none was made\./);
  });
});
