import { z } from "zod";
import { storableText } from "../validation/storable-text";

const scalar = z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]);

/** One product of seed 003's bulk create: its image URL, optional SKU and category, prices and any other fields. */
export const bulkProductSchema = z
  .object({
    sku: storableText().trim().min(1).max(200).optional().describe("The product's SKU: names its variant files (sku-v1.png…)"),
    name: storableText().trim().max(500).optional(),
    category: storableText().max(500).optional(),
    raw_image: z.string({ message: "raw_image must be the product photo's URL." }).trim().url("raw_image must be an http(s) URL of the product photo.").describe("The product photo's URL (fetched SSRF-safely)"),
    mrp: scalar.optional(),
    price: scalar.optional(),
    discount: scalar.optional(),
    gst: scalar.optional(),
  })
  .catchall(scalar)
  .describe("Any other fields are kept and carried to the exports");

export const bulkProductsSchema = z.object({
  templateId: z.string({ message: "templateId must name an enhance template (GET /api/v1/templates)." }).min(1).describe("An enhance template's id"),
  name: storableText().trim().max(200).optional().describe("The batch's name (default: Products <date>)"),
  products: z.array(bulkProductSchema, { message: "products must be a list of products" }).min(1, "products must hold at least one product.").max(100_000, "At most 100,000 products per request."),
});

export const bulkProductsResponseSchema = z.object({
  batchId: z.string().uuid(),
  created: z.number().int(),
  products: z.array(z.object({ id: z.string(), sku: z.string().nullable(), status: z.literal("pending") })),
});

export const variantReviewSchema = z.object({
  decision: z.enum(["approve", "reject"], { message: 'decision must be "approve" or "reject"' }),
});

export const regenerateSchema = z.object({
  instructions: storableText().trim().min(1).max(5000).optional().describe("An edited instruction for the new variants (left out: the one used last)"),
});
