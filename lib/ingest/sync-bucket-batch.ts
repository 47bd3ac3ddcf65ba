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
 * Lists a bucket batch's prefix again and adds only the keys it does not hold yet (to its last part), in one transaction:
 * the listing goes into a temporary table by COPY, the keys already in the batch are dropped by one anti-join, the rest are
 * inserted with the next row numbers. A finished batch runs again for them. Two syncs of one batch take turns.
 */
export async function syncBucketBatch(db: PrismaClient, config: Config, jobs: JobEngine, batchId: string, dispatchWindow: number) {
  const found = await db.batch.findUnique({ where: { id: batchId }, select: { id: true, kind: true, parentBatchId: true, source: true, sourceUri: true, status: true } });
  if (!found) throw notFound("That batch");
  if (found.source !== "bucket" || !found.sourceUri) throw badRequest("not_a_bucket_batch", "Only a batch imported from a bucket (source s3://…) can be synced.");
  const root = found.parentBatchId ? await db.batch.findUniqueOrThrow({ where: { id: found.parentBatchId }, select: { id: true, kind: true, status: true } }) : found;
  if (root.status === "cancelled") throw conflict("batch_cancelled", "A cancelled batch cannot be synced; import the bucket again as a new batch.");
  const parts = root.kind === "parent" ? await db.batch.findMany({ where: { parentBatchId: root.id }, orderBy: { sequence: "asc" }, select: { id: true } }) : [{ id: root.id }];
  const ids = parts.map((part) => part.id);
  const target = ids[ids.length - 1];
  const { bucket, prefix } = parseBucketSource(found.sourceUri);
  const client = s3Client(requireBucketImport(config));

  const connection = await poolOf(db).connect();
  let listed = 0;
  let added = 0;
  try {
    await connection.query("BEGIN");
    await connection.query(sql`SELECT pg_advisory_xact_lock(hashtext(${`bucket-sync:${root.id}`}))`);
    await connection.query("CREATE TEMP TABLE listed_keys (url text, name text, key text, bytes bigint) ON COMMIT DROP");
    const lines = listingLines(listBucketImages(client, bucket, prefix), bucket);
    await pipeline(Readable.from(lines), connection.query(copyFrom("COPY listed_keys (url, name, key, bytes) FROM STDIN")));
    listed = Number((await connection.query<{ n: string }>("SELECT count(*) AS n FROM listed_keys")).rows[0].n);
    await connection.query(sql`DELETE FROM listed_keys l USING images i WHERE i.batch_id = ANY(${ids}::uuid[]) AND i.source_url = l.url`);
    const inserted = await connection.query(sql`
      INSERT INTO images (batch_id, row_number, source_url, name, external_id, bytes)
      SELECT ${target}::uuid, (SELECT coalesce(max(row_number), 0) FROM images WHERE batch_id = ${target}::uuid) + row_number() OVER (ORDER BY l.key), l.url, l.name, l.key, l.bytes
      FROM listed_keys l`);
    added = inserted.rowCount ?? 0;
    await connection.query(sql`
      UPDATE batches SET total_images = total_images + ${added}, queued_count = queued_count + ${added},
        status = CASE WHEN ${added} > 0 AND status IN ('completed', 'completed_with_errors') THEN 'running'::"BatchStatus" ELSE status END,
        finished_at = CASE WHEN ${added} > 0 AND status IN ('completed', 'completed_with_errors') THEN NULL ELSE finished_at END
      WHERE id = ${target}::uuid`);
    if (root.id !== target) await connection.query(sql`UPDATE batches SET total_images = total_images + ${added} WHERE id = ${root.id}::uuid`);
    await connection.query(sql`UPDATE batches SET listed_at = now() WHERE id = ANY(${[root.id, ...ids]}::uuid[])`);
    await connection.query("COMMIT");
  } catch (error) {
    await connection.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    connection.release();
  }
  if (added > 0) {
    await dispatchBatch(db, jobs, target, dispatchWindow);
    if (root.id !== target) await refreshParentStatus(db, root.id);
  }
  return { batchId: root.id, listed, added };
}
