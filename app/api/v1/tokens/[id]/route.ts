import { z } from "zod";
import { revokeApiToken } from "@/lib/auth/manage-api-tokens";
import { recordAudit } from "@/lib/auth/record-audit";
import { requireSession } from "@/lib/auth/require-session";
import { withApi } from "@/lib/http/with-api";
import { appContext } from "@/lib/server/app-context";

const tokenIdParam = z.object({ id: z.uuid({ message: "is not a valid token id" }) });

export const DELETE = withApi<{ id: string }>({ role: "viewer" }, async ({ params, principal }) => {
  requireSession(principal);
  const { id } = tokenIdParam.parse(params);
  const { db } = appContext();
  await revokeApiToken(db, principal.userId, id);
  await recordAudit(db, { userId: principal.userId, action: "token.revoke", targetType: "api_token", targetId: id });
  return Response.json({ revoked: true });
});
