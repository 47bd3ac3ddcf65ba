import { recordAudit } from "@/lib/auth/record-audit";
import { cancelBatch } from "@/lib/batches/control-batch";
import { getBatchProgress } from "@/lib/batches/get-batch-progress";
import { withApi } from "@/lib/http/with-api";
import { uuidParam } from "@/lib/http/parse-id";
import { appContext } from "@/lib/server/app-context";

export const POST = withApi<{ id: string }>({ role: "analyst" }, async ({ params, principal }) => {
  const { id } = uuidParam.parse(params);
  const { db, jobs } = appContext();
  await cancelBatch(db, id);
  await (await jobs()).notifyCancelled(id);
  await recordAudit(db, { userId: principal.userId, action: "batch.cancel", targetType: "batch", targetId: id });
  return Response.json(await getBatchProgress(db, id));
});
