import { Readable } from "node:stream";
import type { Config } from "../config";
import type { PrismaClient } from "../db/generated/client";
import { AnalysisError } from "../errors";
import { fetchImage } from "../fetch-image/fetch-image";
import type { ImageAnalyzer } from "../orchestration/process-image";
import { uploadsStorage } from "../storage/local-storage";
import { analyzeLocally } from "./analyze-locally";

/**
 * The analyzer the workers run: load the image (stored upload, or the URL fetched SSRF-safely and stored by content),
 * then analyse it. With no Gemini key configured, the offline analyzer does real work.
 */
export function createImageAnalyzer(config: Config, db: PrismaClient): ImageAnalyzer {
  const storage = uploadsStorage(config.dataDir);
  return async (image, { onAttempt, signal }) => {
    const started = Date.now();
    let bytes: Buffer;
    let sha256 = image.sha256;
    let mimeType = image.mimeType;
    if (sha256 && (await storage.exists(sha256))) {
      bytes = await storage.read(sha256);
    } else if (image.sourceUrl) {
      try {
        const fetched = await fetchImage(image.sourceUrl, { allowlist: config.FETCH_ALLOWLIST, maxBytes: config.MAX_UPLOAD_MB * 1024 * 1024, signal });
        bytes = fetched.bytes;
        sha256 = fetched.sha256;
        mimeType = fetched.mimeType;
        await storage.put(Readable.from([bytes]));
      } catch (error) {
        const failure = error instanceof AnalysisError ? error : new AnalysisError("image_unreachable", String(error), { retryable: true });
        await onAttempt({ keyId: null, httpStatus: failure.options.httpStatus ?? null, errorCode: failure.code, errorMessage: failure.message, durationMs: Date.now() - started, inputTokens: 0, outputTokens: 0 });
        throw failure;
      }
    } else {
      throw new AnalysisError("image_not_found", "The image file is missing from storage.", { retryable: false });
    }

    try {
      const analysis = await analyzeLocally(bytes);
      const duplicate = await db.image.findFirst({ where: { batchId: image.batchId, sha256, id: { not: image.id } }, select: { id: true, name: true } });
      await onAttempt({ keyId: "local", httpStatus: null, errorCode: null, errorMessage: null, durationMs: Date.now() - started, inputTokens: 0, outputTokens: 0 });
      return {
        result: { ...analysis, duplicateOf: duplicate ? { id: duplicate.id.toString(), name: duplicate.name } : null },
        cached: false,
        inputTokens: 0,
        outputTokens: 0,
        costMicros: 0,
        model: "local",
        templateVersionId: image.templateVersionId,
        sha256,
        mimeType,
        bytes: bytes.length,
        width: analysis.width,
        height: analysis.height,
      };
    } catch (error) {
      const failure = error instanceof AnalysisError ? error : new AnalysisError("internal", String(error), { retryable: false });
      await onAttempt({ keyId: "local", httpStatus: null, errorCode: failure.code, errorMessage: failure.message, durationMs: Date.now() - started, inputTokens: 0, outputTokens: 0 });
      throw failure;
    }
  };
}
