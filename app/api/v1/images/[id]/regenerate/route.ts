import { regenerateVariants } from "@/lib/enhance/regenerate-variants";
import { regenerateSchema } from "@/lib/enhance/schemas";
import { withApi } from "@/lib/http/with-api";
import { imageIdParam } from "@/lib/http/parse-id";
import { appContext } from "@/lib/server/app-context";

// Body: { instructions? }: a new generation of the product's variants, with the same or an edited instruction.
export const POST = withApi<{ id: string }>({ role: "analyst" }, async ({ params, request }) => {
  const { id } = imageIdParam.parse(params);
  const input = regenerateSchema.parse(await request.json().catch(() => ({})));
  const { db, jobs, dispatchWindow } = appContext();
  return Response.json(await regenerateVariants(db, await jobs(), id, input, dispatchWindow));
});
