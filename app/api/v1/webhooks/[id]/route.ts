import { recordAudit } from "@/lib/auth/record-audit";
import { withApi } from "@/lib/http/with-api";
import { appContext } from "@/lib/server/app-context";
import { deleteWebhook, getWebhook, updateWebhook } from "@/lib/webhooks/manage-webhooks";
import { updateWebhookSchema } from "@/lib/webhooks/schemas";
import { z } from "zod";

const webhookParam = z.object({ id: z.uuid({ message: "is not a valid webhook id" }) });

export const GET = withApi<{ id: string }>({ role: "analyst" }, async ({ params }) => Response.json(await getWebhook(appContext().db, webhookParam.parse(params).id)));

// {url?, events?, description?, enabled?}: the secret stays as it is.
export const PATCH = withApi<{ id: string }>({ role: "analyst" }, async ({ params, request, principal }) => {
  const { id } = webhookParam.parse(params);
  const { db, config } = appContext();
  const updated = await updateWebhook(db, config.WEBHOOK_ALLOWLIST, id, updateWebhookSchema.parse(await request.json()));
  await recordAudit(db, { userId: principal.userId, action: "webhook.update", targetType: "webhook", targetId: id, details: { url: updated.url, events: updated.events, enabled: updated.enabled } });
  return Response.json(updated);
});

export const DELETE = withApi<{ id: string }>({ role: "analyst" }, async ({ params, principal }) => {
  const { id } = webhookParam.parse(params);
  const { db } = appContext();
  const deleted = await deleteWebhook(db, id);
  await recordAudit(db, { userId: principal.userId, action: "webhook.delete", targetType: "webhook", targetId: id });
  return Response.json(deleted);
});
