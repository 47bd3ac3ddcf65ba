import type { PoolClient } from "pg";
import type { PrismaClient } from "../db/generated/client";
import { poolOf, sql } from "../db/sql";
import { conflict } from "../errors";
import type { CreatedBatches } from "../ingest/create-batches";
import type { JobEngine } from "../jobs/definitions";
import type { TaskStep } from "../tasks/task-types";
import { startCreatedBatches } from "./start-created-batches";

/** One source batch's images up to `lastId` (as text: a bigint) go into `targetId`. */
export interface RerunCopy {
  sourceId: string;
  targetId: string;
  lastId: string;
}

/** Where the copy stands: the source being copied, the last source image copied from it, and how many went into each target. */
interface RerunState {
  index: number;
  after: string;
  copied: number[];
}

const IMAGES_PER_STEP = 5000;

/**
 * One step of a re-run: the next few thousand images of one source batch copied in one statement (a URL image is fetched
 * again, since the page may have changed; an uploaded one keeps its stored file). The cursor is read under a lock on the
 * task's row and moved in the same transaction as the copy, so a step repeated after a crash, or by a second process,
 * starts where the committed one ended: nothing is copied twice. Once all are copied the new batches get their exact
 * totals and start.
 */
export function copyRerunImagesStep(db: PrismaClient, jobs: Pick<JobEngine, "enqueueMany">): TaskStep {
  const pool = poolOf(db);
  return async (task) => {
    const copies = task.params.copies as RerunCopy[];
    const created = task.params.created as CreatedBatches;
    const client = await pool.connect();
    let state: RerunState;
    try {
      await client.query("BEGIN");
      const { rows } = await client.query<{ state: Partial<RerunState> }>(sql`SELECT state FROM tasks WHERE id = ${task.id}::uuid FOR UPDATE`);
      state = { index: 0, after: "0", copied: copies.map(() => 0), ...rows[0]?.state };
      const copy = copies[state.index];
      if (copy) {
        await requireTargetsKept(client, [copy.targetId]);
        const { rows: chunk } = await client.query<{ n: number; last: string | null }>(sql`
          WITH chunk AS (
            SELECT id, row_number, source_url, name, external_id, sha256, mime_type, bytes, carried FROM images
            WHERE batch_id = ${copy.sourceId}::uuid AND id > ${state.after}::bigint AND id <= ${copy.lastId}::bigint
            ORDER BY id LIMIT ${IMAGES_PER_STEP}
          ), copied AS (
            INSERT INTO images (batch_id, row_number, source_url, name, external_id, sha256, mime_type, bytes, carried)
            SELECT ${copy.targetId}::uuid, row_number, source_url, name, external_id,
              CASE WHEN source_url IS NULL THEN sha256 END, CASE WHEN source_url IS NULL THEN mime_type END, CASE WHEN source_url IS NULL THEN bytes END, carried
            FROM chunk ORDER BY id
            RETURNING 1
          )
          SELECT (SELECT count(*) FROM copied)::int AS n, (SELECT max(id) FROM chunk)::text AS last`);
        const { n, last } = chunk[0];
        const copied = state.copied.map((count, index) => (index === state.index ? count + n : count));
        state = n < IMAGES_PER_STEP ? { index: state.index + 1, after: "0", copied } : { index: state.index, after: last!, copied };
        await client.query(sql`UPDATE tasks SET state = ${JSON.stringify(state)}::jsonb, progress_done = progress_done + ${n} WHERE id = ${task.id}::uuid`);
        await client.query("COMMIT");
        // Progress is counted with the copy, in its transaction, so a crash never counts a chunk twice.
        return { done: false, state: { ...state }, progress: 0 };
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
    return { done: true, result: await startCopied(db, jobs, copies, state.copied, created) };
  };
}

/** A new batch deleted while its images were being copied ends the re-run (its delete removes what was copied). */
async function requireTargetsKept(client: Pick<PoolClient, "query">, batchIds: string[]) {
  const { rows } = await client.query<{ kept: number }>(sql`SELECT count(*)::int AS kept FROM batches WHERE id = ANY(${batchIds}::uuid[]) AND deleted_at IS NULL`);
  if (rows[0].kept < batchIds.length) throw conflict("batch_deleted", "The re-run's new batch was deleted before all its images were copied.");
}

/** Every image copied: each new batch's totals become what was copied (the source may have lost images meanwhile), then it starts. */
async function startCopied(db: PrismaClient, jobs: Pick<JobEngine, "enqueueMany">, copies: RerunCopy[], copied: number[], created: CreatedBatches): Promise<CreatedBatches> {
  const pool = poolOf(db);
  await requireTargetsKept(pool, [...copies.map((copy) => copy.targetId), ...(created.parentId ? [created.parentId] : [])]);
  const targetIds = copies.map((copy) => copy.targetId);
  await pool.query(sql`
    UPDATE batches b SET total_images = t.copied, queued_count = t.copied, status = 'queued'
    FROM unnest(${targetIds}::uuid[], ${copied}::int[]) AS t(id, copied)
    WHERE b.id = t.id AND b.status = 'draft'`);
  const total = copied.reduce((sum, count) => sum + count, 0);
  if (created.parentId) await pool.query(sql`UPDATE batches SET total_images = ${total}, queued_count = ${total}, status = 'queued' WHERE id = ${created.parentId}::uuid AND status = 'draft'`);
  await startCreatedBatches(jobs, created);
  return { ...created, batches: created.batches.map((batch, index) => ({ ...batch, totalImages: copied[index] })) };
}
