import { withApi } from "@/lib/http/with-api";
import { uuidParam } from "@/lib/http/parse-id";
import { appContext } from "@/lib/server/app-context";
import { updateTemplate } from "@/lib/templates/manage-templates";
import { templateInputSchema } from "@/lib/templates/schemas";

// Editing creates a new version; batches and results keep the version they were made with.
export const PUT = withApi<{ id: string }>({ role: "analyst" }, async ({ params, request }) => {
  const { id } = uuidParam.parse(params);
  const input = templateInputSchema.parse(await request.json());
  return Response.json(await updateTemplate(appContext().db, id, input));
});
