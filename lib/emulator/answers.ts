import { createHash } from "node:crypto";
import type { BilledUsage } from "./quota-ledger";
import { promptDetails, type PromptTokens } from "./prompt-tokens";
import { fitIntoOutput, naturalThoughts } from "./thinking";

/**
 * The 200 answers of generateContent (GEMINI-API.md §2): the ordinary one with Google's usage arithmetic
 * (total = prompt + candidates + thoughts; cached ⊂ prompt), and the odd ones that are 200 yet carry a failure.
 */
export const ODD_ANSWERS = ["max-tokens-no-parts", "thought-parts", "prompt-blocked", "safety-no-content", "recitation", "image-safety", "cache-hit"];
// The emulator's first odd answers, kept as they were.
export const LEGACY_ANSWERS = ["blocked", "safety", "truncate", "bad_json"];

export interface AnswerInput {
  model: string;
  /** The behaviours asked for (a name and its "+" companions, e.g. thought-parts+cache-hit). */
  behaviours: string[];
  /** The answer text the model would give (JSON for a structured call). */
  output: string;
  prompt: PromptTokens;
  /** Tokens the model thinks, before maxOutputTokens is applied. */
  thoughts: number;
  maxOutputTokens: number;
  /** The request's own maxOutputTokens, if it set one. */
  requestedMaxOutputTokens?: number;
  includeThoughts: boolean;
  seed: string;
}

export interface BuiltAnswer {
  body: object;
  usage: BilledUsage;
}

export const SAFETY_RATINGS = [
  { category: "HARM_CATEGORY_HATE_SPEECH", probability: "NEGLIGIBLE" },
  { category: "HARM_CATEGORY_DANGEROUS_CONTENT", probability: "NEGLIGIBLE" },
  { category: "HARM_CATEGORY_HARASSMENT", probability: "NEGLIGIBLE" },
  { category: "HARM_CATEGORY_SEXUALLY_EXPLICIT", probability: "HIGH", blocked: true },
];
const THOUGHT_SUMMARY = "**Looking at the image**\n\nI'm identifying the main subject, its colours and materials, then filling each field of the requested schema.\n";
export const IMAGE_SAFETY_MESSAGE =
  "Unable to show the generated image. The image was filtered out because it violated Google's Generative AI Prohibited Use policy. You can try rephrasing the prompt. If you think this was an error, send feedback.";

const tokensOf = (text: string) => Math.ceil(text.length / 4);
const signatureOf = (seed: string) => createHash("sha256").update(`${seed}:signature`).digest("base64");

/** Google's usageMetadata: zero candidates or thoughts are left out, not sent as 0. */
function usageMetadata(prompt: PromptTokens, candidates: number, thoughts: number, cached: number) {
  return {
    promptTokenCount: prompt.total,
    ...(candidates > 0 ? { candidatesTokenCount: candidates } : {}),
    totalTokenCount: prompt.total + candidates + thoughts,
    promptTokensDetails: promptDetails(prompt),
    ...(thoughts > 0 ? { thoughtsTokenCount: thoughts } : {}),
    ...(cached > 0 ? { cachedContentTokenCount: cached, cacheTokensDetails: [{ modality: prompt.image > 0 ? "IMAGE" : "TEXT", tokenCount: cached }] } : {}),
  };
}

/** An implicit cache hit covers the repeated prefix: the image when there is one, else most of the text. */
function cachedTokensOf(prompt: PromptTokens) {
  return prompt.image > 0 ? prompt.image : Math.max(1, Math.floor((prompt.text * 3) / 4));
}

function candidateOf(input: AnswerInput, shape: string | undefined) {
  const thoughtParts = input.behaviours.includes("thought-parts") || input.includeThoughts;
  let output = input.output;
  if (shape === "bad_json") output = JSON.stringify({ unexpected: true });
  if (shape === "truncate") output = output.slice(0, Math.max(1, Math.floor(output.length / 2)));
  let thoughts = input.thoughts;
  if (input.behaviours.includes("thought-parts") && thoughts === 0) thoughts = naturalThoughts(input.seed);
  if (shape === "max-tokens-no-parts") {
    const spent = input.requestedMaxOutputTokens ?? (thoughts || naturalThoughts(input.seed));
    return { candidate: { content: { role: "model" }, finishReason: "MAX_TOKENS", index: 0 }, candidates: 0, thoughts: spent };
  }
  const fitted = fitIntoOutput(thoughts, tokensOf(output), input.maxOutputTokens);
  if (fitted.cut === "all") return { candidate: { content: { role: "model" }, finishReason: "MAX_TOKENS", index: 0 }, candidates: 0, thoughts: fitted.thoughts };
  if (fitted.cut === "answer") output = output.slice(0, fitted.answerTokens * 4);
  const candidates = tokensOf(output);
  const withheld = { candidates, thoughts: fitted.thoughts };
  if (shape === "safety-no-content") return { candidate: { finishReason: "SAFETY", index: 0, safetyRatings: SAFETY_RATINGS }, ...withheld };
  if (shape === "image-safety") return { candidate: { finishReason: "IMAGE_SAFETY", finishMessage: IMAGE_SAFETY_MESSAGE, index: 0 }, ...withheld };
  if (shape === "recitation") {
    const citationMetadata = { citationSources: [{ startIndex: 0, endIndex: Math.max(1, output.length - 1), uri: "https://example.com/catalogue/item", license: "" }] };
    return { candidate: { content: { role: "model", parts: [] }, finishReason: "RECITATION", citationMetadata, index: 0 }, ...withheld };
  }
  const answerPart = thoughtParts && fitted.thoughts > 0 ? { text: output, thoughtSignature: signatureOf(input.seed) } : { text: output };
  const parts = thoughtParts && fitted.thoughts > 0 ? [{ text: THOUGHT_SUMMARY, thought: true }, answerPart] : [answerPart];
  const finishReason = shape === "safety" ? "SAFETY" : shape === "truncate" || fitted.cut === "answer" ? "MAX_TOKENS" : "STOP";
  return { candidate: { content: { role: "model", parts }, finishReason, index: 0 }, ...withheld };
}

/** The body of a 200 generateContent answer and the tokens it bills. */
export function buildAnswer(input: AnswerInput): BuiltAnswer {
  const shape = input.behaviours.find((name) => name !== "cache-hit" && name !== "thought-parts" && (ODD_ANSWERS.includes(name) || LEGACY_ANSWERS.includes(name)));
  const cached = input.behaviours.includes("cache-hit") ? cachedTokensOf(input.prompt) : 0;
  const responseId = input.seed.slice(0, 16);
  if (shape === "blocked" || shape === "prompt-blocked") {
    const promptFeedback = { blockReason: shape === "blocked" ? "SAFETY" : "PROHIBITED_CONTENT" };
    const body = { promptFeedback, usageMetadata: usageMetadata(input.prompt, 0, 0, cached), modelVersion: input.model, responseId };
    return { body, usage: { promptTokens: input.prompt.total, candidatesTokens: 0, thoughtsTokens: 0, cachedTokens: cached } };
  }
  const { candidate, candidates, thoughts } = candidateOf(input, shape);
  const body = { candidates: [candidate], usageMetadata: usageMetadata(input.prompt, candidates, thoughts, cached), modelVersion: input.model, responseId };
  return { body, usage: { promptTokens: input.prompt.total, candidatesTokens: candidates, thoughtsTokens: thoughts, cachedTokens: cached } };
}
