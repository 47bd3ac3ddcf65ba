import sharp from "sharp";
import { modelInfo, type MediaResolutionSetting, type ModelInfo } from "./models";

/**
 * Google's rule for Gemini 2.x at the default media resolution: 258 tokens for an image with both sides ≤ 384 px,
 * otherwise 258 per tile, the tiles counted with a crop unit of floor(min(width, height) / 1.5): a 960×540 image is
 * 3 × 2 = 6 tiles, and a 4000×3000 photo and its 1536×1152 copy are both 2 × 2 = 4.
 */
export function imageTokens(width: number, height: number) {
  if (width <= 384 && height <= 384) return 258;
  const cropUnit = Math.max(1, Math.floor(Math.min(width, height) / 1.5));
  return Math.ceil(width / cropUnit) * Math.ceil(height / cropUnit) * 258;
}

/** Tokens one image costs as a prompt part on this model at this media resolution. */
export function imageTokensFor(width: number, height: number, model: string | ModelInfo, mediaResolution: MediaResolutionSetting = "default") {
  const info = typeof model === "string" ? modelInfo(model) : model;
  const perImage = info.imageTokens[mediaResolution];
  return perImage === "tiles" ? imageTokens(width, height) : perImage;
}

export async function imageTokensOf(bytes: Buffer, model: string = "gemini-2.5-flash", mediaResolution: MediaResolutionSetting = "default") {
  try {
    const { width = 0, height = 0 } = await sharp(bytes).metadata();
    return imageTokensFor(width, height, model, mediaResolution);
  } catch {
    return 258;
  }
}
