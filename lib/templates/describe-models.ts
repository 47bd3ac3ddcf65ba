import type { Config } from "../config";
import { imageTokensFor } from "../gemini/image-tokens";
import type { ModelInfo, ModelPrices } from "../gemini/models";
import { ANSWER_TOKENS, maxOutputTokensFor, thinkingTokensAllowed } from "../gemini/request";
import type { ModelsView, ModelView } from "./estimate-call-cost";

/** A typical camera photo, and what Loupe sends of it after downscaling to IMAGE_MAX_SIDE. */
const PHOTO = { width: 4000, height: 3000 };

function downscaled(maxSide: number) {
  const scale = Math.min(1, maxSide / Math.max(PHOTO.width, PHOTO.height));
  return { width: Math.round(PHOTO.width * scale), height: Math.round(PHOTO.height * scale) };
}

function modelView(info: ModelInfo, sent: { width: number; height: number }): ModelView {
  const tokensAt = (mediaResolution: "default" | "low" | "medium" | "high", size = sent) => imageTokensFor(size.width, size.height, info, mediaResolution);
  const room = (thinking: "off" | "low" | "dynamic") => maxOutputTokensFor({ model: info.id, thinking, mediaResolution: "default", maxOutputTokens: null }, info);
  const prices: ModelPrices = info.prices;
  return {
    id: info.id,
    label: info.label,
    note: info.note,
    prices,
    thinking: info.thinking ? { minBudget: info.thinking.minBudget, maxBudget: info.thinking.maxBudget, byDefault: info.thinking.byDefault, levels: info.thinking.levels === true, canTurnOff: info.thinking.canTurnOff } : null,
    thinkingTokens: { off: thinkingTokensAllowed({ thinking: "off" }, info), low: thinkingTokensAllowed({ thinking: "low" }, info), dynamic: thinkingTokensAllowed({ thinking: "dynamic" }, info) },
    defaultMaxOutputTokens: { off: room("off"), low: room("low"), dynamic: room("dynamic") },
    tileRule: info.imageTokens.default === "tiles",
    imageTokens: { default: tokensAt("default"), low: tokensAt("low"), medium: tokensAt("medium"), high: tokensAt("high") },
    imageTokensAtFullSize: { default: tokensAt("default", PHOTO), low: tokensAt("low", PHOTO), medium: tokensAt("medium", PHOTO), high: tokensAt("high", PHOTO) },
  };
}

/**
 * The model catalogue for the template editor: prices (GEMINI_PRICES applied), thinking ranges, and what a typical photo
 * costs at each media resolution as Loupe sends it. Nothing about keys or the server beyond the configured defaults.
 */
export function describeModels(config: Pick<Config, "models" | "GEMINI_MODEL" | "IMAGE_MAX_SIDE">): ModelsView {
  const sent = downscaled(config.IMAGE_MAX_SIDE);
  return {
    defaultModel: config.GEMINI_MODEL,
    answerTokens: ANSWER_TOKENS,
    imageMaxSide: config.IMAGE_MAX_SIDE,
    typicalPhoto: { original: PHOTO, sent },
    models: config.models.map((info) => modelView(info, sent)),
  };
}
