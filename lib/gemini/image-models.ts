import type { ModelInfo } from "./models";

/** An image size a model can make (imageConfig.imageSize); models without sizes make "1K" only. */
export type ImageSize = "0.5K" | "1K" | "2K" | "4K";

export const ASPECT_RATIOS = ["1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"] as const;
export type AspectRatio = (typeof ASPECT_RATIOS)[number];

/** A model that makes images ("Nano Banana"): its prices, output tokens per image and sizes. */
export interface ImageModelInfo extends ModelInfo {
  /** Output tokens one generated image is billed, by size (GEMINI-API.md §5). */
  imageOutputTokens: Partial<Record<ImageSize, number>>;
  /** Whether imageConfig.imageSize may be sent (2.5 Flash Image refuses it). */
  sizes: boolean;
}

// Pixel sizes of a 1K image per aspect ratio, as Google lists them for gemini-2.5-flash-image; 2K and 4K double and
// quadruple each side, 0.5K halves it.
const ONE_K: Record<AspectRatio, [number, number]> = {
  "1:1": [1024, 1024],
  "2:3": [832, 1248],
  "3:2": [1248, 832],
  "3:4": [864, 1184],
  "4:3": [1184, 864],
  "4:5": [896, 1152],
  "5:4": [1152, 896],
  "9:16": [768, 1344],
  "16:9": [1344, 768],
  "21:9": [1536, 672],
};
const SCALE: Record<ImageSize, number> = { "0.5K": 0.5, "1K": 1, "2K": 2, "4K": 4 };

const NO_THINKING_TILES = { thinking: null, imageTokens: { low: 64, medium: 256, high: 256, default: "tiles" as const } };

// ai.google.dev/gemini-api/docs/pricing: 2.5 Flash Image "$30 per 1,000,000 tokens … 1290 tokens … $0.039 per image";
// 3 Pro Image $120 per million image tokens (1K/2K 1120 tokens = $0.134, 4K 2000 = $0.24); 3.1 Flash Image $60 per million
// ($0.045 at 0.5K, $0.067 1K, $0.101 2K, $0.151 4K, i.e. about 750 / 1120 / 1680 / 2520 tokens). Batch is half.
export const IMAGE_MODELS: ImageModelInfo[] = [
  {
    id: "gemini-2.5-flash-image",
    label: "Gemini 2.5 Flash Image (Nano Banana)",
    ...NO_THINKING_TILES,
    prices: { input: 0.3, output: 2.5, cachedInput: 0.03, batchInput: 0.15, batchOutput: 1.25, imageOutput: 30, batchImageOutput: 15 },
    imageOutputTokens: { "1K": 1290 },
    sizes: false,
    note: "$0.039 per image (1290 output tokens), up to 1344 px a side.",
  },
  {
    id: "gemini-3.1-flash-image-preview",
    label: "Gemini 3.1 Flash Image (preview)",
    ...NO_THINKING_TILES,
    prices: { input: 0.5, output: 3, cachedInput: 0.05, batchInput: 0.25, batchOutput: 1.5, imageOutput: 60, batchImageOutput: 30 },
    imageOutputTokens: { "0.5K": 750, "1K": 1120, "2K": 1680, "4K": 2520 },
    sizes: true,
    note: "$0.067 per 1K image, $0.101 2K, $0.151 4K.",
  },
  {
    id: "gemini-3-pro-image-preview",
    label: "Gemini 3 Pro Image (preview)",
    ...NO_THINKING_TILES,
    prices: { input: 2, output: 12, cachedInput: 0.2, batchInput: 1, batchOutput: 6, imageOutput: 120, batchImageOutput: 60 },
    imageOutputTokens: { "1K": 1120, "2K": 1120, "4K": 2000 },
    sizes: true,
    note: "Best quality; $0.134 per 1K/2K image, $0.24 at 4K.",
  },
];

export const DEFAULT_IMAGE_MODEL = "gemini-2.5-flash-image";

export function isImageModel(model: string): boolean {
  return IMAGE_MODELS.some((entry) => entry.id === model);
}

/** An image model's entry; an unknown one is priced as 2.5 Flash Image. */
export function imageModelInfo(model: string): ImageModelInfo {
  return IMAGE_MODELS.find((entry) => entry.id === model) ?? { ...IMAGE_MODELS[0], id: model, label: model, note: "Not in the catalogue: priced as Gemini 2.5 Flash Image." };
}

/** The size a model makes for an aspect ratio and image size. */
export function imagePixels(aspectRatio: AspectRatio, size: ImageSize = "1K"): { width: number; height: number } {
  const [width, height] = ONE_K[aspectRatio];
  return { width: Math.round(width * SCALE[size]), height: Math.round(height * SCALE[size]) };
}

/** The listed aspect ratio nearest to an image's (Google matches the input image's shape when none is asked for). */
export function nearestAspectRatio(width: number, height: number): AspectRatio {
  if (!(width > 0 && height > 0)) return "1:1";
  const wanted = Math.log(width / height);
  let best: AspectRatio = "1:1";
  for (const ratio of ASPECT_RATIOS) {
    const [w, h] = ONE_K[ratio];
    if (Math.abs(Math.log(w / h) - wanted) < Math.abs(Math.log(ONE_K[best][0] / ONE_K[best][1]) - wanted)) best = ratio;
  }
  return best;
}

/** Output tokens billed per image at a size (the model's 1K figure when it has no such size). */
export function imageOutputTokensFor(model: ImageModelInfo, size: ImageSize = "1K"): number {
  return model.imageOutputTokens[size] ?? model.imageOutputTokens["1K"] ?? 1290;
}
