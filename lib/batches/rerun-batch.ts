import { randomUUID } from "node:crypto";
import type { Config } from "../config";
import type { PrismaClient } from "../db/generated/client";
import { poolOf, sql } from "../db/sql";
import { badRequest, notFound } from "../errors";
import type { CreatedBatches } from "../ingest/create-batches";
import { batchModel, currentTemplateVersion } from "../ingest/create-batches-from-request";
import { isTransformVersion } from "../ingest/transform-step-version";
import type { JobEngine } from "../jobs/definitions";
import { createTask } from "../tasks/create-task";
import { runTask } from "../tasks/run-task";
import { copyRerunImagesStep, type RerunCopy } from "./copy-rerun-images";

/** What a re-run's task copies: each source batch's images (up to the last id it had when the re-run began) into one new batch. */
export interface RerunParams {
  copies: RerunCopy[];
  created: CreatedBatches;
}

/**
 * Begins a re-run: the same images again with another template (or the same, after editing it), as a new batch; the
 * original is untouched. The new batch (a parent: with one part per part of the original, the same sizes) exists at once,
 * as a draft with its totals; a task then copies the images a chunk at a time (copyRerunImagesStep) and starts it.
 */
export async function beginBatchRerun(
  db: PrismaClient,
  config: Config,
  batchId: string,
  input: { templateId?: string; name?: string },
  createdById: string | null,
): Promise<{ taskId: string; created: CreatedBatches }> {
  const source = await db.batch.findUnique({
    where: { id: batchId, deletedAt: null },
    select: { name: true, kind: true, source: true, sourceFileName: true, carriedColumns: true, transformVersionId: true },
  });
  if (!source) throw notFound("That batch");
  const templateVersionId = await currentTemplateVersion(db, config, input.templateId);
  const common = {
    source: source.source,
    sourceFileName: source.sourceFileName,
    templateVersionId,
    // The images are prepared as before, unless the re-run is itself a transform.
    transformVersionId: (await isTransformVersion(db, templateVersionId)) ? null : source.transformVersionId,
    model: await batchModel(db, config, templateVersionId, input.templateId),
    carriedColumns: source.carriedColumns,
    createdById,
    status: "draft" as const,
  };
  const name = input.name || `${source.name} (re-run)`;

  // Each source's size and its last image now: images a bucket sync adds later are not part of this re-run.
  const { rows: sources } = await poolOf(db).query<{ id: string; total_images: number; last_id: string | null }>(sql`
    SELECT b.id::text, b.total_images, (SELECT max(i.id) FROM images i WHERE i.batch_id = b.id)::text AS last_id
    FROM batches b WHERE CASE WHEN ${source.kind === "parent"} THEN b.parent_batch_id = ${batchId}::uuid ELSE b.id = ${batchId}::uuid END
    ORDER BY b.sequence NULLS FIRST, b.id`);
  const nonEmpty = sources.filter((row) => row.last_id !== null);
  if (nonEmpty.length === 0) throw badRequest("no_images", "There are no images to re-run: this batch has none.");

  const total = nonEmpty.reduce((sum, row) => sum + row.total_images, 0);
  const split = source.kind === "parent" && nonEmpty.length > 1;
  const parentId = split ? randomUUID() : null;
  const targets = nonEmpty.map((row, index) => ({
    id: randomUUID(),
    name: split ? `${name} — Part ${index + 1} of ${nonEmpty.length}` : name,
    totalImages: row.total_images,
    sequence: split ? index + 1 : null,
  }));
  // Totals first (the copy makes them true, and corrects them if the source changed meanwhile); nothing dispatches a draft.
  await db.$transaction([
    ...(parentId ? [db.batch.create({ data: { ...common, id: parentId, name, kind: "parent", totalParts: targets.length, totalImages: total, queuedCount: total } })] : []),
    db.batch.createMany({
      data: targets.map((target) => ({
        ...common,
        id: target.id,
        name: target.name,
        kind: parentId ? ("part" as const) : ("single" as const),
        parentBatchId: parentId,
        sequence: target.sequence,
        totalParts: parentId ? targets.length : null,
        totalImages: target.totalImages,
        queuedCount: target.totalImages,
      })),
    }),
  ]);
  const created: CreatedBatches = { parentId, batches: targets };
  const copies = nonEmpty.map((row, index) => ({ sourceId: row.id, targetId: targets[index].id, lastId: row.last_id! }));
  const params: RerunParams = { copies, created };
  const taskId = await createTask(db, {
    kind: "batch.rerun",
    target: { type: "batch", id: parentId ?? targets[0].id },
    params: { ...params, sourceBatchId: batchId },
    progressTotal: total,
    createdById,
  });
  return { taskId, created };
}

/** Re-runs a batch completely before returning (scripts and tests; the API answers at once and lets a job finish the copy). */
export async function rerunBatch(db: PrismaClient, config: Config, jobs: Pick<JobEngine, "enqueueMany">, batchId: string, input: { templateId?: string; name?: string }, createdById: string | null) {
  const { taskId } = await beginBatchRerun(db, config, batchId, input, createdById);
  const outcome = await runTask(db, { "batch.rerun": copyRerunImagesStep(db, jobs) }, taskId, { workerId: `inline-${process.pid}`, leaseSeconds: 60 });
  const task = await db.task.findUniqueOrThrow({ where: { id: taskId }, select: { result: true, errorMessage: true } });
  if (outcome !== "succeeded") throw new Error(`The re-run did not finish: ${task.errorMessage ?? outcome}`);
  return task.result as unknown as CreatedBatches;
}
