import { z } from "zod";
import type { Config } from "../config";
import { AnalysisError, LoupeError } from "../errors";
import { generateWithTemplate } from "./generate-with-template";
import { imageTokensFor } from "../gemini/image-tokens";
import type { KeyPool } from "../gemini/key-pool";
import { modelInfo, type GeminiCallSettings } from "../gemini/models";
import { generationConfigFor } from "../gemini/request";
import { prepareImageForModel } from "../images/prepare-for-model";
import { callSettingsInputSchema, callSettingsOf, NEW_TEMPLATE_SETTINGS, storedCallSettings } from "../templates/call-settings";
import { checkCallSettings } from "../templates/check-call-settings";
import { compileTemplate } from "../templates/compile-template";
import { storableText } from "../validation/storable-text";
import { templateFieldsSchema } from "../templates/schemas";

/** The template as it stands in the editor (saved or not), with its call settings: trying it costs one call and stores nothing. */
export const tryTemplateSchema = z.object({
  instructions: storableText().trim().min(1, "Write the instructions first.").max(20_000),
  fields: templateFieldsSchema(64),
  ...callSettingsInputSchema.shape,
});

export type TryTemplateInput = z.infer<typeof tryTemplateSchema>;

/** The generationConfig fields that say how Gemini was asked to work (the response schema left out), as Google got them. */
export interface SentGenerationConfig {
  maxOutputTokens?: number;
  thinkingConfig?: { thinkingBudget?: number; thinkingLevel?: string };
  mediaResolution?: string;
}

export interface TryTemplateResult {
  result: unknown;
  /** What Google billed, over every call of this try: prompt (the image included), output (answer + thoughts), of which thoughts, prompt tokens served from Google's cache. */
  inputTokens: number;
  outputTokens: number;
  thoughtsTokens: number;
  cachedTokens: number;
  costMicros: number;
  costUsd: number;
  durationMs: number;
  /** Gemini calls made: 2 when the first answer was cut short and Loupe asked again (with more room or thinking off). */
  attempts: number;
  model: string;
  /** The settings the call was made with (the server's model where none was chosen, the defaults where none was given). */
  settings: GeminiCallSettings;
  /** What the first call sent in generationConfig for them. */
  generationConfig: SentGenerationConfig;
  /** Loupe's estimate for the image as sent, to compare with what Google counted. */
  estimate: { imageTokens: number; promptTokens: number };
  sent: { width: number; height: number; bytes: number };
}

// Refusals every image of a batch would meet: the try says what to change before a batch runs into them.
const SETTINGS_REFUSALS = new Set(["model_not_found", "unsupported_request", "region_unsupported"]);

function refusal(error: AnalysisError, settings: GeminiCallSettings): LoupeError {
  // The batch's advice (re-run, resume) becomes the editor's: try again.
  const message = error.message.replace(/ and re-run the batch with it(, or resume once Google offers this one)?\.$|,? then resume\.?$/, ", then try again.");
  return new LoupeError(422, error.code, message, { model: settings.model, ...(error.options.httpStatus ? { geminiStatus: error.options.httpStatus } : {}) });
}

function sentConfig(settings: GeminiCallSettings, responseSchema: object): SentGenerationConfig {
  const { maxOutputTokens, thinkingConfig, mediaResolution } = generationConfigFor(settings, responseSchema);
  return {
    maxOutputTokens,
    ...(thinkingConfig ? { thinkingConfig: { thinkingBudget: thinkingConfig.thinkingBudget, thinkingLevel: thinkingConfig.thinkingLevel } } : {}),
    ...(mediaResolution ? { mediaResolution } : {}),
  };
}

/** One sample image through a template with Gemini, answered synchronously for the editor's "Try on a sample image". */
export async function tryTemplate(config: Config, pool: () => Promise<KeyPool>, template: TryTemplateInput, image: Buffer, geminiReady = config.geminiKeys.length > 0): Promise<TryTemplateResult> {
  if (!geminiReady) {
    throw new LoupeError(409, "gemini_not_configured", "Trying a template needs Gemini: add keys with GEMINI_API_KEYS (or GEMINI_API_KEY_1…N) and restart, or start with LOUPE_DEMO=on.");
  }
  const stored = storedCallSettings(template, NEW_TEMPLATE_SETTINGS);
  checkCallSettings(stored, { models: config.models, defaultModel: config.GEMINI_MODEL });
  const settings = callSettingsOf(stored, config.GEMINI_MODEL);
  const compiled = compileTemplate(template);
  const prepared = await prepareImageForModel(image, { maxSide: config.IMAGE_MAX_SIDE, format: config.IMAGE_FORMAT }).catch((error: unknown) => {
    throw error instanceof AnalysisError ? new LoupeError(422, error.code, error.message) : error;
  });
  const imageTokens = imageTokensFor(prepared.sent.width, prepared.sent.height, modelInfo(settings.model, config.models), settings.mediaResolution);
  const started = Date.now();
  try {
    // A person is waiting: two tries at most, short backoff.
    const generated = await generateWithTemplate(config, await pool(), settings, compiled, prepared, {
      retry: { baseMs: 250, capMs: 2000, maxAttempts: 2 },
      signal: AbortSignal.timeout(Math.min(config.GEMINI_TIMEOUT_MS * 2, 120_000)),
    });
    return {
      result: generated.value,
      inputTokens: generated.inputTokens,
      outputTokens: generated.outputTokens,
      thoughtsTokens: generated.thoughtsTokens,
      cachedTokens: generated.cachedTokens,
      costMicros: generated.costMicros,
      costUsd: generated.costMicros / 1_000_000,
      durationMs: Date.now() - started,
      attempts: generated.attempts,
      model: settings.model,
      settings,
      generationConfig: sentConfig(settings, compiled.responseSchema),
      estimate: { imageTokens, promptTokens: imageTokens + Math.ceil(compiled.prompt.length / 4) },
      sent: prepared.sent,
    };
  } catch (error) {
    if (error instanceof AnalysisError && SETTINGS_REFUSALS.has(error.code) && error.options.pausesBatch) throw refusal(error, settings);
    if (error instanceof AnalysisError) throw new LoupeError(502, error.code, `Gemini could not analyse the sample: ${error.message}`);
    throw error;
  }
}
