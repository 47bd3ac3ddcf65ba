import { z } from "zod";
import { WEBHOOK_EVENTS } from "../webhooks/schemas";

/**
 * The answers of the calls programs build on, for the OpenAPI document and so the typed client (clients/typescript).
 * Loose objects: an answer may carry more fields than these.
 */
const counts = z.object({ total: z.number(), queued: z.number(), processing: z.number(), succeeded: z.number(), failed: z.number(), cancelled: z.number(), cached: z.number() });

const progressFields = {
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(["single", "parent", "part"]),
  status: z.enum(["draft", "queued", "running", "paused", "completed", "completed_with_errors", "cancelled", "failed"]),
  parentBatchId: z.uuid().nullable(),
  sequence: z.number().nullable(),
  counts,
  percentDone: z.number(),
  imagesPerMinute: z.number(),
  etaSeconds: z.number().nullable(),
  costUsd: z.number(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
};

export const batchProgressResponse = z.looseObject({ ...progressFields, parts: z.array(z.looseObject(progressFields)) });

export const createdBatchesResponse = z.looseObject({
  parentId: z.uuid().nullable(),
  batches: z.array(z.object({ id: z.uuid(), name: z.string(), totalImages: z.number(), sequence: z.number().nullable() })),
  rejected: z.number(),
  refusedFiles: z
    .array(z.object({ name: z.string(), code: z.string(), message: z.string() }))
    .optional()
    .describe("multipart: the ZIP entries refused (unsafe path, too large, not an image…) while the others were kept"),
});

export const templateListResponse = z.object({ templates: z.array(z.looseObject({ id: z.uuid(), name: z.string(), description: z.string().nullable(), builtIn: z.boolean() })) });

export const analyzeResponse = z.looseObject({
  request_id: z.string(),
  timestamp: z.string(),
  detected_objects: z.array(z.object({ object_id: z.string(), name: z.string(), confidence: z.number(), bounding_box: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }) })),
  image_metadata: z.looseObject({ width: z.number(), height: z.number(), format: z.string(), size_bytes: z.number(), color_space: z.string().nullable() }).optional(),
  processing_time_ms: z.number(),
  confidence_threshold: z.union([z.enum(["low", "medium", "high"]), z.number()]),
  total_objects_detected: z.number(),
  result: z.unknown(),
  template: z.object({ id: z.uuid(), name: z.string(), version: z.number() }).nullable(),
  model: z.string(),
  cached: z.boolean(),
  usage: z.object({ input_tokens: z.number(), output_tokens: z.number(), thoughts_tokens: z.number(), cost_usd: z.number() }),
});

const webhook = { id: z.uuid(), url: z.string(), events: z.array(z.enum(WEBHOOK_EVENTS)), description: z.string().nullable(), enabled: z.boolean(), createdAt: z.string(), updatedAt: z.string() };
export const webhookResponse = z.object(webhook);
export const createdWebhookResponse = z.object({ ...webhook, secret: z.string().describe("whsec_…: shown in this answer only") });
export const webhookListResponse = z.object({ webhooks: z.array(webhookResponse) });
