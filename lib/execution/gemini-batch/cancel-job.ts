import type { PrismaClient } from "../../db/generated/client";
import { poolOf, sql } from "../../db/sql";
import { cancelQueuedImages } from "../../orchestration/cancel-queued-images";
import { cancelBatchJob, getBatchJob } from "../../gemini/batch-api/batches";
import type { BatchApiTarget } from "../../gemini/batch-api/rest";
import type { EngineContext } from "./context";
import { removeJobFiles } from "./fall-back";
import { releaseImages } from "./job-images";
import { releaseJobSpend } from "./job-spend";
import { updateJob, type RemoteJobRow } from "./remote-jobs";

/**
 * Pause, cancel and delete of a Loupe batch ask its active remote jobs to stop: the engine then cancels each on Google's
 * side (`batches/{id}:cancel`), hands its images back and deletes its files. Called before a delete too, while the jobs
 * still know their batch. Returns how many jobs were asked.
 */
export async function requestRemoteCancel(db: PrismaClient, batchIds: string[]): Promise<number> {
  const { rowCount } = await poolOf(db).query(sql`
    UPDATE gemini_batch_jobs SET phase = 'cancelling', next_action_at = now(), updated_at = now()
    WHERE batch_id = ANY(${batchIds}::uuid[]) AND phase IN ('preparing', 'uploading', 'submitting', 'running', 'applying')`);
  return rowCount ?? 0;
}

/** `cancelling`: stop the remote job, give the images back (a cancelled batch then cancels them as it does queued ones). */
export async function cancelJob(context: EngineContext, job: RemoteJobRow, target: BatchApiTarget | null) {
  const { db } = context;
  let remoteState: string | undefined;
  if (job.remoteName && target) {
    await cancelBatchJob(target, job.remoteName);
    // Google's word for it now (CANCELLED, or the state it ended in), for the batch page; a failed read changes nothing.
    remoteState = await getBatchJob(target, job.remoteName).then((remote) => remote.rawState || "cancel requested", () => "cancel requested");
  }
  context.crashAt?.("cancelled-remote", job.phase);
  await releaseImages(db, job.id, { fallback: false, refundRun: true });
  // The batch was cancelled while these images were at Google: they are cancelled now, as its queued images were.
  if (job.batchId) await cancelQueuedImages(db, [job.batchId]);
  await releaseJobSpend(context, job);
  await removeJobFiles(context, job);
  await updateJob(db, job.id, context.owner, { phase: "cancelled", finished: true, remoteState });
}
