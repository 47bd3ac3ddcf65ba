import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { Readable } from "node:stream";
import { AnalysisError } from "../errors";

/**
 * An imported image's bytes, read from its bucket with the storage credentials (no URL fetch: nothing else is reachable).
 * Past maxBytes the read stops and the image fails as too large.
 */
export async function readBucketObject(client: S3Client, bucket: string, key: string, { maxBytes, signal }: { maxBytes: number; signal?: AbortSignal }): Promise<Buffer> {
  const body = await streamBucketObject(client, bucket, key, signal);
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of body) {
    bytes += (chunk as Buffer).length;
    if (bytes > maxBytes) {
      body.destroy();
      throw new AnalysisError("image_too_large", `s3://${bucket}/${key} is over the ${Math.round(maxBytes / 1048576)} MB limit (MAX_UPLOAD_MB).`, { retryable: false });
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function streamBucketObject(client: S3Client, bucket: string, key: string, signal?: AbortSignal): Promise<Readable> {
  try {
    const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
    return answer.Body as Readable;
  } catch (error) {
    const e = error as { name?: string; $metadata?: { httpStatusCode?: number }; message?: string };
    const status = e.$metadata?.httpStatusCode;
    if (e.name === "NoSuchKey" || status === 404) throw new AnalysisError("image_not_found", `s3://${bucket}/${key} is no longer in the bucket.`, { retryable: false });
    if (status === 403) throw new AnalysisError("image_refused", `Loupe's storage credentials may not read s3://${bucket}/${key}.`, { retryable: false, httpStatus: 403 });
    throw new AnalysisError("image_unreachable", `Reading s3://${bucket}/${key} failed: ${e.message ?? String(error)}`, { retryable: true });
  }
}
