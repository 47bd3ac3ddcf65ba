import { beginRetryFailed } from "@/lib/batches/retry-images";
import { retryFailedSchema } from "@/lib/batches/schemas";
import { taskResponse } from "@/lib/http/task-response";
import { withApi } from "@/lib/http/with-api";
import { uuidParam } from "@/lib/http/parse-id";
import { appContext } from "@/lib/server/app-context";
import { runTaskOrDefer } from "@/lib/tasks/run-task";

// Body (optional): { errorCode } to retry only the images that failed with that code. 200 { retried } when done at once,
// else 202 with the task that requeues the rest in chunks (its result says how many).
export const POST = withApi<{ id: string }>({ role: "analyst" }, async ({ params, request, principal }) => {
  const { id } = uuidParam.parse(params);
  const { errorCode } = retryFailedSchema.parse(await request.json().catch(() => ({})));
  const { db, jobs, taskHandlers } = appContext();
  const taskId = await beginRetryFailed(db, id, errorCode, principal.userId);
  return taskResponse(await runTaskOrDefer(db, await jobs(), await taskHandlers(), taskId), (task) => task.result as object);
});
