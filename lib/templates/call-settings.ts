import { z } from "zod";
import { MEDIA_RESOLUTIONS, type GeminiCallSettings, type MediaResolutionSetting, type ThinkingSetting } from "../gemini/models";

const THINKING_MESSAGE = 'thinking must be "off", "low", "dynamic" or a token budget';

const THINKING_WORDS = z.enum(["off", "low", "dynamic"], { message: THINKING_MESSAGE });

/** thinking as sent by a client: "off" | "low" | "dynamic" | a token budget (2048 or "2048"). */
export const thinkingSchema = z
  .union([THINKING_WORDS, z.number({ message: THINKING_MESSAGE }).int(THINKING_MESSAGE), z.string().regex(/^\d+$/, THINKING_MESSAGE)], { error: THINKING_MESSAGE })
  .transform((value) => (typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value))
  .pipe(z.union([THINKING_WORDS, z.number().min(1, "A thinking budget is at least 1 token.").max(32_768, "A thinking budget is at most 32,768 tokens.")]))
  .meta({
    description:
      '"off" (no thinking: a budget of 0, or the smallest the model allows, e.g. 128 on 2.5 Pro), "low" (about 1,024 thinking tokens), "dynamic" (the model decides) or a token budget within the model\'s range. Thoughts are billed as output.',
  });

export const callSettingsInputSchema = z.object({
  model: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[a-z0-9][a-z0-9.-]*$/i, "A model name uses letters, digits, dots and dashes (e.g. gemini-2.5-flash).")
    .nullable()
    .optional()
    .meta({ description: "A model of the catalogue (GET /models); null: the server's GEMINI_MODEL. Omitted: kept on edit, the server's default on create." }),
  thinking: thinkingSchema.optional(),
  mediaResolution: z
    .enum(MEDIA_RESOLUTIONS, { message: `mediaResolution must be one of ${MEDIA_RESOLUTIONS.join(", ")}` })
    .optional()
    .meta({ description: 'Image detail Gemini reads: "low" (64 tokens per image on 2.x), "medium", "high", or "default" (Google\'s tile rule: 258 tokens per tile).' }),
  maxOutputTokens: z.coerce
    .number({ message: "maxOutputTokens must be a number" })
    .int("maxOutputTokens must be a whole number")
    .min(16, "maxOutputTokens is at least 16.")
    .max(65_536, "maxOutputTokens is at most 65,536.")
    .nullable()
    .optional()
    .meta({ description: "Room for the answer and the thoughts (they count against it); null: Loupe's default (2,048 + the thinking allowed)." }),
});

export type CallSettingsInput = z.infer<typeof callSettingsInputSchema>;

/** The columns of a template version that say how Gemini is called. */
export interface StoredCallSettings {
  model: string | null;
  thinking: string | null;
  mediaResolution: string | null;
  maxOutputTokens: number | null;
}

/** What a new template gets for what its author left out: the cheapest setting that answers a template well (no thinking). */
export const NEW_TEMPLATE_SETTINGS: StoredCallSettings = { model: null, thinking: "off", mediaResolution: "default", maxOutputTokens: null };

/** The columns to store for a new version: what was given, else the previous version's (editing), else the new-template default. */
export function storedCallSettings(input: CallSettingsInput, previous: StoredCallSettings = NEW_TEMPLATE_SETTINGS): StoredCallSettings {
  return {
    model: input.model === undefined ? previous.model : input.model,
    thinking: input.thinking === undefined ? previous.thinking : String(input.thinking),
    mediaResolution: input.mediaResolution ?? previous.mediaResolution,
    maxOutputTokens: input.maxOutputTokens === undefined ? previous.maxOutputTokens : input.maxOutputTokens,
  };
}

/** The stored thinking text as the API shows it: "off" | "low" | "dynamic" | a number; null for versions saved before it existed. */
export function parseThinking(stored: string | null): ThinkingSetting | null {
  if (stored === "off" || stored === "low" || stored === "dynamic") return stored;
  const budget = Number(stored);
  return stored && Number.isInteger(budget) && budget > 0 ? budget : null;
}

const isMediaResolution = (value: string | null): value is MediaResolutionSetting => (MEDIA_RESOLUTIONS as readonly string[]).includes(value ?? "");

/**
 * What one version sends. A version saved before these settings existed keeps what it was run with (the batch's model,
 * the model's own thinking default) so its cached results stay valid.
 */
export function callSettingsOf(version: Partial<StoredCallSettings>, fallbackModel: string): GeminiCallSettings {
  const mediaResolution = version.mediaResolution ?? null;
  return {
    model: version.model ?? fallbackModel,
    thinking: parseThinking(version.thinking ?? null) ?? "dynamic",
    mediaResolution: isMediaResolution(mediaResolution) ? mediaResolution : "default",
    maxOutputTokens: version.maxOutputTokens ?? null,
  };
}

/** A version's settings as the API returns them, next to the template's text. */
export interface CallSettingsView {
  model: string | null;
  thinking: ThinkingSetting | null;
  mediaResolution: MediaResolutionSetting | null;
  maxOutputTokens: number | null;
  /** What a call sends today: the server's model where the version names none, the model's thinking default where unset. */
  effective: GeminiCallSettings;
}

export function callSettingsView(version: StoredCallSettings, defaultModel: string): CallSettingsView {
  return {
    model: version.model,
    thinking: parseThinking(version.thinking),
    mediaResolution: isMediaResolution(version.mediaResolution) ? version.mediaResolution : null,
    maxOutputTokens: version.maxOutputTokens,
    effective: callSettingsOf(version, defaultModel),
  };
}
