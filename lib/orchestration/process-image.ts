import type { PrismaClient } from "../db/generated/client";
import { AnalysisError } from "../errors";
import type { JobEngine } from "../jobs/definitions";
import { claimImage, type ClaimedImage } from "./claim-image";
import { settleUnclaimed } from "./dispatch-batch";
import { finalizeBatch } from "./finalize-batch";
import { completeImage, failImage, parkImage, requeueImage, type SuccessRecord } from "./finish-image";
import { pauseBatchBecause } from "./pause-batch-because";
import { pauseOnFailureRate } from "./pause-on-failure-rate";
import { recordAttempt, type AttemptRecord } from "./record-attempt";

/** What turns one claimed image into a result. It reports each call through onAttempt and throws AnalysisError on failure. */
export type ImageAnalyzer = (image: ClaimedImage, context: { onAttempt: (attempt: AttemptRecord) => Promise<void>; signal: AbortSignal }) => Promise<SuccessRecord>;

export interface ProcessImageDeps {
  db: PrismaClient;
  jobs: JobEngine;
  analyze: ImageAnalyzer;
  workerId: string;
  leaseSeconds: number;
  /** Processing runs per image for retryable errors that outlast the analyzer's own retries. */
  maxRuns: number;
  retryDelayMs: (run: number) => number;
  /** A batch pauses itself when more than this share of its last 200 finished images failed (1: never). */
  autoPauseFailureRate?: number;
  /** Tops up the batch's dispatch window after an image (the worker throttles it per process and batch). */
  topUpDispatch: (batchId: string) => Promise<void>;
}

/**
 * The core of Loupe's orchestration; neither job adapter is known here. Idempotent: delivery is at least once, and a
 * second delivery finds the image claimed or finished and does nothing, so no result or token is counted twice.
 */
export async function processImage(deps: ProcessImageDeps, imageId: bigint, batchId: string): Promise<"done" | "skipped" | "retrying" | "failed"> {
  const { db } = deps;
  // The batch (from the job) lets this claim share one statement with the batch's other images claimed at the same time.
  const image = await claimImage(db, imageId, deps.workerId, deps.leaseSeconds, batchId);
  if (!image) {
    await settleUnclaimed(db, deps.jobs, imageId);
    return "skipped";
  }

  // The successful call's attempt is written by the completion itself (one statement; history and result commit
  // together); every other attempt is written as it happens.
  let succeeded: AttemptRecord | null = null;
  const onAttempt = async (attempt: AttemptRecord) => {
    if (attempt.errorCode === null) succeeded = attempt;
    else await recordAttempt(db, imageId, attempt);
  };
  const writeHeldAttempt = async () => {
    if (succeeded) await recordAttempt(db, imageId, succeeded);
    succeeded = null;
  };
  const controller = new AbortController();
  let outcome: "done" | "retrying" | "failed";
  // The batch's images still queued or processing after this one (null: unknown); only 0 needs the finalising check.
  let unfinished: number | null = 1;
  try {
    const record = await deps.analyze(image, { onAttempt, signal: controller.signal });
    unfinished = await completeImage(db, imageId, deps.workerId, record, succeeded);
    if (unfinished === null) await writeHeldAttempt(); // no longer ours: the call still happened
    outcome = "done";
  } catch (caught) {
    await writeHeldAttempt().catch(() => {});
    const error =
      caught instanceof AnalysisError
        ? caught
        : new AnalysisError("internal", `Unexpected error while analysing: ${(caught as Error)?.message ?? String(caught)}`, { retryable: true });
    if (error.options.hostWait?.blocked) {
      // Its host's breaker is open: no run used, no slot held; dispatch hands it out again after the cool-down.
      await parkImage(db, imageId, deps.workerId, { code: error.code, message: error.message });
      outcome = "retrying";
    } else if (error.options.hostWait) {
      // Its host is busy with FETCH_PER_HOST_CONCURRENCY fetches here: back in a moment, without using a run.
      if (await requeueImage(db, imageId, deps.workerId, { code: error.code, message: error.message }, error.options.hostWait.until, { refundRun: true })) {
        await deps.jobs.enqueue("image.analyze", { imageId: imageId.toString(), batchId: image.batchId }, { startAfter: error.options.hostWait.until });
      }
      outcome = "retrying";
    } else if (error.options.pausesBatch) {
      // Not this image's fault: it goes back to the queue with its run given back, and the batch waits for a person.
      const retryAt = new Date(Date.now() + deps.retryDelayMs(image.attempts));
      if (await requeueImage(db, imageId, deps.workerId, { code: error.code, message: error.message }, retryAt, { refundRun: true })) {
        // A batch cancelled meanwhile pauses no more: the image's job then meets the cancellation as any retry would.
        if ((await pauseBatchBecause(db, image.batchId, { code: error.code, message: error.message })) === "not_running") {
          await deps.jobs.enqueue("image.analyze", { imageId: imageId.toString(), batchId: image.batchId }, { startAfter: retryAt });
        }
      }
      outcome = "retrying";
    } else if (error.retryable && image.attempts < deps.maxRuns) {
      const retryAt = new Date(Date.now() + Math.max(error.options.retryAfterMs ?? 0, deps.retryDelayMs(image.attempts)));
      if (await requeueImage(db, imageId, deps.workerId, { code: error.code, message: error.message }, retryAt)) {
        await deps.jobs.enqueue("image.analyze", { imageId: imageId.toString(), batchId: image.batchId }, { startAfter: retryAt });
      }
      outcome = "retrying";
    } else {
      unfinished = await failImage(db, imageId, deps.workerId, { code: error.code, message: error.message });
      if (unfinished !== null && (await pauseOnFailureRate(db, image.batchId, deps.autoPauseFailureRate ?? 1))) unfinished = null;
      outcome = "failed";
    }
  }
  await deps.topUpDispatch(image.batchId);
  if (unfinished !== null && unfinished > 0) return outcome;
  await finalizeBatch(db, image.batchId, { parentOnlyWhenFinished: true });
  return outcome;
}
