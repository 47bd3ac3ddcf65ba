import { z } from "zod";
import { withApi } from "@/lib/http/with-api";
import { appContext } from "@/lib/server/app-context";
import { listDeliveries } from "@/lib/webhooks/list-deliveries";

const webhookParam = z.object({ id: z.uuid({ message: "is not a valid webhook id" }) });

// The endpoint's newest 50 deliveries with every attempt's status, answer excerpt and error.
export const GET = withApi<{ id: string }>({ role: "analyst" }, async ({ params }) =>
  Response.json(await listDeliveries(appContext().db, webhookParam.parse(params).id), { headers: { "cache-control": "no-store" } }),
);
