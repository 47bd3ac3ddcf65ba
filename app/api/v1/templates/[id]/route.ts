import { recordAudit } from "@/lib/auth/record-audit";
import { withApi } from "@/lib/http/with-api";
import { uuidParam } from "@/lib/http/parse-id";
import { appContext } from "@/lib/server/app-context";
import { updateTemplate } from "@/lib/templates/manage-templates";
import { templateInputSchema } from "@/lib/templates/schemas";

// Editing creates a new version; batches and results keep the version they were made with.
export const PUT = withApi<{ id: string }>({ role: "analyst" }, async ({ params, request, principal }) => {
  const { id } = uuidParam.parse(params);
  const input = templateInputSchema.parse(await request.json());
  const { db } = appContext();
  const updated = await updateTemplate(db, id, input);
  await recordAudit(db, { userId: principal.userId, action: "template.update", targetType: "template", targetId: id });
  return Response.json(updated);
});
