import { createHash } from "node:crypto";
import type { Config } from "../config";
import type { PrismaClient } from "../db/generated/client";
import { AnalysisError } from "../errors";
import { fetchImage } from "../fetch-image/fetch-image";
import { processHostSlots } from "../fetch-image/host-slots";
import { checkHost, recordHostFailure, recordHostSuccess } from "../hosts/host-breaker";
import { hostOfUrl } from "../hosts/host-of-url";
import type { ClaimedImage } from "../orchestration/claim-image";
import type { AttemptRecord } from "../gemini/attempt-record";
import type { LoupeStorage } from "../storage";
import { bucketImportSettings, parseObjectUri } from "../storage/bucket-source";
import { readBucketObject } from "../storage/read-bucket-object";
import { s3Client } from "../storage/s3-client";
import { sniffImageType } from "../fetch-image/sniff-image-type";

const HOST_SLOT_WAIT_MS = 1000;
const HOST_BUSY_RETRY_MS = 2000;

/**
 * The image's bytes: the stored upload; an imported bucket's object, read with the storage credentials (not copied: the
 * viewer reads it from its bucket); or the URL fetched SSRF-safely (and stored by content for the viewer). With the
 * database, URL fetches go through the host breaker (lib/hosts) and FETCH_PER_HOST_CONCURRENCY: an image whose host cools
 * down or is busy throws an AnalysisError with `hostWait` (it waits without using a run, see processImage).
 */
export async function loadImageBytes(image: ClaimedImage, config: Config, storage: LoupeStorage, onAttempt: (a: AttemptRecord) => Promise<void>, signal: AbortSignal, db?: PrismaClient) {
  if (image.sha256 && (await storage.exists(image.sha256))) return { bytes: await storage.read(image.sha256), sha256: image.sha256, mimeType: image.mimeType };
  if (!image.sourceUrl) throw new AnalysisError("image_not_found", "The image file is missing from storage.", { retryable: false });
  const object = parseObjectUri(image.sourceUrl);
  const host = db && !object && /^https?:/i.test(image.sourceUrl) ? hostOfUrl(image.sourceUrl) : null;
  if (host && db) {
    const gate = await checkHost(db, host);
    if (!gate.allowed) {
      throw new AnalysisError("image_unreachable", `The host ${host} is unreachable; its images wait until ${gate.until.toISOString()}.`, { retryable: true, hostWait: { until: gate.until, blocked: true } });
    }
  }
  const release = host ? await processHostSlots(config.FETCH_PER_HOST_CONCURRENCY).acquire(host, HOST_SLOT_WAIT_MS) : () => {};
  if (!release) {
    throw new AnalysisError("image_unreachable", `${config.FETCH_PER_HOST_CONCURRENCY} fetches from ${host} are already running (FETCH_PER_HOST_CONCURRENCY).`, {
      retryable: true,
      hostWait: { until: new Date(Date.now() + HOST_BUSY_RETRY_MS), blocked: false },
    });
  }
  const started = Date.now();
  try {
    if (object) return await readImportedObject(config, object, signal);
    const fetched = await fetchImage(image.sourceUrl, {
      allowlist: config.FETCH_ALLOWLIST,
      maxBytes: config.MAX_UPLOAD_MB * 1024 * 1024,
      totalTimeoutMs: config.FETCH_TIMEOUT_MS,
      connectTimeoutMs: Math.min(10_000, config.FETCH_TIMEOUT_MS),
      signal,
      finalTry: image.attempts >= 2,
    });
    if (host && db) await recordHostSuccess(db, host);
    await storage.putBuffer(fetched.bytes, fetched.sha256);
    return { bytes: fetched.bytes, sha256: fetched.sha256, mimeType: fetched.mimeType };
  } catch (error) {
    const failure = error instanceof AnalysisError ? error : new AnalysisError("image_unreachable", String(error), { retryable: true });
    // Connection failures (DNS, refused, reset, timeout) count towards the host's breaker; an HTTP answer does not.
    if (host && db && failure.code === "image_unreachable" && failure.options.httpStatus === undefined && !signal.aborted) await recordHostFailure(db, host, failure.message);
    await onAttempt({ keyId: null, httpStatus: failure.options.httpStatus ?? null, errorCode: failure.code, errorMessage: failure.message, durationMs: Date.now() - started, inputTokens: 0, outputTokens: 0 });
    throw failure;
  } finally {
    release();
  }
}

async function readImportedObject(config: Config, object: { bucket: string; key: string }, signal: AbortSignal) {
  const settings = bucketImportSettings(config);
  if (!settings) throw new AnalysisError("image_unreachable", "This image was imported from a bucket, and Loupe has no S3 settings now (STORAGE_URL / S3_ENDPOINT).", { retryable: false });
  const bytes = await readBucketObject(s3Client(settings), object.bucket, object.key, { maxBytes: config.MAX_UPLOAD_MB * 1024 * 1024, signal });
  const mimeType = sniffImageType(bytes);
  if (!mimeType) throw new AnalysisError("image_unsupported", `s3://${object.bucket}/${object.key} is not an image Loupe can read.`, { retryable: false });
  return { bytes, sha256: createHash("sha256").update(bytes).digest("hex"), mimeType };
}
