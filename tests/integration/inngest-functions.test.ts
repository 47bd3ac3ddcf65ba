import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { InngestTestEngine } from "@inngest/test";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../lib/db/generated/client";
import type { RunningWorker } from "../../lib/worker/start-worker";
import { createTestDatabase } from "../helpers/test-database";

// Real functions, real step.run code, real PostgreSQL and the real offline analyzer; only event delivery is Inngest's.
describe("Inngest functions", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let worker: RunningWorker;
  let functions: typeof import("../../inngest/functions");
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "loupe-inngest-"));

  async function batchWithImages(count: number) {
    const { uploadsStorage } = await import("../../lib/storage");
    const storage = uploadsStorage(dataDir);
    const batch = await db.batch.create({ data: { name: "Inngest batch", totalImages: count, queuedCount: count, model: "local" } });
    for (let i = 0; i < count; i++) {
      const png = await sharp({ create: { width: 40 + i, height: 30, channels: 3, background: { r: i * 20, g: 80, b: 160 } } }).png().toBuffer();
      const stored = await storage.put(Readable.from([png]));
      await db.image.create({ data: { batchId: batch.id, name: `i${i}.png`, sha256: stored.sha256, mimeType: "image/png" } });
    }
    return batch;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    Object.assign(process.env, { DATABASE_URL: database.url, DATA_DIR: dataDir, WORKER_CONCURRENCY: "4" });
    const { getDb } = await import("../../lib/db/client");
    db = getDb();
    const { startAndHoldProcessWorker } = await import("../../lib/worker/start-process-worker");
    worker = await startAndHoldProcessWorker();
    functions = await import("../../inngest/functions");
  });
  afterAll(async () => {
    await worker?.stop();
    await db?.$disconnect();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("batch.start marks the batch running, claims its window and fans out ≤ 500 events per step", async () => {
    const batch = await batchWithImages(3);
    const sent: unknown[][] = [];
    const engine = new InngestTestEngine({ function: functions.batchStartFunction });
    const { result } = await engine.execute({
      events: [{ name: "loupe/batch.start", data: { batchId: batch.id } }],
      steps: [{ id: "fan-out-0", handler: () => void sent.push(["fan-out-0"]) }],
    });
    expect(result).toEqual({ images: 3, parts: 0 });
    expect(sent).toHaveLength(1);
    expect((await db.batch.findUnique({ where: { id: batch.id } }))?.status).toBe("running");
    expect(await db.image.count({ where: { batchId: batch.id, dispatchedAt: { not: null } } })).toBe(3);
  });

  it("image.analyze runs the core and the image succeeds once, even when delivered twice", async () => {
    const batch = await batchWithImages(1);
    await db.batch.update({ where: { id: batch.id }, data: { status: "running" } });
    const image = await db.image.findFirstOrThrow({ where: { batchId: batch.id } });
    const engine = new InngestTestEngine({ function: functions.imageAnalyzeFunction });
    const event = { name: "loupe/image.analyze", data: { imageId: image.id.toString(), batchId: batch.id } };
    await engine.execute({ events: [event] });
    await engine.execute({ events: [event] });
    const done = await db.image.findUniqueOrThrow({ where: { id: image.id } });
    expect(done.status).toBe("succeeded");
    expect((done.result as { width: number }).width).toBe(40);
    expect((await db.batch.findUniqueOrThrow({ where: { id: batch.id } })).succeededCount).toBe(1);
    expect(await db.imageAttempt.count({ where: { imageId: image.id } })).toBe(1);
  });

  it("when the engine gives up (onFailure), the image is failed with the reason and counted once", async () => {
    const { failAfterEngineRetries } = await import("../../lib/orchestration/fail-after-retries");
    const batch = await batchWithImages(1);
    const image = await db.image.findFirstOrThrow({ where: { batchId: batch.id } });
    await failAfterEngineRetries(db, image.id, "The job engine gave up after retries: boom");
    await failAfterEngineRetries(db, image.id, "again");
    const failed = await db.image.findUniqueOrThrow({ where: { id: image.id } });
    expect(failed).toMatchObject({ status: "failed", lastErrorMessage: "The job engine gave up after retries: boom" });
    expect(await db.batch.findUniqueOrThrow({ where: { id: batch.id } })).toMatchObject({ failedCount: 1, queuedCount: 0 });
  });
});
