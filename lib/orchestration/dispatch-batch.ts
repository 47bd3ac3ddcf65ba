import type { PrismaClient } from "../db/generated/client";
import { poolOf, sql } from "../db/sql";
import type { JobEngine } from "../jobs/definitions";
import { blockedHosts } from "../hosts/host-breaker";

/**
 * Keeps a bounded window of a running batch's images in the job queue (about what the key pool serves in a minute or
 * two) instead of enqueuing a million jobs up front: pause, cancel and re-prioritising then cost nothing.
 * Safe to call from several processes at once (SKIP LOCKED); returns how many images it dispatched.
 */
export async function dispatchBatch(db: PrismaClient, jobs: JobEngine, batchId: string, windowSize: number): Promise<number> {
  const { ids, inFlight } = await claimDispatchWindowCounted(db, batchId, windowSize);
  if (ids.length === 0) return 0;
  try {
    // A batch with nothing in flight (it just started, or was starved) has its jobs taken before the queue's older ones,
    // so a small batch started behind a huge one gets its first results within the first rounds (pg-boss honours it).
    // Otherwise jobs go in order, and each batch's part of the queue, its fair share, is its part of the slots.
    const priority = inFlight === 0 ? 1 : 0;
    await jobs.enqueueMany(
      "image.analyze",
      ids.map((id) => ({ imageId: id.toString(), batchId })),
      { priority },
    );
  } catch (error) {
    await releaseDispatch(db, ids).catch(() => {
      throw new UndeliveredDispatchError(ids, error);
    });
    throw error;
  }
  return ids.length;
}

/**
 * Images marked as handed out whose jobs could not be delivered, and whose mark could not be undone either (the database
 * went away between the two): no job will come for them, so the worker gives them back once the database answers.
 */
export class UndeliveredDispatchError extends Error {
  constructor(readonly imageIds: bigint[], cause: unknown) {
    super(`${imageIds.length} dispatched images got no job: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

/** Marks the next images of a running batch as handed out, up to the window; the caller delivers their jobs. */
export async function claimDispatchWindow(db: PrismaClient, batchId: string, windowSize: number): Promise<bigint[]> {
  return (await claimDispatchWindowCounted(db, batchId, windowSize)).ids;
}

/** claimDispatchWindow, with how many of the batch's images were in flight before (its jobs' priority follows it). */
async function claimDispatchWindowCounted(db: PrismaClient, batchId: string, windowSize: number): Promise<{ ids: bigint[]; inFlight: number }> {
  const blocked = await blockedHosts(db);
  if (blocked.length === 0) {
    const { rows } = await poolOf(db).query<ClaimRow>(claimInOrder(batchId, windowSize));
    return { ids: claimedIds(rows), inFlight: rows[0]?.in_flight ?? 0 };
  }
  return claimPastBlockedHosts(db, batchId, windowSize, blocked.join(" "));
}

type ClaimRow = { id: string | null; in_flight: number; scanned?: number; last_id?: string | null };
const claimedIds = (rows: ClaimRow[]) => rows.filter((row) => row.id !== null).map((row) => BigInt(row.id!));

// While breakers are open, each batch's scan goes on from where it stopped (per process, until the set of blocked hosts
// changes or the scan reaches the end): a batch whose next million images wait on a dead host still dispatches the ones
// behind them, a few pages per call, instead of reading the same blocked rows again each time.
const SCAN_PAGE = 5000;
const SCAN_PAGES_PER_CALL = 4;
const scanCursors = new Map<string, { blocked: string; after: string }>();

async function claimPastBlockedHosts(db: PrismaClient, batchId: string, windowSize: number, blocked: string) {
  const cursor = scanCursors.get(batchId);
  let after = cursor?.blocked === blocked ? cursor.after : "0";
  const ids: bigint[] = [];
  let inFlight: number | null = null;
  for (let page = 0; page < SCAN_PAGES_PER_CALL; page++) {
    const { rows } = await poolOf(db).query<ClaimRow>(claimSkippingBlockedHosts(batchId, windowSize, after));
    const claimed = claimedIds(rows);
    ids.push(...claimed);
    inFlight ??= rows[0]?.in_flight ?? 0;
    // The window is full: the next call starts from the same place (what it took is no longer queued-undispatched).
    if (inFlight + ids.length >= windowSize) break;
    if ((rows[0]?.scanned ?? 0) < SCAN_PAGE) {
      after = "0"; // the end: the next call looks again from the start (retries and released images are back there)
      break;
    }
    after = rows[0]!.last_id!;
  }
  if (after === "0") scanCursors.delete(batchId);
  else scanCursors.set(batchId, { blocked, after });
  if (scanCursors.size > 10_000) scanCursors.clear();
  return { ids, inFlight: inFlight ?? 0 };
}

const claimInOrder = (batchId: string, windowSize: number) => sql`
    WITH in_flight AS (
      SELECT count(*)::int AS n FROM (
        SELECT 1 FROM images WHERE batch_id = ${batchId}::uuid AND dispatched_at IS NOT NULL AND status IN ('queued', 'processing') AND remote_job_id IS NULL
        LIMIT ${windowSize}
      ) window_rows
    ), picked AS (
      SELECT i.id FROM images i
      WHERE i.batch_id = ${batchId}::uuid AND i.status = 'queued' AND i.dispatched_at IS NULL
        -- A Batch API batch sends through interactive calls only the images its engine gave up (lib/execution/gemini-batch).
        AND EXISTS (SELECT 1 FROM batches b WHERE b.id = ${batchId}::uuid AND b.status = 'running' AND (b.engine IS DISTINCT FROM 'batch' OR i.interactive_fallback))
      ORDER BY i.id
      LIMIT greatest(${windowSize} - (SELECT n FROM in_flight), 0)
      FOR UPDATE OF i SKIP LOCKED
    ), claimed AS (
      UPDATE images i SET dispatched_at = now() FROM picked WHERE i.id = picked.id RETURNING i.id
    )
    SELECT claimed.id::text, (SELECT n FROM in_flight) AS in_flight FROM (SELECT 1) one LEFT JOIN claimed ON true`;

// While a host's breaker is open its images are left out; one call looks at SCAN_PAGE images after `after` (by id), and
// says how many it looked at and the last, so the caller can go on from there.
const claimSkippingBlockedHosts = (batchId: string, windowSize: number, after: string) => sql`
    WITH in_flight AS (
      SELECT count(*)::int AS n FROM (
        SELECT 1 FROM images WHERE batch_id = ${batchId}::uuid AND dispatched_at IS NOT NULL AND status IN ('queued', 'processing') AND remote_job_id IS NULL
        LIMIT ${windowSize}
      ) window_rows
    ), blocked AS (
      SELECT host FROM host_breakers WHERE state <> 'counting' AND blocked_until > now()
    ), candidates AS (
      SELECT c.id FROM images c WHERE c.batch_id = ${batchId}::uuid AND c.status = 'queued' AND c.dispatched_at IS NULL AND c.id > ${after}::bigint
      ORDER BY c.id LIMIT ${SCAN_PAGE}
    ), page AS (
      SELECT count(*)::int AS scanned, max(id)::text AS last_id FROM candidates
    ), picked AS (
      SELECT i.id FROM images i
      WHERE i.id IN (SELECT id FROM candidates) AND i.status = 'queued' AND i.dispatched_at IS NULL
        AND EXISTS (SELECT 1 FROM batches b WHERE b.id = ${batchId}::uuid AND b.status = 'running' AND (b.engine IS DISTINCT FROM 'batch' OR i.interactive_fallback))
        AND (i.source_url IS NULL OR lower(substring(i.source_url from '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?\\[?([^]/?#:]+)')) NOT IN (SELECT host FROM blocked))
      ORDER BY i.id
      LIMIT greatest(${windowSize} - (SELECT n FROM in_flight), 0)
      FOR UPDATE OF i SKIP LOCKED
    ), claimed AS (
      UPDATE images i SET dispatched_at = now() FROM picked WHERE i.id = picked.id RETURNING i.id
    )
    SELECT claimed.id::text, (SELECT n FROM in_flight) AS in_flight, (SELECT scanned FROM page) AS scanned, (SELECT last_id FROM page) AS last_id
    FROM (SELECT 1) one LEFT JOIN claimed ON true`;

/** Undoes a claim whose jobs could not be delivered, so the next dispatch hands these images out again. */
export async function releaseDispatch(db: PrismaClient, ids: bigint[]) {
  await poolOf(db).query(sql`UPDATE images SET dispatched_at = NULL WHERE id = ANY(${ids.map(String)}::bigint[]) AND status = 'queued'`);
}

/**
 * A job whose image could not be claimed. If the batch is paused, the image is handed back (resume dispatches it again);
 * if the batch was resumed in the meantime, its job is delivered again — otherwise the image would count as in flight forever.
 */
export async function settleUnclaimed(db: PrismaClient, jobs: JobEngine, imageId: bigint) {
  const { rows } = await poolOf(db).query<{ batch_id: string; batch_status: string }>(sql`
    WITH target AS (
      SELECT i.id, i.batch_id, b.status::text AS batch_status FROM images i JOIN batches b ON b.id = i.batch_id
      WHERE i.id = ${imageId} AND i.status = 'queued' AND i.dispatched_at IS NOT NULL
        AND (i.next_attempt_at IS NULL OR i.next_attempt_at <= now())
    ), released AS (
      UPDATE images i SET dispatched_at = NULL FROM target WHERE i.id = target.id AND target.batch_status = 'paused' RETURNING i.id
    )
    SELECT batch_id::text, batch_status FROM target`);
  const row = rows[0];
  if (row?.batch_status === "running") await jobs.enqueue("image.analyze", { imageId: imageId.toString(), batchId: row.batch_id }, { startAfter: new Date(Date.now() + 1000) });
}
