import type { TaskView } from "../tasks/task-types";
import { errorResponse } from "./with-api";

/**
 * How a route answers an operation it ran as a task: 200 with `body` when the task ended while the request waited, 202
 * with the task to poll (Location: /api/v1/tasks/{id}) when a job finishes it (and `pending`, what already exists), and
 * the task's error if it failed.
 */
export async function taskResponse(outcome: { finished: boolean; task: TaskView }, body: (task: TaskView) => Promise<object> | object, pending: object = {}): Promise<Response> {
  const { task } = outcome;
  if (task.status === "failed") return errorResponse(500, task.error?.code ?? "task_failed", task.error?.message ?? "The operation failed.", { taskId: task.id });
  if (outcome.finished) return Response.json({ ...(await body(task)), task });
  return Response.json({ ...pending, task }, { status: 202, headers: { location: `/api/v1/tasks/${task.id}` } });
}
