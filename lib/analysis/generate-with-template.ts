import type { Config } from "../config";
import { clientFactoryFor } from "../gemini/create-client";
import { generateWithRetries, type GenerateInput, type GenerateResult } from "../gemini/generate-with-retries";
import { imageTokensFor } from "../gemini/image-tokens";
import type { KeyPool } from "../gemini/key-pool";
import { modelInfo, type GeminiCallSettings } from "../gemini/models";
import type { PreparedImage } from "../images/prepare-for-model";
import type { CompiledTemplate } from "../templates/compile-template";

/** A prepared image through a compiled template with the configured endpoint, timeout and (unless overridden) retry policy. */
export function generateWithTemplate(
  config: Config,
  pool: KeyPool,
  settings: GeminiCallSettings,
  compiled: CompiledTemplate,
  prepared: PreparedImage,
  options: Pick<GenerateInput, "signal" | "onAttempt" | "spend" | "now"> & { retry?: GenerateInput["retry"] } = {},
): Promise<GenerateResult> {
  const model = modelInfo(settings.model, config.models);
  return generateWithRetries({
    pool,
    clients: clientFactoryFor(config),
    settings,
    model,
    prompt: compiled.prompt,
    image: { bytes: prepared.bytes, mimeType: prepared.mimeType },
    responseSchema: compiled.responseSchema,
    validate: compiled.validate,
    estimatedInputTokens: imageTokensFor(prepared.sent.width, prepared.sent.height, model, settings.mediaResolution) + Math.ceil(compiled.prompt.length / 4),
    timeoutMs: config.GEMINI_TIMEOUT_MS,
    retry: options.retry ?? { baseMs: config.RETRY_BASE_MS, capMs: config.RETRY_CAP_MS, maxAttempts: config.RETRY_MAX_ATTEMPTS },
    signal: options.signal,
    onAttempt: options.onAttempt,
    spend: options.spend,
    now: options.now,
  });
}
