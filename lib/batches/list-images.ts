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

type Row = Omit<ImageRow, "id" | "hasFile"> & { id: bigint; sha256: string | null };
// Parts read one by one before the rest are read together (a parent whose parts' ids interleave, which ingestion avoids).
const PARTS_READ_ONE_BY_ONE = 8;

/**
 * One page of a batch's images (a parent: all its parts), keyset-paginated by id so page 10,000 is as fast as page 1.
 * Each batch is read through its own (batch_id, …, id) index. For a parent, parts are read in the order of their first
 * matching id, and only until no unread part can hold an id below the page's last: a CSV's parts hold consecutive ids,
 * so a page usually needs one or two parts, not a page from each of 200.
 */
export async function listImages(db: PrismaClient, batchIds: string[], query: z.infer<typeof imageListQuerySchema>) {
  const filters = [Prisma.sql`i.batch_id = b.id`];
  if (query.after) filters.push(Prisma.sql`i.id > ${BigInt(query.after)}`);
  if (query.status) filters.push(Prisma.sql`i.status = ${query.status}::"ImageStatus"`);
  if (query.errorCode) filters.push(Prisma.sql`i.last_error_code = ${query.errorCode}`);
  if (query.reviewStatus) filters.push(Prisma.sql`i.review_status = ${query.reviewStatus}::"ReviewStatus"`);
  const where = Prisma.join(filters, " AND ");
  const pageOf = (ids: string[]) => db.$queryRaw<Row[]>`
    SELECT page.* FROM unnest(${ids}::uuid[]) AS b(id)
    CROSS JOIN LATERAL (
      SELECT i.id, i.batch_id::text AS "batchId", i.name, i.source_url AS "sourceUrl", i.status::text AS status, i.review_status::text AS "reviewStatus",
             i.attempts, i.last_error_code AS "lastErrorCode", i.last_error_message AS "lastErrorMessage", i.duration_ms AS "durationMs",
             i.input_tokens AS "inputTokens", i.output_tokens AS "outputTokens", i.cached, i.sha256
      FROM images i WHERE ${where}
      ORDER BY i.id LIMIT ${query.limit}
    ) page
    ORDER BY page.id LIMIT ${query.limit}`;

  let rows: Row[];
  if (batchIds.length <= 2) {
    rows = await pageOf(batchIds);
  } else {
    const firsts = await db.$queryRaw<{ id: string; first: bigint }[]>`
      SELECT b.id::text AS id, f.id AS first FROM unnest(${batchIds}::uuid[]) AS b(id)
      CROSS JOIN LATERAL (SELECT i.id FROM images i WHERE ${where} ORDER BY i.id LIMIT 1) f
      ORDER BY f.id`;
    rows = [];
    const merge = (more: Row[]) => (rows = [...rows, ...more].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)).slice(0, query.limit));
    const needed = (first: bigint) => rows.length < query.limit || first < rows[rows.length - 1].id;
    let index = 0;
    for (; index < firsts.length && index < PARTS_READ_ONE_BY_ONE && needed(firsts[index].first); index++) merge(await pageOf([firsts[index].id]));
    const rest = firsts.slice(index).filter((part) => needed(part.first));
    if (rest.length) merge(await pageOf(rest.map((part) => part.id)));
  }
  const images: ImageRow[] = rows.map(({ sha256, id, ...row }) => ({ ...row, id: id.toString(), hasFile: Boolean(sha256) }));
  return { images, nextCursor: rows.length === query.limit ? rows[rows.length - 1].id.toString() : null };
}

export async function batchMemberIds(db: PrismaClient, batchId: string): Promise<string[]> {
  const parts = await db.batch.findMany({ where: { parentBatchId: batchId }, select: { id: true }, orderBy: { sequence: "asc" } });
  return [batchId, ...parts.map((part) => part.id)];
}
