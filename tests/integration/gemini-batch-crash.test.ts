import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBatchProgress } from "../../lib/batches/get-batch-progress";
import type { CrashPoint } from "../../lib/execution/gemini-batch/context";
import { SimulatedCrash } from "../../lib/execution/gemini-batch/context";
import { listRemoteJobs } from "../../lib/execution/gemini-batch/list-remote-jobs";
import { expectCountersMatchRows } from "../helpers/batch-checks";
import { startBatchModeRig, type BatchModeRig } from "../helpers/batch-mode-setup";

// kill -9 at every step of a remote job: the process stops right after the named point (nothing after it runs: no
// commit, no lease given up); another process takes the job over once the lease runs out and finishes it. Nothing may be
// lost, no remote job created twice, no result applied twice.
const POINTS: CrashPoint[] = ["written", "uploaded", "before-create", "created", "polled", "downloaded", "applied-some", "applied-all"];

describe("Batch API mode survives a crash at every step", () => {
  let rig: BatchModeRig;
  beforeAll(async () => {
    rig = await startBatchModeRig();
  });
  afterAll(async () => rig?.close());

  for (const point of POINTS) {
    it(`a crash ${point === "before-create" ? "just before create" : `after ${point}`}: one remote job, every image analysed once`, async () => {
      const count = point === "applied-some" ? 90 : 10; // more than one chunk of results, to stop between chunks
      const batchId = await rig.startBatch(count);
      const jobsBefore = rig.emulator.stats().batch.jobsCreated;
      const crashing = rig.engine({ crashAt: point, leaseSeconds: 1 });
      let crashed: unknown = null;
      try {
        await rig.drive(crashing, async () => (await getBatchProgress(rig.db, batchId)).status === "completed");
      } catch (error) {
        crashed = error;
      }
      expect(crashed).toBeInstanceOf(SimulatedCrash);
      // The next process: a new owner, after the dead one's lease ran out.
      const survivor = rig.engine();
      // Until the batch is complete and its job done (a crash after the last result leaves only the clean-up to do).
      await rig.drive(survivor, async () => (await getBatchProgress(rig.db, batchId)).status === "completed" && (await listRemoteJobs(rig.db, [batchId])).every((job) => job.phase === "done"), 30_000);
      const progress = await getBatchProgress(rig.db, batchId);
      expect(progress.counts).toMatchObject({ total: count, succeeded: count, failed: 0, queued: 0, processing: 0 });
      await expectCountersMatchRows(rig.db, batchId);
      const successes = await rig.db.imageAttempt.groupBy({ by: ["imageId"], where: { image: { batchId }, httpStatus: 200, errorCode: null }, _count: true });
      expect(successes).toHaveLength(count);
      expect(successes.every((entry) => entry._count === 1)).toBe(true);
      const jobs = await listRemoteJobs(rig.db, [batchId]);
      expect(jobs.map((job) => job.phase)).toEqual(["done"]);
      expect(rig.emulator.stats().batch.jobsCreated - jobsBefore).toBe(1);
      // Tokens and cost counted once: the batch's sums equal its images'.
      const sums = await rig.db.image.aggregate({ where: { batchId }, _sum: { outputTokens: true, costMicros: true } });
      const batch = await rig.db.batch.findUniqueOrThrow({ where: { id: batchId } });
      expect(Number(batch.outputTokens)).toBe(sums._sum.outputTokens);
      expect(Number(batch.costMicros)).toBe(sums._sum.costMicros);
    });
  }
});
