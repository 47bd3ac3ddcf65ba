import type { PrismaClient } from "../db/generated/client";

export interface Overview {
  batches: number;
  imagesToday: number;
  succeededToday: number;
  failedToday: number;
  tokensToday: number;
  costTodayUsd: number;
  /** Single images analysed through POST /api/v1/analyze/url|upload today (counted in the figures above too). */
  apiAnalysesToday: number;
  running: { id: string; name: string; total: number; finished: number; status: string }[];
  throughput: { minute: string; images: number }[];
  geminiConfigured: boolean;
}

/** The dashboard from counters and per-minute stats only: cheap whatever the number of images. */
export async function getOverview(db: PrismaClient, geminiConfigured: boolean, now = new Date()): Promise<Overview> {
  const dayStart = new Date(now);
  dayStart.setUTCHours(0, 0, 0, 0);
  const hourAgo = new Date(now.getTime() - 60 * 60_000);
  const [batches, today, running, throughput, api] = await Promise.all([
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
    // Synchronous single-image calls are not in any batch: their own table (indexed by time) has today's.
    db.$queryRaw<{ n: number; tokens: bigint; micros: bigint }[]>`
      SELECT count(*)::int AS n, coalesce(sum(input_tokens + output_tokens), 0)::bigint AS tokens, coalesce(sum(cost_micros), 0)::bigint AS micros
      FROM api_analyses WHERE created_at >= ${dayStart}`,
  ]);
  return {
    batches,
    imagesToday: today[0].succeeded + today[0].failed + api[0].n,
    succeededToday: today[0].succeeded + api[0].n,
    failedToday: today[0].failed,
    tokensToday: Number(today[0].tokens) + Number(api[0].tokens),
    costTodayUsd: (Number(today[0].micros) + Number(api[0].micros)) / 1_000_000,
    apiAnalysesToday: api[0].n,
    running: running.map((batch) => {
      const members = batch.kind === "parent" ? batch.parts : [batch];
      const finished = members.reduce((n, m) => n + m.succeededCount + m.failedCount + m.cancelledCount, 0);
      return { id: batch.id, name: batch.name, status: batch.status, total: batch.totalImages, finished };
    }),
    throughput: throughput.map((row) => ({ minute: row.minute.toISOString(), images: row.images })),
    geminiConfigured,
  };
}
