import type { GenerateContentResponseUsageMetadata } from "@google/genai";
import type { BilledTokens } from "../costs/prices";

/**
 * The tokens Google bills for an answer: output is candidates + thoughts (thoughts are billed as output and may be the
 * only output, e.g. MAX_TOKENS with no parts), cached prompt tokens are a part of the prompt's.
 */
export function billedTokens(usage: GenerateContentResponseUsageMetadata | undefined): Required<BilledTokens> {
  const thoughtsTokens = usage?.thoughtsTokenCount ?? 0;
  return {
    inputTokens: (usage?.promptTokenCount ?? 0) + (usage?.toolUsePromptTokenCount ?? 0),
    outputTokens: (usage?.candidatesTokenCount ?? 0) + thoughtsTokens,
    thoughtsTokens,
    cachedTokens: usage?.cachedContentTokenCount ?? 0,
    imageOutputTokens: usage?.candidatesTokensDetails?.find((detail) => detail.modality === "IMAGE")?.tokenCount ?? 0,
  };
}
