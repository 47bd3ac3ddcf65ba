import { deleteFile } from "../../gemini/batch-api/files";
import { pauseBatchBecause } from "../../orchestration/pause-batch-because";
import { rm } from "node:fs/promises";
import { jobFile, type EngineContext } from "./context";
import { releaseImages } from "./job-images";
import { releaseJobSpend } from "./job-spend";
import { updateJob, type JobChange, type JobPhase, type RemoteJobRow } from "./remote-jobs";

/**
 * A job that will not deliver (expired, failed, past Loupe's deadline, refused): its unfinished images go to interactive
 * calls (GEMINI_BATCH_FALLBACK=interactive, the default, so the batch finishes) or to a new job. A refusal every image
 * would meet (no such model…) pauses the batch instead, the images back in the queue with their run given back.
 */
export async function fallBack(context: EngineContext, job: RemoteJobRow, reason: { code: string; message: string; pausesBatch?: boolean }, phase: JobPhase = "failed", change: JobChange = {}) {
  const { db } = context;
  if (reason.pausesBatch && job.batchId) {
    await releaseImages(db, job.id, { fallback: false, refundRun: true, error: reason });
    await pauseBatchBecause(db, job.batchId, reason);
  } else {
    await releaseImages(db, job.id, { fallback: context.config.GEMINI_BATCH_FALLBACK === "interactive", refundRun: true, error: reason });
  }
  await releaseJobSpend(context, job);
  await removeJobFiles(context, job);
  await updateJob(db, job.id, context.owner, { ...change, phase, lastError: reason.message.slice(0, 2000), finished: true });
}

/** Local files always; remote ones (Google keeps them 48 h and counts them against 20 GB) when the key is still known. */
export async function removeJobFiles(context: EngineContext, job: RemoteJobRow) {
  const target = await context.keys.targetOf(job.keyId);
  for (const name of [job.inputFile, job.responsesFile]) {
    if (name && target) await deleteFile(target, name).catch(() => {}); // they expire anyway; a failed delete loses nothing
  }
  await rm(jobFile(context, job.id, "requests"), { force: true });
  await rm(jobFile(context, job.id, "responses"), { force: true });
}
