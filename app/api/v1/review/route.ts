import { withApi } from "@/lib/http/with-api";
import { listReviewQueue, reviewQueueQuerySchema } from "@/lib/review/review-queue";
import { searchParamsObject } from "@/lib/results/parse-field-filter";
import { appContext } from "@/lib/server/app-context";

export const GET = withApi({ role: "reviewer" }, async ({ request }) => {
  const query = reviewQueueQuerySchema.parse(searchParamsObject(new URL(request.url).searchParams));
  return Response.json(JSON.parse(JSON.stringify(await listReviewQueue(appContext().db, query))), { headers: { "cache-control": "no-store" } });
});
