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
import type { Config } from "../../lib/config";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import type { GeminiEmulator } from "../../lib/emulator/start-gemini-emulator";
import { createKeyPool, type KeyPool } from "../../lib/gemini/key-pool";
import { pacificDayStart } from "../../lib/gemini/pacific-day";
import type { SpendGuard } from "../../lib/gemini/spend-guard";
import { createBatchesFromRequest } from "../../lib/ingest/create-batches-from-request";
import { uploadsStorage } from "../../lib/storage";
import { defaultTemplateVersionId, seedBuiltInTemplates } from "../../lib/templates/manage-templates";
import type { RunningWorker } from "../../lib/worker/start-worker";
import { attemptHistories, expectCountersMatchRows, waitFor, waitForBatchToFinish } from "../helpers/batch-checks";
import { faultConfig, noiseImage, QUOTA, SETTINGS, startEmulator } from "../helpers/fault-setup";
import { startPgBossWorker } from "../helpers/pg-boss-worker";
import { createTestDatabase } from "../helpers/test-database";

// GEMINI_DAILY_BUDGET_USD against the real worker (four images at a time, two batches), pg-boss, PostgreSQL and the Gemini
// emulator. The budget's clock is the test's: the day ends when the test says so.

describe("daily budget: every batch stops at the day's cap, and the next Pacific day continues", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let emulator: GeminiEmulator;
  let pool: KeyPool;
  let worker: RunningWorker;
  let config: Config;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "loupe-budget-daily-"));
  let clockOffsetMs = 0;
  let perCallMax = 0;
  const now = () => Date.now() + clockOffsetMs;

  async function uploadImages(count: number) {
    const storage = uploadsStorage(config);
    return Promise.all(Array.from({ length: count }, async (_, i) => ({ ...(await storage.put(Readable.from([await noiseImage()]))), name: `img-${i}.png` })));
  }

  /** What one call is held at (its most) and billed, from one image through a guard that only records. */
  async function costOfOneCall() {
    const [image] = await uploadImages(1);
    const seen = { most: 0, billed: 0 };
    const spy: SpendGuard = { hold: async (micros) => ((seen.most = micros), { settle: async (actual) => void (seen.billed = actual), release: async () => {} }) };
    const bytes = await uploadsStorage(config).read(image.sha256);
    await analyzeWithGemini(db, config, pool, { bytes, sha256: image.sha256, templateVersionId: (await defaultTemplateVersionId(db))!, model: config.GEMINI_MODEL, onAttempt: async () => {}, signal: new AbortController().signal, spend: spy });
    return seen;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
    await seedBuiltInTemplates(db);
    emulator = await startEmulator({ min: 5, max: 20 });
    const probe = faultConfig({ GEMINI_BASE_URL: emulator.url, DATA_DIR: dataDir });
    pool = await createKeyPool(database.url, { keys: probe.geminiKeys, limits: QUOTA });
    config = probe;
    const { most, billed } = await costOfOneCall();
    perCallMax = most;
    // The day's cap: one call at its most and about ten more as billed, shared by every batch.
    config = faultConfig({ GEMINI_BASE_URL: emulator.url, DATA_DIR: dataDir, GEMINI_DAILY_BUDGET_USD: String((most + 10 * billed) / 1e6) });
    const settings = { ...SETTINGS, concurrency: 4, dispatchWindow: 8 };
    worker = await startPgBossWorker(db, database.url, createImageAnalyzer(config, db, { pool: Promise.resolve(pool), budget: { now } }), settings);
  });
  afterAll(async () => {
    await worker?.stop();
    await pool?.close();
    await emulator?.close();
    await db?.$disconnect();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("two batches without caps of their own pause 'daily budget reached' with the day's spend within the cap; the next day they complete, each image once", async () => {
    const capMicros = Math.round(config.GEMINI_DAILY_BUDGET_USD! * 1e6);
    const today = new Date(pacificDayStart(now()));
    const spentToday = async () => Number((await db.dailySpend.findUnique({ where: { day: today } }))?.spentMicros ?? 0);
    const before = { requests: emulator.stats().requests, spent: await spentToday() };
    const batches = [];
    for (const name of ["Morning", "Evening"]) {
      const images = await uploadImages(15);
      const created = await createBatchesFromRequest(db, config, { name, images: images.map(({ sha256, name: file }) => ({ sha256, name: file })) });
      await startCreatedBatches(worker.jobs, created);
      batches.push(created.batches[0].id);
    }
    const paused = await Promise.all(
      batches.map((id) => waitFor(`batch ${id} to pause`, () => getBatchProgress(db, id), (p) => p.status === "paused" && p.counts.processing === 0, 45_000)),
    );
    const made = emulator.stats().requests - before.requests;
    const spent = await spentToday();
    // Four calls at a time, and still exactly at the cap: none made that could pass it, and the one refused would have.
    expect(spent).toBeLessThanOrEqual(capMicros);
    expect(spent + perCallMax).toBeGreaterThan(capMicros);
    expect(spent - before.spent).toBeGreaterThan(0);
    expect((await db.dailySpend.findUniqueOrThrow({ where: { day: today } })).calls).toBe(made);
    expect(made).toBeLessThan(30);
    for (const progress of paused) {
      expect(progress.counts.failed).toBe(0);
      expect(progress.pause?.code).toBe("budget_reached");
      expect(progress.pause?.reason).toMatch(/^Daily budget reached: Gemini calls have cost \$\d+\.\d+ of the \$\d+\.\d+ daily cap \(GEMINI_DAILY_BUDGET_USD\) today, Pacific time/);
    }
    expect(paused[0].counts.succeeded + paused[1].counts.succeeded).toBe(made);
    expect(await db.spendHold.count()).toBe(0);

    // Past midnight Pacific the day starts from nothing: resumed, both complete.
    clockOffsetMs = pacificDayStart(now()) + 24 * 3600_000 + 60_000 - Date.now();
    for (const id of batches) await resumeBatch(db, worker.jobs, id, 8);
    // A day's cap fits about eleven calls: the thirty images take three days.
    for (let day = 0; day < 6; day++) {
      const states = await Promise.all(batches.map((id) => waitFor(`batch ${id} to stop`, () => getBatchProgress(db, id), (p) => p.status !== "running" && p.counts.processing === 0, 45_000)));
      if (states.every((state) => state.status === "completed")) break;
      clockOffsetMs += 24 * 3600_000;
      for (const [index, id] of batches.entries()) if (states[index].status === "paused") await resumeBatch(db, worker.jobs, id, 8);
    }
    for (const id of batches) {
      const done = await waitForBatchToFinish(db, id);
      expect(done.status).toBe("completed");
      expect(done.counts).toMatchObject({ succeeded: 15, failed: 0 });
      for (const history of (await attemptHistories(db, id)).values()) expect(history).toEqual([{ code: "ok", status: 200 }]);
      await expectCountersMatchRows(db, id);
    }
    expect(emulator.stats().requests - before.requests).toBe(30);
    const days = await db.dailySpend.findMany({ orderBy: { day: "asc" } });
    expect(days.length).toBeGreaterThanOrEqual(3);
    for (const day of days) expect(Number(day.spentMicros)).toBeLessThanOrEqual(capMicros);
    expect(days.reduce((sum, day) => sum + day.calls, 0)).toBe(30);
  }, 180_000);
});
