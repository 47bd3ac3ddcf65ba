/** A task as its steps see it: what to do (kind, params) and where it stands (state, progress). */
export interface TaskRow {
  id: string;
  kind: string;
  targetId: string | null;
  params: Record<string, unknown>;
  state: Record<string, unknown>;
  progressDone: number;
  progressTotal: number | null;
}

/**
 * One short step of a task (a few thousand rows: no long transaction). A step commits its own work; it must be safe to
 * run again from the same state, because a process killed after the step's commit but before the new state was written
 * runs it again. `progress` is how much the step did, added to the task's progress_done.
 */
export type TaskStep = (task: TaskRow) => Promise<{ done: false; state?: Record<string, unknown>; progress?: number } | { done: true; result: unknown }>;

/** The steps of each kind of task a process can run (built by the layer that knows the domain: lib/worker, routes). */
export type TaskHandlers = Record<string, TaskStep>;

/** A task as GET /api/v1/tasks/{id} answers it. */
export interface TaskView {
  id: string;
  kind: string;
  status: "queued" | "running" | "succeeded" | "failed";
  target: { type: string; id: string } | null;
  progress: { done: number; total: number | null; percent: number | null };
  result: unknown;
  error: { code: string; message: string } | null;
  createdById: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}
