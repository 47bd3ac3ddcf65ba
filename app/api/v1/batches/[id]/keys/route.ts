import { getKeyUsage } from "@/lib/batches/get-key-usage";
import { batchMemberIds } from "@/lib/batches/list-images";
import { withApi } from "@/lib/http/with-api";
import { uuidParam } from "@/lib/http/parse-id";
import { appContext } from "@/lib/server/app-context";

export const GET = withApi<{ id: string }>({ role: "viewer" }, async ({ params }) => {
  const { id } = uuidParam.parse(params);
  const { db } = appContext();
  return Response.json({ keys: await getKeyUsage(db, await batchMemberIds(db, id)) }, { headers: { "cache-control": "no-store" } });
});
