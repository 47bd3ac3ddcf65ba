import type { Config } from "../config";
import type { PrismaClient } from "../db/generated/client";
import { AnalysisError } from "../errors";
import type { KeyPool } from "../gemini/key-pool";
import { prepareImageForModel } from "../images/prepare-for-model";
import type { AttemptRecord } from "../gemini/attempt-record";
import type { SpendGuard } from "../gemini/spend-guard";
import type { SuccessRecord } from "../orchestration/finish-image";
import { callSettingsOf } from "../templates/call-settings";
import { compileTemplate } from "../templates/compile-template";
import { getTemplateVersion } from "../templates/manage-templates";
import { findCachedResult } from "./find-cached-result";
import { generateWithTemplate } from "./generate-with-template";
import { normalizeBoxes } from "./normalize-boxes";
import { resultCacheKey } from "./result-cache-key";

export interface GeminiAnalysisInput {
  bytes: Buffer;
  sha256: string;
  templateVersionId: string;
  /** The batch's model: used when the template version names none. */
  model: string;
  onAttempt: (attempt: AttemptRecord) => Promise<void>;
  signal: AbortSignal;
  /** The batch's and the day's spending caps (none: no cap applies). */
  spend?: SpendGuard;
}

/**
 * One image through a template with Gemini, with the result cache in front: the same bytes, template version, model and
 * preprocessing never cost a second call.
 */
export async function analyzeWithGemini(db: PrismaClient, config: Config, pool: KeyPool, input: GeminiAnalysisInput): Promise<SuccessRecord> {
  const version = await getTemplateVersion(db, input.templateVersionId);
  const settings = callSettingsOf(version, input.model);
  const cacheKey = resultCacheKey(config, input.sha256, version.id, settings.model);
  const cached = await findCachedResult(db, cacheKey);
  if (cached !== undefined) {
    return { result: cached, cached: true, inputTokens: 0, outputTokens: 0, thoughtsTokens: 0, cachedTokens: 0, costMicros: 0, model: settings.model, templateVersionId: version.id, sha256: input.sha256 };
  }
  const compiled = compileTemplate(version);
  const prepared = await prepareImageForModel(input.bytes, { maxSide: config.IMAGE_MAX_SIDE, format: config.IMAGE_FORMAT });
  const generated = await generateWithTemplate(config, pool, settings, compiled, prepared, { signal: input.signal, onAttempt: input.onAttempt, spend: input.spend }).catch((error) => {
    throw error instanceof AnalysisError ? error : new AnalysisError("internal", String(error), { retryable: true });
  });
  const result = normalizeBoxes(generated.value);
  return {
    result,
    cacheKey, // the completion stores it (one statement for both)
    cached: false,
    inputTokens: generated.inputTokens,
    outputTokens: generated.outputTokens,
    thoughtsTokens: generated.thoughtsTokens,
    cachedTokens: generated.cachedTokens,
    costMicros: generated.costMicros,
    model: settings.model,
    templateVersionId: version.id,
    sha256: input.sha256,
    width: prepared.original.width,
    height: prepared.original.height,
    sentBytes: prepared.sent.bytes,
    sentWidth: prepared.sent.width,
    sentHeight: prepared.sent.height,
  };
}
