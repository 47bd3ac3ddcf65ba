import type { GeminiCallSettings, MediaResolutionSetting, ModelPrices, ThinkingSetting } from "../gemini/models";
import type { TemplateField } from "./schemas";

// Plain arithmetic over GET /models, so the template editor can show what each choice costs as it is made (no server code).

type Resolutions<T> = Record<MediaResolutionSetting, T>;

/** One model of the catalogue as GET /models describes it. */
export interface ModelView {
  id: string;
  label: string;
  note: string;
  /** USD per million tokens. */
  prices: ModelPrices;
  /** null: the model does not think. canTurnOff: "off" sends a budget of 0 (else it sends the least the model allows). */
  thinking: { minBudget: number; maxBudget: number; byDefault: boolean; levels: boolean; canTurnOff: boolean } | null;
  /** The most thinking tokens each setting allows (dynamic: Loupe's planning figure; the model decides). */
  thinkingTokens: { off: number; low: number; dynamic: number };
  /** maxOutputTokens Loupe sends when the template sets none. */
  defaultMaxOutputTokens: { off: number; low: number; dynamic: number };
  /** true: at the default media resolution an image costs 258 tokens per tile (Google's crop-unit rule), else a fixed count. */
  tileRule: boolean;
  /** Tokens of the typical photo as Loupe sends it (downscaled to IMAGE_MAX_SIDE), at each media resolution. */
  imageTokens: Resolutions<number>;
  /** The same photo at full size (4000×3000). */
  imageTokensAtFullSize: Resolutions<number>;
}

export interface ModelsView {
  defaultModel: string;
  /** Output room for the answer itself when the template sets none (thinking comes on top). */
  answerTokens: number;
  imageMaxSide: number;
  typicalPhoto: { original: { width: number; height: number }; sent: { width: number; height: number } };
  models: ModelView[];
}

/** Rough answer length per field: enough to compare settings (the Try flow shows the real figure). */
export function answerTokensOf(fields: TemplateField[]): number {
  const perField = (field: TemplateField): number => {
    switch (field.type) {
      case "string":
        return 40;
      case "list":
        return 5 * perField(field.items ?? { name: "item", type: "string" });
      case "object":
        return (field.properties ?? []).reduce((sum, property) => sum + perField(property), 10);
      default:
        return 6;
    }
  };
  return fields.reduce((sum, field) => sum + perField(field), 10);
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, Math.round(value)));

/** The most thinking tokens a call may spend with this setting on this model. */
export function thinkingAllowed(model: ModelView, thinking: ThinkingSetting): number {
  if (!model.thinking) return 0;
  if (typeof thinking === "number") return clamp(thinking, model.thinking.minBudget, model.thinking.maxBudget);
  return model.thinkingTokens[thinking];
}

/** maxOutputTokens a call sends: the template's, else room for the answer plus the thinking allowed. */
export function outputRoom(catalogue: Pick<ModelsView, "answerTokens">, model: ModelView, settings: Pick<GeminiCallSettings, "thinking" | "maxOutputTokens">): number {
  return settings.maxOutputTokens ?? catalogue.answerTokens + thinkingAllowed(model, settings.thinking);
}

export interface CallCostEstimate {
  imageTokens: number;
  promptTokens: number;
  answerTokens: number;
  /** At most this many thoughts (billed as output); 0 when thinking is off on a model that can turn it off. */
  thoughtsTokens: number;
  outputRoom: number;
  /** Per 1,000 typical photos: prompt + answer, and what the thoughts add at most. */
  costPer1000Usd: number;
  thoughtsPer1000Usd: number;
}

const per1000 = (tokens: number, pricePerMillion: number) => (1000 * tokens * pricePerMillion) / 1_000_000;

/** What one typical photo costs through a template at these settings. */
export function estimateCallCost(catalogue: Pick<ModelsView, "answerTokens">, model: ModelView, settings: Pick<GeminiCallSettings, "thinking" | "mediaResolution" | "maxOutputTokens">, template: { promptChars: number; fields: TemplateField[] }): CallCostEstimate {
  const imageTokens = model.imageTokens[settings.mediaResolution];
  const promptTokens = imageTokens + Math.ceil(template.promptChars / 4);
  const room = outputRoom(catalogue, model, settings);
  const thoughtsTokens = Math.min(thinkingAllowed(model, settings.thinking), room);
  const answerTokens = Math.min(answerTokensOf(template.fields), Math.max(0, room - thoughtsTokens));
  return {
    imageTokens,
    promptTokens,
    answerTokens,
    thoughtsTokens,
    outputRoom: room,
    costPer1000Usd: per1000(promptTokens, model.prices.input) + per1000(answerTokens, model.prices.output),
    thoughtsPer1000Usd: per1000(thoughtsTokens, model.prices.output),
  };
}

/** Dollars as people read small amounts: $0.31, $0.0042, $12. */
export function formatUsd(value: number): string {
  if (value === 0) return "$0";
  if (value >= 100) return `$${value.toFixed(0)}`;
  if (value >= 0.01) return `$${value.toFixed(2)}`;
  // Two significant digits, never exponent notation.
  return `$${value.toFixed(Math.min(10, 1 - Math.floor(Math.log10(value))))}`;
}

export const formatTokens = (value: number) => value.toLocaleString("en");
