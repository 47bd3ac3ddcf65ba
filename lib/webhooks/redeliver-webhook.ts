import type { PrismaClient } from "../db/generated/client";
import { conflict, notFound } from "../errors";

/** Sends a delivery again now, with the same webhook-id and body (receivers that saw it already can tell). */
export async function redeliverWebhook(db: PrismaClient, endpointId: string, deliveryId: string) {
  const delivery = await db.webhookDelivery.findFirst({ where: { id: deliveryId, endpointId }, select: { status: true } });
  if (!delivery) throw notFound("That delivery");
  if (delivery.status === "delivering") throw conflict("delivery_in_progress", "This delivery is being sent right now; look at its log in a few seconds.");
  await db.webhookDelivery.update({ where: { id: deliveryId }, data: { status: "pending", nextAttemptAt: new Date(), enqueuedAt: null, finishedAt: null } });
  return { id: deliveryId, status: "pending" };
}
