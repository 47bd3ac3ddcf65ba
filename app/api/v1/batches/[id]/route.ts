import { recordAudit } from "@/lib/auth/record-audit";
import { beginBatchDelete } from "@/lib/batches/delete-batch";
import { updateBatchSchema, updatePrioritySchema } from "@/lib/batches/schemas";
import { setBatchPriority } from "@/lib/batches/set-batch-priority";
import { microsToUsd } from "@/lib/budget/money";
import { setBatchBudget } from "@/lib/budget/set-batch-budget";
import { getBatchWithBudgets } from "@/lib/batches/get-batch-with-budgets";
import { withApi } from "@/lib/http/with-api";
import { uuidParam } from "@/lib/http/parse-id";
import { appContext } from "@/lib/server/app-context";
import { taskResponse } from "@/lib/http/task-response";
import { runTaskOrDefer } from "@/lib/tasks/run-task";

const batchWithBudgets = (id: string) => getBatchWithBudgets(appContext().db, appContext().config, id);

export const GET = withApi<{ id: string }>({ role: "viewer" }, async ({ params }) => {
  const { id } = uuidParam.parse(params);
  return Response.json(await batchWithBudgets(id), { headers: { "cache-control": "no-store" } });
});

// {"budgetUsd": 5} sets or raises the spending cap (a part's: its upload's, shared by all parts); null removes it. A batch
// paused at its cap continues once resumed. {"priority": "high"} changes its share of the workers instead.
export const PATCH = withApi<{ id: string }>({ role: "analyst" }, async ({ params, request, principal }) => {
  const { id } = uuidParam.parse(params);
  const body = await request.json();
  const { db } = appContext();
  if (body && typeof body === "object" && "priority" in body) {
    const { priority } = updatePrioritySchema.parse(body);
    await setBatchPriority(db, id, priority);
    await recordAudit(db, { userId: principal.userId, action: "batch.priority", targetType: "batch", targetId: id, details: { to: priority } });
    return Response.json(await batchWithBudgets(id));
  }
  const { budgetUsd } = updateBatchSchema.parse(body);
  const change = await setBatchBudget(db, id, budgetUsd);
  await recordAudit(db, {
    userId: principal.userId,
    action: "batch.budget",
    targetType: "batch",
    targetId: change.scopeBatchId,
    details: { from: change.previousMicros === null ? null : microsToUsd(change.previousMicros), to: budgetUsd, via: id },
  });
  return Response.json(await batchWithBudgets(id));
});

// The batch leaves every list at once; its rows and files go in chunks: 200 when that took a moment, else 202 with the task.
export const DELETE = withApi<{ id: string }>({ role: "analyst" }, async ({ params, principal }) => {
  const { id } = uuidParam.parse(params);
  const { db, jobs, taskHandlers } = appContext();
  const name = (await db.batch.findUnique({ where: { id }, select: { name: true } }))?.name;
  const taskId = await beginBatchDelete(db, id, principal.userId);
  await recordAudit(db, { userId: principal.userId, action: "batch.delete", targetType: "batch", targetId: id, details: { name: name ?? null, taskId } });
  return taskResponse(await runTaskOrDefer(db, await jobs(), await taskHandlers(), taskId), (task) => task.result as object);
});
