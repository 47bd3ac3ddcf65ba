import { recordAudit } from "@/lib/auth/record-audit";
import { rerunBatch } from "@/lib/batches/rerun-batch";
import { rerunSchema } from "@/lib/batches/schemas";
import { startCreatedBatches } from "@/lib/batches/start-created-batches";
import { withApi } from "@/lib/http/with-api";
import { uuidParam } from "@/lib/http/parse-id";
import { appContext } from "@/lib/server/app-context";

// Body: { templateId?, name? } — the same images as a new batch, analysed with that template ("local": the offline analyzer).
export const POST = withApi<{ id: string }>({ role: "analyst" }, async ({ params, request, principal }) => {
  const { id } = uuidParam.parse(params);
  const input = rerunSchema.parse(await request.json().catch(() => ({})));
  const { db, config, jobs } = appContext();
  const created = await rerunBatch(db, config, id, input, principal.userId);
  await startCreatedBatches(await jobs(), created);
  await recordAudit(db, { userId: principal.userId, action: "batch.rerun", targetType: "batch", targetId: id, details: { newBatch: created.parentId ?? created.batches[0]?.id ?? null } });
  return Response.json(created, { status: 201 });
});
