import { z } from "zod";
import { fieldFiltersSchema } from "../results/parse-field-filter";
import { storableText } from "../validation/storable-text";

const flag = z.enum(["1", "0", "true", "false"]).optional().transform((value) => value === "1" || value === "true");

export const exportQuerySchema = z.object({
  format: z.enum(["csv", "json", "jsonl", "xlsx"], { message: "format must be csv, json, jsonl or xlsx" }),
  status: z.enum(["queued", "processing", "succeeded", "failed", "cancelled"]).optional(),
  reviewStatus: z.enum(["none", "pending_review", "approved", "rejected"]).optional(),
  errorCode: storableText().max(64).optional(),
  from: z.coerce.date({ message: "from must be a date (YYYY-MM-DD)" }).optional(),
  to: z.coerce.date({ message: "to must be a date (YYYY-MM-DD)" }).optional(),
  filter: fieldFiltersSchema,
  raw: flag,
  bom: flag,
});

const resultFieldName = z.string().regex(/^[\w .-]{1,100}$/, { message: "must name a result field (letters, digits, _ . - and spaces)" });

/**
 * GET /batches/{id}/export: the results in a format above; format=zip, the batch's image outputs as one ZIP; or a commerce
 * feed (shopify, merchant) that fills chosen columns from result fields.
 */
export const batchExportQuerySchema = exportQuerySchema.extend({
  format: z.enum(["csv", "json", "jsonl", "xlsx", "zip", "shopify", "merchant"], { message: "format must be csv, json, jsonl, xlsx, zip (the batch's image outputs), shopify or merchant" }),
  variants: z
    .enum(["approved", "pending", "rejected", "all"], { message: "variants must be approved, pending, rejected or all" })
    .optional()
    .describe("With format=zip: an enhance batch's variants with this review verdict only (approved: what a person approved)"),
  // format=shopify: the result fields that fill Image Alt Text and (optionally) SEO Title / SEO Description.
  altText: resultFieldName.optional(),
  seoTitle: resultFieldName.optional(),
  seoDescription: resultFieldName.optional(),
  // format=merchant: attribute:field pairs.
  fields: z
    .string()
    .max(2000)
    .regex(/^[a-z][a-z0-9_]{0,49}:[\w .-]{1,100}(,[a-z][a-z0-9_]{0,49}:[\w .-]{1,100})*$/, { message: "fields must be attribute:field pairs separated by commas, e.g. description:caption,color:main_color" })
    .optional(),
});
