import { retryFailedImages } from "@/lib/batches/retry-images";
import { retryFailedSchema } from "@/lib/batches/schemas";
import { withApi } from "@/lib/http/with-api";
import { uuidParam } from "@/lib/http/parse-id";
import { appContext } from "@/lib/server/app-context";

// Body (optional): { errorCode } to retry only the images that failed with that code.
export const POST = withApi<{ id: string }>({ role: "analyst" }, async ({ params, request }) => {
  const { id } = uuidParam.parse(params);
  const { errorCode } = retryFailedSchema.parse(await request.json().catch(() => ({})));
  const { db, jobs, dispatchWindow } = appContext();
  return Response.json(await retryFailedImages(db, await jobs(), id, errorCode, dispatchWindow));
});
