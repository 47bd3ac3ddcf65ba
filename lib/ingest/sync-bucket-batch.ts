import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import type { Config } from "../config";
import type { PrismaClient } from "../db/generated/client";
import { poolOf, sql } from "../db/sql";
import { badRequest, conflict, notFound } from "../errors";
import type { JobEngine } from "../jobs/definitions";
import { dispatchBatch } from "../orchestration/dispatch-batch";
import { refreshParentStatus } from "../orchestration/finalize-batch";
import { objectUri, parseBucketSource, requireBucketImport } from "../storage/bucket-source";
import { listBucketImages } from "../storage/list-bucket-images";
import { s3Client } from "../storage/s3-client";
import { addSyncParts, readSyncLayout, type SyncLayout } from "./add-sync-parts";
import { planSyncParts, type SyncPartsPlan } from "./plan-sync-parts";

// COPY's text format escapes (keys may hold any character but NUL).
const field = (value: string) => value.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));

/** The listing as COPY text, one page of keys per chunk. */
async function* listingLines(keys: AsyncIterable<{ key: string; bytes: number }>, bucket: string): AsyncGenerator<string> {
  let chunk = "";
  let count = 0;
  for await (const { key, bytes } of keys) {
    chunk += `${field(objectUri(bucket, key))}\t${field(path.posix.basename(key))}\t${field(key)}\t${bytes}\n`;
    if (++count % 1000 === 0) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk) yield chunk;
}

/**
 * Lists a bucket batch's prefix again and adds only the keys it does not hold yet, in one transaction: the listing goes
 * into a temporary table by COPY, the keys already in the batch are dropped by one anti-join, the rest are inserted with
 * the next row numbers, filling the last part up to maxBatchSize and then new parts (lib/ingest/add-sync-parts.ts). A
 * process killed mid-sync leaves nothing behind; the next sync lists everything again. A finished batch runs again for
 * the new keys. Two syncs of one batch take turns.
 */
export async function syncBucketBatch(db: PrismaClient, config: Config, jobs: JobEngine, batchId: string, dispatchWindow: number) {
  const found = await db.batch.findUnique({ where: { id: batchId }, select: { id: true, parentBatchId: true, source: true, sourceUri: true } });
  if (!found) throw notFound("That batch");
  if (found.source !== "bucket" || !found.sourceUri) throw badRequest("not_a_bucket_batch", "Only a batch imported from a bucket (source s3://…) can be synced.");
  // The lock is on the first part (or the single batch): it stays the same when a sync makes a single batch a parent.
  const anchor = found.parentBatchId ? (await db.batch.findFirstOrThrow({ where: { parentBatchId: found.parentBatchId }, orderBy: { sequence: "asc" }, select: { id: true } })).id : found.id;
  const { bucket, prefix } = parseBucketSource(found.sourceUri);
  const client = s3Client(requireBucketImport(config));

  const connection = await poolOf(db).connect();
  let listed = 0;
  let layout: SyncLayout;
  let plan: SyncPartsPlan;
  let added: { parentId: string; newPartIds: string[] } | null = null;
  try {
    await connection.query("BEGIN");
    await connection.query(sql`SELECT pg_advisory_xact_lock(hashtext(${`bucket-sync:${anchor}`}))`);
    layout = await readSyncLayout(connection, anchor);
    if (layout.rootStatus === "cancelled") throw conflict("batch_cancelled", "A cancelled batch cannot be synced; import the bucket again as a new batch.");
    const target = layout.partIds[layout.partIds.length - 1];
    await connection.query("CREATE TEMP TABLE listed_keys (url text, name text, key text, bytes bigint) ON COMMIT DROP");
    const lines = listingLines(listBucketImages(client, bucket, prefix), bucket);
    await pipeline(Readable.from(lines), connection.query(copyFrom("COPY listed_keys (url, name, key, bytes) FROM STDIN")));
    listed = Number((await connection.query<{ n: string }>("SELECT count(*) AS n FROM listed_keys")).rows[0].n);
    const dropped = await connection.query(sql`DELETE FROM listed_keys l USING images i WHERE i.batch_id = ANY(${layout.partIds}::uuid[]) AND i.source_url = l.url`);
    plan = planSyncParts(layout.lastPartImages, listed - (dropped.rowCount ?? 0), config.MAX_BATCH_SIZE);
    if (plan.newParts.length > 0) added = await addSyncParts(connection, layout, plan.newParts);
    const newPartIds = added?.newPartIds ?? [];
    // The n-th new key (in S3's order) goes to the last part while it has room, then to the new parts in turn.
    await connection.query(sql`
      INSERT INTO images (batch_id, row_number, source_url, name, external_id, bytes)
      SELECT CASE WHEN k.n <= ${plan.intoLast}::int THEN ${target}::uuid ELSE (${newPartIds}::uuid[])[(k.n - ${plan.intoLast}::int - 1) / ${config.MAX_BATCH_SIZE}::int + 1] END,
        (SELECT coalesce(max(row_number), 0) FROM images WHERE batch_id = ${target}::uuid) + k.n, k.url, k.name, k.key, k.bytes
      FROM (SELECT l.*, row_number() OVER (ORDER BY l.key COLLATE "C") AS n FROM listed_keys l) k`);
    await connection.query(sql`
      UPDATE batches SET total_images = total_images + ${plan.intoLast}, queued_count = queued_count + ${plan.intoLast},
        status = CASE WHEN ${plan.intoLast} > 0 AND status IN ('completed', 'completed_with_errors') THEN 'running'::"BatchStatus" ELSE status END,
        finished_at = CASE WHEN ${plan.intoLast} > 0 AND status IN ('completed', 'completed_with_errors') THEN NULL ELSE finished_at END
      WHERE id = ${target}::uuid`);
    const rootId = added?.parentId ?? layout.rootId;
    const total = plan.intoLast + plan.newParts.reduce((sum, size) => sum + size, 0);
    if (rootId !== target) await connection.query(sql`UPDATE batches SET total_images = total_images + ${total} WHERE id = ${rootId}::uuid`);
    await connection.query(sql`UPDATE batches SET listed_at = now() WHERE id = ANY(${[rootId, ...layout.partIds, ...newPartIds]}::uuid[])`);
    await connection.query("COMMIT");
  } catch (error) {
    await connection.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    connection.release();
  }
  const rootId = added?.parentId ?? layout.rootId;
  const target = layout.partIds[layout.partIds.length - 1];
  const total = plan.intoLast + plan.newParts.reduce((sum, size) => sum + size, 0);
  if (plan.intoLast > 0) await dispatchBatch(db, jobs, target, dispatchWindow);
  // New parts of a batch that has started run now; a queued one's start starts them with the others.
  if (added && !["paused", "draft", "queued"].includes(layout.rootStatus)) for (const id of added.newPartIds) await dispatchBatch(db, jobs, id, dispatchWindow);
  if (total > 0 && rootId !== target) await refreshParentStatus(db, rootId);
  return { batchId: rootId, listed, added: total };
}
