import type { PrismaClient } from "../db/generated/client";
import { poolOf, sql } from "../db/sql";
import { notFound } from "../errors";
import type { BatchPriority } from "../orchestration/fair-shares";

/** A batch's weight in fair dispatch; a part's is its upload's, so the whole upload (parent and parts) changes together. */
export async function setBatchPriority(db: PrismaClient, batchId: string, priority: BatchPriority) {
  const { rowCount } = await poolOf(db).query(sql`
    WITH scope AS (SELECT coalesce(parent_batch_id, id) AS id FROM batches WHERE id = ${batchId}::uuid AND deleted_at IS NULL)
    UPDATE batches b SET priority = ${priority}::"BatchPriority" FROM scope WHERE b.id = scope.id OR b.parent_batch_id = scope.id`);
  if (!rowCount) throw notFound("That batch");
}
