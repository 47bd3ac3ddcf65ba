import { z } from "zod";

/** The events an endpoint may subscribe to. */
export const WEBHOOK_EVENTS = ["batch.completed", "batch.cancelled", "batch.paused", "parent.completed", "export.ready"] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

const events = z
  .array(z.enum(WEBHOOK_EVENTS, { error: `events must name some of ${WEBHOOK_EVENTS.join(", ")}` }), { error: `events must be a list such as ["batch.completed"]` })
  .min(1, "events must name at least one event")
  .transform((list) => [...new Set(list)]);
const url = z.url({ error: "url must be a full http(s) URL such as https://example.com/hooks/loupe" }).max(2000).refine((value) => /^https?:\/\//i.test(value), { error: "url must be an http or https URL" });
const description = z.string().trim().max(200, "description must be at most 200 characters").optional();

export const createWebhookSchema = z.object({ url, events, description });
export const updateWebhookSchema = z
  .object({ url: url.optional(), events: events.optional(), description: description.nullable(), enabled: z.boolean({ error: "enabled must be true or false" }).optional() })
  .partial()
  .refine((body) => Object.keys(body).length > 0, { error: "Send at least one of url, events, description, enabled." });

export type CreateWebhookInput = z.infer<typeof createWebhookSchema>;
export type UpdateWebhookInput = z.infer<typeof updateWebhookSchema>;

/** What a delivery needs from the configuration. */
export interface WebhookSettings {
  authSecret: string;
  retryBaseMs: number;
  timeoutMs: number;
  allowlist: string;
}
