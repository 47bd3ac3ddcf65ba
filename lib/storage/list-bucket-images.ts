import { ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { LoupeError } from "../errors";

// What Loupe can analyse, by the key's extension (an object's type is only known once it is read).
const IMAGE_KEY = /\.(jpe?g|png|webp|gif|avif|tiff?|heic|heif)$/i;

export interface ListedObject {
  key: string;
  bytes: number;
}

const refusal = (error: unknown, bucket: string) => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number }; message?: string };
  const status = e.$metadata?.httpStatusCode;
  if (e.name === "NoSuchBucket" || status === 404) return new LoupeError(400, "bucket_not_found", `The bucket "${bucket}" does not exist (or the storage endpoint does not serve it).`);
  if (e.name === "AccessDenied" || status === 403) return new LoupeError(400, "bucket_access_denied", `Loupe's storage credentials may not list "${bucket}" (s3:ListBucket is needed).`);
  return new LoupeError(502, "bucket_unreachable", `Listing "${bucket}" failed: ${e.message ?? String(error)}`);
};

/**
 * Every image key under the prefix, page by page (1,000 keys a request), in S3's key order. Only one page is held at a
 * time, so a listing of millions of keys streams into batches in flat memory.
 */
export async function* listBucketImages(client: S3Client, bucket: string, prefix: string): AsyncGenerator<ListedObject> {
  let token: string | undefined;
  do {
    let page;
    try {
      page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token, MaxKeys: 1000 }));
    } catch (error) {
      throw refusal(error, bucket);
    }
    for (const object of page.Contents ?? []) {
      if (object.Key && IMAGE_KEY.test(object.Key)) yield { key: object.Key, bytes: object.Size ?? 0 };
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}
