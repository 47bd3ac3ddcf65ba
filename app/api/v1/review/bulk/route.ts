import { recordAudit } from "@/lib/auth/record-audit";
import { withApi } from "@/lib/http/with-api";
import { bulkReviewSchema, reviewInBulk } from "@/lib/review/review-in-bulk";
import { appContext } from "@/lib/server/app-context";

// Body: { decision: "approve" | "reject", batchId?, reason?, filter?: ["verdict = pass", …], expectedCount? }.
export const POST = withApi({ role: "reviewer" }, async ({ request, principal }) => {
  const input = bulkReviewSchema.parse(await request.json());
  const { db } = appContext();
  const outcome = await reviewInBulk(db, input, principal.userId);
  await recordAudit(db, { userId: principal.userId, action: `review.bulk_${input.decision}`, targetType: "batch", targetId: input.batchId, details: { reason: input.reason ?? null, filter: (input.filter ?? []).map((f) => `${f.path.join(".")} ${f.operator} ${f.value}`), changed: outcome.changed } });
  return Response.json(outcome);
});
