import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { badRequest, LoupeError } from "../errors";
import { looksLikeXml, merchantXmlToCsv } from "./merchant-xml-to-csv";
import { previewCsv } from "./read-csv";
import { suggestMapping } from "./suggest-mapping";
import { csvUploadKey, uploadMetaKey } from "./upload-paths";
import { uploadsStorage, type StorageConfig } from "../storage";
import { isDiskFull, remainingQuota, storageFullError, type StorageQuota } from "../storage/storage-quota";

/**
 * Streams an uploaded CSV/TSV (a raw body or a multipart file part) to DATA_DIR/csv (never whole in memory), previews it, and keeps it in storage (on S3 the
 * local file moves to the bucket, so any machine can create the batches). Answers the preview for column mapping.
 * Past the storage quota (or on a full disk) nothing is kept and the answer is 507.
 */
export async function storeCsvUpload(config: string | StorageConfig, body: ReadableStream<Uint8Array> | Readable | null, fileName: string, maxBytes: number, quota?: StorageQuota | null) {
  if (!body) throw badRequest("csv_empty", "The file is empty.");
  const settings = typeof config === "string" ? { dataDir: config } : config;
  const { dataDir } = settings;
  const storage = uploadsStorage(settings);
  const room = await remainingQuota(quota);
  const uploadId = randomUUID();
  const file = path.join(dataDir, "csv", `${uploadId}.csv`);
  await mkdir(path.dirname(file), { recursive: true });
  let bytes = 0;
  try {
    await pipeline(
      body instanceof Readable ? body : Readable.fromWeb(body as import("node:stream/web").ReadableStream<Uint8Array>),
      async function* (chunks: AsyncIterable<Uint8Array>) {
        for await (const chunk of chunks) {
          bytes += chunk.length;
          if (bytes > maxBytes) throw new LoupeError(413, "csv_too_large", `The file is over the ${Math.round(maxBytes / 1048576)} MB limit (MAX_CSV_MB).`);
          if (bytes > room) throw storageFullError();
          yield chunk;
        }
      },
      createWriteStream(file),
    );
    if (bytes === 0) throw badRequest("csv_empty", "The file is empty.");
    if (await looksLikeXml(file)) await merchantXmlToCsv(file); // a Merchant feed in XML: its products as a TSV
    const preview = await previewCsv(file);
    if (preview.rows.length === 0) throw badRequest("csv_no_rows", "The file has a header but no data rows.");
    await storage.putFile(uploadMetaKey(uploadId), Buffer.from(JSON.stringify({ fileName, bytes })));
    await storage.moveFileIn(csvUploadKey(uploadId), file);
    return {
      uploadId,
      fileName,
      bytes,
      delimiter: preview.format.delimiter,
      encoding: preview.format.encoding,
      columns: preview.columns,
      rows: preview.rows,
      suggestedMapping: suggestMapping(preview.columns, preview.rows),
    };
  } catch (error) {
    await rm(file, { force: true });
    throw isDiskFull(error) ? storageFullError() : error;
  }
}

/** Removes an upload nothing will use (its request was refused after the file was stored). */
export async function discardCsvUpload(config: string | StorageConfig, uploadId: string) {
  const storage = uploadsStorage(typeof config === "string" ? { dataDir: config } : config);
  await Promise.all([storage.deleteFile(csvUploadKey(uploadId)), storage.deleteFile(uploadMetaKey(uploadId))]).catch(() => {});
}
