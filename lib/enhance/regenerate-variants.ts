import type { PrismaClient } from "../db/generated/client";
import { badRequest, conflict, notFound } from "../errors";
import type { JobEngine } from "../jobs/definitions";
import { dispatchBatch } from "../orchestration/dispatch-batch";
import { refreshParentStatus } from "../orchestration/finalize-batch";

/**
 * Regenerate: the product gets a new generation of variants (the earlier ones stay, with their verdicts), made with the
 * same instruction or an edited one. The image goes back to the queue in one statement with the batch's counters (its
 * totals leave the batch's and come back, summed over every generation, when it completes).
 */
export async function regenerateVariants(db: PrismaClient, jobs: JobEngine, imageId: bigint, input: { instructions?: string }, dispatchWindow: number) {
  const image = await db.image.findUnique({ where: { id: imageId }, select: { batchId: true, status: true, productStatus: true, batch: { select: { parentBatchId: true, status: true } } } });
  if (!image) throw notFound("That product");
  if (image.productStatus === null) throw badRequest("not_a_product", "Only an enhance batch's products have variants to regenerate.");
  if (image.status !== "succeeded" && image.status !== "failed") throw conflict("product_busy", `This product's variants are still being made (${image.status}); regenerate once they are done.`);
  if (image.batch.status === "cancelled") throw conflict("batch_cancelled", "The batch was cancelled; re-run it as a new batch instead.");
  const rows = await db.$queryRaw<{ generation: number; product_status: string }[]>`
    WITH target AS (
      SELECT id, status, input_tokens, output_tokens, cost_micros FROM images WHERE id = ${imageId} AND status IN ('succeeded', 'failed') FOR UPDATE
    ), requeued AS (
      UPDATE images i SET status = 'queued', dispatched_at = NULL, next_attempt_at = NULL, finished_at = NULL,
        variant_generation = greatest(coalesce(i.variant_generation, 1), (SELECT coalesce(max(generation), 0) FROM image_outputs WHERE image_id = i.id AND kind = 'variant')) + 1,
        enhance_instructions = coalesce(${input.instructions ?? null}, i.enhance_instructions),
        product_status = CASE WHEN EXISTS (SELECT 1 FROM image_outputs WHERE image_id = i.id AND kind = 'variant' AND review_status = 'approved') THEN 'approved' ELSE 'pending' END::"ProductStatus",
        input_tokens = 0, output_tokens = 0, cost_micros = 0
      FROM target WHERE i.id = target.id
      RETURNING i.batch_id, i.variant_generation, i.product_status::text AS product_status, target.status AS was, target.input_tokens, target.output_tokens, target.cost_micros
    ), counted AS (
      UPDATE batches b SET queued_count = b.queued_count + 1,
        succeeded_count = b.succeeded_count - CASE WHEN r.was = 'succeeded' THEN 1 ELSE 0 END,
        failed_count = b.failed_count - CASE WHEN r.was = 'failed' THEN 1 ELSE 0 END,
        input_tokens = b.input_tokens - r.input_tokens, output_tokens = b.output_tokens - r.output_tokens, cost_micros = b.cost_micros - r.cost_micros,
        status = CASE WHEN b.status = 'paused' THEN b.status ELSE 'running' END, finished_at = NULL
      FROM requeued r WHERE b.id = r.batch_id
    )
    SELECT variant_generation AS generation, product_status FROM requeued`;
  if (!rows.length) throw conflict("product_busy", "This product is already being regenerated.");
  await dispatchBatch(db, jobs, image.batchId, dispatchWindow);
  if (image.batch.parentBatchId) await refreshParentStatus(db, image.batch.parentBatchId);
  return { id: imageId.toString(), generation: rows[0].generation, productStatus: rows[0].product_status };
}
