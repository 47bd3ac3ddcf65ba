import { z } from "zod";
import { withApi } from "@/lib/http/with-api";
import { appContext } from "@/lib/server/app-context";
import { redeliverWebhook } from "@/lib/webhooks/redeliver-webhook";

const params = z.object({ id: z.uuid({ message: "is not a valid webhook id" }), deliveryId: z.string().regex(/^msg_\w+$/, "is not a delivery id (msg_…)") });

// Sends the delivery again within a tick (same webhook-id and body).
export const POST = withApi<{ id: string; deliveryId: string }>({ role: "analyst" }, async ({ params: raw }) => {
  const { id, deliveryId } = params.parse(raw);
  return Response.json(await redeliverWebhook(appContext().db, id, deliveryId), { status: 202 });
});
