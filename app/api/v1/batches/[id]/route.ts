import { recordAudit } from "@/lib/auth/record-audit";
import { deleteBatch } from "@/lib/batches/delete-batch";
import { updateBatchSchema } from "@/lib/batches/schemas";
import { microsToUsd } from "@/lib/budget/money";
import { setBatchBudget } from "@/lib/budget/set-batch-budget";
import { getBatchWithBudgets } from "@/lib/batches/get-batch-with-budgets";
import { withApi } from "@/lib/http/with-api";
import { uuidParam } from "@/lib/http/parse-id";
import { appContext } from "@/lib/server/app-context";
import { uploadsStorage } from "@/lib/storage";

const batchWithBudgets = (id: string) => getBatchWithBudgets(appContext().db, appContext().config, id);

export const GET = withApi<{ id: string }>({ role: "viewer" }, async ({ params }) => {
  const { id } = uuidParam.parse(params);
  return Response.json(await batchWithBudgets(id), { headers: { "cache-control": "no-store" } });
});

// {"budgetUsd": 5} sets or raises the spending cap (a part's: its upload's, shared by all parts); null removes it. A batch
// paused at its cap continues once resumed.
export const PATCH = withApi<{ id: string }>({ role: "analyst" }, async ({ params, request, principal }) => {
  const { id } = uuidParam.parse(params);
  const { budgetUsd } = updateBatchSchema.parse(await request.json());
  const { db } = appContext();
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

export const DELETE = withApi<{ id: string }>({ role: "analyst" }, async ({ params, principal }) => {
  const { id } = uuidParam.parse(params);
  const { db, config } = appContext();
  const name = (await db.batch.findUnique({ where: { id }, select: { name: true } }))?.name;
  const deleted = await deleteBatch(db, uploadsStorage(config), id);
  await recordAudit(db, { userId: principal.userId, action: "batch.delete", targetType: "batch", targetId: id, details: { name: name ?? null } });
  return Response.json(deleted);
});
