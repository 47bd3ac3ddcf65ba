import { withApi } from "@/lib/http/with-api";
import { appContext } from "@/lib/server/app-context";
import { createTemplate, listTemplates } from "@/lib/templates/manage-templates";
import { templateInputSchema } from "@/lib/templates/schemas";

export const GET = withApi({ role: "viewer" }, async () => {
  const { db, config } = appContext();
  return Response.json({ templates: await listTemplates(db, config.GEMINI_MODEL) });
});

export const POST = withApi({ role: "analyst" }, async ({ request, principal }) => {
  const input = templateInputSchema.parse(await request.json());
  const { db, config } = appContext();
  const created = await createTemplate(db, input, { createdById: principal.userId, choice: { models: config.models, defaultModel: config.GEMINI_MODEL } });
  return Response.json(created, { status: 201 });
});
