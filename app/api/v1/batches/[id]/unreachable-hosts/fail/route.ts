import { z } from "zod";
import { recordAudit } from "@/lib/auth/record-audit";
import { notFound } from "@/lib/errors";
import { taskResponse } from "@/lib/http/task-response";
import { withApi } from "@/lib/http/with-api";
import { uuidParam } from "@/lib/http/parse-id";
import { appContext } from "@/lib/server/app-context";
import { createTask } from "@/lib/tasks/create-task";
import { runTaskOrDefer } from "@/lib/tasks/run-task";

const failHostSchema = z.object({ host: z.string().trim().toLowerCase().min(1, "host is required").max(253, "host is too long") });

// "Fail them now": the batch's queued images on an unreachable host fail at once instead of waiting for it (200, or 202 with the task).
export const POST = withApi<{ id: string }>({ role: "analyst" }, async ({ params, request, principal }) => {
  const { id } = uuidParam.parse(params);
  const { host } = failHostSchema.parse(await request.json());
  const { db, jobs, taskHandlers } = appContext();
  const batch = await db.batch.findUnique({ where: { id, deletedAt: null }, select: { kind: true, parts: { select: { id: true } } } });
  if (!batch) throw notFound("That batch");
  const batchIds = batch.kind === "parent" ? batch.parts.map((part) => part.id) : [id];
  const taskId = await createTask(db, { kind: "batch.fail_host", target: { type: "batch", id }, params: { batchIds, host }, createdById: principal.userId });
  await recordAudit(db, { userId: principal.userId, action: "batch.fail_host", targetType: "batch", targetId: id, details: { host } });
  return taskResponse(await runTaskOrDefer(db, await jobs(), await taskHandlers(), taskId), (task) => task.result as object);
});
