import type { PrismaClient } from "../db/generated/client";

export interface Overview {
  batches: number;
  images: number;
  succeeded: number;
  failed: number;
  geminiConfigured: boolean;
}

/** Totals from the batches' own counters: top-level batches only, so parts are not counted twice. */
export async function getOverview(db: PrismaClient, geminiConfigured: boolean): Promise<Overview> {
  const [batches, sums] = await Promise.all([
    db.batch.count({ where: { kind: { not: "part" } } }),
    db.batch.aggregate({
      where: { kind: { not: "parent" } },
      _sum: { totalImages: true, succeededCount: true, failedCount: true },
    }),
  ]);
  return {
    batches,
    images: sums._sum.totalImages ?? 0,
    succeeded: sums._sum.succeededCount ?? 0,
    failed: sums._sum.failedCount ?? 0,
    geminiConfigured,
  };
}
