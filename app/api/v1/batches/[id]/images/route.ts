import { batchMemberIds, listImages } from "@/lib/batches/list-images";
import { imageListQuerySchema } from "@/lib/batches/schemas";
import { withApi } from "@/lib/http/with-api";
import { uuidParam } from "@/lib/http/parse-id";
import { appContext } from "@/lib/server/app-context";

export const GET = withApi<{ id: string }>({ role: "viewer" }, async ({ params, request }) => {
  const { id } = uuidParam.parse(params);
  const query = imageListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { db } = appContext();
  return Response.json(await listImages(db, await batchMemberIds(db, id), query), { headers: { "cache-control": "no-store" } });
});
