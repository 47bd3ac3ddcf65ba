import { withApi } from "@/lib/http/with-api";
import { imageIdParam } from "@/lib/http/parse-id";
import { reviewDecisionSchema, reviewImage } from "@/lib/review/review-queue";
import { appContext } from "@/lib/server/app-context";

// Body: { decision: "approve" | "reject", result?: {...edited fields} }.
export const POST = withApi<{ id: string }>({ role: "reviewer" }, async ({ params, request }) => {
  const { id } = imageIdParam.parse(params);
  const decision = reviewDecisionSchema.parse(await request.json());
  return Response.json(await reviewImage(appContext().db, id, decision));
});
