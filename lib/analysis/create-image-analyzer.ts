import { createBudgetGuards, type BudgetOptions } from "../budget/create-spend-guard";
import type { Config } from "../config";
import type { PrismaClient } from "../db/generated/client";
import { AnalysisError } from "../errors";
import type { KeyPool } from "../gemini/key-pool";
import { processKeyPool } from "../gemini/process-key-pool";
import type { ImageAnalyzer } from "../orchestration/process-image";
import { uploadsStorage } from "../storage";
import { defaultTemplateVersionId } from "../templates/manage-templates";
import { analyzeLocally } from "./analyze-locally";
import { analyzeWithGemini } from "./analyze-with-gemini";
import { loadImageBytes } from "./load-image-bytes";

/**
 * The analyzer the workers run: load the image, then Gemini with the batch's template when keys are configured (and the
 * batch was made for a Gemini model), otherwise the offline analyzer, which still does real work.
 */
export function createImageAnalyzer(config: Config, db: PrismaClient, options: { pool?: Promise<KeyPool>; budget?: BudgetOptions } = {}): ImageAnalyzer {
  const storage = uploadsStorage(config);
  const getPool = () => options.pool ?? processKeyPool(config);
  // Spending caps: no guard (and no statement) for a batch without one when no daily budget is set.
  const budgets = createBudgetGuards(db, config, options.budget);

  return async (image, { onAttempt, signal }) => {
    const loaded = await loadImageBytes(image, config, storage, onAttempt, signal);
    const sha256 = loaded.sha256;
    if (image.model && image.model !== "local") {
      const templateVersionId = image.templateVersionId ?? (await defaultTemplateVersionId(db));
      if (!templateVersionId) throw new AnalysisError("internal", "No template is available for this batch.", { retryable: false });
      const spend = await budgets.guardFor(image.batchId);
      const record = await analyzeWithGemini(db, config, await getPool(), { bytes: loaded.bytes, sha256, templateVersionId, model: image.model ?? config.GEMINI_MODEL, onAttempt, signal, spend });
      return { ...record, mimeType: loaded.mimeType, bytes: loaded.bytes.length };
    }
    const started = Date.now();
    try {
      const analysis = await analyzeLocally(loaded.bytes);
      const duplicate = await db.image.findFirst({ where: { batchId: image.batchId, sha256, id: { not: image.id } }, select: { id: true, name: true } });
      await onAttempt({ keyId: "local", httpStatus: null, errorCode: null, errorMessage: null, durationMs: Date.now() - started, inputTokens: 0, outputTokens: 0 });
      return {
        result: { ...analysis, duplicateOf: duplicate ? { id: duplicate.id.toString(), name: duplicate.name } : null },
        cached: false,
        inputTokens: 0,
        outputTokens: 0,
        costMicros: 0,
        model: "local",
        templateVersionId: null,
        sha256,
        mimeType: loaded.mimeType,
        bytes: loaded.bytes.length,
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
