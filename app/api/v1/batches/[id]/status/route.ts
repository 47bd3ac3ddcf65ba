import { getBatchWithBudgets } from "@/lib/batches/get-batch-with-budgets";
import { withApi } from "@/lib/http/with-api";
import { uuidParam } from "@/lib/http/parse-id";
import { appContext } from "@/lib/server/app-context";

// Seed 000's spelling of GET /batches/{id}: the same answer.
export const GET = withApi<{ id: string }>({ role: "viewer" }, async ({ params }) => {
  const { id } = uuidParam.parse(params);
  const { db, config } = appContext();
  return Response.json(await getBatchWithBudgets(db, config, id), { headers: { "cache-control": "no-store" } });
});
