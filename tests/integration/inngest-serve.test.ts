import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../lib/db/generated/client";
import type { RunningWorker } from "../../lib/worker/start-worker";
import { startInngestHarness, type InngestHarness, type RunResult } from "../helpers/inngest-harness";
import { createTestDatabase } from "../helpers/test-database";

// Loupe's real Inngest functions, run through the real serve() route by a harness that plays the Inngest server; real
// PostgreSQL, the real worker core and the real offline analyzer. Nothing of Loupe is stubbed.
describe("Inngest functions through serve(), driven over the Inngest protocol", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let worker: RunningWorker;
  let harness: InngestHarness;
  let dispatchWindow: number;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "loupe-inngest-serve-"));

  async function batchWithImages(count: number) {
    const { uploadsStorage } = await import("../../lib/storage");
    const storage = uploadsStorage(dataDir);
    const batch = await db.batch.create({ data: { name: "Served batch", totalImages: count, queuedCount: count, model: "local" } });
    // A few distinct files are enough: the offline analyzer decodes and measures every image either way.
    const stored: { sha256: string }[] = [];
    for (let i = 0; i < Math.min(count, 5); i++) {
      const png = await sharp({ create: { width: 40 + i, height: 30, channels: 3, background: { r: i * 40, g: 80, b: 160 } } }).png().toBuffer();
      stored.push(await storage.put(Readable.from([png])));
    }
    await db.image.createMany({
      data: Array.from({ length: count }, (_, i) => ({ batchId: batch.id, name: `i${i}.png`, sha256: stored[i % stored.length].sha256, mimeType: "image/png" })),
    });
    return batch;
  }

  const analyzeEvents = (batchId: string) => harness.sentEvents.filter((event) => event.name === "loupe/image.analyze" && event.data.batchId === batchId);
  const callsOf = (run: RunResult) => harness.calls.filter((call) => call.runId === run.runId);
  const startBatch = async (batchId: string) => (await harness.deliver({ name: "loupe/batch.start", data: { batchId } }))[0];

  /** Delivers the batch's events as they are sent (fan-out, top-ups, the worker tick's) until the batch has finished. */
  async function deliverUntilFinished(batchId: string) {
    const deadline = Date.now() + 45_000;
    for (;;) {
      await harness.deliverPending({ where: (event) => event.data.batchId === batchId });
      const batch = await db.batch.findUniqueOrThrow({ where: { id: batchId } });
      if (batch.status !== "queued" && batch.status !== "running") return batch;
      if (Date.now() > deadline) throw new Error(`batch still ${batch.status}: ${batch.queuedCount} queued, ${batch.processingCount} processing`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function expectEachImageSucceededOnce(batchId: string, count: number) {
    const images = await db.image.findMany({ where: { batchId }, select: { id: true, status: true, _count: { select: { attemptLog: true } } } });
    expect(images).toHaveLength(count);
    expect(images.filter((image) => image.status !== "succeeded" || image._count.attemptLog !== 1)).toEqual([]);
  }

  beforeAll(async () => {
    harness = await startInngestHarness();
    database = await createTestDatabase();
    // INNGEST_DEV makes Inngest Loupe's job engine (no pg-boss here) and INNGEST_BASE_URL sends the SDK to the harness.
    // WORKER_CONCURRENCY 130 gives a dispatch window of 520: one batch.start fans out in more than one 500-event step.
    // The worker's maintenance tick runs only when a test calls it: on its own it could take a free dispatch slot between
    // a step's completion and its top-up, and the step would then have nothing to send.
    Object.assign(process.env, { DATABASE_URL: database.url, DATA_DIR: dataDir, WORKER_CONCURRENCY: "130", WORKER_TICK_MS: "3600000", INNGEST_DEV: "1", INNGEST_BASE_URL: harness.url });
    const { getDb } = await import("../../lib/db/client");
    db = getDb();
    const { startAndHoldProcessWorker } = await import("../../lib/worker/start-process-worker");
    worker = await startAndHoldProcessWorker();
    const { config } = await import("../../lib/config");
    const { workerSettings } = await import("../../lib/worker/worker-settings");
    dispatchWindow = workerSettings(config()).dispatchWindow;
    await harness.register(await import("../../app/api/inngest/route"));
  });
  afterAll(async () => {
    await worker?.stop();
    await harness?.close();
    await db?.$disconnect();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
    delete process.env.INNGEST_DEV;
    delete process.env.INNGEST_BASE_URL;
    delete process.env.WORKER_TICK_MS;
  });

  it("batch.start sends one image.analyze per image; delivering them succeeds every image once and completes the batch", async () => {
    const batch = await batchWithImages(5);
    const start = await startBatch(batch.id);
    expect(start).toMatchObject({ fnId: "loupe-batch-start", outcome: "completed", output: { images: 5, parts: 0 } });
    const ops = callsOf(start).flatMap((call) => call.ops);
    expect(ops.map((op) => [op.op, op.name, op.displayName])).toEqual([
      ["StepRun", "start-and-claim-window", "start-and-claim-window"],
      ["StepRun", "sendEvent", "fan-out-0"],
    ]);
    const imageIds = (await db.image.findMany({ where: { batchId: batch.id }, select: { id: true } })).map((image) => image.id.toString());
    expect(analyzeEvents(batch.id).map((event) => event.data.imageId).sort()).toEqual(imageIds.sort());

    const finished = await deliverUntilFinished(batch.id);
    expect(finished).toMatchObject({ status: "completed", succeededCount: 5, failedCount: 0, queuedCount: 0, processingCount: 0 });
    await expectEachImageSucceededOnce(batch.id, 5);
  });

  it("a window over 500 goes out in sendEvent steps of ≤ 500; the rest follow as images finish and the batch completes", async () => {
    expect(dispatchWindow).toBeGreaterThan(500);
    const total = dispatchWindow + 10;
    const batch = await batchWithImages(total);
    const start = await startBatch(batch.id);
    expect(start.output).toEqual({ images: dispatchWindow, parts: 0 });
    const fanOuts = callsOf(start)
      .flatMap((call) => call.ops)
      .filter((op) => op.name === "sendEvent");
    expect(fanOuts.map((op) => [op.displayName, (op.data as { ids: string[] }).ids.length])).toEqual([
      ["fan-out-0", 500],
      ["fan-out-1", dispatchWindow - 500],
    ]);
    expect(analyzeEvents(batch.id)).toHaveLength(dispatchWindow);

    const finished = await deliverUntilFinished(batch.id);
    expect(finished).toMatchObject({ status: "completed", succeededCount: total, failedCount: 0 });
    // Every image was handed out exactly once: by the fan-out, or by the top-up of an image that finished.
    expect(new Set(analyzeEvents(batch.id).map((event) => event.data.imageId)).size).toBe(total);
    expect(analyzeEvents(batch.id)).toHaveLength(total);
    await expectEachImageSucceededOnce(batch.id, total);
  }, 90_000);

  it("the event API failing after an image succeeded fails the step; the retry finds it done and nothing is counted twice", async () => {
    // One image more than the window, so finishing an image tops the window up with inngest.send (to the harness).
    const batch = await batchWithImages(dispatchWindow + 1);
    await startBatch(batch.id);
    const event = analyzeEvents(batch.id)[0];
    harness.setEventApiDown(true);
    // The outage ends when the step error comes back, before Inngest retries the step.
    harness.hooks.onCall = (call) => call.ops.some((op) => op.op === "StepError") && harness.setEventApiDown(false);
    const [run] = await harness.deliver(event).finally(() => {
      harness.hooks.onCall = undefined;
      harness.setEventApiDown(false);
    });

    expect(run.outcome).toBe("completed");
    const calls = callsOf(run);
    expect(calls.map((call) => [call.attempt, call.status, call.ops.map((op) => op.op)])).toEqual([
      [0, 206, ["StepError"]],
      [1, 206, ["StepRun"]],
      [0, 200, []],
    ]);
    expect(calls[0].ops[0].error?.message).toMatch(/event API is down/);
    const image = await db.image.findUniqueOrThrow({ where: { id: BigInt(event.data.imageId as string) }, include: { attemptLog: true } });
    expect(image.status).toBe("succeeded");
    expect(image.attemptLog.map((attempt) => attempt.errorCode)).toEqual([null]);
    const counted = await db.batch.findUniqueOrThrow({ where: { id: batch.id } });
    // (The offline analyzer spends no tokens, so the per-minute stats are what shows a double count.)
    expect(counted).toMatchObject({ succeededCount: 1, processingCount: 0, queuedCount: dispatchWindow });
    const perMinute = await db.batchMinuteStat.aggregate({ where: { batchId: batch.id }, _sum: { succeeded: true } });
    expect(perMinute._sum.succeeded).toBe(1);
    // The top-up that could not be sent was released, and the worker's tick hands that image out again.
    expect(analyzeEvents(batch.id)).toHaveLength(dispatchWindow);
    await worker.tick();
    await expect.poll(() => analyzeEvents(batch.id).length, { timeout: 8_000, interval: 200 }).toBe(dispatchWindow + 1);
  });

  it("a step that throws on every attempt ends in onFailure through serve(): the image fails with the engine's reason, once", async () => {
    const batch = await batchWithImages(2);
    await startBatch(batch.id);
    const [doomed, healthy] = analyzeEvents(batch.id);
    const doomedId = BigInt(doomed.data.imageId as string);
    // A real PostgreSQL error whenever this image is claimed (think of a damaged row): the step throws every attempt.
    await db.$executeRawUnsafe(`CREATE FUNCTION refuse_claim() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'could not read this row (test fault)'; END $$`);
    await db.$executeRawUnsafe(`CREATE TRIGGER refuse_claim BEFORE UPDATE ON images FOR EACH ROW
      WHEN (NEW.id = ${doomedId} AND NEW.status = 'processing') EXECUTE FUNCTION refuse_claim()`);
    const [run] = await harness.deliver(doomed).finally(() => db.$executeRawUnsafe(`DROP FUNCTION refuse_claim() CASCADE`));

    expect(run.outcome).toBe("failed");
    expect(callsOf(run).map((call) => [call.attempt, call.status, call.noRetry, call.ops.map((op) => op.op)])).toEqual([
      [0, 206, false, ["StepError"]],
      [1, 206, false, ["StepError"]],
      [2, 206, false, ["StepError"]],
      [3, 206, true, ["StepFailed"]], // retries: 3 → the 4th attempt is final
      [0, 400, true, []], // step.run throws the memoised error, the function rejects for good
    ]);
    expect(run.failureRuns).toMatchObject([{ fnId: "loupe-image-analyze-failure", outcome: "completed" }]);
    const failed = await db.image.findUniqueOrThrow({ where: { id: doomedId }, include: { attemptLog: true } });
    expect(failed.status).toBe("failed");
    expect(failed.lastErrorMessage).toMatch(/^The job engine gave up after retries: [^\n]*could not read this row \(test fault\)/);
    expect(failed.lastErrorMessage).not.toContain("Invalid `prisma"); // the one line a person reads, not the call site
    expect(failed.attemptLog).toEqual([]);

    // inngest/function.failed delivered twice (delivery is at least once) still counts the image once.
    await harness.run("loupe-image-analyze-failure", { name: "inngest/function.failed", data: { function_id: "loupe-image-analyze", run_id: run.runId, error: run.error, event: doomed } });
    await harness.deliver(healthy);
    expect(await db.batch.findUniqueOrThrow({ where: { id: batch.id } })).toMatchObject({
      status: "completed_with_errors",
      failedCount: 1,
      succeededCount: 1,
      queuedCount: 0,
      processingCount: 0,
    });
  });

  it("job priority reaches Inngest: image-analyze registers priority.run over event.data.priority; a starting batch's window and dispatch's priority jobs carry it", async () => {
    const { INNGEST_PRIORITY_RUN } = await import("../../lib/jobs/inngest");
    expect(harness.fn("loupe-image-analyze").priority).toEqual({ run: INNGEST_PRIORITY_RUN });
    const batch = await batchWithImages(3);
    await startBatch(batch.id);
    expect(analyzeEvents(batch.id).map((event) => event.data.priority)).toEqual([1, 1, 1]);
    // Dispatch's top-ups: priority 1 when nothing of the batch is in flight, none otherwise (pg-boss's job priority).
    const ids = (await db.image.findMany({ where: { batchId: batch.id }, select: { id: true }, orderBy: { id: "asc" } })).map((image) => image.id.toString());
    await worker.jobs.enqueueMany("image.analyze", [{ imageId: ids[0], batchId: batch.id }], { priority: 1 });
    await worker.jobs.enqueueMany("image.analyze", [{ imageId: ids[1], batchId: batch.id }]);
    expect(analyzeEvents(batch.id).slice(3).map((event) => event.data)).toEqual([
      { imageId: ids[0], batchId: batch.id, priority: 1 },
      { imageId: ids[1], batchId: batch.id },
    ]);
    // The extra field changes nothing for the work: every image succeeds once.
    await deliverUntilFinished(batch.id);
    await expectEachImageSucceededOnce(batch.id, 3);
  });

  it("image-analyze registers cancelOn loupe/batch.cancel matched on data.batchId; after cancelBatch a run analyses nothing", async () => {
    // Cancelling runs is the server's job; what serve() owns is declaring it, and the core must not work for a cancelled batch.
    expect(harness.fn("loupe-image-analyze").cancel).toEqual([{ event: "loupe/batch.cancel", if: "event.data.batchId == async.data.batchId" }]);
    const batch = await batchWithImages(3);
    await startBatch(batch.id);
    const waiting = analyzeEvents(batch.id);
    expect(waiting).toHaveLength(3);

    const { cancelBatch } = await import("../../lib/batches/control-batch");
    await cancelBatch(db, batch.id);
    await worker.jobs.notifyCancelled(batch.id); // as the cancel route does
    expect(harness.sentEvents).toContainEqual(expect.objectContaining({ name: "loupe/batch.cancel", data: { batchId: batch.id } }));

    const runs = (await Promise.all(waiting.map((event) => harness.deliver(event)))).flat();
    expect(runs.map((run) => run.outcome)).toEqual(["completed", "completed", "completed"]);
    const images = await db.image.findMany({ where: { batchId: batch.id }, include: { attemptLog: true } });
    expect(images.map((image) => [image.status, image.attemptLog.length])).toEqual([
      ["cancelled", 0],
      ["cancelled", 0],
      ["cancelled", 0],
    ]);
    expect(await db.batch.findUniqueOrThrow({ where: { id: batch.id } })).toMatchObject({ status: "cancelled", cancelledCount: 3, succeededCount: 0 });
  });
});
