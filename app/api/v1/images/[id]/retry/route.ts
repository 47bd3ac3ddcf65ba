import { retryImage } from "@/lib/batches/retry-images";
import { withApi } from "@/lib/http/with-api";
import { imageIdParam } from "@/lib/http/parse-id";
import { appContext } from "@/lib/server/app-context";

export const POST = withApi<{ id: string }>({ role: "analyst" }, async ({ params }) => {
  const { id } = imageIdParam.parse(params);
  const { db, jobs, dispatchWindow } = appContext();
  return Response.json(await retryImage(db, await jobs(), id, dispatchWindow));
});
