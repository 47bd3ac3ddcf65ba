import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelBatch, pauseBatch, resumeBatch } from "../../lib/batches/control-batch";
import { getBatchProgress } from "../../lib/batches/get-batch-progress";
import { retryFailedImages, retryImage } from "../../lib/batches/retry-images";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import { AnalysisError } from "../../lib/errors";
import type { ImageAnalyzer } from "../../lib/orchestration/process-image";
import type { RunningWorker } from "../../lib/worker/start-worker";
import { seedBatch } from "../helpers/seed-batch";
import { startPgBossWorker } from "../helpers/pg-boss-worker";
import { createTestDatabase } from "../helpers/test-database";

// The analyzer is the orchestration's input here; its own behaviour is tested with the Gemini emulator elsewhere.
// Names steer it: "broken" fails permanently, "flaky" fails once (retryable) and then succeeds.
const seenFlaky = new Set<string>();
const analyzeByName: ImageAnalyzer = async (image, { onAttempt }) => {
  await new Promise((r) => setTimeout(r, 5));
  if (image.name?.includes("broken")) {
    await onAttempt({ keyId: null, httpStatus: 400, errorCode: "image_invalid", errorMessage: "not an image", durationMs: 1, inputTokens: 0, outputTokens: 0 });
    throw new AnalysisError("image_invalid", "The file is not an image.", { retryable: false });
  }
  if (image.name?.includes("flaky") && !seenFlaky.has(image.name)) {
    seenFlaky.add(image.name);
    throw new AnalysisError("overloaded", "The model is overloaded.", { retryable: true });
  }
  await onAttempt({ keyId: "k1…abcd", httpStatus: 200, errorCode: null, errorMessage: null, durationMs: 5, inputTokens: 258, outputTokens: 20 });
  return { result: { caption: `about ${image.name}` }, cached: false, inputTokens: 258, outputTokens: 20, costMicros: 127, model: "test", templateVersionId: null };
};

const settings = { concurrency: 8, dispatchWindow: 40, leaseSeconds: 300, maxRuns: 3, retryBaseMs: 50, retryCapMs: 200, tickMs: 300, deadAfterSeconds: 5 };

async function waitFor<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value, (_, v) => (typeof v === "bigint" ? Number(v) : v))}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function countersMatchRows(db: PrismaClient, batchId: string) {
  const rows = await db.$queryRaw<{ status: string; n: number }[]>`SELECT status::text, count(*)::int AS n FROM images WHERE batch_id = ${batchId}::uuid GROUP BY status`;
  const actual = Object.fromEntries(rows.map((r) => [r.status, r.n]));
  const progress = await getBatchProgress(db, batchId);
  for (const status of ["queued", "processing", "succeeded", "failed", "cancelled"] as const) {
    expect(progress.counts[status], `counter ${status}`).toBe(actual[status] ?? 0);
  }
}

describe("orchestration on pg-boss", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let worker: RunningWorker;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
    worker = await startPgBossWorker(db, database.url, analyzeByName, settings);
  });
  afterAll(async () => {
    await worker?.stop();
    await db?.$disconnect();
    await database?.drop();
  });

  it("a 200-image batch completes, every image once, counters equal to the rows", async () => {
    const batch = await seedBatch(db, { count: 200, names: (i) => (i % 50 === 7 ? `flaky-${i}.jpg` : `ok-${i}.jpg`) });
    await worker.jobs.enqueue("batch.start", { batchId: batch.id });
    const progress = await waitFor("batch to complete", () => getBatchProgress(db, batch.id), (p) => p.status === "completed");
    expect(progress.counts).toMatchObject({ total: 200, succeeded: 200, failed: 0, queued: 0, processing: 0 });
    expect(progress.tokens).toEqual({ input: 200 * 258, output: 200 * 20 });
    expect(progress.costUsd).toBeCloseTo((200 * 127) / 1e6);
    expect(progress.imagesPerMinute).toBeGreaterThan(0);
    const attempts = await db.imageAttempt.groupBy({ by: ["imageId"], where: { image: { batchId: batch.id }, httpStatus: 200 }, _count: true });
    expect(attempts).toHaveLength(200);
    expect(attempts.every((a) => a._count === 1)).toBe(true);
    const flaky = await db.image.findMany({ where: { batchId: batch.id, name: { startsWith: "flaky" } } });
    expect(flaky.every((image) => image.status === "succeeded" && image.attempts === 2)).toBe(true);
    await countersMatchRows(db, batch.id);
  });

  it("a permanent failure is kept with its code; retry-one and retry-all-failed (by code) run them again", async () => {
    const batch = await seedBatch(db, { count: 12, names: (i) => (i < 3 ? `broken-${i}.jpg` : `fine-${i}.jpg`) });
    await worker.jobs.enqueue("batch.start", { batchId: batch.id });
    let progress = await waitFor("batch to finish", () => getBatchProgress(db, batch.id), (p) => p.status === "completed_with_errors");
    expect(progress.counts).toMatchObject({ succeeded: 9, failed: 3 });
    const failed = await db.image.findMany({ where: { batchId: batch.id, status: "failed" }, orderBy: { id: "asc" } });
    expect(failed.map((image) => image.lastErrorCode)).toEqual(["image_invalid", "image_invalid", "image_invalid"]);

    // The analyzer now accepts the image (the file was "fixed").
    await db.image.update({ where: { id: failed[0].id }, data: { name: "fixed-0.jpg" } });
    await retryImage(db, worker.jobs, failed[0].id, settings.dispatchWindow);
    progress = await waitFor("the retried image", () => getBatchProgress(db, batch.id), (p) => p.counts.succeeded === 10 && p.status !== "running");
    expect(progress.counts.failed).toBe(2);

    expect(await retryFailedImages(db, worker.jobs, batch.id, "some_other_code", settings.dispatchWindow)).toEqual({ retried: 0 });
    await db.image.updateMany({ where: { batchId: batch.id, status: "failed" }, data: { name: "fixed.jpg" } });
    expect(await retryFailedImages(db, worker.jobs, batch.id, "image_invalid", settings.dispatchWindow)).toEqual({ retried: 2 });
    progress = await waitFor("all retried", () => getBatchProgress(db, batch.id), (p) => p.status === "completed");
    expect(progress.counts).toMatchObject({ succeeded: 12, failed: 0 });
    await countersMatchRows(db, batch.id);
  });

  it("pause stops new images from starting, resume finishes the batch, cancel keeps finished results", async () => {
    const batch = await seedBatch(db, { count: 150 });
    await worker.jobs.enqueue("batch.start", { batchId: batch.id });
    await waitFor("some progress", () => getBatchProgress(db, batch.id), (p) => p.counts.succeeded >= 10);
    await pauseBatch(db, batch.id);
    // In-flight images finish; after that nothing moves.
    await waitFor("in-flight images to finish", () => getBatchProgress(db, batch.id), (p) => p.counts.processing === 0);
    const paused = await getBatchProgress(db, batch.id);
    await new Promise((r) => setTimeout(r, 1500));
    const stillPaused = await getBatchProgress(db, batch.id);
    expect(stillPaused.status).toBe("paused");
    expect(stillPaused.counts.succeeded).toBe(paused.counts.succeeded);
    expect(stillPaused.counts.queued).toBeGreaterThan(0);

    await resumeBatch(db, worker.jobs, batch.id, settings.dispatchWindow);
    await waitFor("resumed batch to complete", () => getBatchProgress(db, batch.id), (p) => p.status === "completed");
    await countersMatchRows(db, batch.id);

    const second = await seedBatch(db, { count: 300 });
    await worker.jobs.enqueue("batch.start", { batchId: second.id });
    await waitFor("some progress", () => getBatchProgress(db, second.id), (p) => p.counts.succeeded >= 5);
    await cancelBatch(db, second.id);
    const cancelled = await waitFor("in-flight to settle", () => getBatchProgress(db, second.id), (p) => p.counts.processing === 0);
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.counts.cancelled).toBeGreaterThan(0);
    expect(cancelled.counts.succeeded + cancelled.counts.cancelled).toBe(300);
    expect(await db.image.count({ where: { batchId: second.id, status: "succeeded", result: { not: undefined } } })).toBe(cancelled.counts.succeeded);
    await countersMatchRows(db, second.id);
  });
});
