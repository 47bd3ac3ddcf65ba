import { createBudgetGuards, type BudgetOptions } from "../budget/create-spend-guard";
import type { Config } from "../config";
import type { PrismaClient } from "../db/generated/client";
import { AnalysisError } from "../errors";
import type { KeyPool } from "../gemini/key-pool";
import { processKeyPool } from "../gemini/process-key-pool";
import type { ImageAnalyzer } from "../orchestration/process-image";
import type { SuccessRecord } from "../orchestration/finish-image";
import { uploadsStorage } from "../storage";
import { defaultTemplateVersionId, getTemplateVersion } from "../templates/manage-templates";
import { analyzeLocally } from "./analyze-locally";
import { analyzeWithGemini } from "./analyze-with-gemini";
import { enhanceSettingsOf } from "../enhance/enhance-settings";
import { makeVariants } from "../enhance/make-variants";
import { recordAttempt } from "../orchestration/record-attempt";
import { fillFaceFields } from "./fill-face-fields";
import { fillTextFields } from "./fill-text-fields";
import { loadImageBytes } from "./load-image-bytes";
import { localAttempt, localSuccess, originalSize, runTransformStep, transformOnly, transformOperationsOf, type LoadedImage } from "./transform-step";

/**
 * The analyzer the workers run: load the image; a transform template's batch makes the transformed image and is done; a
 * transform before the analysis makes it and the analysis sees it; then Gemini with the batch's template when keys are
 * configured (and the batch was made for a Gemini model), otherwise the offline analyzer, which still does real work.
 */
export function createImageAnalyzer(config: Config, db: PrismaClient, options: { pool?: Promise<KeyPool>; budget?: BudgetOptions } = {}): ImageAnalyzer {
  const storage = uploadsStorage(config);
  const getPool = () => options.pool ?? processKeyPool(config);
  // Spending caps: no guard (and no statement) for a batch without one when no daily budget is set.
  const budgets = createBudgetGuards(db, config, options.budget);

  return async (image, { onAttempt, signal }) => {
    const original = await loadImageBytes(image, config, storage, onAttempt, signal, db);
    const enhance = await enhanceSettingsOf(db, image.templateVersionId, config.ENHANCED_IMAGES_COUNT);
    if (enhance) {
      if (!image.model || image.model === "local") throw new AnalysisError("no_keys", "Enhance templates make images with Gemini's image model: add a Gemini key, then retry.", { retryable: false });
      const spend = await budgets.guardFor(image.batchId);
      return makeVariants(db, config, storage, { image, original, settings: enhance, pool: await getPool(), spend, signal, recordAttempt: (attempt) => recordAttempt(db, image.id, attempt) });
    }
    const ownOperations = await transformOperationsOf(db, image.templateVersionId);
    if (ownOperations) return transformOnly(db, storage, image, original, ownOperations, onAttempt);

    const stepOperations = await transformOperationsOf(db, image.transformVersionId);
    const transformed = stepOperations ? await runTransformStep(db, storage, image, original, stepOperations, onAttempt) : null;
    const loaded: LoadedImage = transformed ? { bytes: transformed.data, sha256: transformed.sha256, mimeType: transformed.mimeType } : original;
    const record = await analyze(loaded);
    if (!transformed) return record;
    // The row describes the original; what the model saw is the output (sent* say how it was sent).
    return { ...record, sha256: original.sha256, mimeType: original.mimeType, bytes: original.bytes.length, ...(await originalSize(original.bytes)) };

    async function analyze(loaded: LoadedImage): Promise<SuccessRecord> {
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
        // A template chosen with no Gemini key: the fields that ask for text are read with OCR, those about faces answered
        // by the face detector (each in its own worker thread, so both at once).
        const fields = image.templateVersionId ? (await getTemplateVersion(db, image.templateVersionId)).fields : [];
        const [text, faces] = await Promise.all([fillTextFields(loaded.bytes, fields), fillFaceFields(loaded.bytes, fields)]);
        const duplicate = await db.image.findFirst({ where: { batchId: image.batchId, sha256: original.sha256, id: { not: image.id } }, select: { id: true, name: true } });
        await onAttempt(localAttempt(started));
        const result = { ...analysis, ...text, ...faces, duplicateOf: duplicate ? { id: duplicate.id.toString(), name: duplicate.name } : null };
        return { ...localSuccess(result, image.templateVersionId, loaded), width: analysis.width, height: analysis.height };
      } catch (error) {
        const failure = error instanceof AnalysisError ? error : new AnalysisError("internal", String(error), { retryable: false });
        await onAttempt(localAttempt(started, failure));
        throw failure;
      }
    }
  };
}
