import { createApiToken, listApiTokens } from "@/lib/auth/manage-api-tokens";
import { recordAudit } from "@/lib/auth/record-audit";
import { requireSession } from "@/lib/auth/require-session";
import { createTokenSchema } from "@/lib/auth/schemas";
import { withApi } from "@/lib/http/with-api";
import { appContext } from "@/lib/server/app-context";

export const GET = withApi({ role: "viewer" }, async ({ principal }) => {
  requireSession(principal);
  return Response.json({ tokens: await listApiTokens(appContext().db, principal.userId) });
});

/** The raw token is in this response only; afterwards only its prefix is shown. */
export const POST = withApi({ role: "viewer" }, async ({ request, principal }) => {
  requireSession(principal);
  const input = createTokenSchema.parse(await request.json());
  const { db } = appContext();
  const token = await createApiToken(db, principal.userId, input);
  await recordAudit(db, { userId: principal.userId, action: "token.create", targetType: "api_token", targetId: token.id, details: { name: token.name, scopes: token.scopes } });
  return Response.json({ token }, { status: 201, headers: { "cache-control": "no-store" } });
});
