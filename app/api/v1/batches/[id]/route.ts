import { recordAudit } from "@/lib/auth/record-audit";
import { deleteBatch } from "@/lib/batches/delete-batch";
import { getBatchProgress } from "@/lib/batches/get-batch-progress";
import { getParentStatus } from "@/lib/batches/get-related-batches";
import { withApi } from "@/lib/http/with-api";
import { uuidParam } from "@/lib/http/parse-id";
import { appContext } from "@/lib/server/app-context";
import { uploadsStorage } from "@/lib/storage/local-storage";

export const GET = withApi<{ id: string }>({ role: "viewer" }, async ({ params }) => {
  const { id } = uuidParam.parse(params);
  const { db } = appContext();
  const progress = await getBatchProgress(db, id);
  const body = progress.kind === "parent" ? await getParentStatus(db, id) : { ...progress, parts: [] };
  return Response.json(body, { headers: { "cache-control": "no-store" } });
});

export const DELETE = withApi<{ id: string }>({ role: "analyst" }, async ({ params, principal }) => {
  const { id } = uuidParam.parse(params);
  const { db, config } = appContext();
  const name = (await db.batch.findUnique({ where: { id }, select: { name: true } }))?.name;
  const deleted = await deleteBatch(db, uploadsStorage(config.dataDir), id);
  await recordAudit(db, { userId: principal.userId, action: "batch.delete", targetType: "batch", targetId: id, details: { name: name ?? null } });
  return Response.json(deleted);
});
