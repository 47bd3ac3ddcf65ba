import type { PrismaClient } from "../db/generated/client";
import { poolOf, sql } from "../db/sql";
import type { JobEngine } from "../jobs/definitions";

/**
 * Tasks nobody advances (the process running one was killed, or its job was lost): handed to the job engine again. A task
 * is touched as it is handed over, so each is sent at most once per `staleAfterSeconds`; a second delivery finds it
 * leased and does nothing.
 */
export async function resumeStaleTasks(db: PrismaClient, jobs: JobEngine, staleAfterSeconds: number): Promise<number> {
  const { rows } = await poolOf(db).query<{ id: string }>(sql`
    UPDATE tasks SET updated_at = now() WHERE id IN (
      SELECT id FROM tasks WHERE status IN ('queued', 'running') AND (lease_until IS NULL OR lease_until < now())
        AND updated_at < now() - make_interval(secs => ${staleAfterSeconds})
      ORDER BY updated_at LIMIT 50 FOR UPDATE SKIP LOCKED)
    RETURNING id::text`);
  for (const row of rows) await jobs.enqueue("task.run", { taskId: row.id });
  return rows.length;
}
