import { modelInfo, type ModelInfo } from "../gemini/models";

/** What Google bills for one call. outputTokens includes the thoughts; inputTokens includes the cached prompt tokens. */
export interface BilledTokens {
  inputTokens: number;
  outputTokens: number;
  thoughtsTokens?: number;
  cachedTokens?: number;
  /** Of outputTokens, those that are generated images (image models bill them at their own price). */
  imageOutputTokens?: number;
}

/**
 * Cost in millionths of a dollar (integers keep sums exact), at the model's interactive or Batch API prices. Cached prompt
 * tokens are billed at the cached price in both (Google: "cached tokens are priced the same as for non-batch traffic").
 */
export function costMicros(model: string | ModelInfo, tokens: BilledTokens, engine: "interactive" | "batch" = "interactive"): number {
  const { prices } = typeof model === "string" ? modelInfo(model) : model;
  const cached = Math.min(tokens.cachedTokens ?? 0, tokens.inputTokens);
  const input = engine === "batch" ? prices.batchInput : prices.input;
  const output = engine === "batch" ? prices.batchOutput : prices.output;
  const imageOutput = (engine === "batch" ? prices.batchImageOutput : prices.imageOutput) ?? output;
  const images = Math.min(tokens.imageOutputTokens ?? 0, tokens.outputTokens);
  return Math.round((tokens.inputTokens - cached) * input + cached * prices.cachedInput + (tokens.outputTokens - images) * output + images * imageOutput);
}
