import { recordAudit } from "@/lib/auth/record-audit";
import { withApi } from "@/lib/http/with-api";
import { uuidParam } from "@/lib/http/parse-id";
import { appContext } from "@/lib/server/app-context";
import { getTemplate } from "@/lib/templates/manage-templates";
import { saveTemplate } from "@/lib/templates/save-template";

export const GET = withApi<{ id: string }>({ role: "viewer" }, async ({ params }) => {
  const { id } = uuidParam.parse(params);
  const { db, config } = appContext();
  return Response.json(await getTemplate(db, id, config.GEMINI_MODEL));
});

// Editing creates a new version (changing only the model or thinking too); batches and results keep the version they were made with.
export const PUT = withApi<{ id: string }>({ role: "analyst" }, async ({ params, request, principal }) => {
  const { id } = uuidParam.parse(params);
  const { db, config } = appContext();
  const updated = await saveTemplate(db, await request.json(), { createdById: principal.userId, choice: { models: config.models, defaultModel: config.GEMINI_MODEL } }, id);
  await recordAudit(db, { userId: principal.userId, action: "template.update", targetType: "template", targetId: id });
  return Response.json(updated);
});
