import type { PrismaClient } from "../db/generated/client";

export interface BatchListItem {
  id: string;
  name: string;
  status: string;
  kind: string;
  totalParts: number | null;
  totalImages: number;
  succeededCount: number;
  failedCount: number;
  createdAt: Date;
}

/** Top-level batches (singles and parents), newest first. */
export async function listBatches(db: PrismaClient, { take = 50 }: { take?: number } = {}): Promise<BatchListItem[]> {
  return db.batch.findMany({
    where: { parentBatchId: null },
    orderBy: { createdAt: "desc" },
    take,
    select: { id: true, name: true, status: true, kind: true, totalParts: true, totalImages: true, succeededCount: true, failedCount: true, createdAt: true },
  });
}
