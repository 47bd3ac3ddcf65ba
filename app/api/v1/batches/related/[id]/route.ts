import { getRelatedBatches } from "@/lib/batches/get-related-batches";
import { withApi } from "@/lib/http/with-api";
import { uuidParam } from "@/lib/http/parse-id";
import { appContext } from "@/lib/server/app-context";

// Seed 000's spelling of GET /batches/{id}/related: the same answer.
export const GET = withApi<{ id: string }>({ role: "viewer" }, async ({ params }) => {
  const { id } = uuidParam.parse(params);
  return Response.json(await getRelatedBatches(appContext().db, id), { headers: { "cache-control": "no-store" } });
});
