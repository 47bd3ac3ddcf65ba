import { getImageDetail } from "@/lib/batches/get-image-detail";
import { withApi } from "@/lib/http/with-api";
import { imageIdParam } from "@/lib/http/parse-id";
import { appContext } from "@/lib/server/app-context";

export const GET = withApi<{ id: string }>({ role: "viewer" }, async ({ params }) => {
  const { id } = imageIdParam.parse(params);
  return Response.json(await getImageDetail(appContext().db, id));
});
