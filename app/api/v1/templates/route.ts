import { withApi } from "@/lib/http/with-api";
import { appContext } from "@/lib/server/app-context";
import { createTemplate, listTemplates } from "@/lib/templates/manage-templates";
import { templateInputSchema } from "@/lib/templates/schemas";

export const GET = withApi({ role: "viewer" }, async () => Response.json({ templates: await listTemplates(appContext().db) }));

export const POST = withApi({ role: "analyst" }, async ({ request }) => {
  const input = templateInputSchema.parse(await request.json());
  return Response.json(await createTemplate(appContext().db, input), { status: 201 });
});
