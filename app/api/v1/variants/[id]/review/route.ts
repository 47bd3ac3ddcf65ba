import { reviewVariant } from "@/lib/enhance/review-variant";
import { variantReviewSchema } from "@/lib/enhance/schemas";
import { withApi } from "@/lib/http/with-api";
import { outputIdParam } from "@/lib/http/parse-id";
import { appContext } from "@/lib/server/app-context";

// Body: { decision: "approve" | "reject" }; the product's state follows (approved with one approved, rejected with all).
export const POST = withApi<{ id: string }>({ role: "reviewer" }, async ({ params, request, principal }) => {
  const { id } = outputIdParam.parse(params);
  const { decision } = variantReviewSchema.parse(await request.json());
  return Response.json(await reviewVariant(appContext().db, id, decision, principal.userId));
});
