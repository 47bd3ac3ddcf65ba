import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteBatch } from "../../lib/batches/delete-batch";
import { getBatchProgress } from "../../lib/batches/get-batch-progress";
import { listRemoteJobs } from "../../lib/execution/gemini-batch/list-remote-jobs";
import { uploadsStorage } from "../../lib/storage";
import { expectCountersMatchRows } from "../helpers/batch-checks";
import { BATCH_KEYS, startBatchModeRig, type BatchModeRig } from "../helpers/batch-mode-setup";

// What Google's Batch API does wrong, as users report it (GEMINI-API.md §3.6), against the engine. A 4-second deadline
// (GEMINI_BATCH_DEADLINE_HOURS, fractional) stands for the 24 h one; fall-backs go to interactive calls by default.
describe("Batch API mode when the Batch API misbehaves", () => {
  let rig: BatchModeRig;
  beforeAll(async () => {
    rig = await startBatchModeRig({}, { GEMINI_BATCH_DEADLINE_HOURS: String(4 / 3600) });
  });
  afterAll(async () => rig?.close());

  async function runWith(faults: string, count = 9) {
    rig.emulator.configure({ batch: { faults } });
    rig.emulator.reset();
    const batchId = await rig.startBatch(count);
    const engine = rig.engine();
    await rig.drive(engine, async () => {
      const [progress, jobs] = await Promise.all([getBatchProgress(rig.db, batchId), listRemoteJobs(rig.db, [batchId])]);
      return progress.status === "completed" && jobs.every((job) => !["preparing", "uploading", "submitting", "running", "applying", "cancelling"].includes(job.phase));
    }, 40_000);
    rig.emulator.configure({ batch: { faults: "" } });
    const progress = await getBatchProgress(rig.db, batchId);
    expect(progress.counts).toMatchObject({ total: count, succeeded: count, failed: 0 });
    await expectCountersMatchRows(rig.db, batchId);
    const successes = await rig.db.imageAttempt.groupBy({ by: ["imageId"], where: { image: { batchId }, httpStatus: 200, errorCode: null }, _count: true });
    expect(successes.every((entry) => entry._count === 1)).toBe(true);
    return { batchId, jobs: await listRemoteJobs(rig.db, [batchId]), stats: rig.emulator.stats() };
  }

  it("a job that never leaves PENDING is cancelled at the deadline by the watchdog; its images finish through interactive calls", async () => {
    const { jobs, stats } = await runWith("stuck-pending");
    expect(jobs.map((job) => job.phase)).toEqual(["expired"]);
    expect(jobs[0].lastError).toMatch(/still pending after .* Loupe cancelled it/);
    expect(stats.batch.states, JSON.stringify(stats.batch)).toMatchObject({ CANCELLED: 1 });
    expect(stats.requests).toBe(9); // each image once, interactively
  });

  it("an EXPIRED job (no results) and a FAILED job fall back to interactive calls", async () => {
    for (const [fault, phase] of [["expire-300", "expired"], ["fail", "failed"]] as const) {
      const { jobs, stats } = await runWith(fault);
      expect(jobs.map((job) => job.phase)).toEqual([phase]);
      expect(jobs[0].lastError).toMatch(fault === "fail" ? /failed/ : /expired/);
      expect(stats.requests).toBe(9);
    }
  });

  it("per-line errors and null lines inside a SUCCEEDED job: those images are retried, the others applied", async () => {
    const { jobs, stats } = await runWith("line-errors-3+null-lines-4", 12);
    expect(jobs.map((job) => job.phase)).toEqual(["done"]);
    expect(jobs[0].state).toMatch(/SUCCEEDED/);
    // Lines 3, 6, 9, 12 are errors and 4, 8 null: six images went on interactively, each once.
    expect(stats.requests).toBe(6);
  });

  it("a 429 on create waits and resubmits; a create whose answer never came is found by its display name, not created twice", async () => {
    for (const fault of ["429-on-create-2", "create-dropped"]) {
      const { jobs, stats } = await runWith(fault);
      expect(jobs.map((job) => job.phase)).toEqual(["done"]);
      expect(stats.batch.jobsCreated).toBe(1);
      expect(stats.requests).toBe(0);
    }
  });

  it("JOB_STATE_* state names are read like BATCH_STATE_*", async () => {
    const { jobs } = await runWith("job-state-names");
    expect(jobs[0]).toMatchObject({ phase: "done", state: "JOB_STATE_SUCCEEDED" });
  });

  it("deleting a batch while its job runs at Google cancels the job there and deletes its files", async () => {
    rig.emulator.configure({ batch: { faults: "slow-pending-5000" } });
    const batchId = await rig.startBatch(5);
    const engine = rig.engine();
    await rig.drive(engine, async () => (await listRemoteJobs(rig.db, [batchId])).some((job) => job.phase === "running"));
    const [job] = await listRemoteJobs(rig.db, [batchId]);
    await deleteBatch(rig.db, uploadsStorage(rig.dataDir), batchId);
    await rig.drive(engine, async () => (await rig.db.geminiBatchJob.findUnique({ where: { displayName: job.displayName } }))?.phase === "cancelled");
    rig.emulator.configure({ batch: { faults: "" } });
    const row = await rig.db.geminiBatchJob.findUniqueOrThrow({ where: { displayName: job.displayName } });
    expect(row.batchId).toBeNull();
    const remote = await (await fetch(`${rig.emulator.url}/v1beta/${job.name}`, { headers: { "x-goog-api-key": BATCH_KEYS.b1 } })).json();
    expect(remote.metadata?.state ?? remote.error?.status).toMatch(/CANCELLED|NOT_FOUND/);
  });
});
