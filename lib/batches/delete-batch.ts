import type { PrismaClient } from "../db/generated/client";
import { notFound } from "../errors";
import { requestRemoteCancel } from "../execution/gemini-batch/cancel-job";
import type { LoupeStorage } from "../storage";

/** Deletes a batch (a parent with its parts), its images and results, and stored files no other image uses. */
export async function deleteBatch(db: PrismaClient, storage: LoupeStorage, batchId: string) {
  const batch = await db.batch.findUnique({ where: { id: batchId }, select: { id: true } });
  if (!batch) throw notFound("That batch");
  const ids = [batchId, ...(await db.batch.findMany({ where: { parentBatchId: batchId }, select: { id: true } })).map((b) => b.id)];
  // Remote Batch API jobs are cancelled and their files deleted by the engine, which keeps their rows after the batch goes.
  await requestRemoteCancel(db, ids);
  const files = await db.$queryRaw<{ sha256: string }[]>`SELECT DISTINCT sha256 FROM images WHERE batch_id = ANY(${ids}::uuid[]) AND sha256 IS NOT NULL`;
  await db.$transaction([db.$executeRaw`DELETE FROM images WHERE batch_id = ANY(${ids}::uuid[])`, db.$executeRaw`DELETE FROM batches WHERE id = ANY(${ids}::uuid[])`]);
  const stillUsed = new Set(
    (await db.$queryRaw<{ sha256: string }[]>`SELECT DISTINCT sha256 FROM images WHERE sha256 = ANY(${files.map((f) => f.sha256)}::text[])`).map((row) => row.sha256),
  );
  const orphaned = files.filter((file) => !stillUsed.has(file.sha256));
  for (const file of orphaned) await storage.delete(file.sha256);
  return { deletedBatches: ids.length, deletedFiles: orphaned.length };
}
