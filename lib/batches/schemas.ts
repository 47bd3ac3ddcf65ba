import { z } from "zod";
import { fieldFiltersSchema } from "../results/parse-field-filter";
import { storableText } from "../validation/storable-text";

/** Request schemas shared by route handlers and server actions. */
/** A template id, or "local" for the offline analyzer (no Gemini call). */
const templateChoice = z.union([z.uuid(), z.literal("local")]).optional();

const BUDGET_MESSAGE = "must be an amount of US dollars such as 25 or 2.50";
/** A spending cap in US dollars: what the batch (a split upload: all its parts together) may spend on Gemini at most. */
export const budgetUsd = z
  .number({ message: BUDGET_MESSAGE })
  .finite({ message: BUDGET_MESSAGE })
  .min(0.000001, { message: "must be more than $0 (leave it out for no cap)" })
  .max(1_000_000, { message: "must be at most $1,000,000" })
  .describe("Spending cap in US dollars: Gemini calls stop (the batch pauses, \"budget reached\") before spending more. A CSV split into parts: the cap is for the whole upload, shared by its parts.");
const optionalBudget = budgetUsd.nullish();

export const mappingSchema = z.object({
  url: z.string().min(1, "Choose the column that holds the image URLs."),
  name: z.string().nullish(),
  externalId: z.string().nullish(),
  carry: z.array(z.string()).max(200).default([]),
  // Checked where it is used (lib/ingest/feed-rows.ts): a wrong value inside the input union would only say "Invalid input".
  feed: z
    .string()
    .max(40)
    .nullish()
    .describe("A commerce feed: shopify (a product export, image rows grouped by Handle) or merchant (a Google Merchant feed: image_link and additional_image_link): every image becomes an image with its product's id, title and position. Suggested by the upload's preview."),
});

const batchInputSchema = z.union([
  z.object({
    name: storableText().trim().max(200).optional(),
    source: z
      .string()
      .max(1100)
      .regex(/^s3:\/\//, "source must be an s3://bucket/prefix/ URL")
      .describe("A bucket prefix to import (s3://bucket/prefix/): every image key under it becomes an image, read with Loupe's storage credentials."),
    templateId: templateChoice,
  }),
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

/**
 * POST /api/v1/batches: one of the three inputs, and an optional spending cap and execution mode. The cap is checked beside the union, not in
 * each branch, so a bad amount is named ("budgetUsd: …") instead of failing every branch as "Invalid input".
 */
export const batchPriority = z
  .enum(["high", "normal", "low"], { message: 'priority must be "high", "normal" or "low"' })
  .describe("Its weight when running batches share the workers (high 4, normal 2, low 1; people share equally first). Default normal.");

export const budgetFieldSchema = z.object({
  budgetUsd: optionalBudget,
  priority: batchPriority.optional(),
  mode: z
    .enum(["interactive", "batch", "auto"], { message: 'mode must be "interactive", "batch" (Gemini Batch API: half price, within 24 h) or "auto"' })
    .optional()
    .describe("How images reach Gemini: interactive calls, the Gemini Batch API (half price, results within 24 h), or auto (the Batch API when interactive calls would take too long or need more than a day's quota). Default: GEMINI_DEFAULT_MODE."),
  transformTemplateId: z
    .uuid({ message: "transformTemplateId must be a transform template's id" })
    .optional()
    .describe("A transform template run on each image before the analysis template: the model sees the transformed image, which is also stored as the image's output. The batch runs interactively."),
});
export const createBatchSchema = budgetFieldSchema.and(batchInputSchema);

/** PATCH /api/v1/batches/{id}: set, raise or (null) remove the spending cap. */
export const updateBatchSchema = z.strictObject({ budgetUsd: budgetUsd.nullable() }, { message: 'send {"budgetUsd": <US dollars, or null for no cap>}' });

/** PATCH /api/v1/batches/{id} with {"priority": …}: the batch's (a part's: its upload's) share of the workers from now on. */
export const updatePrioritySchema = z.strictObject({ priority: batchPriority }, { message: 'send {"priority": "high" | "normal" | "low"}' });

export const retryFailedSchema = z.object({ errorCode: storableText().max(64).optional() });

const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export const imageListQuerySchema = z.object({
  after: z
    .string()
    .regex(/^(\d{1,18}|s\.[A-Za-z0-9_-]{1,4000})$/, "after must be an image id, or the nextCursor of the previous page")
    .optional()
    .describe("The previous page's nextCursor"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  status: z.enum(["queued", "processing", "succeeded", "failed", "cancelled"]).optional(),
  errorCode: storableText().max(64).optional(),
  reviewStatus: z.enum(["none", "pending_review", "approved", "rejected"]).optional(),
  filter: fieldFiltersSchema,
  sort: z.string().max(200).regex(FIELD_PATH, "sort must be a field of the result, such as confidence or box.label").optional().describe("A field of the result to sort by (numbers as numbers); images without it are left out"),
  order: z.enum(["asc", "desc"], { message: 'order must be "asc" or "desc"' }).default("asc"),
});

export const rerunSchema = z.object({
  templateId: z.string().min(1).max(64).optional(),
  name: storableText().trim().min(1).max(200).optional(),
});
