import type { z } from "zod";
import { Prisma, type PrismaClient } from "../db/generated/client";
import { badRequest } from "../errors";
import { fieldFiltersPieces, sortKeyPieces, type SqlPiece } from "../results/field-filter-sql";
import type { FieldFilter } from "../results/parse-field-filter";
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
  /** The model's answer (null until the image succeeds); a reviewer's correction, when there is one, in reviewedResult. */
  result: unknown;
  reviewedResult: unknown;
  /** Why the result is approved or waits for a person (lib/review/review-rules.ts), and the sentence shown. */
  reviewReason: string | null;
  reviewNote: string | null;
}

/** What listImages reads: the query string's schema, with the field filters and sort optional for callers in code. */
export type ImageListQuery = Omit<z.infer<typeof imageListQuerySchema>, "filter" | "sort" | "order"> & {
  filter?: FieldFilter[];
  sort?: string;
  order?: "asc" | "desc";
};

type Row = Omit<ImageRow, "id" | "hasFile"> & { id: bigint; sha256: string | null; sortKey?: string | null };
// Parts read one by one before the rest are read together (a parent whose parts' ids interleave, which ingestion avoids).
const PARTS_READ_ONE_BY_ONE = 8;
const COLUMNS = Prisma.sql`i.id, i.batch_id::text AS "batchId", i.name, i.source_url AS "sourceUrl", i.status::text AS status, i.review_status::text AS "reviewStatus",
  i.attempts, i.last_error_code AS "lastErrorCode", i.last_error_message AS "lastErrorMessage", i.duration_ms AS "durationMs",
  i.input_tokens AS "inputTokens", i.output_tokens AS "outputTokens", i.cached, i.sha256, i.result, i.reviewed_result AS "reviewedResult",
  i.review_reason AS "reviewReason", i.review_note AS "reviewNote"`;

/** SQL pieces (field-filter-sql) as a Prisma fragment. */
export function toPrismaSql(pieces: SqlPiece[]): Prisma.Sql {
  const strings = [""];
  const values: string[] = [];
  for (const piece of pieces) {
    if (typeof piece === "string") strings[strings.length - 1] += piece;
    else {
      values.push(piece.value);
      strings.push("");
    }
  }
  return new Prisma.Sql(strings, values);
}

const RESULTED = Prisma.sql`i.result IS NOT NULL`;

function conditions(query: ImageListQuery, afterId: bigint | null, batches = Prisma.sql`i.batch_id = b.id`) {
  const filters = [batches];
  if (afterId !== null) filters.push(Prisma.sql`i.id > ${afterId}`);
  if (query.status) filters.push(Prisma.sql`i.status = ${query.status}::"ImageStatus"`);
  if (query.errorCode) filters.push(Prisma.sql`i.last_error_code = ${query.errorCode}`);
  if (query.reviewStatus) filters.push(Prisma.sql`i.review_status = ${query.reviewStatus}::"ReviewStatus"`);
  // A field filter holds only for an image with a result: walking the batch's images with one (their own partial
  // index) skips the queued and failed rows, which a running batch's later pages are made of.
  if (query.filter?.length) filters.push(RESULTED, toPrismaSql(fieldFiltersPieces(query.filter)));
  return Prisma.join(filters, " AND ");
}

// Images with a result walked in id order (of up to WINDOWS parts) before the field filters give up on the walk, and the
// first stretch of it, after which a value too rare to fill a page there is looked up in the result index (pageThroughWindows).
const WINDOW = 8000;
const WINDOWS = 3;
const PROBE_SHARE = 4; // the first stretch: a quarter of the window

const toImages = (rows: Row[]): ImageRow[] => rows.map(({ sha256, id, sortKey: _sortKey, ...row }) => ({ ...row, id: id.toString(), hasFile: Boolean(sha256) }));

/**
 * One page of a batch's images (a parent: all its parts), keyset-paginated by id so page 10,000 is as fast as page 1.
 * Each batch is read through its own (batch_id, …, id) index. For a parent, parts are read in the order of their first
 * matching id, and only until no unread part can hold an id below the page's last: a CSV's parts hold consecutive ids,
 * so a page usually needs one or two parts, not a page from each of 200. Sorted by a field: see listImagesByField.
 */
export async function listImages(db: PrismaClient, batchIds: string[], query: ImageListQuery, numericSort = false, window = WINDOW) {
  if (query.sort) return listImagesByField(db, batchIds, query, numericSort);
  if (query.after && !/^\d+$/.test(query.after)) throw badRequest("bad_cursor", "after must be an image id (or a cursor from a page sorted by the same field).");
  if (query.filter?.length) {
    const page = await pageThroughWindows(db, batchIds, query, window);
    if (page) return page;
  }
  const where = conditions(query, query.after ? BigInt(query.after) : null);
  const pageOf = (ids: string[]) => db.$queryRaw<Row[]>`
    SELECT page.* FROM unnest(${ids}::uuid[]) AS b(id)
    CROSS JOIN LATERAL (SELECT ${COLUMNS} FROM images i WHERE ${where} ORDER BY i.id LIMIT ${query.limit}) page
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
  return { images: toImages(rows), nextCursor: rows.length === query.limit ? rows[rows.length - 1].id.toString() : null };
}

const page = (rows: Row[], limit: number) => ({ images: toImages(rows), nextCursor: rows.length === limit ? rows[rows.length - 1].id.toString() : null });

/**
 * A page with field filters, read so that both a common value and a rare one are quick at a million images. First walk
 * the next WINDOW images with a result of the first WINDOWS parts (merged in id order) and filter them (a value in 1 of
 * 40 images fills a page of 200 there); accepted only when no unread image can belong on the page. The walk starts with a
 * quarter of the window: when a value is so rare there that the whole window could not fill half a page, it stops. Then, when a
 * filter is an equality, the result's GIN index finds the few matches (the planner is kept off the id walk, which would
 * read the whole batch for a rare value). Null: neither applies (only ranges or "contains" on a sparse value), and the
 * caller walks the batch.
 */
async function pageThroughWindows(db: PrismaClient, batchIds: string[], query: ImageListQuery, window: number) {
  const after = query.after ? BigInt(query.after) : 0n;
  const parts = await db.$queryRaw<{ id: string; first: bigint }[]>`
    SELECT b.id::text AS id, f.id AS first FROM unnest(${batchIds}::uuid[]) AS b(id)
    CROSS JOIN LATERAL (SELECT i.id FROM images i WHERE i.batch_id = b.id AND i.id > ${after} AND ${RESULTED} ORDER BY i.id LIMIT 1) f ORDER BY f.id`;
  if (!parts.length) return { images: [], nextCursor: null };
  const walked = parts.slice(0, WINDOWS).map((part) => part.id);
  const firstUnwalked = parts[WINDOWS]?.first ?? null; // parts come in order of their first id
  const equality = query.filter!.some((filter) => filter.operator === "=" && filter.value !== "");
  const probe = Math.ceil(window / PROBE_SHARE);
  let rows: Row[] = [];
  let from = after;
  for (const size of [probe, window - probe]) {
    if (size <= 0) break;
    const stretch = windowOf(walked, query, from, size);
    // The second stretch's ids all follow the first's: it needs only what the page still lacks.
    const found = await db.$queryRaw<Row[]>`
      SELECT ${COLUMNS} FROM (${stretch.images}) i WHERE ${toPrismaSql(fieldFiltersPieces(query.filter!))} ORDER BY i.id LIMIT ${query.limit - rows.length}`;
    rows = [...rows, ...found].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)).slice(0, query.limit);
    // A full page is right when no unwalked part can hold an id below its last (the walked parts' next ids follow it).
    if (rows.length === query.limit) {
      if (firstUnwalked === null || firstUnwalked > rows[rows.length - 1].id) return page(rows, query.limit);
      break;
    }
    const [end] = await db.$queryRaw<{ id: bigint }[]>`SELECT w.id FROM (${stretch.ids}) w ORDER BY w.id OFFSET ${size - 1} LIMIT 1`;
    if (!end && firstUnwalked === null) return page(rows, query.limit); // every image with a result was read
    if (!end || (equality && size === probe && found.length * window < (query.limit * probe) / 2)) break;
    from = end.id;
  }
  if (!equality) return null;
  const exact = conditions(query, after, Prisma.sql`i.batch_id = ANY(${batchIds}::uuid[])`);
  const found = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SET LOCAL enable_indexscan = off`;
    return tx.$queryRaw<Row[]>`SELECT ${COLUMNS} FROM images i WHERE ${exact} ORDER BY i.id LIMIT ${query.limit}`;
  });
  return page(found, query.limit);
}

/**
 * The next `size` images with a result of these parts after `from`, merged in id order (one index walk per part, read
 * only as far as the merge needs): the images, and their ids alone (index-only) for where the stretch ends.
 */
function windowOf(partIds: string[], query: ImageListQuery, from: bigint, size: number) {
  const unfiltered = { ...query, filter: undefined };
  const merged = (columns: Prisma.Sql) =>
    Prisma.join(partIds.map((partId) => Prisma.sql`(SELECT ${columns} FROM images i WHERE ${conditions(unfiltered, from, Prisma.sql`i.batch_id = ${partId}::uuid`)} AND ${RESULTED} ORDER BY i.id LIMIT ${size})`), " UNION ALL ");
  return { images: Prisma.sql`SELECT * FROM (${merged(Prisma.sql`*`)}) m ORDER BY m.id LIMIT ${size}`, ids: merged(Prisma.sql`i.id`) };
}

const encodeCursor = (key: string, id: bigint) => `s.${Buffer.from(JSON.stringify([key, id.toString()])).toString("base64url")}`;
function decodeCursor(after: string): { key: string; id: bigint } {
  try {
    const [key, id] = JSON.parse(Buffer.from(after.slice(2), "base64url").toString()) as [unknown, unknown];
    if (after.startsWith("s.") && typeof key === "string" && typeof id === "string" && /^\d{1,18}$/.test(id)) return { key, id: BigInt(id) };
  } catch {
    // Not base64 JSON: refused below like any other bad cursor.
  }
  throw badRequest("bad_cursor", "after must be the nextCursor of the previous page sorted by the same field.");
}

/**
 * A page sorted by one field of the result (numbers as numbers), then by id; images without a value for the field are left
 * out. Keyset-paged on (value, id). Without an index on the field, each page sorts the batch's matching images: see
 * docs/BENCHMARKS.md for what that costs at a million.
 */
async function listImagesByField(db: PrismaClient, batchIds: string[], query: ImageListQuery, numeric: boolean) {
  const key = Prisma.raw(sortKeyPieces(query.sort!.split("."), numeric));
  const descending = query.order === "desc";
  const cursor = query.after ? decodeCursor(query.after) : null;
  const where = [Prisma.sql`${key} IS NOT NULL`, conditions(query, null, Prisma.sql`i.batch_id = ANY(${batchIds}::uuid[])`)];
  if (cursor) {
    const typed = numeric ? Prisma.sql`${cursor.key}::numeric` : Prisma.sql`${cursor.key}::text`;
    where.push(descending ? Prisma.sql`(${key}, i.id) < (${typed}, ${cursor.id})` : Prisma.sql`(${key}, i.id) > (${typed}, ${cursor.id})`);
  }
  const direction = Prisma.raw(descending ? "DESC" : "ASC");
  const rows = await db.$queryRaw<Row[]>`
    SELECT ${COLUMNS}, ${key}::text AS "sortKey" FROM images i
    WHERE ${Prisma.join(where, " AND ")}
    ORDER BY ${key} ${direction}, i.id ${direction} LIMIT ${query.limit}`;
  const last = rows[rows.length - 1];
  return { images: toImages(rows), nextCursor: rows.length === query.limit ? encodeCursor(last.sortKey ?? "", last.id) : null };
}

export async function batchMemberIds(db: PrismaClient, batchId: string): Promise<string[]> {
  const parts = await db.batch.findMany({ where: { parentBatchId: batchId }, select: { id: true }, orderBy: { sequence: "asc" } });
  return [batchId, ...parts.map((part) => part.id)];
}
