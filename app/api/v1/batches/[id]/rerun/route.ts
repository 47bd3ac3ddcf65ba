import { recordAudit } from "@/lib/auth/record-audit";
import { beginBatchRerun } from "@/lib/batches/rerun-batch";
import { rerunSchema } from "@/lib/batches/schemas";
import { withApi } from "@/lib/http/with-api";
import { uuidParam } from "@/lib/http/parse-id";
import { appContext } from "@/lib/server/app-context";
import { taskResponse } from "@/lib/http/task-response";
import { runTaskOrDefer } from "@/lib/tasks/run-task";

// Body: { templateId?, name? } — the same images as a new batch, analysed with that template ("local": the offline analyzer).
// The new batch exists at once; its images are copied in chunks: 200 when that took a moment, else 202 with the task.
export const POST = withApi<{ id: string }>({ role: "analyst" }, async ({ params, request, principal }) => {
  const { id } = uuidParam.parse(params);
  const input = rerunSchema.parse(await request.json().catch(() => ({})));
  const { db, config, jobs, taskHandlers } = appContext();
  const { taskId, created } = await beginBatchRerun(db, config, id, input, principal.userId);
  await recordAudit(db, { userId: principal.userId, action: "batch.rerun", targetType: "batch", targetId: id, details: { newBatch: created.parentId ?? created.batches[0]?.id ?? null, taskId } });
  return taskResponse(await runTaskOrDefer(db, await jobs(), await taskHandlers(), taskId), (task) => task.result as object, created);
});
