import { recordAudit } from "@/lib/auth/record-audit";
import { ensureAuthSecret } from "@/lib/auth/ensure-auth-secret";
import { withApi } from "@/lib/http/with-api";
import { appContext } from "@/lib/server/app-context";
import { createWebhook, listWebhooks } from "@/lib/webhooks/manage-webhooks";
import { createWebhookSchema } from "@/lib/webhooks/schemas";

export const GET = withApi({ role: "analyst" }, async () => Response.json({ webhooks: await listWebhooks(appContext().db) }));

// {url, events, description?} → 201 with the endpoint and its signing secret (whsec_…), shown in this answer only.
export const POST = withApi({ role: "analyst" }, async ({ request, principal }) => {
  const { db, config } = appContext();
  const input = createWebhookSchema.parse(await request.json());
  const created = await createWebhook(db, ensureAuthSecret(config), config.WEBHOOK_ALLOWLIST, input, principal.userId);
  await recordAudit(db, { userId: principal.userId, action: "webhook.create", targetType: "webhook", targetId: created.id, details: { url: created.url, events: created.events } });
  return Response.json(created, { status: 201 });
});
