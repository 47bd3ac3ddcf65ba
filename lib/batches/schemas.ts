import { z } from "zod";
import { storableText } from "../validation/storable-text";

/** Request schemas shared by route handlers and server actions. */
/** A template id, or "local" for the offline analyzer (no Gemini call). */
const templateChoice = z.union([z.uuid(), z.literal("local")]).optional();

export const mappingSchema = z.object({
  url: z.string().min(1, "Choose the column that holds the image URLs."),
  name: z.string().nullish(),
  externalId: z.string().nullish(),
  carry: z.array(z.string()).max(200).default([]),
});

export const createBatchSchema = z.union([
  z.object({
    name: storableText().trim().max(200).optional(),
    urls: z.array(z.string().max(10_000)).min(1, "Add at least one image URL.").max(100_000, "At most 100,000 URLs per request; upload a CSV for more."),
    templateId: templateChoice,
  }),
  z.object({
    name: storableText().trim().max(200).optional(),
    uploadId: z.uuid(),
    mapping: mappingSchema,
    skipDuplicates: z.boolean().default(false),
    templateId: templateChoice,
  }),
  z.object({
    name: storableText().trim().max(200).optional(),
    images: z
      .array(z.object({ sha256: z.string().regex(/^[a-f0-9]{64}$/, "not a stored image"), name: storableText().max(500), bytes: z.number().int().nonnegative().optional(), mimeType: storableText().max(100).optional() }))
      .min(1, "Add at least one image.")
      .max(100_000),
    templateId: templateChoice,
  }),
]);

export const retryFailedSchema = z.object({ errorCode: storableText().max(64).optional() });

export const imageListQuerySchema = z.object({
  after: z.string().regex(/^\d{1,18}$/, "after must be an image id").optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  status: z.enum(["queued", "processing", "succeeded", "failed", "cancelled"]).optional(),
  errorCode: storableText().max(64).optional(),
  reviewStatus: z.enum(["none", "pending_review", "approved", "rejected"]).optional(),
});

export const rerunSchema = z.object({
  templateId: z.string().min(1).max(64).optional(),
  name: storableText().trim().min(1).max(200).optional(),
});
