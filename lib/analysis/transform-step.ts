import sharp from "sharp";
import type { PrismaClient } from "../db/generated/client";
import { AnalysisError } from "../errors";
import type { AttemptRecord } from "../gemini/attempt-record";
import type { ClaimedImage } from "../orchestration/claim-image";
import type { SuccessRecord } from "../orchestration/finish-image";
import { makeTransformOutput, type TransformOutput } from "../outputs/make-transform-output";
import type { LoupeStorage } from "../storage";
import { getTemplateVersion } from "../templates/manage-templates";

export interface LoadedImage {
  bytes: Buffer;
  sha256: string;
  mimeType: string | null;
}

/** The operations of a template version when it is a transform's (only those have them), else null. */
export async function transformOperationsOf(db: PrismaClient, versionId: string | null | undefined): Promise<unknown[] | null> {
  if (!versionId) return null;
  const version = await getTemplateVersion(db, versionId);
  return Array.isArray(version.operations) ? version.operations : null;
}

/** A call of this server's own (sharp, Tesseract, the offline analyzer) as an attempt: no key, no tokens. */
export const localAttempt = (startedAt: number, failure?: AnalysisError): AttemptRecord => ({
  keyId: "local", httpStatus: null, errorCode: failure?.code ?? null, errorMessage: failure?.message ?? null, durationMs: Date.now() - startedAt, inputTokens: 0, outputTokens: 0,
});

/** A result made on this server: no tokens, no cost. */
export const localSuccess = (result: unknown, templateVersionId: string | null, loaded: LoadedImage): SuccessRecord => ({
  result, cached: false, inputTokens: 0, outputTokens: 0, costMicros: 0, model: "local", templateVersionId, sha256: loaded.sha256, mimeType: loaded.mimeType, bytes: loaded.bytes.length,
});

/** The image through a transform, its output stored and recorded; a failure is written to the image's attempts. */
export async function runTransformStep(db: PrismaClient, storage: LoupeStorage, image: ClaimedImage, loaded: LoadedImage, operations: unknown[], onAttempt: (attempt: AttemptRecord) => Promise<void>): Promise<TransformOutput> {
  const started = Date.now();
  try {
    return await makeTransformOutput(db, storage, image, loaded.bytes, operations);
  } catch (error) {
    const failure = error instanceof AnalysisError ? error : new AnalysisError("internal", String(error), { retryable: true });
    await onAttempt(localAttempt(started, failure));
    throw failure;
  }
}

/** The original's pixel size (upright, as EXIF orientation shows it): the image row keeps it when a transform runs first. */
export async function originalSize(bytes: Buffer): Promise<{ width: number | null; height: number | null }> {
  const metadata = await sharp(bytes).metadata().catch(() => null);
  return { width: metadata?.autoOrient?.width ?? metadata?.width ?? null, height: metadata?.autoOrient?.height ?? metadata?.height ?? null };
}

/** A transform-only batch's image: the output is the result; the JSON says what was made. */
export async function transformOnly(db: PrismaClient, storage: LoupeStorage, image: ClaimedImage, loaded: LoadedImage, operations: unknown[], onAttempt: (attempt: AttemptRecord) => Promise<void>): Promise<SuccessRecord> {
  const started = Date.now();
  const output = await runTransformStep(db, storage, image, loaded, operations, onAttempt);
  await onAttempt(localAttempt(started));
  const result = { format: output.format, width: output.width, height: output.height, bytes: output.data.length };
  return { ...localSuccess(result, image.templateVersionId, loaded), ...(await originalSize(loaded.bytes)) };
}
