import { MediaResolution, ThinkingLevel, type GenerateContentConfig } from "@google/genai";
import { modelInfo, type GeminiCallSettings, type ModelInfo } from "./models";

const LOW_THINKING_BUDGET = 1024;
/** Room for a template's JSON answer when the model does not think. */
export const ANSWER_TOKENS = 2048;

/**
 * The thinkingConfig Google expects for a setting on this model, or null when nothing is to be sent (a model that does
 * not think, or "dynamic" on a model that thinks as it likes by default). "off" sends a budget of 0 where the model
 * allows it and its smallest budget where it does not (2.5 Pro); Gemini 3 takes levels, so "off" is MINIMAL.
 */
export function thinkingConfigFor(settings: Pick<GeminiCallSettings, "thinking">, info: ModelInfo): GenerateContentConfig["thinkingConfig"] | null {
  const thinking = info.thinking;
  if (!thinking) return null;
  const { thinking: setting } = settings;
  if (thinking.levels) {
    if (setting === "off") return { thinkingLevel: ThinkingLevel.MINIMAL };
    if (setting === "low") return { thinkingLevel: ThinkingLevel.LOW };
    if (setting === "dynamic") return null;
    return { thinkingBudget: clamp(setting, thinking.minBudget, thinking.maxBudget) };
  }
  if (setting === "off") return { thinkingBudget: thinking.canTurnOff ? 0 : thinking.minBudget };
  if (setting === "low") return { thinkingBudget: clamp(LOW_THINKING_BUDGET, thinking.minBudget, thinking.maxBudget) };
  if (setting === "dynamic") return { thinkingBudget: -1 };
  return { thinkingBudget: clamp(setting, thinking.minBudget, thinking.maxBudget) };
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, Math.round(value)));

/** The most thinking tokens a call may spend (for estimates and the output room); 0 when thinking is off. */
export function thinkingTokensAllowed(settings: Pick<GeminiCallSettings, "thinking">, info: ModelInfo): number {
  const config = thinkingConfigFor(settings, info);
  if (!info.thinking) return 0;
  if (config?.thinkingLevel === ThinkingLevel.MINIMAL) return 128;
  if (config?.thinkingLevel === ThinkingLevel.LOW) return LOW_THINKING_BUDGET;
  const budget = config?.thinkingBudget;
  if (budget === undefined || budget === -1) return info.thinking.byDefault || budget === -1 ? 8192 : 0;
  return budget;
}

/** maxOutputTokens to send: the template's, or room for the answer plus the thinking allowed (thoughts count against it). */
export function maxOutputTokensFor(settings: GeminiCallSettings, info: ModelInfo = modelInfo(settings.model)): number {
  return settings.maxOutputTokens ?? ANSWER_TOKENS + thinkingTokensAllowed(settings, info);
}

const MEDIA_RESOLUTION: Record<Exclude<GeminiCallSettings["mediaResolution"], "default">, MediaResolution> = {
  low: MediaResolution.MEDIA_RESOLUTION_LOW,
  medium: MediaResolution.MEDIA_RESOLUTION_MEDIUM,
  high: MediaResolution.MEDIA_RESOLUTION_HIGH,
};

/**
 * The generation config of one structured-output call (the SDK's camelCase; it sends them as Google's generationConfig).
 * Both engines use it: interactive calls hand it to the SDK, the Batch API writes it into each JSONL line.
 */
export function generationConfigFor(
  settings: GeminiCallSettings,
  responseSchema: object,
  overrides: { maxOutputTokens?: number; thinkingOff?: boolean } = {},
  info: ModelInfo = modelInfo(settings.model),
): GenerateContentConfig {
  const effective = overrides.thinkingOff ? { ...settings, thinking: "off" as const } : settings;
  const thinkingConfig = thinkingConfigFor(effective, info);
  return {
    responseMimeType: "application/json",
    responseSchema,
    maxOutputTokens: overrides.maxOutputTokens ?? maxOutputTokensFor(effective, info),
    ...(thinkingConfig ? { thinkingConfig } : {}),
    ...(settings.mediaResolution !== "default" ? { mediaResolution: MEDIA_RESOLUTION[settings.mediaResolution] } : {}),
  };
}

/**
 * A Batch API JSONL line for one image: `{"key", "request": GenerateContentRequest}` in REST's shape (generation settings
 * nested under generationConfig; a flat SDK-style line is refused, GEMINI-API.md §3.3). The same request an interactive
 * call sends. Built as text around the image's base64, so a 50 KB image is not copied into an object and stringified again.
 */
export function batchLineWriter(settings: GeminiCallSettings, responseSchema: object, prompt: string, info: ModelInfo = modelInfo(settings.model)) {
  const { abortSignal: _unused, ...generationConfig } = generationConfigFor(settings, responseSchema, {}, info);
  void _unused;
  const tail = `"}},${JSON.stringify({ text: prompt })}]}],"generationConfig":${JSON.stringify(generationConfig)}}}\n`;
  return (key: string, mimeType: string, base64: string) =>
    `{"key":${JSON.stringify(key)},"request":{"contents":[{"role":"user","parts":[{"inlineData":{"mimeType":${JSON.stringify(mimeType)},"data":"${base64}${tail}`;
}
