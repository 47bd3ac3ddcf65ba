import type { PrismaClient } from "../db/generated/client";
import { getWebhook } from "./manage-webhooks";

/** An endpoint's deliveries, newest first, each with every attempt (status, start of the answer, error, time). */
export async function listDeliveries(db: PrismaClient, endpointId: string, limit = 50) {
  await getWebhook(db, endpointId);
  const deliveries = await db.webhookDelivery.findMany({
    where: { endpointId },
    orderBy: { createdAt: "desc" },
    take: limit,
    include: { log: { orderBy: { attemptNo: "asc" } } },
  });
  return {
    deliveries: deliveries.map((d) => ({
      id: d.id,
      eventType: d.eventType,
      status: d.status,
      attempts: d.attempts,
      lastStatusCode: d.lastStatusCode,
      nextAttemptAt: d.status === "pending" ? d.nextAttemptAt : null,
      createdAt: d.createdAt,
      finishedAt: d.finishedAt,
      payload: JSON.parse(d.payload) as unknown,
      log: d.log.map((a) => ({ attempt: a.attemptNo, statusCode: a.statusCode, responseExcerpt: a.responseExcerpt, error: a.error, durationMs: a.durationMs, at: a.createdAt })),
    })),
  };
}
