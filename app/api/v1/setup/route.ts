import { createFirstAdmin } from "@/lib/auth/manage-users";
import { recordAudit } from "@/lib/auth/record-audit";
import { setupSchema } from "@/lib/auth/schemas";
import { withPublicApi } from "@/lib/http/with-api";
import { appContext } from "@/lib/server/app-context";

/** First run only: creates the first admin when there is no user at all; afterwards 409. */
export const POST = withPublicApi(async ({ request }) => {
  const input = setupSchema.parse(await request.json());
  const { db } = appContext();
  const user = await createFirstAdmin(db, input);
  await recordAudit(db, { userId: user.id, action: "setup.first_admin", targetType: "user", targetId: user.id });
  return Response.json({ user }, { status: 201 });
});
