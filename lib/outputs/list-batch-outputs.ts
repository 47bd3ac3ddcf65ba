import type { PrismaClient } from "../db/generated/client";
import { poolOf, sql } from "../db/sql";

export interface BatchOutputRow {
  id: bigint;
  imageId: bigint;
  kind: "transform" | "variant";
  position: number;
  sha256: string;
  mimeType: string;
  bytes: number;
  width: number;
  height: number;
  name: string | null;
  externalId: string | null;
}

const PAGE = 500;

/** Which outputs: by kind, and for variants by review verdict (then every generation's, not only the newest). */
export interface OutputFilter {
  kinds?: ("transform" | "variant")[];
  reviewStatus?: "pending" | "approved" | "rejected" | null;
}

/**
 * Every current output of the batches (a parent's parts, in order): keyset pages on image_outputs' (batch_id, id) index,
 * so a batch of any size streams in flat memory. Only the newest generation of each output is listed (a regenerate keeps
 * the older ones stored, not exported), unless a review verdict is asked for: an approved variant of an earlier generation
 * is still approved.
 */
export async function* listBatchOutputs(db: PrismaClient, batchIds: string[], filter: OutputFilter = {}): AsyncGenerator<BatchOutputRow[]> {
  const pool = poolOf(db);
  const kinds = filter.kinds ?? ["transform", "variant"];
  const reviewStatus = filter.reviewStatus ?? null;
  for (const batchId of batchIds) {
    let after = "0";
    for (;;) {
      const { rows } = await pool.query<Omit<BatchOutputRow, "id" | "imageId"> & { id: string; imageId: string }>(sql`
        SELECT o.id, o.image_id AS "imageId", o.kind::text AS kind, o.position, o.sha256, o.mime_type AS "mimeType", o.bytes, o.width, o.height,
               i.name, i.external_id AS "externalId"
        FROM image_outputs o JOIN images i ON i.id = o.image_id
        WHERE o.batch_id = ${batchId}::uuid AND o.id > ${after}::bigint AND o.kind::text = ANY(${kinds}::text[])
          AND (${reviewStatus}::text IS NULL OR o.review_status::text = ${reviewStatus}::text)
          AND (${reviewStatus}::text IS NOT NULL OR NOT EXISTS (SELECT 1 FROM image_outputs newer WHERE newer.image_id = o.image_id AND newer.kind = o.kind AND newer.position = o.position AND newer.generation > o.generation))
        ORDER BY o.id LIMIT ${PAGE}`);
      if (rows.length === 0) break;
      yield rows.map((row) => ({ ...row, id: BigInt(row.id), imageId: BigInt(row.imageId) }));
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1].id;
    }
  }
}

/** How many current outputs the batches have (a ZIP holds at most 65,535 entries). */
export async function countBatchOutputs(db: PrismaClient, batchIds: string[], filter: OutputFilter = {}): Promise<number> {
  const kinds = filter.kinds ?? ["transform", "variant"];
  const reviewStatus = filter.reviewStatus ?? null;
  const { rows } = await poolOf(db).query<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM image_outputs o WHERE o.batch_id = ANY(${batchIds}::uuid[]) AND o.kind::text = ANY(${kinds}::text[])
      AND (${reviewStatus}::text IS NULL OR o.review_status::text = ${reviewStatus}::text)
      AND (${reviewStatus}::text IS NOT NULL OR NOT EXISTS (SELECT 1 FROM image_outputs newer WHERE newer.image_id = o.image_id AND newer.kind = o.kind AND newer.position = o.position AND newer.generation > o.generation))`);
  return rows[0]?.n ?? 0;
}
