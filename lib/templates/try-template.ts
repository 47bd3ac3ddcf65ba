import { z } from "zod";
import type { Config } from "../config";
import { AnalysisError, LoupeError } from "../errors";
import { generateWithTemplate } from "../analysis/generate-with-template";
import type { KeyPool } from "../gemini/key-pool";
import { prepareImageForModel } from "../images/prepare-for-model";
import { callSettingsOf } from "./call-settings";
import { compileTemplate } from "./compile-template";
import { storableText } from "../validation/storable-text";
import { templateFieldsSchema } from "./schemas";

/** The template as it stands in the editor (saved or not): trying it costs one call and stores nothing. */
export const tryTemplateSchema = z.object({
  instructions: storableText().trim().min(1, "Write the instructions first.").max(20_000),
  fields: templateFieldsSchema(64),
});

export interface TryTemplateResult {
  result: unknown;
  inputTokens: number;
  outputTokens: number;
  durationMs: number;
  model: string;
  sent: { width: number; height: number; bytes: number };
}

/** One sample image through a template with Gemini, answered synchronously for the editor's "Try on a sample image". */
export async function tryTemplate(config: Config, pool: () => Promise<KeyPool>, template: z.infer<typeof tryTemplateSchema>, image: Buffer, geminiReady = config.geminiKeys.length > 0): Promise<TryTemplateResult> {
  if (!geminiReady) {
    throw new LoupeError(409, "gemini_not_configured", "Trying a template needs Gemini: add keys with GEMINI_API_KEYS (or GEMINI_API_KEY_1…N) and restart, or start with LOUPE_DEMO=on.");
  }
  const compiled = compileTemplate(template);
  const prepared = await prepareImageForModel(image, { maxSide: config.IMAGE_MAX_SIDE, format: config.IMAGE_FORMAT }).catch((error: unknown) => {
    throw error instanceof AnalysisError ? new LoupeError(422, error.code, error.message) : error;
  });
  const started = Date.now();
  try {
    // A person is waiting: two tries at most, short backoff.
    const generated = await generateWithTemplate(config, await pool(), callSettingsOf({}, config.GEMINI_MODEL), compiled, prepared, {
      retry: { baseMs: 250, capMs: 2000, maxAttempts: 2 },
      signal: AbortSignal.timeout(Math.min(config.GEMINI_TIMEOUT_MS * 2, 120_000)),
    });
    return { result: generated.value, inputTokens: generated.inputTokens, outputTokens: generated.outputTokens, durationMs: Date.now() - started, model: config.GEMINI_MODEL, sent: prepared.sent };
  } catch (error) {
    if (error instanceof AnalysisError) throw new LoupeError(502, error.code, `Gemini could not analyse the sample: ${error.message}`);
    throw error;
  }
}
