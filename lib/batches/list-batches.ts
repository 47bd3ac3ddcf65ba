import { z } from "zod";
import type { Prisma, PrismaClient } from "../db/generated/client";
import { storableText } from "../validation/storable-text";

export const BATCH_STATUSES = ["draft", "queued", "running", "paused", "completed", "completed_with_errors", "cancelled", "failed"] as const;

export const batchListQuerySchema = z.object({
  status: z.enum(BATCH_STATUSES, { message: `status must be one of ${BATCH_STATUSES.join(", ")}` }).optional(),
  q: storableText().trim().max(200, "The search is too long (200 characters at most).").optional(),
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(25),
});

export type BatchListQuery = z.infer<typeof batchListQuerySchema>;

const select = {
  id: true, name: true, status: true, kind: true, sequence: true, totalParts: true, totalImages: true, succeededCount: true,
  failedCount: true, cancelledCount: true, createdAt: true,
} satisfies Prisma.BatchSelect;

export type BatchListItem = Prisma.BatchGetPayload<{ select: typeof select }> & { parts?: Prisma.BatchGetPayload<{ select: typeof select }>[] };

function encodeCursor(item: { createdAt: Date; id: string }) {
  return Buffer.from(`${item.createdAt.toISOString()}|${item.id}`).toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } | null {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const createdAt = new Date(at);
  return Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id ?? "") ? null : { createdAt, id };
}

/**
 * Top-level batches (singles and parents), newest first, keyset-paginated; a parent carries its parts. A search matches a
 * parent when one of its parts' names matches too, and a status filter matches a parent by its own (aggregated) status.
 */
export async function listBatches(db: PrismaClient, query: Partial<BatchListQuery> = {}): Promise<{ batches: BatchListItem[]; nextCursor: string | null }> {
  const limit = query.limit ?? 25;
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await db.batch.findMany({
    where: {
      parentBatchId: null,
      deletedAt: null,
      ...(query.status ? { status: query.status } : {}),
      AND: [
        query.q ? { OR: [{ name: { contains: query.q, mode: "insensitive" as const } }, { parts: { some: { name: { contains: query.q, mode: "insensitive" as const } } } }] } : {},
        after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {},
      ],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select,
  });
  const page = rows.slice(0, limit);
  const parentIds = page.filter((batch) => batch.kind === "parent").map((batch) => batch.id);
  const parts = parentIds.length ? await db.batch.findMany({ where: { parentBatchId: { in: parentIds } }, orderBy: { sequence: "asc" }, select: { ...select, parentBatchId: true } }) : [];
  const batches = page.map((batch) => (batch.kind === "parent" ? { ...batch, parts: parts.filter((part) => part.parentBatchId === batch.id).map(({ parentBatchId: _parent, ...part }) => part) } : batch));
  return { batches, nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]) : null };
}
