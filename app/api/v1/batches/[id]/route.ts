import { recordAudit } from "@/lib/auth/record-audit";
import { deleteBatch } from "@/lib/batches/delete-batch";
import { getBatchProgressWithParts } from "@/lib/batches/get-batch-progress";
import { withApi } from "@/lib/http/with-api";
import { uuidParam } from "@/lib/http/parse-id";
import { appContext } from "@/lib/server/app-context";
import { uploadsStorage } from "@/lib/storage/local-storage";

export const GET = withApi<{ id: string }>({ role: "viewer" }, async ({ params }) => {
  const { id } = uuidParam.parse(params);
  const { db } = appContext();
  return Response.json(await getBatchProgressWithParts(db, id), { headers: { "cache-control": "no-store" } });
});

export const DELETE = withApi<{ id: string }>({ role: "analyst" }, async ({ params, principal }) => {
  const { id } = uuidParam.parse(params);
  const { db, config } = appContext();
  const name = (await db.batch.findUnique({ where: { id }, select: { name: true } }))?.name;
  const deleted = await deleteBatch(db, uploadsStorage(config.dataDir), id);
  await recordAudit(db, { userId: principal.userId, action: "batch.delete", targetType: "batch", targetId: id, details: { name: name ?? null } });
  return Response.json(deleted);
});
