import type { EmulatedModel } from "./known-models";
import { seededRandom } from "./schema-sample";

/** The part of a request's generationConfig the emulator reads. */
export interface GenerationConfig {
  responseSchema?: object;
  responseJsonSchema?: object;
  maxOutputTokens?: number;
  mediaResolution?: string;
  thinkingConfig?: { thinkingBudget?: number; thinkingLevel?: string; includeThoughts?: boolean };
  /** Image models (image-answers.ts). */
  responseModalities?: string[];
  imageConfig?: { aspectRatio?: string; imageSize?: string };
  seed?: number;
}

export type ThinkingOutcome = { thoughts: number } | { refusal: string };

/** What a model thinks about an image when left to itself: 300–1500 tokens, the same for the same image. */
export function naturalThoughts(seed: string) {
  return 300 + Math.floor(seededRandom(`${seed}:thinking`)() * 1201);
}

/**
 * How many tokens the model spends thinking on this call, or Google's refusal of the thinking config. A model that does
 * not think never does; a budget caps the natural amount; a model that must think (2.5 Pro) refuses a budget of 0.
 */
export function thinkingFor(model: EmulatedModel, config: GenerationConfig | undefined, seed: string): ThinkingOutcome {
  const thinking = model.info.thinking;
  if (!thinking) return { thoughts: 0 };
  const natural = naturalThoughts(seed);
  const { thinkingBudget: budget, thinkingLevel: level } = config?.thinkingConfig ?? {};
  if (level) {
    const byLevel: Record<string, number> = { MINIMAL: Math.floor(natural / 24), LOW: Math.min(1024, natural) };
    return { thoughts: byLevel[level.toUpperCase()] ?? natural };
  }
  if (budget === undefined || budget === null) return { thoughts: thinking.byDefault ? natural : 0 };
  if (budget === -1) return { thoughts: natural };
  // A model with a floor that thinks by default cannot be turned off; Flash-Lite has a floor too but is off by default.
  if (budget === 0) return thinking.minBudget > 0 && thinking.byDefault ? { refusal: "Budget 0 is invalid. This model only works in thinking mode." } : { thoughts: 0 };
  const allowed = Math.min(thinking.maxBudget, Math.max(thinking.minBudget, budget));
  return { thoughts: Math.min(allowed, natural) };
}

export interface FittedOutput {
  thoughts: number;
  answerTokens: number;
  /** "answer": the answer was cut short; "all": thinking used the whole room and there is no answer at all (R1). */
  cut: "none" | "answer" | "all";
}

/** Thoughts count against maxOutputTokens first; the answer gets what is left. */
export function fitIntoOutput(thoughts: number, answerTokens: number, maxOutputTokens: number): FittedOutput {
  if (thoughts > 0 && thoughts >= maxOutputTokens) return { thoughts: maxOutputTokens, answerTokens: 0, cut: "all" };
  const room = maxOutputTokens - thoughts;
  if (answerTokens > room) return { thoughts, answerTokens: room, cut: "answer" };
  return { thoughts, answerTokens, cut: "none" };
}
