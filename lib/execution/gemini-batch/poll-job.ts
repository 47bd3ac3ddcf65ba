import { cancelBatchJob, getBatchJob } from "../../gemini/batch-api/batches";
import type { BatchApiTarget } from "../../gemini/batch-api/rest";
import { classifyGeminiError } from "../../gemini/classify-error";
import type { EngineContext } from "./context";
import { fallBack } from "./fall-back";
import { updateJob, type RemoteJobRow } from "./remote-jobs";
import { pollMs } from "./submit-job";

// While Google keeps a job PENDING the polls slow down, up to this many times the poll interval.
const PENDING_BACKOFF_MAX = 8;

/**
 * `running`: reads the remote job (either state vocabulary). SUCCEEDED → apply its results; FAILED / EXPIRED / cancelled
 * by someone else → fall back; still going past GEMINI_BATCH_DEADLINE_HOURS → the watchdog cancels it and falls back.
 */
export async function pollJob(context: EngineContext, job: RemoteJobRow, target: BatchApiTarget) {
  const { db } = context;
  let remote;
  try {
    remote = await getBatchJob(target, job.remoteName!);
  } catch (error) {
    const classified = classifyGeminiError(error, context.now());
    if (classified.error.options.httpStatus === 404) {
      return fallBack(context, job, { code: "remote_job_missing", message: `Google no longer has the batch job ${job.remoteName} (404).` });
    }
    return void (await updateJob(db, job.id, context.owner, { lastError: `Could not read the job's state: ${classified.error.message}`, nextInMs: pollMs(context) }));
  }
  context.crashAt?.("polled", job.phase);
  const counts = { requestCount: remote.requestCount, succeeded: remote.succeeded, failed: remote.failed, pending: remote.pending };
  const change = { remoteState: remote.rawState || remote.state, counts, polled: true };
  if (remote.state === "succeeded") {
    return void (await updateJob(db, job.id, context.owner, { ...change, phase: "applying", responsesFile: remote.responsesFile ?? undefined, lastError: null }));
  }
  if (remote.state === "failed" || remote.state === "expired" || remote.state === "cancelled") {
    const why = remote.state === "expired" ? "expired (Google gives up after 48 h, with no results)" : remote.state === "failed" ? `failed${remote.error?.message ? `: ${remote.error.message}` : ""}` : "was cancelled outside Loupe";
    return fallBack(context, job, { code: `remote_job_${remote.state}`, message: `Google's batch job ${job.remoteName} ${why}.` }, remote.state === "expired" ? "expired" : "failed", change);
  }
  if (job.deadlineAt && context.now() >= job.deadlineAt.getTime()) {
    await cancelBatchJob(target, job.remoteName!);
    const hours = context.config.GEMINI_BATCH_DEADLINE_HOURS;
    return fallBack(context, job, { code: "remote_job_deadline", message: `Google's batch job ${job.remoteName} was still ${remote.state} after ${hours} h (GEMINI_BATCH_DEADLINE_HOURS); Loupe cancelled it.` }, "expired", change);
  }
  const slower = remote.state === "pending" ? Math.min(PENDING_BACKOFF_MAX, 2 ** Math.floor(job.polls / 4)) : 1;
  await updateJob(db, job.id, context.owner, { ...change, nextInMs: pollMs(context) * slower });
}
