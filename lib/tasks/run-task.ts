import { randomBytes } from "node:crypto";
import type { PrismaClient } from "../db/generated/client";
import { poolOf, sql } from "../db/sql";
import { LoupeError } from "../errors";
import type { JobEngine } from "../jobs/definitions";
import { getTask } from "./get-task";
import type { TaskHandlers, TaskRow, TaskView } from "./task-types";

export interface RunTaskOptions {
  workerId: string;
  leaseSeconds: number;
  /** Stop (and give the task back) after this moment, between two steps. */
  deadline?: number;
}

interface ClaimedRow {
  id: string;
  kind: string;
  target_id: string | null;
  params: Record<string, unknown>;
  state: Record<string, unknown>;
  progress_done: string;
  progress_total: string | null;
}

const rowOf = (row: ClaimedRow): TaskRow => ({
  id: row.id,
  kind: row.kind,
  targetId: row.target_id,
  params: row.params ?? {},
  state: row.state ?? {},
  progressDone: Number(row.progress_done),
  progressTotal: row.progress_total === null ? null : Number(row.progress_total),
});

/**
 * Advances a task step by step while this process holds its lease (renewed after every step). Returns "succeeded" or
 * "failed" when it ended here, "yielded" when the deadline came first (the caller has it continued), and "busy" when
 * another process holds it or it had already ended. A step that throws something other than a LoupeError (the database
 * went away) leaves the task for a later run; a LoupeError fails it with that error.
 */
export async function runTask(db: PrismaClient, handlers: TaskHandlers, taskId: string, runOptions: RunTaskOptions): Promise<"succeeded" | "failed" | "yielded" | "busy"> {
  const pool = poolOf(db);
  // Each run holds the lease under its own name: two deliveries of the task's job to one process never run side by side.
  const options = { ...runOptions, workerId: `${runOptions.workerId}/${randomBytes(4).toString("hex")}` };
  const { rows } = await pool.query<ClaimedRow>(sql`
    UPDATE tasks SET status = 'running', worker_id = ${options.workerId}, lease_until = now() + make_interval(secs => ${options.leaseSeconds}),
      runs = runs + 1, started_at = coalesce(started_at, now()), updated_at = now()
    WHERE id = ${taskId}::uuid AND status IN ('queued', 'running') AND (lease_until IS NULL OR lease_until < now())
    RETURNING id::text, kind, target_id, params, state, progress_done::text, progress_total::text`);
  if (!rows[0]) return "busy";
  let task = rowOf(rows[0]);
  const step = handlers[task.kind];
  if (!step) return finish(db, task.id, options.workerId, { error: { code: "unknown_task", message: `This process cannot run tasks of kind ${task.kind}.` } });
  for (;;) {
    let outcome: Awaited<ReturnType<typeof step>>;
    try {
      outcome = await stepRetryingConflicts(() => step(task));
    } catch (error) {
      if (error instanceof LoupeError) return finish(db, task.id, options.workerId, { error: { code: error.code, message: error.message } });
      // Not the task's fault: give it back for a later run (the job's retry, or the worker tick's).
      await pool.query(sql`UPDATE tasks SET lease_until = now() + interval '2 seconds', error_message = ${String((error as Error)?.message ?? error).slice(0, 500)}
        WHERE id = ${task.id}::uuid AND worker_id = ${options.workerId}`).catch(() => {});
      throw error;
    }
    if (outcome.done) return finish(db, task.id, options.workerId, { result: outcome.result });
    const { rows: renewed } = await pool.query<ClaimedRow>(sql`
      UPDATE tasks SET state = ${JSON.stringify(outcome.state ?? task.state)}::jsonb, progress_done = progress_done + ${outcome.progress ?? 0}, lease_until = now() + make_interval(secs => ${options.leaseSeconds}), updated_at = now()
      WHERE id = ${task.id}::uuid AND worker_id = ${options.workerId} AND status = 'running'
      RETURNING id::text, kind, target_id, params, state, progress_done::text, progress_total::text`);
    if (!renewed[0]) return "busy"; // the lease ran out and another process took the task over
    task = rowOf(renewed[0]);
    if (options.deadline !== undefined && Date.now() >= options.deadline) {
      await pool.query(sql`UPDATE tasks SET lease_until = NULL, worker_id = NULL WHERE id = ${task.id}::uuid AND worker_id = ${options.workerId}`);
      return "yielded";
    }
  }
}

// A step's statements can meet the image workers' on the same rows (a cancel's chunk and a dispatch claiming queued
// images): PostgreSQL then aborts one of them as a deadlock or serialization failure. That says nothing about the task;
// trying the step again at once (it is idempotent) beats handing the task back for a job retry seconds later.
const CONFLICT_CODES = new Set(["40P01", "40001", "55P03"]);
const CONFLICT_ATTEMPTS = 5;

// pg raises the SQLSTATE as `code`; Prisma (raw queries through adapter-pg) as P2034 or inside meta / cause.
function isConflict(error: unknown): boolean {
  const shaped = error as { code?: string; meta?: { code?: string }; cause?: { code?: string; originalCode?: string } } | null;
  if (shaped?.code === "P2034") return true;
  return [shaped?.code, shaped?.meta?.code, shaped?.cause?.code, shaped?.cause?.originalCode].some((code) => CONFLICT_CODES.has(code ?? ""));
}

async function stepRetryingConflicts<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= CONFLICT_ATTEMPTS || !isConflict(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 50));
    }
  }
}

async function finish(db: PrismaClient, taskId: string, workerId: string, end: { result?: unknown; error?: { code: string; message: string } }) {
  const { rowCount } = await poolOf(db).query(sql`
    UPDATE tasks SET status = ${end.error ? "failed" : "succeeded"}::"TaskStatus", result = ${JSON.stringify(end.result ?? null)}::jsonb,
      error_code = ${end.error?.code ?? null}, error_message = ${end.error?.message ?? null},
      progress_done = CASE WHEN ${!end.error} THEN coalesce(progress_total, progress_done) ELSE progress_done END,
      finished_at = now(), updated_at = now(), lease_until = NULL, worker_id = NULL
    WHERE id = ${taskId}::uuid AND worker_id = ${workerId} AND status = 'running'`);
  if (!rowCount) return "busy" as const;
  return end.error ? ("failed" as const) : ("succeeded" as const);
}

/**
 * What a route does with a task it created: runs it here for a moment (most operations end within it, and answer 200),
 * otherwise hands it to the job engine (the route answers 202 with the task to poll).
 */
export async function runTaskOrDefer(
  db: PrismaClient,
  jobs: JobEngine,
  handlers: TaskHandlers,
  taskId: string,
  { budgetMs = 1500, leaseSeconds = 30 } = {},
): Promise<{ finished: boolean; task: TaskView }> {
  const outcome = await runTask(db, handlers, taskId, { workerId: `request-${process.pid}-${taskId.slice(0, 8)}`, leaseSeconds, deadline: Date.now() + budgetMs }).catch(() => "yielded" as const);
  if (outcome === "yielded" || outcome === "busy") await jobs.enqueue("task.run", { taskId });
  const task = await getTask(db, taskId);
  return { finished: task.status === "succeeded" || task.status === "failed", task };
}
