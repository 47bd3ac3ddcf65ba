import type { PrismaClient } from "../db/generated/client";
import { notFound } from "../errors";

export interface BatchProgress {
  id: string;
  name: string;
  kind: string;
  status: string;
  parentBatchId: string | null;
  sequence: number | null;
  totalParts: number | null;
  templateVersionId: string | null;
  model: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  counts: { total: number; queued: number; processing: number; succeeded: number; failed: number; cancelled: number; cached: number };
  percentDone: number;
  imagesPerMinute: number;
  etaSeconds: number | null;
  tokens: { input: number; output: number };
  costUsd: number;
  /** Finished images per minute over the last hour, oldest first (for the sparkline). */
  throughput: { minute: string; succeeded: number; failed: number }[];
}

const RATE_WINDOW_MINUTES = 5;

/**
 * Progress from the incremental counters and per-minute stats: a handful of indexed reads whatever the batch size.
 * A parent sums its parts.
 */
export async function getBatchProgress(db: PrismaClient, batchId: string, now = new Date()): Promise<BatchProgress> {
  const batch = await db.batch.findUnique({ where: { id: batchId } });
  if (!batch) throw notFound("That batch");
  const members = batch.kind === "parent" ? await db.batch.findMany({ where: { parentBatchId: batchId } }) : [batch];
  const ids = members.map((member) => member.id);
  const sum = (pick: (b: (typeof members)[number]) => number | bigint) => members.reduce((total, member) => total + Number(pick(member)), 0);
  const counts = {
    total: sum((b) => b.totalImages),
    queued: sum((b) => b.queuedCount),
    processing: sum((b) => b.processingCount),
    succeeded: sum((b) => b.succeededCount),
    failed: sum((b) => b.failedCount),
    cancelled: sum((b) => b.cancelledCount),
    cached: sum((b) => b.cachedCount),
  };
  const hourAgo = new Date(now.getTime() - 60 * 60_000);
  const stats = await db.$queryRaw<{ minute: Date; succeeded: number; failed: number }[]>`
    SELECT minute, sum(succeeded)::int AS succeeded, sum(failed)::int AS failed FROM batch_minute_stats
    WHERE batch_id = ANY(${ids}::uuid[]) AND minute >= ${hourAgo} GROUP BY minute ORDER BY minute`;

  const windowStart = new Date(now.getTime() - RATE_WINDOW_MINUTES * 60_000);
  const recent = stats.filter((row) => row.minute.getTime() + 60_000 > windowStart.getTime()).reduce((n, row) => n + row.succeeded + row.failed, 0);
  // Don't divide by minutes the batch has not been running for.
  const runningSince = batch.startedAt && batch.startedAt > windowStart ? batch.startedAt : windowStart;
  const minutes = Math.max((now.getTime() - runningSince.getTime()) / 60_000, 1 / 6);
  const imagesPerMinute = recent / minutes;
  const remaining = counts.queued + counts.processing;
  const finished = counts.succeeded + counts.failed + counts.cancelled;
  return {
    id: batch.id,
    name: batch.name,
    kind: batch.kind,
    status: batch.status,
    parentBatchId: batch.parentBatchId,
    sequence: batch.sequence,
    totalParts: batch.totalParts,
    templateVersionId: batch.templateVersionId,
    model: batch.model,
    createdAt: batch.createdAt,
    startedAt: batch.startedAt,
    finishedAt: batch.finishedAt,
    counts,
    percentDone: counts.total ? Math.round((finished / counts.total) * 1000) / 10 : 0,
    imagesPerMinute: Math.round(imagesPerMinute * 10) / 10,
    etaSeconds: remaining === 0 ? 0 : imagesPerMinute > 0 ? Math.round((remaining / imagesPerMinute) * 60) : null,
    tokens: { input: sum((b) => b.inputTokens), output: sum((b) => b.outputTokens) },
    costUsd: sum((b) => b.costMicros) / 1_000_000,
    throughput: stats.map((row) => ({ minute: row.minute.toISOString(), succeeded: row.succeeded, failed: row.failed })),
  };
}
