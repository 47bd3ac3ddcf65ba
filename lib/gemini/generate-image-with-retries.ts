import { Modality, type GenerateContentConfig } from "@google/genai";
import { callWithRetries, type GeminiCallInput, type GenerateResult } from "./generate-with-retries";
import { imageModelInfo, imageOutputTokensFor, type AspectRatio, type ImageSize } from "./image-models";
import { readImageAnswer, type GeneratedImage } from "./read-image-answer";

export interface ImageRequest {
  /** null: Google matches the input image's shape. */
  aspectRatio: AspectRatio | null;
  /** Only for models with sizes (Gemini 3 image models); 2.5 Flash Image makes 1K. */
  imageSize?: ImageSize;
  /** generationConfig.seed: a variant's own seed, so N variants of one product are N different images. */
  seed?: number;
}

// Room for a caption beside the image: the model sometimes writes one even when asked for the image alone.
const TEXT_ROOM = 512;

/**
 * One image made from an image and an instruction with an image model ("Nano Banana"), through the same key pool,
 * retries, classification, spending caps and cost accounting as every Gemini call (image output tokens at the image
 * price). Image-safety answers fail at once as `blocked` with Google's reason; an answer without an image is asked once
 * more. Throws AnalysisError when it gives up.
 */
export function generateImageWithRetries(input: GeminiCallInput & { request: ImageRequest }): Promise<GenerateResult<GeneratedImage>> {
  const info = imageModelInfo(input.settings.model);
  const model = input.model ?? info;
  const imageTokens = imageOutputTokensFor(info, input.request.imageSize);
  const imageConfig = {
    ...(input.request.aspectRatio ? { aspectRatio: input.request.aspectRatio } : {}),
    ...(info.sizes && input.request.imageSize ? { imageSize: input.request.imageSize } : {}),
  };
  const config: GenerateContentConfig = {
    responseModalities: [Modality.IMAGE],
    ...(Object.keys(imageConfig).length ? { imageConfig } : {}),
    ...(input.request.seed !== undefined ? { seed: input.request.seed } : {}),
  };
  return callWithRetries({ ...input, model }, {
    config: () => config,
    maxOutput: () => ({ tokens: imageTokens + TEXT_ROOM, imageTokens }),
    read: readImageAnswer,
  });
}
