import type { z } from "zod";
import { Prisma, type PrismaClient } from "../db/generated/client";
import type { imageListQuerySchema } from "./schemas";

export interface ImageRow {
  id: string;
  batchId: string;
  name: string | null;
  sourceUrl: string | null;
  status: string;
  reviewStatus: string;
  attempts: number;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  durationMs: number | null;
  inputTokens: number;
  outputTokens: number;
  cached: boolean;
  hasFile: boolean;
}

/**
 * One page of a batch's images (a parent: all its parts), keyset-paginated by id so page 10,000 is as fast as page 1.
 * Each batch is read through its own (batch_id, …, id) index, at most one page each, then merged: one scan over the id
 * index with a batch filter would walk past every other batch's images first.
 */
export async function listImages(db: PrismaClient, batchIds: string[], query: z.infer<typeof imageListQuerySchema>) {
  const filters = [Prisma.sql`i.batch_id = b.id`];
  if (query.after) filters.push(Prisma.sql`i.id > ${BigInt(query.after)}`);
  if (query.status) filters.push(Prisma.sql`i.status = ${query.status}::"ImageStatus"`);
  if (query.errorCode) filters.push(Prisma.sql`i.last_error_code = ${query.errorCode}`);
  if (query.reviewStatus) filters.push(Prisma.sql`i.review_status = ${query.reviewStatus}::"ReviewStatus"`);
  const rows = await db.$queryRaw<(Omit<ImageRow, "id" | "hasFile"> & { id: bigint; sha256: string | null })[]>`
    SELECT page.* FROM unnest(${batchIds}::uuid[]) AS b(id)
    CROSS JOIN LATERAL (
      SELECT i.id, i.batch_id::text AS "batchId", i.name, i.source_url AS "sourceUrl", i.status::text AS status, i.review_status::text AS "reviewStatus",
             i.attempts, i.last_error_code AS "lastErrorCode", i.last_error_message AS "lastErrorMessage", i.duration_ms AS "durationMs",
             i.input_tokens AS "inputTokens", i.output_tokens AS "outputTokens", i.cached, i.sha256
      FROM images i WHERE ${Prisma.join(filters, " AND ")}
      ORDER BY i.id LIMIT ${query.limit}
    ) page
    ORDER BY page.id LIMIT ${query.limit}`;
  const images: ImageRow[] = rows.map(({ sha256, id, ...row }) => ({ ...row, id: id.toString(), hasFile: Boolean(sha256) }));
  return { images, nextCursor: rows.length === query.limit ? rows[rows.length - 1].id.toString() : null };
}

export async function batchMemberIds(db: PrismaClient, batchId: string): Promise<string[]> {
  const parts = await db.batch.findMany({ where: { parentBatchId: batchId }, select: { id: true }, orderBy: { sequence: "asc" } });
  return [batchId, ...parts.map((part) => part.id)];
}
