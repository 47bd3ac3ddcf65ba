import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBatchProgress } from "../../lib/batches/get-batch-progress";
import { setBatchPriority } from "../../lib/batches/set-batch-priority";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import type { ImageAnalyzer } from "../../lib/orchestration/process-image";
import type { RunningWorker } from "../../lib/worker/start-worker";
import { seedBatch } from "../helpers/seed-batch";
import { until } from "../helpers/until";
import { startPgBossWorker } from "../helpers/pg-boss-worker";
import { createTestDatabase } from "../helpers/test-database";

// Which batch each analysis started for, in order: the record of how the workers' slots were shared.
const started: string[] = [];
const analyzeSlowly: ImageAnalyzer = async (image, { onAttempt }) => {
  started.push(image.batchId);
  await new Promise((r) => setTimeout(r, 150));
  await onAttempt({ keyId: "k1", httpStatus: 200, errorCode: null, errorMessage: null, durationMs: 150, inputTokens: 258, outputTokens: 20 });
  return { result: { caption: "ok" }, cached: false, inputTokens: 258, outputTokens: 20, costMicros: 127, model: "test", templateVersionId: null };
};

const settings = { concurrency: 4, dispatchWindow: 16, leaseSeconds: 300, maxRuns: 3, retryBaseMs: 50, retryCapMs: 200, tickMs: 300, deadAfterSeconds: 5 };


describe("fair dispatch between running batches", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let worker: RunningWorker;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
    worker = await startPgBossWorker(db, database.url, analyzeSlowly, settings);
  });
  afterAll(async () => {
    await worker?.stop();
    await db?.$disconnect();
    await database?.drop();
  });

  it("a 20-image batch started behind a 1,000-image one is dispatched within the first rounds and finishes while the big one has most of its images left", async () => {
    const big = await seedBatch(db, { count: 1000, name: "Big" });
    await worker.jobs.enqueue("batch.start", { batchId: big.id });
    // The big batch has the whole window to itself for a while.
    await until(async () => started.filter((id) => id === big.id).length >= 3 * settings.concurrency);
    expect(await db.image.count({ where: { batchId: big.id, dispatchedAt: { not: null }, status: { in: ["queued", "processing"] } } })).toBeGreaterThan(settings.concurrency);

    const small = await seedBatch(db, { count: 20, name: "Small" });
    const startedBefore = started.length;
    await worker.jobs.enqueue("batch.start", { batchId: small.id });
    await until(async () => (await getBatchProgress(db, small.id)).status === "completed");

    const after = started.slice(startedBefore);
    const firstSmall = after.indexOf(small.id);
    // Its first image starts within two rounds of the workers (its jobs go ahead of the big batch's queued window)...
    expect(firstSmall).toBeGreaterThanOrEqual(0);
    expect(firstSmall).toBeLessThan(2 * settings.concurrency);
    // ...and while both run, the slots are shared about evenly, not the big one's window first.
    const untilSmallDone = after.slice(0, after.lastIndexOf(small.id) + 1);
    expect(untilSmallDone.filter((id) => id === big.id).length).toBeLessThan(3 * 20);
    const bigProgress = await getBatchProgress(db, big.id);
    expect(bigProgress.counts.succeeded).toBeLessThan(500);
  });

  it("priority weights the share: a high-priority batch gets about twice the slots of a normal one running beside it", async () => {
    await db.$executeRaw`UPDATE batches SET status = 'cancelled' WHERE status = 'running'`;
    const normal = await seedBatch(db, { count: 400, name: "Normal" });
    const high = await seedBatch(db, { count: 400, name: "High" });
    await setBatchPriority(db, high.id, "high");
    const from = started.length;
    await worker.jobs.enqueue("batch.start", { batchId: normal.id });
    await worker.jobs.enqueue("batch.start", { batchId: high.id });
    await until(async () => started.length - from >= 200);
    // Leave out the first round (both windows fill at once), then count who got the slots.
    const steady = started.slice(from + 2 * settings.dispatchWindow, from + 200);
    const highCount = steady.filter((id) => id === high.id).length;
    const normalCount = steady.filter((id) => id === normal.id).length;
    expect(highCount / normalCount).toBeGreaterThan(1.4);
    expect(highCount / normalCount).toBeLessThan(3);
  });
});
