import { withApi } from "@/lib/http/with-api";
import { uuidParam } from "@/lib/http/parse-id";
import { recordAudit } from "@/lib/auth/record-audit";
import { reviewRulesSchema } from "@/lib/review/review-rules";
import { setReviewRules } from "@/lib/review/set-review-rules";
import { appContext } from "@/lib/server/app-context";

// Body: { autoApprove, confidenceField, threshold, agreementFields, qaSamplePercent } (lib/review/review-rules.ts).
export const PUT = withApi<{ id: string }>({ role: "analyst" }, async ({ params, request, principal }) => {
  const { id } = uuidParam.parse(params);
  const rules = reviewRulesSchema.parse(await request.json());
  const { db } = appContext();
  const saved = await setReviewRules(db, id, rules);
  await recordAudit(db, { userId: principal.userId, action: "template.review_rules", targetType: "template", targetId: id, details: rules });
  return Response.json(saved);
});
