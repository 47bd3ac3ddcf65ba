import { withApi } from "@/lib/http/with-api";
import { uuidParam } from "@/lib/http/parse-id";
import { listOutputPairs, outputPairsQuerySchema } from "@/lib/outputs/list-output-pairs";
import { appContext } from "@/lib/server/app-context";

// ?after=<output id>&limit=: the batch's transform (if any) and its outputs beside their originals, keyset-paginated.
export const GET = withApi<{ id: string }>({ role: "viewer" }, async ({ params, request }) => {
  const { id } = uuidParam.parse(params);
  const query = outputPairsQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await listOutputPairs(appContext().db, id, query));
});
