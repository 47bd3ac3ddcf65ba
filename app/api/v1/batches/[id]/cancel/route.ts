import { recordAudit } from "@/lib/auth/record-audit";
import { beginBatchCancel } from "@/lib/batches/control-batch";
import { getBatchProgress } from "@/lib/batches/get-batch-progress";
import { taskResponse } from "@/lib/http/task-response";
import { withApi } from "@/lib/http/with-api";
import { uuidParam } from "@/lib/http/parse-id";
import { appContext } from "@/lib/server/app-context";
import { runTaskOrDefer } from "@/lib/tasks/run-task";

// The batch stops at once; its queued images are cancelled in chunks: 200 with its progress, or 202 with the task.
export const POST = withApi<{ id: string }>({ role: "analyst" }, async ({ params, principal }) => {
  const { id } = uuidParam.parse(params);
  const { db, jobs, taskHandlers } = appContext();
  const taskId = await beginBatchCancel(db, id, principal.userId);
  await (await jobs()).notifyCancelled(id);
  await recordAudit(db, { userId: principal.userId, action: "batch.cancel", targetType: "batch", targetId: id });
  return taskResponse(await runTaskOrDefer(db, await jobs(), await taskHandlers(), taskId), () => getBatchProgress(db, id));
});
