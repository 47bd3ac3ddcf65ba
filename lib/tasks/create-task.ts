import type { PrismaClient } from "../db/generated/client";
import { poolOf, sql } from "../db/sql";

export interface NewTask {
  kind: string;
  target?: { type: string; id: string };
  params?: Record<string, unknown>;
  progressTotal?: number | null;
  createdById?: string | null;
}

/** Records a task (queued); the caller runs it (runTaskOrDefer) or hands it to the job engine. Returns its id. */
export async function createTask(db: PrismaClient, task: NewTask): Promise<string> {
  const { rows } = await poolOf(db).query<{ id: string }>(sql`
    INSERT INTO tasks (id, kind, target_type, target_id, params, progress_total, created_by_id)
    VALUES (gen_random_uuid(), ${task.kind}, ${task.target?.type ?? null}, ${task.target?.id ?? null}, ${JSON.stringify(task.params ?? {})}::jsonb,
            ${task.progressTotal ?? null}::bigint, ${task.createdById ?? null}::uuid)
    RETURNING id::text`);
  return rows[0].id;
}
