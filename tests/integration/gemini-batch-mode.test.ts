import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBatchProgress } from "../../lib/batches/get-batch-progress";
import { cancelBatch, pauseBatch, resumeBatch } from "../../lib/batches/control-batch";
import { costMicros } from "../../lib/costs/prices";
import { listRemoteJobs } from "../../lib/execution/gemini-batch/list-remote-jobs";
import { resolveEngine } from "../../lib/execution/resolve-engine";
import { planJobs } from "../../lib/execution/gemini-batch/plan-jobs";
import { leaseDueJobs } from "../../lib/execution/gemini-batch/remote-jobs";
import { writeRequests } from "../../lib/execution/gemini-batch/write-requests";
import { expectCountersMatchRows, waitFor, waitForBatchToFinish } from "../helpers/batch-checks";
import { startBatchModeRig, type BatchModeRig } from "../helpers/batch-mode-setup";

// The Batch API engine against the emulator's Batch and Files APIs (real PostgreSQL, a real worker for fall-backs).
describe("Gemini Batch API mode", () => {
  let rig: BatchModeRig;
  beforeAll(async () => {
    rig = await startBatchModeRig();
  });
  afterAll(async () => rig?.close());

  const finished = (batchId: string) => async () => ["completed", "completed_with_errors", "cancelled"].includes((await getBatchProgress(rig.db, batchId)).status);

  it("a batch goes through one remote job: requests uploaded, the job created once, results applied by key at the batch price, files deleted", async () => {
    rig.emulator.reset();
    const batchId = await rig.startBatch(30);
    const engine = rig.engine();
    await rig.drive(engine, finished(batchId));
    const progress = await getBatchProgress(rig.db, batchId);
    expect(progress.counts).toMatchObject({ total: 30, succeeded: 30, failed: 0 });
    await expectCountersMatchRows(rig.db, batchId);
    const jobs = await listRemoteJobs(rig.db, [batchId]);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ phase: "done", requestCount: 30, succeeded: 30, failed: 0 });
    expect(jobs[0].state).toMatch(/SUCCEEDED/);
    // No interactive call was made for these images.
    expect(rig.emulator.stats().requests).toBe(0);
    // Priced at the Batch API's half price, per image from what Google billed.
    const images = await rig.db.image.findMany({ where: { batchId } });
    for (const image of images) {
      expect(image.costMicros).toBe(costMicros("gemini-2.5-flash", { inputTokens: image.inputTokens, outputTokens: image.outputTokens, cachedTokens: image.cachedTokens }, "batch"));
      expect(image.remoteJobId).not.toBeNull(); // which job analysed it
    }
    const attempts = await rig.db.imageAttempt.groupBy({ by: ["imageId"], where: { image: { batchId }, httpStatus: 200 }, _count: true });
    expect(attempts.every((a) => a._count === 1)).toBe(true);
  });

  it("auto runs a small batch interactively and one past the keys' daily quota (or too long) through the Batch API", async () => {
    const choose = (images: number) => resolveEngine(rig.db, rig.config, { mode: "auto", model: "gemini-2.5-flash", images, templateId: rig.template.id });
    expect(await choose(20)).toBe("interactive");
    expect(await choose(50_000_000)).toBe("batch"); // more than the project's daily requests
    expect(await resolveEngine(rig.db, rig.config, { mode: "auto", model: "local", images: 50_000_000 })).toBe("interactive");
    const small = await rig.startBatch(3, { mode: "auto" });
    const batch = await rig.db.batch.findUniqueOrThrow({ where: { id: small } });
    expect([batch.mode, batch.engine]).toEqual(["auto", "interactive"]);
    await waitForBatchToFinish(rig.db, small, 20_000);
    expect(await listRemoteJobs(rig.db, [small])).toEqual([]);
  });

  it("a job's requests file stops short of the Files API's size limit; the images that do not fit wait for the next job", async () => {
    const batchId = await rig.startBatch(10);
    const engine = rig.engine();
    await waitFor("the batch to start", () => rig.db.batch.findUniqueOrThrow({ where: { id: batchId } }), (batch) => batch.status === "running");
    await planJobs(engine.context);
    const [job] = (await leaseDueJobs(rig.db, engine.context.owner, 60, 20)).filter((row) => row.batchId === batchId);
    const written = await writeRequests(engine.context, job, 20_000); // room for a few of these images' lines (about 5 KB each)
    expect(written.lines).toBeGreaterThan(0);
    expect(written.lines).toBeLessThan(10);
    expect(written.bytes).toBeLessThanOrEqual(20_000);
    const held = await rig.db.image.count({ where: { batchId, remoteJobId: job.id, status: "processing" } });
    const waiting = await rig.db.image.findMany({ where: { batchId, status: "queued" } });
    expect(held).toBe(written.lines);
    expect(waiting).toHaveLength(10 - written.lines);
    expect(waiting.every((image) => image.attempts === 0 && image.remoteJobId === null && !image.interactiveFallback)).toBe(true);
    await rig.db.geminiBatchJob.update({ where: { id: job.id }, data: { leaseOwner: null, leaseUntil: null } });
    await rig.drive(engine, finished(batchId));
    expect((await listRemoteJobs(rig.db, [batchId])).length).toBeGreaterThanOrEqual(2);
    await expectCountersMatchRows(rig.db, batchId);
  });

  it("pause cancels the remote job and gives the images back; resume submits a new job and the batch completes", async () => {
    const batchId = await rig.startBatch(12);
    const engine = rig.engine();
    await rig.drive(engine, async () => (await listRemoteJobs(rig.db, [batchId])).some((job) => job.phase === "running"));
    await pauseBatch(rig.db, batchId);
    await rig.drive(engine, async () => (await listRemoteJobs(rig.db, [batchId])).every((job) => job.phase === "cancelled"));
    const paused = await getBatchProgress(rig.db, batchId);
    expect(paused.counts).toMatchObject({ queued: 12, processing: 0 });
    await resumeBatch(rig.db, rig.worker.jobs, batchId, 40);
    await rig.drive(engine, finished(batchId));
    expect((await getBatchProgress(rig.db, batchId)).counts).toMatchObject({ succeeded: 12, failed: 0 });
    const jobs = await listRemoteJobs(rig.db, [batchId]);
    expect(jobs.map((job) => job.phase).sort()).toEqual(["cancelled", "done"]);
    await expectCountersMatchRows(rig.db, batchId);
  });

  it("cancel stops the remote job and cancels its images; finished results are kept", async () => {
    const batchId = await rig.startBatch(8);
    const engine = rig.engine();
    await rig.drive(engine, async () => (await listRemoteJobs(rig.db, [batchId])).some((job) => job.phase === "running"));
    await cancelBatch(rig.db, batchId);
    await rig.drive(engine, async () => (await listRemoteJobs(rig.db, [batchId])).every((job) => job.phase === "cancelled"));
    const progress = await waitForBatchToFinish(rig.db, batchId, 10_000);
    expect(progress.status).toBe("cancelled");
    expect(progress.counts).toMatchObject({ cancelled: 8, queued: 0, processing: 0 });
    await expectCountersMatchRows(rig.db, batchId);
  });
});
