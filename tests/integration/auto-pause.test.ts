import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resumeBatch } from "../../lib/batches/control-batch";
import { getBatchProgress, getBatchProgressWithParts } from "../../lib/batches/get-batch-progress";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import { AnalysisError } from "../../lib/errors";
import type { ImageAnalyzer } from "../../lib/orchestration/process-image";
import type { RunningWorker } from "../../lib/worker/start-worker";
import { seedBatch } from "../helpers/seed-batch";
import { until } from "../helpers/until";
import { startPgBossWorker } from "../helpers/pg-boss-worker";
import { createTestDatabase } from "../helpers/test-database";

// The host behind "bad" images is down until `hostBack`; "limited" images meet rate limits that outlast their retries.
let hostBack = false;
const analyze: ImageAnalyzer = async (image, { onAttempt }) => {
  await new Promise((r) => setTimeout(r, 3));
  if (image.name?.startsWith("bad") && !hostBack) throw new AnalysisError("image_unreachable", "The image host refused the connection (ECONNREFUSED).", { retryable: false });
  if (image.name?.startsWith("limited")) throw new AnalysisError("rate_limited", "Every key is rate-limited.", { retryable: false });
  await onAttempt({ keyId: "k1", httpStatus: 200, errorCode: null, errorMessage: null, durationMs: 3, inputTokens: 258, outputTokens: 20 });
  return { result: { caption: "ok" }, cached: false, inputTokens: 258, outputTokens: 20, costMicros: 127, model: "test", templateVersionId: null };
};

const settings = { concurrency: 4, dispatchWindow: 16, leaseSeconds: 300, maxRuns: 1, retryBaseMs: 20, retryCapMs: 50, tickMs: 300, deadAfterSeconds: 5, autoPauseFailureRate: 0.5 };


describe("a batch pauses itself when most of its images fail", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let worker: RunningWorker;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
    worker = await startPgBossWorker(db, database.url, analyze, settings);
  });
  afterAll(async () => {
    await worker?.stop();
    await db?.$disconnect();
    await database?.drop();
  });

  it("past AUTO_PAUSE_FAILURE_RATE of the last finished images it pauses with the reason (pausedReason); resume continues to the end", async () => {
    // Three in four images are on the dead host.
    const batch = await seedBatch(db, { count: 600, name: "Mostly dead host", names: (i) => (i % 4 === 0 ? `good-${i}.jpg` : `bad-${i}.jpg`) });
    await worker.jobs.enqueue("batch.start", { batchId: batch.id });
    await until(async () => (await getBatchProgress(db, batch.id)).status === "paused");
    const paused = await getBatchProgressWithParts(db, batch.id);
    expect(paused.pause?.code).toBe("failure_rate");
    expect(paused.pausedReason).toMatch(/^\d+ of the last \d+ finished images failed \(\d+%, more than the 50% AUTO_PAUSE_FAILURE_RATE allows\)/);
    expect(paused.pausedReason).toContain("image unreachable (The image host refused the connection (ECONNREFUSED).)");
    // It stopped early: most images were never tried.
    await until(async () => (await getBatchProgress(db, batch.id)).counts.processing === 0);
    const stopped = await getBatchProgress(db, batch.id);
    expect(stopped.counts.queued).toBeGreaterThan(300);
    expect(stopped.counts.failed + stopped.counts.succeeded).toBeLessThan(300);

    // The host is back: resume continues with the images still queued, and the batch finishes.
    hostBack = true;
    await resumeBatch(db, worker.jobs, batch.id, settings.dispatchWindow);
    expect((await getBatchProgress(db, batch.id)).pausedReason).toBeNull();
    await until(async () => (await getBatchProgress(db, batch.id)).status === "completed_with_errors");
    const done = await getBatchProgress(db, batch.id);
    expect(done.counts.succeeded).toBe(600 - stopped.counts.failed);
    hostBack = false;
  });

  it("rate limits never count: a batch whose failures are all rate limits finishes without pausing", async () => {
    const batch = await seedBatch(db, { count: 120, name: "Rate-limited", names: (i) => (i % 4 === 0 ? `good-${i}.jpg` : `limited-${i}.jpg`) });
    await worker.jobs.enqueue("batch.start", { batchId: batch.id });
    await until(async () => ["completed_with_errors", "paused"].includes((await getBatchProgress(db, batch.id)).status));
    const done = await getBatchProgress(db, batch.id);
    expect(done.status).toBe("completed_with_errors");
    expect(done.counts.failed).toBe(90);
    expect(done.pause).toBeNull();
  });
});
