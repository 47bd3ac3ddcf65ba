import sharp from "sharp";
import { imageTokensFor } from "../gemini/image-tokens";
import type { MediaResolutionSetting } from "../gemini/models";
import type { EmulatedModel } from "./known-models";

export interface PromptTokens {
  image: number;
  text: number;
  total: number;
}

const RESOLUTIONS: Record<string, MediaResolutionSetting> = { MEDIA_RESOLUTION_LOW: "low", MEDIA_RESOLUTION_MEDIUM: "medium", MEDIA_RESOLUTION_HIGH: "high" };

async function sizeOf(image: Buffer) {
  try {
    const { width = 0, height = 0 } = await sharp(image).metadata();
    return { width, height };
  } catch {
    return { width: 0, height: 0 }; // unreadable bytes cost what a small image does
  }
}

/** The prompt as Google counts it: each image by the model's rule at the request's media resolution, text at 4 characters a token. */
export async function promptTokensOf(images: Buffer[], text: string, model: EmulatedModel, mediaResolution: string | undefined): Promise<PromptTokens> {
  const resolution = RESOLUTIONS[mediaResolution ?? ""] ?? "default";
  const sizes = await Promise.all(images.map(sizeOf));
  const image = sizes.reduce((sum, size) => sum + imageTokensFor(size.width, size.height, model.info, resolution), 0);
  const textTokens = Math.ceil(text.length / 4);
  return { image, text: textTokens, total: image + textTokens };
}

/** promptTokensDetails as Google lists them, one entry per modality present. */
export function promptDetails(prompt: PromptTokens) {
  return [
    ...(prompt.image > 0 ? [{ modality: "IMAGE", tokenCount: prompt.image }] : []),
    ...(prompt.text > 0 || prompt.image === 0 ? [{ modality: "TEXT", tokenCount: prompt.text }] : []),
  ];
}
