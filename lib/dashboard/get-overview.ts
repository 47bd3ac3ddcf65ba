import type { PrismaClient } from "../db/generated/client";

export interface Overview {
  batches: number;
  imagesToday: number;
  succeededToday: number;
  failedToday: number;
  tokensToday: number;
  costTodayUsd: number;
  running: { id: string; name: string; total: number; finished: number; status: string }[];
  throughput: { minute: string; images: number }[];
  geminiConfigured: boolean;
}

/** The dashboard from counters and per-minute stats only: cheap whatever the number of images. */
export async function getOverview(db: PrismaClient, geminiConfigured: boolean, now = new Date()): Promise<Overview> {
  const dayStart = new Date(now);
  dayStart.setUTCHours(0, 0, 0, 0);
  const hourAgo = new Date(now.getTime() - 60 * 60_000);
  const [batches, today, running, throughput] = await Promise.all([
    db.batch.count({ where: { kind: { not: "part" }, deletedAt: null } }),
    db.$queryRaw<{ succeeded: number; failed: number; tokens: bigint; micros: bigint }[]>`
      SELECT coalesce(sum(succeeded), 0)::int AS succeeded, coalesce(sum(failed), 0)::int AS failed, coalesce(sum(tokens), 0)::bigint AS tokens,
             coalesce(sum(cost_micros), 0)::bigint AS micros
      FROM batch_minute_stats WHERE minute >= ${dayStart}`,
    db.batch.findMany({
      where: { status: { in: ["running", "queued", "paused"] }, kind: { not: "part" } },
      orderBy: { createdAt: "desc" },
      take: 8,
      select: { id: true, name: true, status: true, kind: true, totalImages: true, succeededCount: true, failedCount: true, cancelledCount: true, parts: { select: { succeededCount: true, failedCount: true, cancelledCount: true } } },
    }),
    db.$queryRaw<{ minute: Date; images: number }[]>`
      SELECT minute, sum(succeeded + failed)::int AS images FROM batch_minute_stats WHERE minute >= ${hourAgo} GROUP BY minute ORDER BY minute`,
  ]);
  return {
    batches,
    imagesToday: today[0].succeeded + today[0].failed,
    succeededToday: today[0].succeeded,
    failedToday: today[0].failed,
    tokensToday: Number(today[0].tokens),
    costTodayUsd: Number(today[0].micros) / 1_000_000,
    running: running.map((batch) => {
      const members = batch.kind === "parent" ? batch.parts : [batch];
      const finished = members.reduce((n, m) => n + m.succeededCount + m.failedCount + m.cancelledCount, 0);
      return { id: batch.id, name: batch.name, status: batch.status, total: batch.totalImages, finished };
    }),
    throughput: throughput.map((row) => ({ minute: row.minute.toISOString(), images: row.images })),
    geminiConfigured,
  };
}
