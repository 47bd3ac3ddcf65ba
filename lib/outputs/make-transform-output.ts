import { createHash } from "node:crypto";
import type { PrismaClient } from "../db/generated/client";
import { AnalysisError, ANALYSIS_ERROR_CODES, LoupeError, type AnalysisErrorCode } from "../errors";
import type { LoupeStorage } from "../storage";
import { applyOperations, type TransformedImage } from "../transforms/apply-operations";
import { withTransformSlot } from "../transforms/limits";
import { parseOperations } from "../transforms/parse-operations";
import { recordImageOutput } from "./record-image-output";

export interface TransformOutput extends TransformedImage {
  sha256: string;
  outputId: bigint;
}

/** A transform that cannot be applied to this image: the same bytes fail the same way, so it is not retried. */
function transformFailure(error: unknown): AnalysisError {
  if (error instanceof AnalysisError) return error;
  if (error instanceof LoupeError) {
    const code = (ANALYSIS_ERROR_CODES as readonly string[]).includes(error.code) ? (error.code as AnalysisErrorCode) : "transform_failed";
    return new AnalysisError(code, `The transform could not be applied: ${error.message}`, { retryable: false });
  }
  return new AnalysisError("internal", `The transform failed unexpectedly: ${(error as Error)?.message ?? String(error)}`, { retryable: true });
}

/**
 * Runs a transform template's operations on an image (one of TRANSFORM_CONCURRENCY at a time in this process), stores the
 * result content-addressed beside the originals and records it as the image's transform output. Safe to repeat: the
 * bytes land on the same address and the row on the same key.
 */
export async function makeTransformOutput(db: PrismaClient, storage: LoupeStorage, image: { id: bigint; batchId: string }, bytes: Buffer, operations: unknown): Promise<TransformOutput> {
  let result: TransformedImage;
  try {
    result = await withTransformSlot(() => applyOperations(bytes, parseOperations(operations)));
  } catch (error) {
    throw transformFailure(error);
  }
  const sha256 = createHash("sha256").update(result.data).digest("hex");
  await storage.putBuffer(result.data, sha256);
  const outputId = await recordImageOutput(db, {
    imageId: image.id,
    batchId: image.batchId,
    kind: "transform",
    sha256,
    mimeType: result.mimeType,
    bytes: result.data.length,
    width: result.width,
    height: result.height,
  });
  return { ...result, sha256, outputId };
}
