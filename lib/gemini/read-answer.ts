import type { GenerateContentResponse } from "@google/genai";
import { AnalysisError } from "../errors";

export type Validate = (json: unknown) => { ok: true; value: unknown } | { ok: false; error: string };

// Finish reasons that mean Google withheld the answer: another attempt gets the same verdict (GEMINI-API.md §2).
const WITHHELD = new Set(["SAFETY", "PROHIBITED_CONTENT", "RECITATION", "BLOCKLIST", "SPII", "LANGUAGE", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION", "IMAGE_OTHER", "NO_IMAGE", "OTHER"]);

/** What a 200 answer holds: the template's value, or why it does not (and whether a retry with more room may help). */
export type ReadAnswer = { value: unknown } | { error: AnalysisError; retry: "more_room" | "thinking_off" | null };

/** The answer's text: its parts that are not thought summaries (thinking models put those first, marked thought: true). */
export function answerText(response: GenerateContentResponse): string | null {
  const parts = response.candidates?.[0]?.content?.parts;
  if (!parts?.length) return null;
  const texts = parts.filter((part) => !part.thought && typeof part.text === "string").map((part) => part.text as string);
  return texts.length ? texts.join("") : null;
}

/** A 200 can still be a failure: blocked, withheld, cut short (often by thinking), or JSON that does not match the template. */
export function readAnswer(response: GenerateContentResponse, validate: Validate): ReadAnswer {
  const block = response.promptFeedback?.blockReason;
  if (block) {
    const detail = response.promptFeedback?.blockReasonMessage ? `: ${response.promptFeedback.blockReasonMessage}` : "";
    return { error: new AnalysisError("blocked", `Gemini blocked the image (${block})${detail}.`, { retryable: false }), retry: null };
  }
  const candidate = response.candidates?.[0];
  if (!candidate) return { error: new AnalysisError("blocked", "Gemini returned no answer for this image.", { retryable: false }), retry: null };
  const finish = candidate.finishReason ?? "STOP";
  if (WITHHELD.has(finish)) {
    const rating = candidate.safetyRatings?.find((r) => r.blocked)?.category;
    return { error: new AnalysisError("blocked", `Gemini withheld the answer (${finish}${rating ? `, ${rating}` : ""}).`, { retryable: false }), retry: null };
  }
  const text = answerText(response);
  if (finish === "MAX_TOKENS") {
    const thoughts = response.usageMetadata?.thoughtsTokenCount ?? 0;
    if (text === null && thoughts > 0) {
      return { error: new AnalysisError("bad_output", `Thinking used all the output room (${thoughts} tokens) before any answer.`, { retryable: true }), retry: "thinking_off" };
    }
    return { error: new AnalysisError("bad_output", "The answer was cut off (output token limit).", { retryable: true }), retry: "more_room" };
  }
  let json: unknown;
  try {
    json = JSON.parse(text ?? "");
  } catch {
    return { error: new AnalysisError("bad_output", "Gemini's answer was not valid JSON.", { retryable: true }), retry: "more_room" };
  }
  const checked = validate(json);
  if (checked.ok) return { value: checked.value };
  return { error: new AnalysisError("bad_output", `Gemini's answer does not match the template: ${checked.error}`, { retryable: true }), retry: "more_room" };
}
