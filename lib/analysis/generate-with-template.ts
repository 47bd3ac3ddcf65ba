import type { Config } from "../config";
import { imageTokens } from "../gemini/image-tokens";
import { generateWithRetries, type GenerateInput, type GenerateResult } from "../gemini/generate-with-retries";
import type { KeyPool } from "../gemini/key-pool";
import type { PreparedImage } from "../images/prepare-for-model";
import type { CompiledTemplate } from "../templates/compile-template";

/** A prepared image through a compiled template with the configured endpoint, timeout and (unless overridden) retry policy. */
export function generateWithTemplate(
  config: Config,
  pool: KeyPool,
  model: string,
  compiled: CompiledTemplate,
  prepared: PreparedImage,
  options: Pick<GenerateInput, "signal" | "onAttempt"> & { retry?: GenerateInput["retry"] } = {},
): Promise<GenerateResult> {
  return generateWithRetries({
    pool,
    model,
    baseUrl: config.GEMINI_BASE_URL,
    prompt: compiled.prompt,
    image: { bytes: prepared.bytes, mimeType: prepared.mimeType },
    responseSchema: compiled.responseSchema,
    validate: compiled.validate,
    estimatedInputTokens: imageTokens(prepared.sent.width, prepared.sent.height) + Math.ceil(compiled.prompt.length / 4),
    timeoutMs: config.GEMINI_TIMEOUT_MS,
    retry: options.retry ?? { baseMs: config.RETRY_BASE_MS, capMs: config.RETRY_CAP_MS, maxAttempts: config.RETRY_MAX_ATTEMPTS },
    signal: options.signal,
    onAttempt: options.onAttempt,
  });
}
