import { z } from "zod";

/** How a template asks Gemini to think: not at all (or as little as the model allows), a little, as it likes, or a budget. */
export type ThinkingSetting = "off" | "low" | "dynamic" | number;
export type MediaResolutionSetting = "default" | "low" | "medium" | "high";
export const MEDIA_RESOLUTIONS = ["default", "low", "medium", "high"] as const;

/** What one template version sends with every call. */
export interface GeminiCallSettings {
  model: string;
  thinking: ThinkingSetting;
  mediaResolution: MediaResolutionSetting;
  /** Room for the answer (and, on thinking models, the thoughts); null: Loupe's default for the thinking setting. */
  maxOutputTokens: number | null;
}

/** USD per million tokens. `cachedInput` is what Google charges for prompt tokens served from its cache. */
export interface ModelPrices {
  input: number;
  output: number;
  cachedInput: number;
  batchInput: number;
  batchOutput: number;
  /** Image models: USD per million image output tokens (text output stays at `output`), interactive and Batch API. */
  imageOutput?: number;
  batchImageOutput?: number;
}

export interface ModelInfo {
  id: string;
  label: string;
  /** The thinking budget range; null: the model does not think. canTurnOff: a budget of 0 is accepted (2.5 Pro refuses it). */
  thinking: { minBudget: number; maxBudget: number; byDefault: boolean; canTurnOff: boolean; levels?: boolean } | null;
  /** Tokens per image at each media resolution; "default" follows the tile rule (lib/gemini/image-tokens.ts). */
  imageTokens: { low: number; medium: number; high: number; default: number | "tiles" };
  prices: ModelPrices;
  note: string;
}

const TILE_RULE = { low: 64, medium: 256, high: 256, default: "tiles" as const };

// Google's public price list (ai.google.dev/gemini-api/docs/pricing, text and image input, ≤ 200k-token prompts); batch is
// half, cached prompt tokens a tenth. GEMINI_PRICES overrides or adds entries.
export const BUILT_IN_MODELS: ModelInfo[] = [
  {
    id: "gemini-2.5-flash",
    label: "Gemini 2.5 Flash",
    thinking: { minBudget: 0, maxBudget: 24_576, byDefault: true, canTurnOff: true },
    imageTokens: TILE_RULE,
    prices: { input: 0.3, output: 2.5, cachedInput: 0.03, batchInput: 0.15, batchOutput: 1.25 },
    note: "Fast and capable; thinks by default (thoughts are billed as output).",
  },
  {
    id: "gemini-2.5-flash-lite",
    label: "Gemini 2.5 Flash-Lite",
    thinking: { minBudget: 512, maxBudget: 24_576, byDefault: false, canTurnOff: true },
    imageTokens: TILE_RULE,
    prices: { input: 0.1, output: 0.4, cachedInput: 0.01, batchInput: 0.05, batchOutput: 0.2 },
    note: "Cheapest; no thinking unless asked.",
  },
  {
    id: "gemini-2.5-pro",
    label: "Gemini 2.5 Pro",
    thinking: { minBudget: 128, maxBudget: 32_768, byDefault: true, canTurnOff: false },
    imageTokens: TILE_RULE,
    prices: { input: 1.25, output: 10, cachedInput: 0.125, batchInput: 0.625, batchOutput: 5 },
    note: "Most capable 2.5 model; always thinks (at least 128 tokens).",
  },
  {
    id: "gemini-2.0-flash",
    label: "Gemini 2.0 Flash",
    thinking: null,
    imageTokens: TILE_RULE,
    prices: { input: 0.1, output: 0.4, cachedInput: 0.025, batchInput: 0.05, batchOutput: 0.2 },
    note: "Previous generation; never thinks.",
  },
  {
    id: "gemini-3-flash-preview",
    label: "Gemini 3 Flash (preview)",
    thinking: { minBudget: 0, maxBudget: 24_576, byDefault: true, canTurnOff: false, levels: true },
    imageTokens: { low: 280, medium: 560, high: 1120, default: 1120 },
    prices: { input: 0.5, output: 3, cachedInput: 0.05, batchInput: 0.25, batchOutput: 1.5 },
    note: "Newest Flash; thinks by default (\"off\" asks for minimal thinking).",
  },
];

const pricesSchema = z.object({
  input: z.number().min(0),
  output: z.number().min(0),
  cachedInput: z.number().min(0).optional(),
  batchInput: z.number().min(0).optional(),
  batchOutput: z.number().min(0).optional(),
  label: z.string().max(100).optional(),
  thinking: z.union([z.literal(false), z.object({ minBudget: z.number().int().min(0), maxBudget: z.number().int().min(1), canTurnOff: z.boolean().optional() })]).optional(),
});

/** GEMINI_PRICES: `{"model-id": {"input": 0.3, "output": 2.5, "cachedInput"?, "batchInput"?, "batchOutput"?, "label"?, "thinking"?}}`. */
export const modelPricesEnvSchema = z
  .string()
  .transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      context.addIssue({ code: "custom", message: 'must be JSON such as {"gemini-2.5-flash":{"input":0.3,"output":2.5}}' });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string().min(1).max(100), pricesSchema, { message: 'must map model names to prices, e.g. {"gemini-2.5-flash":{"input":0.3,"output":2.5}}' }));

export type ModelPriceOverrides = z.infer<typeof modelPricesEnvSchema>;

/** The catalogue: the built-in models with the operator's overrides and additions (GEMINI_PRICES). */
export function modelCatalogue(overrides: ModelPriceOverrides = {}): ModelInfo[] {
  const models = new Map(BUILT_IN_MODELS.map((model) => [model.id, model]));
  for (const [id, entry] of Object.entries(overrides)) {
    const base = models.get(id);
    const prices: ModelPrices = {
      input: entry.input,
      output: entry.output,
      cachedInput: entry.cachedInput ?? entry.input / 10,
      batchInput: entry.batchInput ?? entry.input / 2,
      batchOutput: entry.batchOutput ?? entry.output / 2,
    };
    const thinking = entry.thinking === false ? null : entry.thinking ? { ...entry.thinking, byDefault: true, canTurnOff: entry.thinking.canTurnOff ?? entry.thinking.minBudget === 0 } : (base?.thinking ?? null);
    models.set(id, { id, label: entry.label ?? base?.label ?? id, thinking, imageTokens: base?.imageTokens ?? TILE_RULE, prices, note: base?.note ?? "Added by the operator (GEMINI_PRICES)." });
  }
  return [...models.values()];
}

/** A model's entry; an unknown model (one Google has and the catalogue does not) is priced and treated as 2.5 Flash. */
export function modelInfo(model: string, catalogue: ModelInfo[] = BUILT_IN_MODELS): ModelInfo {
  return catalogue.find((entry) => entry.id === model) ?? { ...BUILT_IN_MODELS[0], id: model, label: model, note: "Not in the catalogue: priced as Gemini 2.5 Flash." };
}
