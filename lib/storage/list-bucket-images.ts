import { ListObjectsV2Command, type ListObjectsV2CommandOutput, type S3Client } from "@aws-sdk/client-s3";
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
 * Every image key under the prefix, page by page (1,000 keys a request), in S3's key order. The next page is asked for
 * as soon as a page arrives, so the server's listing and the caller's inserts overlap; at most two pages are held, so a
 * listing of millions of keys streams into batches in flat memory.
 */
export async function* listBucketImages(client: S3Client, bucket: string, prefix: string): AsyncGenerator<ListedObject> {
  const fetchPage = (token: string | undefined): Promise<ListObjectsV2CommandOutput> =>
    client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token, MaxKeys: 1000 })).catch((error: unknown) => Promise.reject(refusal(error, bucket)));
  let next: Promise<ListObjectsV2CommandOutput> | null = fetchPage(undefined);
  while (next) {
    const page: ListObjectsV2CommandOutput = await next;
    const token: string | undefined = page.IsTruncated ? page.NextContinuationToken : undefined;
    next = token ? fetchPage(token) : null;
    // A consumer that stops early must not leave the prefetched request's failure unhandled.
    next?.catch(() => {});
    for (const object of page.Contents ?? []) {
      if (object.Key && IMAGE_KEY.test(object.Key)) yield { key: object.Key, bytes: object.Size ?? 0 };
    }
  }
}
