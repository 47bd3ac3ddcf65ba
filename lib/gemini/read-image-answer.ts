import type { GenerateContentResponse } from "@google/genai";
import { AnalysisError } from "../errors";

/** A generated image, as it came in the answer's inlineData. */
export interface GeneratedImage {
  bytes: Buffer;
  mimeType: string;
  /** The model's text beside the image, if it wrote any. */
  text: string | null;
}

export type ReadImageAnswer = { value: GeneratedImage } | { error: AnalysisError; retry: "again" | null };

// Answers Google withheld (GEMINI-API.md §2, §5): the same request meets the same verdict, so they are final at once.
const WITHHELD = new Set([
  "SAFETY",
  "PROHIBITED_CONTENT",
  "BLOCKLIST",
  "SPII",
  "RECITATION",
  "IMAGE_SAFETY",
  "IMAGE_PROHIBITED_CONTENT",
  "IMAGE_RECITATION",
  "IMAGE_OTHER",
  "NO_IMAGE",
  "OTHER",
]);

const blocked = (message: string) => ({ error: new AnalysisError("blocked", message, { retryable: false }), retry: null });

/**
 * An image model's 200: the first image part that is not a thought (image models may send thought images first), or why
 * there is none. Blocks and image-safety finishes are final (`blocked`, with Google's reason); an answer of text alone is
 * asked once more (the model "won't always follow" the request, Google says), then blocked with what it wrote.
 */
export function readImageAnswer(response: GenerateContentResponse): ReadImageAnswer {
  const block = response.promptFeedback?.blockReason;
  if (block) {
    const detail = response.promptFeedback?.blockReasonMessage ? `: ${response.promptFeedback.blockReasonMessage}` : "";
    return blocked(`Gemini blocked the request (${block})${detail}.`);
  }
  const candidate = response.candidates?.[0];
  if (!candidate) return blocked("Gemini returned no answer for this image.");
  const finish = candidate.finishReason ?? "STOP";
  if (WITHHELD.has(finish)) {
    const rating = candidate.safetyRatings?.find((r) => r.blocked)?.category;
    const why = finish === "NO_IMAGE" ? "it made no image" : finish.startsWith("IMAGE_") ? "the generated image was filtered out" : "the answer was withheld";
    return blocked(`Gemini did not return an image: ${why} (${finish}${rating ? `, ${rating}` : ""}).`);
  }
  const parts = (candidate.content?.parts ?? []).filter((part) => !part.thought);
  const image = parts.find((part) => part.inlineData?.data && (part.inlineData.mimeType ?? "").startsWith("image/"));
  const text = parts.map((part) => part.text ?? "").join("").trim() || null;
  if (image?.inlineData?.data) return { value: { bytes: Buffer.from(image.inlineData.data, "base64"), mimeType: image.inlineData.mimeType ?? "image/png", text } };
  if (finish === "MAX_TOKENS") return { error: new AnalysisError("bad_output", "The image was cut off (output token limit).", { retryable: true }), retry: "again" };
  const said = text ? `: "${text.slice(0, 200)}"` : "";
  return { error: new AnalysisError("blocked", `Gemini answered without an image (${finish})${said}.`, { retryable: false }), retry: "again" };
}
