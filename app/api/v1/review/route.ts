import { withApi } from "@/lib/http/with-api";
import { listReviewQueue, reviewQueueQuerySchema } from "@/lib/review/review-queue";
import { appContext } from "@/lib/server/app-context";

export const GET = withApi({ role: "reviewer" }, async ({ request }) => {
  const query = reviewQueueQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(JSON.parse(JSON.stringify(await listReviewQueue(appContext().db, query))), { headers: { "cache-control": "no-store" } });
});
