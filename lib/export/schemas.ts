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

/** GET /batches/{id}/export: the results in a format above, or format=zip, the batch's image outputs as one ZIP. */
export const batchExportQuerySchema = exportQuerySchema.extend({
  format: z.enum(["csv", "json", "jsonl", "xlsx", "zip"], { message: "format must be csv, json, jsonl, xlsx or zip (the batch's image outputs)" }),
  variants: z
    .enum(["approved", "pending", "rejected", "all"], { message: "variants must be approved, pending, rejected or all" })
    .optional()
    .describe("With format=zip: an enhance batch's variants with this review verdict only (approved: what a person approved)"),
});
