import path from "node:path";
import type { Config } from "../config";
import type { PrismaClient } from "../db/generated/client";
import { badRequest } from "../errors";
import { objectUri, parseBucketSource, requireBucketImport } from "../storage/bucket-source";
import { listBucketImages } from "../storage/list-bucket-images";
import { s3Client } from "../storage/s3-client";
import { createBatches, type CreateBatchesInput } from "./create-batches";
import type { IngestRow } from "./insert-batch-rows";

/** The listing as ingest rows: the object's s3:// URL, its file name, its key as the external id, its size. */
export async function* bucketRows(keys: AsyncIterable<{ key: string; bytes: number }>, bucket: string, firstRow = 1): AsyncGenerator<IngestRow> {
  let rowNumber = firstRow;
  for await (const { key, bytes } of keys) yield { rowNumber: rowNumber++, url: objectUri(bucket, key), name: path.posix.basename(key), externalId: key, bytes };
}

/**
 * A batch (parts past maxBatchSize) of every image key under s3://bucket/prefix/, streamed from the paginated listing into
 * image rows the way a CSV's rows go in. The images are read later from the bucket with the storage credentials.
 */
export async function createBatchesFromBucket(db: PrismaClient, config: Config, source: string, common: Omit<CreateBatchesInput, "name" | "source" | "rows"> & { name?: string }) {
  const { bucket, prefix } = parseBucketSource(source);
  const client = s3Client(requireBucketImport(config));
  const uri = `s3://${bucket}/${prefix}`;
  try {
    const created = await createBatches(db, { ...common, name: common.name || `${bucket}/${prefix}`.replace(/\/$/, ""), source: "bucket", sourceUri: uri, rows: bucketRows(listBucketImages(client, bucket, prefix), bucket) });
    return { ...created, rejected: 0, issues: [] };
  } catch (error) {
    if ((error as { code?: string }).code === "no_images") throw badRequest("bucket_no_images", `${uri} holds no image keys (.jpg, .jpeg, .png, .webp, .gif, .avif, .tif, .tiff, .heic, .heif).`);
    throw error;
  }
}
