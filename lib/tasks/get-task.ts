import type { PrismaClient } from "../db/generated/client";
import { poolOf, sql } from "../db/sql";
import { notFound } from "../errors";
import type { TaskView } from "./task-types";

interface TaskViewRow {
  id: string;
  kind: string;
  status: TaskView["status"];
  target_type: string | null;
  target_id: string | null;
  progress_done: string;
  progress_total: string | null;
  result: unknown;
  error_code: string | null;
  error_message: string | null;
  created_by_id: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  updated_at: Date;
}

export function taskViewOf(row: TaskViewRow): TaskView {
  const done = Number(row.progress_done);
  const total = row.progress_total === null ? null : Number(row.progress_total);
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    target: row.target_type && row.target_id ? { type: row.target_type, id: row.target_id } : null,
    progress: { done, total, percent: total ? Math.min(100, Math.floor((done / total) * 1000) / 10) : row.status === "succeeded" ? 100 : null },
    result: row.result ?? null,
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? "" } : null,
    createdById: row.created_by_id,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
    updatedAt: row.updated_at.toISOString(),
  };
}

/** A task by id, as the API shows it; 404 when there is none. */
export async function getTask(db: PrismaClient, taskId: string): Promise<TaskView> {
  const { rows } = await poolOf(db).query<TaskViewRow>(sql`
    SELECT id::text, kind, status::text AS status, target_type, target_id, progress_done::text, progress_total::text, result, error_code, error_message,
           created_by_id::text, created_at, started_at, finished_at, updated_at
    FROM tasks WHERE id = ${taskId}::uuid`);
  if (!rows[0]) throw notFound("That task");
  return taskViewOf(rows[0]);
}
