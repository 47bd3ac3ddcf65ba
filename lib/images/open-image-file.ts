import { Readable } from "node:stream";
import type { Config } from "../config";
import { uploadsStorage } from "../storage";
import { bucketImportSettings, parseObjectUri } from "../storage/bucket-source";
import { streamBucketObject } from "../storage/read-bucket-object";
import { s3Client } from "../storage/s3-client";

/** An image's original as a web stream: from storage by content, else (an imported object) from its bucket; null if neither has it. */
export async function openImageFile(config: Config, image: { sha256: string | null; sourceUrl: string | null }): Promise<ReadableStream | null> {
  const stored = image.sha256 ? await uploadsStorage(config).stream(image.sha256).catch(() => null) : null;
  if (stored) return Readable.toWeb(stored) as ReadableStream;
  const object = image.sourceUrl ? parseObjectUri(image.sourceUrl) : null;
  const settings = object ? bucketImportSettings(config) : null;
  if (!object || !settings) return null;
  const body = await streamBucketObject(s3Client(settings), object.bucket, object.key).catch(() => null);
  return body ? (Readable.toWeb(body) as ReadableStream) : null;
}
