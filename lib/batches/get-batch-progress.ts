import type pg from "pg";
import type { PrismaClient } from "../db/generated/client";
import { poolOf, sql } from "../db/sql";
import { notFound } from "../errors";
import { listRemoteJobs, type RemoteJobView } from "../execution/gemini-batch/list-remote-jobs";
import type { Engine, ExecutionMode } from "../execution/resolve-engine";

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
  /** How the batch was asked to reach Gemini (interactive | batch | auto). */
  mode: ExecutionMode;
  /** What it runs on: `batch` (the Gemini Batch API, half price) or `interactive`; a split upload's parts all share the upload's. */
  engine: Engine | null;
  /** A bucket batch's listing (s3://bucket/prefix/) and when it was last listed: POST /batches/{id}/sync adds new keys. */
  sourceUri: string | null;
  listedAt: Date | null;
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
  budget: BatchBudget;
  /** Why the batch paused itself (budget reached, model not found, …); for a parent, the first of its parts that did. Null: not paused by Loupe. */
  pause: { code: string; reason: string; batchId: string } | null;
  /** The same reason as `pause.reason`, for programs that only want the words (null: not paused by Loupe). */
  pausedReason: string | null;
  /** Its weight in fair dispatch among running batches (a part: its upload's). */
  priority: "high" | "normal" | "low";
}

/** The spending cap that applies to a batch and what was billed against it (lib/budget). */
export interface BatchBudget {
  /** The cap: the batch's own, or for a part its upload's (the parent's), shared by every part. Null: no cap. */
  capUsd: number | null;
  /** Billed against that cap: by this batch, or for a part by all parts of its upload. Failed images' calls count too. */
  spentUsd: number;
  /** Held by calls in progress against the cap (their most possible cost). */
  heldUsd: number;
  /** Billed for this batch itself (a part's own share). */
  batchSpentUsd: number;
  /** The batch that holds the cap (where PATCH budgetUsd changes it): this one, or a part's parent. */
  scopeBatchId: string;
  /** A part of a split upload: the cap is shared with the other parts. */
  shared: boolean;
}

const RATE_WINDOW_MINUTES = 5;

/**
 * Progress from the incremental counters and per-minute stats: a handful of indexed reads whatever the batch size.
 * A parent sums its parts (in SQL: its header polls it, and the minute rows of 200 parts are 8,000).
 */
export async function getBatchProgress(db: PrismaClient, batchId: string, now = new Date()): Promise<BatchProgress> {
  const { batch, members, stats } = await loadFamily(db, batchId, now, false);
  return progressFrom(batch, members, stats, now);
}

/**
 * The batch, the batches it sums (a parent: its parts, in order; otherwise itself) and their last hour of minute stats:
 * with `perPart`, each part's full row and its own minutes; without, only what the sums need and the minutes summed.
 */
async function loadFamily(db: PrismaClient, batchId: string, now: Date, perPart: true): Promise<{ batch: BatchRow; members: BatchRow[]; stats: MinuteRow[] }>;
async function loadFamily(db: PrismaClient, batchId: string, now: Date, perPart: false): Promise<{ batch: BatchRow; members: MemberRow[]; stats: MinuteRow[] }>;
async function loadFamily(db: PrismaClient, batchId: string, now: Date, perPart: boolean) {
  const pool = poolOf(db);
  const hourAgo = new Date(now.getTime() - 60 * 60_000);
  const { rows: [batch] } = await pool.query<BatchRow>(`SELECT ${BATCH_COLUMNS} FROM batches WHERE id = $1::uuid AND deleted_at IS NULL`, [batchId]);
  if (!batch) throw notFound("That batch");
  if (batch.kind !== "parent") return { batch, members: [batch], stats: (await pool.query<MinuteRow>(sql`SELECT batch_id::text, round(date_part('epoch', minute) * 1000) AS minute, succeeded, failed FROM batch_minute_stats WHERE batch_id = ${batchId}::uuid AND minute >= ${hourAgo}`)).rows };
  const [members, stats] = await Promise.all([
    pool.query<MemberRow>(`SELECT ${perPart ? BATCH_COLUMNS : MEMBER_COLUMNS} FROM batches WHERE parent_batch_id = $1::uuid ORDER BY sequence`, [batchId]),
    perPart ? partMinutes(pool, batchId, hourAgo) : pool.query<MinuteRow>(sql`
      SELECT ${batchId}::text AS batch_id, round(date_part('epoch', minute) * 1000) AS minute, sum(succeeded)::int AS succeeded, sum(failed)::int AS failed FROM batch_minute_stats
      WHERE batch_id = ANY(ARRAY(SELECT id FROM batches WHERE parent_batch_id = ${batchId}::uuid)) AND minute >= ${hourAgo} GROUP BY minute`).then((result) => result.rows),
  ]);
  return { batch, members: members.rows, stats };
}

/** Each part's minutes as one row of arrays (epoch seconds, in no order): 200 rows to read instead of 8,000. */
async function partMinutes(pool: pg.Pool, parentId: string, hourAgo: Date): Promise<MinuteRow[]> {
  const { rows } = await pool.query<{ batch_id: string; minutes: number[]; succeeded: number[]; failed: number[] }>(sql`
    SELECT batch_id::text, array_agg(date_part('epoch', minute)) AS minutes, array_agg(succeeded) AS succeeded, array_agg(failed) AS failed
    FROM batch_minute_stats WHERE batch_id = ANY(ARRAY(SELECT id FROM batches WHERE parent_batch_id = ${parentId}::uuid)) AND minute >= ${hourAgo} GROUP BY batch_id`);
  return rows.flatMap((part) => part.minutes.map((minute, index) => ({ batch_id: part.batch_id, minute: Math.round(minute * 1000), succeeded: part.succeeded[index], failed: part.failed[index] })));
}

/**
 * What `GET /api/v1/batches/{id}` answers: the batch's progress and, for a parent, each part's, from one read of the
 * parent, its parts and their per-minute stats (three queries, whatever the number of parts; a 1M-row CSV has 200).
 */
export async function getBatchProgressWithParts(db: PrismaClient, batchId: string, now = new Date()): Promise<BatchProgress & { parts: BatchProgress[]; remoteJobs: RemoteJobView[] }> {
  const { batch, members, stats } = await loadFamily(db, batchId, now, true);
  // Its remote jobs at Google (a parent: every part's); one more read, only for batches on the Batch API.
  const remoteJobs = [batch, ...members].some((member) => member.engine === "batch") ? await listRemoteJobs(db, members.map((member) => member.id)) : [];
  const iso = isoMinutes();
  const progress = { ...progressFrom(batch, members, stats, now, iso), remoteJobs };
  if (batch.kind !== "parent") return { ...progress, parts: [] };
  const byPart = new Map<string, MinuteRow[]>();
  for (const row of stats) {
    const rows = byPart.get(row.batch_id);
    if (rows) rows.push(row);
    else byPart.set(row.batch_id, [row]);
  }
  return { ...progress, parts: members.map((part) => progressFrom(part, [part], byPart.get(part.id) ?? [], now, iso)) };
}

/** What progress needs of a batch row (read on a plain pg pool: these reads are what every open batch page polls). */
type BatchRow = Pick<BatchProgress, "id" | "name" | "kind" | "status" | "parentBatchId" | "sequence" | "totalParts" | "templateVersionId" | "model" | "mode" | "engine" | "sourceUri" | "listedAt" | "createdAt" | "startedAt" | "finishedAt"> & {
  totalImages: number;
  queuedCount: number;
  processingCount: number;
  succeededCount: number;
  failedCount: number;
  cancelledCount: number;
  cachedCount: number;
  /** bigint columns arrive as text */
  inputTokens: string;
  outputTokens: string;
  costMicros: string;
  capMicros: string | null;
  scopeSpentMicros: string | null;
  spentMicros: string | null;
  heldMicros: string | null;
  pauseCode: string | null;
  pauseReason: string | null;
  priority: "high" | "normal" | "low";
};

/** What a parent's sums read of each part. */
type MemberRow = Pick<BatchRow, "id" | "status" | "totalImages" | "queuedCount" | "processingCount" | "succeededCount" | "failedCount" | "cancelledCount" | "cachedCount" | "inputTokens" | "outputTokens" | "costMicros" | "pauseCode" | "pauseReason">;

const MEMBER_COLUMNS = `id::text, status::text, total_images AS "totalImages", queued_count AS "queuedCount", processing_count AS "processingCount",
  succeeded_count AS "succeededCount", failed_count AS "failedCount", cancelled_count AS "cancelledCount", cached_count AS "cachedCount",
  input_tokens AS "inputTokens", output_tokens AS "outputTokens", cost_micros AS "costMicros", pause_code AS "pauseCode", pause_reason AS "pauseReason"`;

const BATCH_COLUMNS = `id::text, name, kind::text, status::text, parent_batch_id::text AS "parentBatchId", sequence, total_parts AS "totalParts",
  template_version_id::text AS "templateVersionId", model, mode::text, engine, source_uri AS "sourceUri", listed_at AS "listedAt", created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt",
  total_images AS "totalImages", queued_count AS "queuedCount", processing_count AS "processingCount", succeeded_count AS "succeededCount",
  failed_count AS "failedCount", cancelled_count AS "cancelledCount", cached_count AS "cachedCount", input_tokens AS "inputTokens",
  output_tokens AS "outputTokens", cost_micros AS "costMicros", pause_code AS "pauseCode", pause_reason AS "pauseReason", priority::text AS priority,
  (CASE WHEN parent_batch_id IS NULL THEN budget_micros ELSE (SELECT p.budget_micros FROM batches p WHERE p.id = batches.parent_batch_id) END)::text AS "capMicros",
  (SELECT s.spent_micros FROM batch_spend s WHERE s.batch_id = coalesce(batches.parent_batch_id, batches.id))::text AS "scopeSpentMicros",
  (SELECT s.spent_micros FROM batch_spend s WHERE s.batch_id = batches.id)::text AS "spentMicros",
  (SELECT sum(h.micros) FROM spend_holds h WHERE h.scope_batch_id = coalesce(batches.parent_batch_id, batches.id) AND h.expires_at > now())::text AS "heldMicros"`;

/** A minute's finished images; minute in epoch milliseconds (float8 from SQL). */
type MinuteRow = { batch_id: string; minute: number; succeeded: number; failed: number };

/** `minute` as ISO text, each once per call: 200 parts share the same 60 minutes (toISOString was a fifth of their cost). */
function isoMinutes() {
  const texts = new Map<number, string>();
  return (minute: number) => {
    let text = texts.get(minute);
    if (text === undefined) texts.set(minute, (text = new Date(minute).toISOString()));
    return text;
  };
}

function progressFrom(batch: BatchRow, members: MemberRow[], rows: MinuteRow[], now: Date, iso = isoMinutes()): BatchProgress {
  const sum = (pick: (b: MemberRow) => number | string) => members.reduce((total, member) => total + Number(pick(member)), 0);
  const counts = {
    total: sum((b) => b.totalImages),
    queued: sum((b) => b.queuedCount),
    processing: sum((b) => b.processingCount),
    succeeded: sum((b) => b.succeededCount),
    failed: sum((b) => b.failedCount),
    cancelled: sum((b) => b.cancelledCount),
    cached: sum((b) => b.cachedCount),
  };
  const byMinute = new Map<number, { minute: number; succeeded: number; failed: number }>();
  for (const row of rows) {
    const entry = byMinute.get(row.minute);
    if (entry) {
      entry.succeeded += row.succeeded;
      entry.failed += row.failed;
    } else byMinute.set(row.minute, { minute: row.minute, succeeded: row.succeeded, failed: row.failed });
  }
  // In time order whatever order the rows came in (sorting 8,000 minute rows by (part, minute) in SQL cost more than the rest).
  const stats = [...byMinute.values()].sort((a, b) => a.minute - b.minute);

  const windowStart = new Date(now.getTime() - RATE_WINDOW_MINUTES * 60_000);
  const recent = stats.reduce((n, row) => (row.minute + 60_000 > windowStart.getTime() ? n + row.succeeded + row.failed : n), 0);
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
    mode: batch.mode,
    engine: batch.engine,
    sourceUri: batch.sourceUri,
    listedAt: batch.listedAt,
    createdAt: batch.createdAt,
    startedAt: batch.startedAt,
    finishedAt: batch.finishedAt,
    counts,
    percentDone: counts.total ? Math.round((finished / counts.total) * 1000) / 10 : 0,
    imagesPerMinute: Math.round(imagesPerMinute * 10) / 10,
    etaSeconds: remaining === 0 ? 0 : imagesPerMinute > 0 ? Math.round((remaining / imagesPerMinute) * 60) : null,
    tokens: { input: sum((b) => b.inputTokens), output: sum((b) => b.outputTokens) },
    costUsd: sum((b) => b.costMicros) / 1_000_000,
    throughput: stats.map((row) => ({ minute: iso(row.minute), succeeded: row.succeeded, failed: row.failed })),
    budget: budgetOf(batch),
    pause: pauseOf(batch, members),
    pausedReason: pauseOf(batch, members)?.reason ?? null,
    priority: batch.priority,
  };
}

const usd = (micros: string | null) => Number(micros ?? 0) / 1_000_000;

function budgetOf(batch: BatchRow): BatchBudget {
  const shared = batch.parentBatchId !== null;
  // No ledger row: the batch never ran under a cap, and what its results cost is the best account of its spend.
  const own = batch.spentMicros ?? batch.costMicros;
  return {
    capUsd: batch.capMicros === null ? null : usd(batch.capMicros),
    spentUsd: usd(batch.scopeSpentMicros ?? (shared ? "0" : own)),
    heldUsd: usd(batch.heldMicros),
    batchSpentUsd: usd(own),
    scopeBatchId: batch.parentBatchId ?? batch.id,
    shared,
  };
}

function pauseOf(batch: BatchRow, members: MemberRow[]): BatchProgress["pause"] {
  const paused = [batch, ...members].find((member) => member.status === "paused" && member.pauseCode);
  return paused ? { code: paused.pauseCode!, reason: paused.pauseReason ?? "", batchId: paused.id } : null;
}
