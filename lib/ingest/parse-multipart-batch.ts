import path from "node:path";
import { Readable } from "node:stream";
import type { z } from "zod";
import { budgetFieldSchema, createBatchSchema, mappingSchema } from "../batches/schemas";
import type { Config } from "../config";
import { badRequest } from "../errors";
import { sniffImageType } from "../fetch-image/sniff-image-type";
import { streamMultipart } from "../http/stream-multipart";
import type { LoupeStorage } from "../storage";
import type { StorageQuota } from "../storage/storage-quota";
import { discardCsvUpload, storeCsvUpload } from "./store-csv-upload";
import { storeImageUpload } from "./store-image-upload";
import { storeZipUpload, zipLimits } from "./store-zip-upload";

const MB = 1024 * 1024;
const HINT = "send image files in an `images` field, a ZIP of images in `zip`, or one CSV in `csv`";

type CreateBatchRequest = z.infer<typeof createBatchSchema>;
type StoredImage = Awaited<ReturnType<typeof storeImageUpload>>;
type FileKind = "image" | "csv" | "zip";

/** A form's batch request, and the files (ZIP entries) that were refused while the rest went on. */
export interface MultipartBatch {
  body: CreateBatchRequest;
  refusedFiles: { name: string; code: string; message: string }[];
}

/**
 * multipart/form-data for programs: `images` (one or more files, a ZIP among them is unpacked), `zip` (ZIPs of images) or
 * one `csv` file (with an optional `mapping` JSON field; the suggested mapping otherwise), plus `name`, `templateId`,
 * `skipDuplicates`, `budgetUsd` (a spending cap, e.g. 2.50), `mode` (interactive | batch | auto) and `priority`.
 * Seed 000's spelling is accepted too: `file` (an image, a ZIP or a CSV, told apart by its first bytes), `files` (images)
 * and `batch_name` for `name`.
 * The body is read as a stream: each file goes to storage as it arrives (exactly as the upload routes store them), so no
 * file is ever whole in memory. Text fields sent before the files are checked before a byte is stored; ones sent after
 * them are checked at the end (a CSV stored for a refused request is removed again).
 */
export async function parseMultipartBatch(request: Request, context: { config: Config; storage: LoupeStorage; quota: StorageQuota | null }): Promise<MultipartBatch> {
  const { config } = context;
  const fields = new Map<string, string>();
  const images: StoredImage[] = [];
  const refusedFiles: MultipartBatch["refusedFiles"] = [];
  let csv: { fileName: string; preview: Awaited<ReturnType<typeof storeCsvUpload>> } | null = null;
  try {
    for await (const part of streamMultipart(request, { hint: HINT })) {
      if (part.kind === "field") {
        if (!fields.has(part.name)) fields.set(part.name, part.value); // the first, as FormData.get answers
        continue;
      }
      if (!FILE_FIELDS.has(part.name)) continue;
      commonFields(fields); // a bad amount or mode sent before the files costs no upload
      const { head, stream } = await peek(part.stream, 32);
      const kind = fileKind(part.name, head, part.fileName, part.mimeType);
      if (kind === "csv") {
        if (csv) throw badRequest("several_csvs", "Send one CSV file per request (in a `csv` or `file` field); each CSV becomes its own batches.");
        if (images.length || refusedFiles.length) throw mixedUpload();
        csv = { fileName: part.fileName, preview: await storeCsvUpload(config, stream, part.fileName || "upload.csv", config.MAX_CSV_MB * MB, context.quota) };
      } else if (csv) {
        throw mixedUpload();
      } else if (kind === "zip") {
        const unpacked = await storeZipUpload(context.storage, path.join(config.dataDir, "tmp"), stream, part.fileName || "images.zip", zipLimits(config, context.quota));
        images.push(...unpacked.accepted);
        refusedFiles.push(...unpacked.rejected);
      } else {
        images.push(await storeImageUpload(context.storage, stream, part.fileName || "image", config.MAX_UPLOAD_MB * MB, context.quota));
      }
    }
    const common = commonFields(fields);
    if (csv) return { body: csvBatch(csv.fileName, csv.preview, fields, common), refusedFiles };
    if (images.length === 0 && refusedFiles.length) {
      throw badRequest("no_usable_images", `None of the files holds an image Loupe can use; the first: ${refusedFiles[0].message}`, { refusedFiles: refusedFiles.slice(0, 50) });
    }
    if (images.length === 0) throw badRequest("no_files", "Send image files in an `images` (or `files`) field, a ZIP of images in `zip`, or one CSV file in a `csv` (or `file`) field.");
    return { body: createBatchSchema.parse({ ...common, images: images.map((image) => ({ sha256: image.sha256, name: image.name, bytes: image.bytes, mimeType: image.mimeType })) }), refusedFiles };
  } catch (error) {
    if (csv) await discardCsvUpload(config, csv.preview.uploadId);
    throw error;
  }
}

const FILE_FIELDS = new Set(["images", "files", "file", "csv", "zip"]);

const mixedUpload = () => badRequest("mixed_upload", "Send either a csv file or images, not both.");

const text = (fields: Map<string, string>, name: string) => fields.get(name)?.trim() || undefined;

/** The fields every kind of form takes; a form field is text ("2.50", "$2.50"). */
function commonFields(fields: Map<string, string>) {
  const budget = text(fields, "budgetUsd");
  const { budgetUsd, mode, priority } = budgetFieldSchema.parse({ budgetUsd: budget === undefined ? undefined : Number(budget.replace(/^\$/, "")), mode: text(fields, "mode"), priority: text(fields, "priority") });
  return { name: text(fields, "name") ?? text(fields, "batch_name"), templateId: text(fields, "templateId"), transformTemplateId: text(fields, "transformTemplateId"), budgetUsd, mode, priority };
}

function csvBatch(fileName: string, preview: Awaited<ReturnType<typeof storeCsvUpload>>, fields: Map<string, string>, common: ReturnType<typeof commonFields>): CreateBatchRequest {
  let mapping = preview.suggestedMapping;
  const given = text(fields, "mapping");
  if (given) {
    try {
      mapping = mappingSchema.parse(JSON.parse(given));
    } catch {
      throw badRequest("invalid_mapping", 'mapping must be JSON such as {"url":"image_url","name":"sku","carry":[]} naming columns of the CSV.');
    }
  }
  if (!mapping?.url) throw badRequest("no_url_column", `No column of ${fileName || "the CSV"} looks like image URLs; send a mapping field naming it. Columns: ${preview.columns.join(", ")}.`);
  return createBatchSchema.parse({ ...common, uploadId: preview.uploadId, mapping, skipDuplicates: text(fields, "skipDuplicates") === "true" });
}

const ZIP_MAGIC = [Buffer.from("PK\x03\x04", "latin1"), Buffer.from("PK\x05\x06", "latin1")];
const ZIP_TYPES = new Set(["application/zip", "application/x-zip-compressed", "application/x-zip"]);

/** A ZIP by its first bytes, or by its name or type (then a damaged one is told so, not read as a CSV). */
function isZip(head: Buffer, fileName: string, mimeType: string) {
  return ZIP_MAGIC.some((magic) => head.subarray(0, 4).equals(magic)) || /\.zip$/i.test(fileName) || ZIP_TYPES.has(mimeType.toLowerCase());
}

/** `csv` is a CSV and `zip` a ZIP; any other file is an image by its bytes, else a ZIP (bytes, name or type), else an image (`images`, `files`: refused as one if it is not) or a CSV (seed 000's `file`). */
function fileKind(field: string, head: Buffer, fileName: string, mimeType: string): FileKind {
  if (field === "csv") return "csv";
  if (field === "zip") return "zip";
  if (sniffImageType(new Uint8Array(head)) !== null) return "image";
  if (isZip(head, fileName, mimeType)) return "zip";
  return field === "file" ? "csv" : "image";
}

/** The first `bytes` of a stream, and the whole stream again (those bytes put back in front). */
async function peek(source: Readable, bytes: number): Promise<{ head: Buffer; stream: Readable }> {
  const iterator = (source as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let size = 0;
  let ended = false;
  while (size < bytes) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    chunks.push(next.value);
    size += next.value.length;
  }
  const head = Buffer.concat(chunks);
  async function* whole() {
    try {
      if (head.length) yield head;
      while (!ended) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      await iterator.return?.();
    }
  }
  return { head, stream: Readable.from(whole(), { objectMode: false }) };
}
