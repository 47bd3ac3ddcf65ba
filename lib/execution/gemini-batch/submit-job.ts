import { existsSync } from "node:fs";
import { createBatchJob, findBatchJobByDisplayName } from "../../gemini/batch-api/batches";
import { uploadFile } from "../../gemini/batch-api/files";
import type { BatchApiTarget } from "../../gemini/batch-api/rest";
import { classifyGeminiError } from "../../gemini/classify-error";
import { jobFile, type EngineContext } from "./context";
import { fallBack } from "./fall-back";
import { holdJobSpend } from "./job-spend";
import { poolOf, sql } from "../../db/sql";
import { updateJob, type RemoteJobRow } from "./remote-jobs";

// A refused create waits a poll interval, doubling (30 s, 1 min, 2 min… at the default), at most 15 minutes.
const CREATE_BACKOFF_CAP_MS = 15 * 60_000;

/**
 * `uploading`: the written requests go to the Files API (resumable, streamed). Repeating it just uploads again. The file is
 * this machine's: when another machine wrote it (and its lease passed here), the job is prepared again from the database.
 */
export async function uploadRequests(context: EngineContext, job: RemoteJobRow, target: BatchApiTarget) {
  if (!existsSync(jobFile(context, job.id, "requests"))) return updateJob(context.db, job.id, context.owner, { phase: "preparing" });
  const file = await uploadFile(target, jobFile(context, job.id, "requests"), { displayName: job.displayName, mimeType: "application/jsonl" });
  context.crashAt?.("uploaded", job.phase);
  await updateJob(context.db, job.id, context.owner, { phase: "submitting", inputFile: file.name });
}

/**
 * `submitting`: creates the remote job. Create is not idempotent, so the attempt is counted (committed) before the call,
 * and any later run of this step whose earlier attempt may have reached Google looks the job up by its display name
 * first. A 429 (the Batch API's own limits, enqueued tokens) means wait and resubmit, never fail.
 */
export async function submitJob(context: EngineContext, job: RemoteJobRow, target: BatchApiTarget) {
  const { db, config } = context;
  const besides = await context.keys.enqueuedBesides(db, job.id, job.projectId, job.model);
  if (besides > 0 && besides + job.estimatedTokens > config.GEMINI_BATCH_ENQUEUED_TOKENS) {
    await updateJob(db, job.id, context.owner, { lastError: `Waiting for room: ${besides.toLocaleString("en")} tokens are already enqueued on ${job.model} in this project (limit ${config.GEMINI_BATCH_ENQUEUED_TOKENS.toLocaleString("en")}).`, nextInMs: pollMs(context) });
    return;
  }
  // The job's most possible cost is held against the spending caps before it can exist at Google.
  const refusal = await holdJobSpend(context, job);
  if (refusal) return fallBack(context, job, { code: "budget_reached", message: refusal, pausesBatch: true }, "cancelled");
  if (job.createAttempts > 0) {
    const found = await findBatchJobByDisplayName(target, job.displayName, job.createdAt);
    if (found) return recordCreated(context, job, found.name, found.rawState);
  }
  await poolOf(db).query(sql`UPDATE gemini_batch_jobs SET create_attempts = create_attempts + 1 WHERE id = ${job.id}`);
  context.crashAt?.("before-create", job.phase);
  try {
    const created = await createBatchJob(target, { model: job.model, displayName: job.displayName, fileName: job.inputFile! });
    context.crashAt?.("created", job.phase);
    await recordCreated(context, job, created.name, created.rawState);
  } catch (error) {
    if ((error as Error).name === "SimulatedCrash") throw error;
    const classified = classifyGeminiError(error, context.now());
    const status = classified.error.options.httpStatus;
    if (status === 429 || classified.outcome.kind === "transient" && classified.error.retryable) {
      // Over the Batch API's limits (Google says 429 with only a Help link), or no answer: try again later; the display
      // name finds the job if this create did reach Google.
      const waitMs = Math.min(CREATE_BACKOFF_CAP_MS, pollMs(context) * 2 ** Math.min(job.createAttempts, 5));
      await updateJob(db, job.id, context.owner, { lastError: `Google did not take the job yet (${classified.error.message}); trying again in ${Math.round(waitMs / 1000)} s.`, nextInMs: waitMs });
      return;
    }
    await fallBack(context, job, { code: classified.error.code, message: `Google refused the batch job: ${classified.error.message}`, pausesBatch: classified.error.options.pausesBatch });
  }
}

async function recordCreated(context: EngineContext, job: RemoteJobRow, name: string, state: string) {
  const deadline = new Date(context.now() + context.config.GEMINI_BATCH_DEADLINE_HOURS * 3_600_000);
  await updateJob(context.db, job.id, context.owner, { phase: "running", remoteName: name, remoteState: state, submitted: true, deadlineAt: deadline, lastError: null, nextInMs: pollMs(context) });
}

export const pollMs = (context: EngineContext) => context.config.GEMINI_BATCH_POLL_SECONDS * 1000;
