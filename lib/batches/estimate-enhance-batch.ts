import type { Config } from "../config";
import { costMicros } from "../costs/prices";
import { DEFAULT_IMAGE_MODEL, imageModelInfo, imageOutputTokensFor } from "../gemini/image-models";
import { imageTokensFor } from "../gemini/image-tokens";

export interface EnhanceVersion {
  instructions: string;
  variants: number | null;
  model: string | null;
}
export type ProjectLimits = { rpmLimit: number; tpmLimit: number; rpdLimit: number };

/**
 * An enhance template's figures per product: one call to the image model per variant, each sending the photo (as
 * prepared) and the instruction and billed for the generated image at the image-output price (GEMINI-API.md §5:
 * 1,290 tokens, $0.039 per image on 2.5 Flash Image, half through the Batch API). Quotas count calls, so a product
 * with three variants takes three requests of a project's RPM.
 */
export function enhanceFigures(config: Config, version: EnhanceVersion, limits: ProjectLimits[], images: number) {
  const variants = version.variants || config.ENHANCED_IMAGES_COUNT;
  const info = imageModelInfo(version.model ?? DEFAULT_IMAGE_MODEL);
  const longSide = config.IMAGE_MAX_SIDE;
  const sentTokens = imageTokensFor(longSide, Math.round(longSide * 0.75), info);
  const perCall = { inputTokens: sentTokens + Math.ceil(version.instructions.length / 4), outputTokens: imageOutputTokensFor(info) };
  const billed = { ...perCall, imageOutputTokens: perCall.outputTokens };
  const tokensPerCall = perCall.inputTokens + perCall.outputTokens;
  const callsPerMinute = limits.reduce((sum, project) => sum + Math.min(project.rpmLimit, project.tpmLimit / tokensPerCall), 0);
  const imagesPerMinute = callsPerMinute / variants; // fractional: 1 RPM and 3 variants is a product every 3 minutes
  const imagesPerDay = Math.floor(limits.reduce((sum, project) => sum + project.rpdLimit, 0) / variants);
  return {
    model: info.id,
    variants,
    info,
    sentTokens,
    originalTokens: imageTokensFor(4000, 3000, info),
    inputTokensPerImage: perCall.inputTokens * variants,
    outputTokensPerImage: perCall.outputTokens * variants,
    tokensPerImage: tokensPerCall * variants,
    costUsd: (costMicros(info, billed) * variants * images) / 1_000_000,
    batchCostUsd: (costMicros(info, billed, "batch") * variants * images) / 1_000_000,
    imagesPerMinute,
    imagesPerDay,
  };
}
