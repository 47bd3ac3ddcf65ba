import type { PrismaClient } from "../db/generated/client";
import { conflict, LoupeError, notFound } from "../errors";
import { countBatchOutputs, listBatchOutputs, type BatchOutputRow, type OutputFilter } from "../outputs/list-batch-outputs";
import { outputFileName, UniqueNames } from "../outputs/output-file-name";
import type { LoupeStorage } from "../storage";
import { batchFileSlug } from "./export-batch";
import { csvLine, exportStream } from "./write-export";
import { ZipWriter } from "./zip-writer";

// A ZIP without ZIP64 holds at most 65,535 entries: the outputs and the manifest.
const MAX_ENTRIES = 65_535 - 1;
// Formats that are compressed already: deflating them again costs most of a ZIP's CPU time and saves next to nothing.
const COMPRESSED_IMAGE = /^image\/(jpeg|png|webp|avif|gif)$/;
const MANIFEST_HEADER = ["file", "image_id", "name", "external_id", "kind", "variant", "width", "height", "bytes", "mime_type", "sha256", "note"];

function manifestLine(file: string, row: BatchOutputRow, note = "") {
  return csvLine([file, row.imageId.toString(), row.name, row.externalId, row.kind, row.kind === "variant" ? row.position : null, row.width, row.height, row.bytes, row.mimeType, row.sha256, note]);
}

/**
 * A batch's outputs (a parent: every part's) as a streamed ZIP: one file per output, named after the image (its external
 * id or name; deduplicated, safe on every system), read from storage one at a time as fast as the client takes the bytes,
 * and manifest.csv mapping each file to its image. Nothing is buffered whole. `variants` keeps an enhance batch's
 * variants with that review verdict only (variants=approved: exactly what a person approved), or "all" of them.
 */
export async function exportOutputsZip(db: PrismaClient, storage: LoupeStorage, batchId: string, now = new Date(), options: { variants?: "approved" | "pending" | "rejected" | "all" } = {}) {
  const batch = await db.batch.findUnique({ where: { id: batchId } });
  if (!batch) throw notFound("That batch");
  const parts = batch.kind === "parent" ? await db.batch.findMany({ where: { parentBatchId: batch.id }, orderBy: { sequence: "asc" }, select: { id: true } }) : [batch];
  const batchIds = parts.map((part) => part.id);
  const filter: OutputFilter = options.variants ? { kinds: ["variant"], reviewStatus: options.variants === "all" ? null : options.variants } : {};
  const count = await countBatchOutputs(db, batchIds, filter);
  if (count === 0 && options.variants) throw conflict("no_variants", `This batch has no ${options.variants === "all" ? "" : `${options.variants} `}variants yet: a ZIP with variants=${options.variants} holds the enhance template's variants${options.variants === "approved" ? " a person approved (review them first)" : ""}.`);
  if (count === 0) throw conflict("no_outputs", "This batch has no image outputs yet: a ZIP holds what a transform or enhance template made. Export the results as CSV, JSON or Excel instead.");
  if (count > MAX_ENTRIES) throw new LoupeError(413, "zip_too_many_files", `This batch has ${count.toLocaleString("en")} outputs; one ZIP holds at most ${MAX_ENTRIES.toLocaleString("en")}. Download its parts one by one.`);

  const output = exportStream();
  const write = async () => {
    const zip = new ZipWriter(output);
    const names = new UniqueNames();
    let manifest = csvLine(MANIFEST_HEADER);
    for await (const rows of listBatchOutputs(db, batchIds, filter)) {
      for (const row of rows) {
        const source = await storage.stream(row.sha256).catch(() => null);
        if (!source) {
          manifest += manifestLine("", row, "missing from storage");
          continue;
        }
        const file = names.take(outputFileName({ id: row.imageId, name: row.name, externalId: row.externalId }, row.mimeType, row.kind === "variant" ? row.position : 0));
        await zip.add(file, source, { level: COMPRESSED_IMAGE.test(row.mimeType) ? 0 : undefined });
        manifest += manifestLine(file, row);
      }
    }
    await zip.add(names.take("manifest.csv"), [manifest]);
    await zip.finish();
  };
  write().catch((error) => output.destroy(error));
  return { stream: output, contentType: "application/zip", fileName: `${batchFileSlug(batch.name)}-${options.variants ? `variants-${options.variants}` : "outputs"}-${now.toISOString().slice(0, 10)}.zip` };
}
