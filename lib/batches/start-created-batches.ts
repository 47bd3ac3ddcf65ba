import type { JobEngine } from "../jobs/definitions";

/** Newly created batches are handed to the job engine; a parent's start starts its parts. */
export async function startCreatedBatches(jobs: Pick<JobEngine, "enqueueMany">, created: { parentId: string | null; batches: { id: string }[] }) {
  const ids = created.parentId ? [created.parentId] : created.batches.map((batch) => batch.id);
  await jobs.enqueueMany("batch.start", ids.map((batchId) => ({ batchId })));
}
