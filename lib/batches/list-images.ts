import type { z } from "zod";
import type { PrismaClient } from "../db/generated/client";
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

/** One page of a batch's images (a parent: all its parts), keyset-paginated by id so page 10,000 is as fast as page 1. */
export async function listImages(db: PrismaClient, batchIds: string[], query: z.infer<typeof imageListQuerySchema>) {
  const rows = await db.image.findMany({
    where: {
      batchId: { in: batchIds },
      ...(query.after ? { id: { gt: BigInt(query.after) } } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.errorCode ? { lastErrorCode: query.errorCode } : {}),
      ...(query.reviewStatus ? { reviewStatus: query.reviewStatus } : {}),
    },
    orderBy: { id: "asc" },
    take: query.limit,
    select: {
      id: true, batchId: true, name: true, sourceUrl: true, status: true, reviewStatus: true, attempts: true, lastErrorCode: true,
      lastErrorMessage: true, durationMs: true, inputTokens: true, outputTokens: true, cached: true, sha256: true,
    },
  });
  const images: ImageRow[] = rows.map(({ sha256, id, ...row }) => ({ ...row, id: id.toString(), hasFile: Boolean(sha256) }));
  return { images, nextCursor: rows.length === query.limit ? rows[rows.length - 1].id.toString() : null };
}

export async function batchMemberIds(db: PrismaClient, batchId: string): Promise<string[]> {
  const parts = await db.batch.findMany({ where: { parentBatchId: batchId }, select: { id: true }, orderBy: { sequence: "asc" } });
  return [batchId, ...parts.map((part) => part.id)];
}
