import type { PrismaClient } from "../db/generated/client";
import type { JobEngine } from "../jobs/definitions";
import type { TaskHandlers } from "../tasks/task-types";
import { failHostImagesStep } from "../hosts/fail-host-images";
import { cancelBatchStep } from "./control-batch";
import { copyRerunImagesStep } from "./copy-rerun-images";
import { deleteBatchStep, type DeletableStorage } from "./delete-batch";
import { retryFailedStep } from "./retry-images";

/** The tasks of batches (delete, cancel, retry all failed, re-run), for the worker and for the routes that run them for a moment. */
export function batchTaskHandlers(deps: { db: PrismaClient; jobs: JobEngine; storage: DeletableStorage; dispatchWindow: number }): TaskHandlers {
  return {
    "batch.delete": deleteBatchStep(deps.db, deps.storage),
    "batch.cancel": cancelBatchStep(deps.db),
    "batch.retry_failed": retryFailedStep(deps.db, deps.jobs, deps.dispatchWindow),
    "batch.fail_host": failHostImagesStep(deps.db),
    "batch.rerun": copyRerunImagesStep(deps.db, deps.jobs),
  };
}
