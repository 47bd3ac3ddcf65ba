import { logger } from "../../log/logger";
import { applyResults } from "./apply-results";
import { cancelJob } from "./cancel-job";
import { SimulatedCrash, type EngineContext } from "./context";
import { fallBack } from "./fall-back";
import { planJobs } from "./plan-jobs";
import { pollJob } from "./poll-job";
import { leaseDueJobs, updateJob, type RemoteJobRow } from "./remote-jobs";
import { submitJob, uploadRequests } from "./submit-job";
import { writeRequests } from "./write-requests";

/** The step a job's phase calls for; each can be repeated after a crash (see the steps). */
export async function runStep(context: EngineContext, job: RemoteJobRow) {
  const target = await context.keys.targetOf(job.keyId);
  if (job.phase === "cancelling") return cancelJob(context, job, target);
  if (!job.batchId) return cancelJob(context, job, target); // its batch was deleted
  if (!target) return fallBack(context, job, { code: "no_keys", message: "The key this batch job was submitted with is no longer configured." });
  switch (job.phase) {
    case "preparing": {
      const written = await writeRequests(context, job);
      context.crashAt?.("written", job.phase);
      if (written.lines === 0) return void (await updateJob(context.db, job.id, context.owner, { phase: "done", finished: true, requestCount: 0 }));
      return void (await updateJob(context.db, job.id, context.owner, { phase: "uploading", requestCount: written.lines, inputBytes: written.bytes, estimatedTokens: written.tokens, maxCostMicros: Math.ceil(written.maxMicros) }));
    }
    case "uploading":
      return uploadRequests(context, job, target);
    case "submitting":
      return submitJob(context, job, target);
    case "running":
      return pollJob(context, job, target);
    case "applying":
      return applyResults(context, job, target);
  }
}

/** One pass: plan new jobs, then run every due job's step (leased, so several processes share the work). */
export async function advanceGeminiBatches(context: EngineContext): Promise<number> {
  await planJobs(context);
  const due = await leaseDueJobs(context.db, context.owner, context.leaseSeconds, 20);
  for (const job of due) {
    try {
      await runStep(context, job);
    } catch (error) {
      if (error instanceof SimulatedCrash) throw error;
      // A step that failed (network, database) is tried again soon; the lease is given up so another process may.
      logger().warn({ job: String(job.id), phase: job.phase, err: (error as Error).message }, "gemini batch step failed");
      await updateJob(context.db, job.id, context.owner, { lastError: (error as Error).message.slice(0, 2000), nextInMs: 5000 }).catch(() => {});
    }
  }
  return due.length;
}
