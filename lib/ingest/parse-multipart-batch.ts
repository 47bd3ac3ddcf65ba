import type { z } from "zod";
import { budgetFieldSchema, createBatchSchema, mappingSchema } from "../batches/schemas";
import type { Config } from "../config";
import { badRequest } from "../errors";
import type { LoupeStorage } from "../storage";
import type { StorageQuota } from "../storage/storage-quota";
import { sniffImageType } from "../fetch-image/sniff-image-type";
import { storeCsvUpload } from "./store-csv-upload";
import { storeImageUpload } from "./store-image-upload";

const MB = 1024 * 1024;

/**
 * multipart/form-data for programs: `images` (one or more files) or one `csv` file (with an optional `mapping` JSON field;
 * the suggested mapping otherwise), plus `name`, `templateId`, `skipDuplicates`, `budgetUsd` (a spending cap, e.g. 2.50) and `mode` (interactive | batch | auto). Files go to storage exactly as the upload
 * routes store them; the answer is the JSON body POST /api/v1/batches takes. Large CSVs are better sent to /uploads/csv.
 * Seed 000's spelling is accepted too: `file` (a CSV or an image, told apart by its first bytes), `files` (images) and
 * `batch_name` for `name`.
 */
export async function parseMultipartBatch(form: FormData, context: { config: Config; storage: LoupeStorage; quota: StorageQuota | null }): Promise<z.infer<typeof createBatchSchema>> {
  const { config } = context;
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" && value.trim() ? value.trim() : undefined;
  };
  // A form field is text ("2.50", "$2.50"); checked before any file is stored, so a bad amount costs no upload.
  const budget = text("budgetUsd");
  const { budgetUsd, mode, priority } = budgetFieldSchema.parse({ budgetUsd: budget === undefined ? undefined : Number(budget.replace(/^\$/, "")), mode: text("mode"), priority: text("priority") });
  const common = { name: text("name") ?? text("batch_name"), templateId: text("templateId"), transformTemplateId: text("transformTemplateId"), budgetUsd, mode, priority };
  const { csv, images } = await sortFiles(form);
  if (csv) {
    if (images.length) throw badRequest("mixed_upload", "Send either a csv file or images, not both.");
    const preview = await storeCsvUpload(config, csv.stream(), csv.name || "upload.csv", config.MAX_CSV_MB * MB, context.quota);
    let mapping = preview.suggestedMapping;
    const given = text("mapping");
    if (given) {
      try {
        mapping = mappingSchema.parse(JSON.parse(given));
      } catch {
        throw badRequest("invalid_mapping", 'mapping must be JSON such as {"url":"image_url","name":"sku","carry":[]} naming columns of the CSV.');
      }
    }
    if (!mapping?.url) throw badRequest("no_url_column", `No column of ${csv.name || "the CSV"} looks like image URLs; send a mapping field naming it. Columns: ${preview.columns.join(", ")}.`);
    return createBatchSchema.parse({ ...common, uploadId: preview.uploadId, mapping, skipDuplicates: text("skipDuplicates") === "true" });
  }
  if (images.length === 0) throw badRequest("no_files", "Send image files in an `images` (or `files`) field, or one CSV file in a `csv` (or `file`) field.");
  const stored = [];
  for (const file of images) {
    stored.push(await storeImageUpload(context.storage, file.stream(), file.name || "image", config.MAX_UPLOAD_MB * MB, context.quota));
  }
  return createBatchSchema.parse({ ...common, images: stored.map((image) => ({ sha256: image.sha256, name: image.name, bytes: image.bytes, mimeType: image.mimeType })) });
}

const filesOf = (form: FormData, name: string) => form.getAll(name).filter((value): value is File => typeof value !== "string");

/** `csv` and `images`, with seed 000's `file` (sorted by its first bytes: an image, else a CSV) and `files` (images) added. */
async function sortFiles(form: FormData): Promise<{ csv: File | null; images: File[] }> {
  const images = [...filesOf(form, "images"), ...filesOf(form, "files")];
  const csvs = filesOf(form, "csv");
  for (const file of filesOf(form, "file")) {
    const isImage = sniffImageType(new Uint8Array(await file.slice(0, 32).arrayBuffer())) !== null;
    (isImage ? images : csvs).push(file);
  }
  if (csvs.length > 1) throw badRequest("several_csvs", "Send one CSV file per request (in a `csv` or `file` field); each CSV becomes its own batches.");
  return { csv: csvs[0] ?? null, images };
}
