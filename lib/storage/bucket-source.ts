import type { Config } from "../config";
import { badRequest } from "../errors";
import type { S3Settings } from "./s3-client";

/** s3://bucket/prefix/ as a bucket (S3's naming rules) and a key prefix; anything else is refused before any request. */
export function parseBucketSource(source: string): { bucket: string; prefix: string } {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(source.trim());
  if (!match || match[1].includes("..")) {
    throw badRequest("invalid_source", `source must be s3://bucket/prefix/ with a valid bucket name (lower-case letters, digits, dots and hyphens); got "${source.slice(0, 200)}".`);
  }
  return { bucket: match[1], prefix: match[2] ?? "" };
}

/** The s3:// URL an image row keeps for an object of a bucket. */
export const objectUri = (bucket: string, key: string) => `s3://${bucket}/${key}`;

/** s3://bucket/key back to its parts (null for any other URL). */
export function parseObjectUri(uri: string): { bucket: string; key: string } | null {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/.exec(uri);
  return match ? { bucket: match[1], key: match[2] } : null;
}

/**
 * How to reach buckets to import from: the storage's own S3 settings, else S3_ENDPOINT / S3_REGION when set. Reads use
 * the storage credentials against that one endpoint, never a URL from the request, so an import cannot reach other hosts.
 */
export function bucketImportSettings(config: Pick<Config, "storage" | "S3_ENDPOINT" | "S3_REGION" | "S3_FORCE_PATH_STYLE">): S3Settings | null {
  if (config.storage.kind === "s3") return { endpoint: config.storage.endpoint, region: config.storage.region, forcePathStyle: config.storage.forcePathStyle };
  if (!config.S3_ENDPOINT && !config.S3_REGION) return null;
  return { endpoint: config.S3_ENDPOINT, region: config.S3_REGION ?? process.env.AWS_REGION ?? "us-east-1", forcePathStyle: config.S3_FORCE_PATH_STYLE };
}

export function requireBucketImport(config: Parameters<typeof bucketImportSettings>[0]): S3Settings {
  const settings = bucketImportSettings(config);
  if (!settings) throw badRequest("bucket_import_unavailable", "Importing from a bucket needs S3 settings: set STORAGE_URL=s3://… (or S3_ENDPOINT / S3_REGION) and AWS credentials, then restart Loupe.");
  return settings;
}
