import { Readable } from "node:stream";
import { AnalysisError, LoupeError, badRequest } from "../errors";
import { openImage } from "../images/open-image";
import { sniffImageType } from "../fetch-image/sniff-image-type";
import { StorageLimitError, type LoupeStorage } from "../storage";
import { isDiskFull, remainingQuota, storageFullError, type StorageQuota } from "../storage/storage-quota";

/**
 * Streams one uploaded image into content-addressed storage, then checks it really is an image sharp can read.
 * Past the storage quota (or on a full disk) nothing is kept and the answer is 507.
 */
export async function storeImageUpload(storage: LoupeStorage, body: ReadableStream<Uint8Array> | Readable | null, fileName: string, maxBytes: number, quota?: StorageQuota | null) {
  if (!body) throw badRequest("image_empty", `${fileName} is empty (0 bytes).`);
  const room = await remainingQuota(quota);
  let stored;
  try {
    stored = await storage.put(body instanceof Readable ? body : Readable.fromWeb(body as import("node:stream/web").ReadableStream<Uint8Array>), { maxBytes: Math.min(maxBytes, room) });
  } catch (error) {
    if (error instanceof StorageLimitError && room < maxBytes) throw storageFullError();
    if (error instanceof StorageLimitError) throw new LoupeError(413, "image_too_large", `${fileName} is over the ${Math.round(maxBytes / 1048576)} MB limit (MAX_UPLOAD_MB).`);
    if (isDiskFull(error)) throw storageFullError();
    throw error;
  }
  if (stored.bytes === 0) throw badRequest("image_empty", `${fileName} is empty (0 bytes).`);
  const bytes = await storage.read(stored.sha256);
  const mimeType = sniffImageType(bytes);
  if (!mimeType) throw badRequest("image_unsupported", `${fileName} is not an image Loupe can read (JPEG, PNG, WebP, GIF, AVIF, TIFF or HEIC).`);
  try {
    const { metadata } = await openImage(bytes);
    return { sha256: stored.sha256, name: fileName, bytes: stored.bytes, mimeType, width: metadata.autoOrient?.width ?? metadata.width ?? null, height: metadata.autoOrient?.height ?? metadata.height ?? null };
  } catch (error) {
    if (error instanceof AnalysisError) throw new LoupeError(error.code === "image_too_large" ? 413 : 400, error.code, `${fileName}: ${error.message}`);
    throw error;
  }
}
