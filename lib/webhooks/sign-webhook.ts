import { Webhook } from "standardwebhooks";

/**
 * Standard Webhooks headers for one attempt: webhook-id (the delivery's, the same on every retry), webhook-timestamp
 * (seconds, this attempt's) and webhook-signature `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">` under the
 * secret's bytes (the base64 after whsec_).
 */
export function signWebhook(secret: string, id: string, body: string, at = new Date()) {
  const seconds = Math.floor(at.getTime() / 1000);
  return {
    "webhook-id": id,
    "webhook-timestamp": String(seconds),
    "webhook-signature": new Webhook(secret).sign(id, new Date(seconds * 1000), body),
  };
}
