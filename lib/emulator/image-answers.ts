import { ASPECT_RATIOS, imageOutputTokensFor, type AspectRatio, type ImageModelInfo, type ImageSize } from "../gemini/image-models";
import { IMAGE_SAFETY_MESSAGE, SAFETY_RATINGS } from "./answers";
import { makeGeneratedImage } from "./make-generated-image";
import { promptDetails, type PromptTokens } from "./prompt-tokens";
import type { BilledUsage } from "./quota-ledger";

/**
 * What an image model ("Nano Banana") answers (GEMINI-API.md §5): parts with an optional text part and one inlineData PNG
 * made from the input, usage with the image's output tokens listed by modality; or one of the image-safety families,
 * selected like every emulator behaviour (x-emulate, an EMULATE: marker in the image or prompt, a configured fault).
 */
export const IMAGE_FAMILIES = [
  "image-safety",
  "image-prohibited-content",
  "image-recitation",
  "image-other",
  "no-image",
  "text-only",
  "prohibited-content",
  "safety-no-content",
  "prompt-blocked",
  "prompt-image-safety",
  "blocked",
];
/** A companion: a thought image part before the answer's (clients must skip parts marked thought). */
export const THOUGHT_IMAGE = "thought-image";

export interface ImageGenerationConfig {
  responseModalities?: string[];
  imageConfig?: { aspectRatio?: string; imageSize?: string };
  seed?: number;
}

export interface ImageAnswerInput {
  model: ImageModelInfo;
  behaviours: string[];
  prompt: PromptTokens;
  input: Buffer | null;
  config: ImageGenerationConfig;
  /** The request's seed (its image, prompt and generationConfig.seed): the same request, the same image. */
  seed: string;
}

export interface BuiltImageAnswer {
  body: object;
  usage: BilledUsage;
  /** Images in the answer (0 for the failure families). */
  images: number;
}

const FINISH: Record<string, { finishReason: string; finishMessage?: string }> = {
  "image-safety": { finishReason: "IMAGE_SAFETY", finishMessage: IMAGE_SAFETY_MESSAGE },
  "image-prohibited-content": { finishReason: "IMAGE_PROHIBITED_CONTENT", finishMessage: IMAGE_SAFETY_MESSAGE },
  "image-recitation": { finishReason: "IMAGE_RECITATION", finishMessage: "Unable to show the generated image. The image was filtered out because it may resemble existing content." },
  "image-other": { finishReason: "IMAGE_OTHER", finishMessage: "Unable to show the generated image." },
  "no-image": { finishReason: "NO_IMAGE", finishMessage: "The model did not generate an image." },
  "prohibited-content": { finishReason: "PROHIBITED_CONTENT" },
};
const CAPTION = "Here is the product on a clean white background with a soft shadow.";
const TEXT_ONLY = "I can place the product on a white background for you. Here it is: ";

const tokensOf = (text: string) => Math.ceil(text.length / 4);
const wantsText = (config: ImageGenerationConfig) => (config.responseModalities ?? ["TEXT", "IMAGE"]).some((modality) => modality.toUpperCase() === "TEXT");

/** Google's usageMetadata for an image answer: candidates tokens listed per modality; total = prompt + candidates. */
function usageMetadata(prompt: PromptTokens, text: number, image: number) {
  const candidates = text + image;
  const details = [...(image > 0 ? [{ modality: "IMAGE", tokenCount: image }] : []), ...(text > 0 ? [{ modality: "TEXT", tokenCount: text }] : [])];
  return {
    promptTokenCount: prompt.total,
    ...(candidates > 0 ? { candidatesTokenCount: candidates } : {}),
    totalTokenCount: prompt.total + candidates,
    promptTokensDetails: promptDetails(prompt),
    ...(details.length ? { candidatesTokensDetails: details } : {}),
  };
}

export function imageRequestOf(config: ImageGenerationConfig | undefined): boolean {
  return config?.responseModalities?.some((modality) => modality.toUpperCase() === "IMAGE") === true;
}

/** The body of a 200 answer of an image model and the tokens it bills. */
export async function buildImageAnswer(input: ImageAnswerInput): Promise<BuiltImageAnswer> {
  const family = input.behaviours.find((name) => IMAGE_FAMILIES.includes(name));
  const responseId = input.seed.slice(0, 16);
  const envelope = (rest: object, text: number, image: number) => ({
    body: { ...rest, usageMetadata: usageMetadata(input.prompt, text, image), modelVersion: input.model.id, responseId },
    usage: { promptTokens: input.prompt.total, candidatesTokens: text + image, thoughtsTokens: 0, cachedTokens: 0 },
    images: 0,
  });
  const imageSize = (input.config.imageConfig?.imageSize ?? "1K") as ImageSize;
  const imageTokens = imageOutputTokensFor(input.model, imageSize);
  if (family === "prompt-blocked" || family === "blocked" || family === "prompt-image-safety") {
    const blockReason = family === "blocked" ? "SAFETY" : family === "prompt-blocked" ? "PROHIBITED_CONTENT" : "IMAGE_SAFETY";
    return envelope({ promptFeedback: { blockReason } }, 0, 0);
  }
  // A withheld image was made, then filtered: its tokens are billed although no image is sent (as Google does).
  if (family && FINISH[family]) return envelope({ candidates: [{ content: { role: "model" }, ...FINISH[family], index: 0 }] }, 0, family === "no-image" ? 0 : imageTokens);
  if (family === "safety-no-content") return envelope({ candidates: [{ finishReason: "SAFETY", index: 0, safetyRatings: SAFETY_RATINGS }] }, 0, imageTokens);
  if (family === "text-only") {
    return envelope({ candidates: [{ content: { role: "model", parts: [{ text: TEXT_ONLY }] }, finishReason: "STOP", index: 0 }] }, tokensOf(TEXT_ONLY), imageTokens);
  }
  const aspectRatio = ASPECT_RATIOS.includes(input.config.imageConfig?.aspectRatio as AspectRatio) ? (input.config.imageConfig!.aspectRatio as AspectRatio) : null;
  const made = await makeGeneratedImage({ input: input.input, aspectRatio, imageSize: input.model.sizes ? imageSize : "1K", seed: input.seed });
  const imagePart = { inlineData: { mimeType: "image/png", data: made.png.toString("base64") } };
  const parts: object[] = [];
  if (input.behaviours.includes(THOUGHT_IMAGE)) {
    const draft = await makeGeneratedImage({ input: input.input, aspectRatio, imageSize: "0.5K", seed: `${input.seed}:draft` });
    parts.push({ inlineData: { mimeType: "image/png", data: draft.png.toString("base64") }, thought: true });
  }
  const text = wantsText(input.config) ? CAPTION : "";
  if (text) parts.push({ text });
  parts.push(imagePart);
  const answer = envelope({ candidates: [{ content: { role: "model", parts }, finishReason: "STOP", index: 0 }] }, tokensOf(text), imageTokens);
  return { ...answer, images: 1 };
}
