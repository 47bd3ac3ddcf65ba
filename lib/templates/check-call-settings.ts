import { badRequest } from "../errors";
import { modelInfo, type ModelInfo } from "../gemini/models";
import { thinkingTokensAllowed } from "../gemini/request";
import { parseThinking, type StoredCallSettings } from "./call-settings";

/** The models a template may name (config.models) and the one a version without a model runs on (GEMINI_MODEL). */
export interface ModelChoice {
  models: ModelInfo[];
  defaultModel: string;
}

const tokens = (value: number) => value.toLocaleString("en");

/**
 * Refuses settings Gemini would refuse or that cannot answer, before they are saved or tried: a model the catalogue does
 * not offer, thinking on a model that does not think, a budget outside the model's range, output room the thoughts use up.
 * "off" is allowed everywhere: it sends the least thinking the model allows.
 */
export function checkCallSettings(settings: StoredCallSettings, choice: ModelChoice): void {
  if (settings.model !== null && !choice.models.some((model) => model.id === settings.model)) {
    const offered = choice.models.map((model) => model.id);
    throw badRequest("unknown_model", `"${settings.model}" is not a model this server offers. Choose one of: ${offered.join(", ")} (an operator adds models with GEMINI_PRICES).`, { models: offered });
  }
  const info = modelInfo(settings.model ?? choice.defaultModel, choice.models);
  const thinking = parseThinking(settings.thinking);
  if (thinking === null) return;
  const range = info.thinking;
  if (!range && (thinking === "low" || typeof thinking === "number")) {
    throw badRequest("thinking_not_supported", `${info.label} does not think: choose thinking "off" (or another model).`);
  }
  if (range && typeof thinking === "number" && (thinking < range.minBudget || thinking > range.maxBudget)) {
    const off = range.canTurnOff ? "sends 0" : `sends its minimum, ${tokens(range.minBudget)}`;
    throw badRequest("thinking_budget_out_of_range", `${info.label} takes a thinking budget from ${tokens(Math.max(1, range.minBudget))} to ${tokens(range.maxBudget)} tokens ("off" ${off}).`);
  }
  // Thoughts count against maxOutputTokens: a room no larger than the thinking budget can leave nothing for the answer.
  if (settings.maxOutputTokens !== null && thinking !== "dynamic") {
    const budget = thinkingTokensAllowed({ thinking }, info);
    if (budget > 0 && settings.maxOutputTokens <= budget) {
      throw badRequest(
        "output_room_too_small",
        `maxOutputTokens (${tokens(settings.maxOutputTokens)}) leaves no room for the answer: thoughts count against it and this thinking setting allows ${tokens(budget)} on ${info.label}. Raise it above ${tokens(budget)} (e.g. ${tokens(budget + 2048)}) or think less.`,
      );
    }
  }
}
