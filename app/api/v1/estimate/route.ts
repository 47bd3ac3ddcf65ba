import { estimateBatch, estimateQuerySchema } from "@/lib/batches/estimate-batch";
import { withApi } from "@/lib/http/with-api";
import { appContext } from "@/lib/server/app-context";

// ?images=N&templateId=…|local → tokens, cost and time at the key pool's quota, before a batch starts.
export const GET = withApi({ role: "viewer" }, async ({ request }) => {
  const query = estimateQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { db, config } = appContext();
  return Response.json(await estimateBatch(db, config, query));
});
