import { randomBytes } from "node:crypto";
import type { PrismaClient } from "../db/generated/client";
import { badRequest, notFound } from "../errors";
import { encryptSecret } from "../gemini/key-crypto";
import { checkWebhookUrl, WebhookUrlRefused } from "./check-webhook-url";
import type { CreateWebhookInput, UpdateWebhookInput } from "./schemas";

const select = { id: true, url: true, events: true, description: true, enabled: true, createdAt: true, updatedAt: true } as const;

/** A private or reserved target is refused now; a host that does not resolve yet is accepted (each delivery checks again). */
async function refusePrivate(url: string, allowlist: string) {
  try {
    await checkWebhookUrl(url, allowlist);
  } catch (error) {
    if (error instanceof WebhookUrlRefused) throw badRequest("webhook_url_refused", error.message);
  }
}

/** A new endpoint with its signing secret (whsec_ + 24 random bytes, base64): the secret is in this answer only. */
export async function createWebhook(db: PrismaClient, authSecret: string, allowlist: string, input: CreateWebhookInput, createdById: string | null) {
  await refusePrivate(input.url, allowlist);
  const secret = `whsec_${randomBytes(24).toString("base64")}`;
  const endpoint = await db.webhookEndpoint.create({
    data: { url: input.url, events: input.events, description: input.description ?? null, sealedSecret: encryptSecret(authSecret, secret), createdById },
    select,
  });
  return { ...endpoint, secret };
}

export const listWebhooks = (db: PrismaClient) => db.webhookEndpoint.findMany({ orderBy: { createdAt: "desc" }, select });

export async function getWebhook(db: PrismaClient, id: string) {
  const endpoint = await db.webhookEndpoint.findUnique({ where: { id }, select });
  if (!endpoint) throw notFound("That webhook");
  return endpoint;
}

export async function updateWebhook(db: PrismaClient, allowlist: string, id: string, input: UpdateWebhookInput) {
  await getWebhook(db, id);
  if (input.url) await refusePrivate(input.url, allowlist);
  return db.webhookEndpoint.update({ where: { id }, data: { ...input, updatedAt: new Date() }, select });
}

/** Deletes the endpoint with its deliveries and their log; pending retries stop. */
export async function deleteWebhook(db: PrismaClient, id: string) {
  await getWebhook(db, id);
  await db.webhookEndpoint.delete({ where: { id } });
  return { id, deleted: true };
}
