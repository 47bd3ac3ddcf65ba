import type { PrismaClient } from "../db/generated/client";
import { poolOf, sql } from "../db/sql";
import { fairShares, type BatchPriority } from "./fair-shares";

/**
 * Each running batch's part of the dispatch window, from a snapshot of the running batches taken at most every
 * `refreshMs` (one indexed read per process, whatever the number of images). A batch not in the snapshot (it just
 * started) makes it be taken again at once.
 */
export function fairWindows(db: PrismaClient, window: number, refreshMs = 250) {
  let snapshot: { at: number; shares: Map<string, number> } | null = null;
  let loading: Promise<Map<string, number>> | null = null;
  const load = () =>
    (loading ??= (async () => {
      try {
        const { rows } = await poolOf(db).query<{ id: string; owner: string | null; upload: string; sequence: number; priority: BatchPriority; demand: number }>(sql`
          SELECT b.id::text, coalesce(b.created_by_id, p.created_by_id)::text AS owner, coalesce(b.parent_batch_id, b.id)::text AS upload,
                 coalesce(b.sequence, 0) AS sequence, coalesce(p.priority, b.priority)::text AS priority, (b.queued_count + b.processing_count) AS demand
          FROM batches b LEFT JOIN batches p ON p.id = b.parent_batch_id
          WHERE b.status = 'running' AND b.kind <> 'parent'`);
        const shares = fairShares(rows, window);
        snapshot = { at: Date.now(), shares };
        return shares;
      } finally {
        loading = null;
      }
    })());
  return async (batchId: string): Promise<number> => {
    let shares = snapshot && Date.now() - snapshot.at < refreshMs ? snapshot.shares : await load();
    if (!shares.has(batchId) && snapshot && Date.now() - snapshot.at > 20) shares = await load();
    return shares.get(batchId) ?? 1;
  };
}
