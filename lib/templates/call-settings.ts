import { z } from "zod";
import { MEDIA_RESOLUTIONS, type GeminiCallSettings, type ThinkingSetting } from "../gemini/models";

/** thinking as stored (text): "off" | "low" | "dynamic" | a token budget such as "2048". */
export const thinkingSchema = z.union([
  z.enum(["off", "low", "dynamic"], { message: 'thinking must be "off", "low", "dynamic" or a token budget' }),
  z.coerce.number({ message: 'thinking must be "off", "low", "dynamic" or a token budget' }).int().min(1, "A thinking budget is at least 1 token.").max(32_768, "A thinking budget is at most 32,768 tokens."),
]);

export const callSettingsInputSchema = z.object({
  model: z.string().trim().min(1).max(100).regex(/^[a-z0-9][a-z0-9.-]*$/i, "A model name uses letters, digits, dots and dashes (e.g. gemini-2.5-flash).").optional(),
  thinking: thinkingSchema.optional(),
  mediaResolution: z.enum(MEDIA_RESOLUTIONS, { message: `mediaResolution must be one of ${MEDIA_RESOLUTIONS.join(", ")}` }).optional(),
  maxOutputTokens: z.coerce.number().int().min(16, "maxOutputTokens is at least 16.").max(65_536, "maxOutputTokens is at most 65,536.").nullable().optional(),
});

export type CallSettingsInput = z.infer<typeof callSettingsInputSchema>;

/** The columns of a template version that say how Gemini is called. */
export interface StoredCallSettings {
  model: string | null;
  thinking: string | null;
  mediaResolution: string | null;
  maxOutputTokens: number | null;
}

function parseThinking(stored: string | null, fallback: ThinkingSetting): ThinkingSetting {
  if (stored === "off" || stored === "low" || stored === "dynamic") return stored;
  const budget = Number(stored);
  return stored && Number.isInteger(budget) && budget > 0 ? budget : fallback;
}

/**
 * What one version sends. A version saved before these settings existed keeps what it was run with (the batch's model,
 * the model's own thinking default) so its cached results stay valid.
 */
export function callSettingsOf(version: Partial<StoredCallSettings>, fallbackModel: string): GeminiCallSettings {
  return {
    model: version.model ?? fallbackModel,
    thinking: parseThinking(version.thinking ?? null, "dynamic"),
    mediaResolution: (MEDIA_RESOLUTIONS as readonly string[]).includes(version.mediaResolution ?? "") ? (version.mediaResolution as GeminiCallSettings["mediaResolution"]) : "default",
    maxOutputTokens: version.maxOutputTokens ?? null,
  };
}
