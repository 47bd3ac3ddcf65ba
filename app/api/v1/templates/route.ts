import { withApi } from "@/lib/http/with-api";
import { appContext } from "@/lib/server/app-context";
import { listTemplates } from "@/lib/templates/manage-templates";
import { saveTemplate } from "@/lib/templates/save-template";

export const GET = withApi({ role: "viewer" }, async () => {
  const { db, config } = appContext();
  return Response.json({ templates: await listTemplates(db, config.GEMINI_MODEL) });
});

export const POST = withApi({ role: "analyst" }, async ({ request, principal }) => {
  const { db, config } = appContext();
  const created = await saveTemplate(db, await request.json(), { createdById: principal.userId, choice: { models: config.models, defaultModel: config.GEMINI_MODEL } });
  return Response.json(created, { status: 201 });
});
