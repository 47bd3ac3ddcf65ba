import type { GenerateContentConfig, GenerateContentResponse, GoogleGenAI } from "@google/genai";
import { costMicros } from "../costs/prices";
import { AnalysisError } from "../errors";
import { observeGeminiCall } from "../metrics/registry";
import type { AttemptRecord } from "./attempt-record";
import { fullJitterDelay } from "./backoff";
import { classifyGeminiError } from "./classify-error";
import type { GeminiClientFactory } from "./create-client";
import { holdInlineImage } from "./inline-images";
import type { KeyPool } from "./key-pool";
import { modelInfo, type GeminiCallSettings, type ModelInfo } from "./models";
import { readAnswer, type Validate } from "./read-answer";
import { generationConfigFor, maxOutputTokensFor } from "./request";
import type { SpendGuard, SpendHold } from "./spend-guard";
import { billedTokens } from "./usage";

/** What every Gemini call of one image shares, whatever it asks for (a JSON answer, an image). */
export interface GeminiCallInput {
  pool: KeyPool;
  clients: GeminiClientFactory;
  settings: GeminiCallSettings;
  /** The model's catalogue entry (prices, thinking); looked up from the built-in catalogue when not given. */
  model?: ModelInfo;
  prompt: string;
  image: { bytes: Buffer; mimeType: string };
  estimatedInputTokens: number;
  timeoutMs: number;
  retry: { baseMs: number; capMs: number; maxAttempts: number };
  signal?: AbortSignal;
  onAttempt?: (attempt: AttemptRecord) => void | Promise<void>;
  /** Spending caps: every call's most it can cost is held before it is made, and settled with what was billed. */
  spend?: SpendGuard;
  /** The clock per-day quota resets are computed on (tests inject one). */
  now?: () => number;
}

export interface GenerateInput extends GeminiCallInput {
  responseSchema: object;
  validate: Validate;
}

/** Overrides a refused answer's second call may ask for. */
export interface CallOverrides {
  maxOutputTokens?: number;
  thinkingOff?: boolean;
}

/** How one kind of call is made and read: its config per attempt, the most it can bill, and what its answer holds. */
export interface CallShape<T> {
  config(overrides: CallOverrides): GenerateContentConfig;
  /** The most output one call can bill, and of it the image tokens (held against the spending caps). */
  maxOutput(config: GenerateContentConfig): { tokens: number; imageTokens?: number };
  read(response: GenerateContentResponse): { value: T } | { error: AnalysisError; retry: "more_room" | "thinking_off" | "again" | null };
}

export interface GenerateResult<T = unknown> {
  value: T;
  /** Every token billed for this image over all its calls (a refused answer is billed too); output includes thoughts. */
  inputTokens: number;
  outputTokens: number;
  thoughtsTokens: number;
  cachedTokens: number;
  /** Of outputTokens, the generated images' (image models). */
  imageOutputTokens: number;
  costMicros: number;
  keyId: string;
  attempts: number;
}

/**
 * One generateContent call, with its own timeout and the caller's cancellation. What it sets up (the timer, the held
 * image, the cancel listener) is undone when the call ends, however it ends.
 */
async function callOnce(client: GoogleGenAI, input: GeminiCallInput, config: GenerateContentConfig): Promise<GenerateContentResponse> {
  // A timer cleared when the call ends: AbortSignal.timeout's cannot be, and fires (building a DOMException) long after.
  const call = new AbortController();
  const timer = setTimeout(() => call.abort(new DOMException("The Gemini call timed out.", "TimeoutError")), input.timeoutMs);
  const stopOnCancel = () => call.abort(input.signal?.reason);
  const inline = holdInlineImage(input.image.bytes); // its base64 is written by httpFetch, not kept in the SDK's request
  if (input.signal?.aborted) stopOnCancel();
  else input.signal?.addEventListener("abort", stopOnCancel, { once: true });
  try {
    return await client.models.generateContent({
      model: input.settings.model,
      contents: [{ role: "user", parts: [{ inlineData: { mimeType: input.image.mimeType, data: inline.token } }, { text: input.prompt }] }],
      config: { ...config, abortSignal: call.signal },
    });
  } finally {
    clearTimeout(timer);
    inline.release();
    input.signal?.removeEventListener("abort", stopOnCancel);
  }
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One image through Gemini: a key from the pool for each call, transient errors retried with full-jitter backoff, rate
 * limits waited out (not counted), a refused answer retried once with more room (or, when thinking used all of it, with
 * thinking off). Blocks are final at once. Throws AnalysisError when it gives up.
 */
export async function generateWithRetries(input: GenerateInput): Promise<GenerateResult> {
  const info = input.model ?? modelInfo(input.settings.model);
  return callWithRetries(input, {
    config: (overrides) => generationConfigFor(input.settings, input.responseSchema, overrides, info),
    maxOutput: (config) => ({ tokens: config.maxOutputTokens ?? maxOutputTokensFor(input.settings, info) }),
    read: (response) => readAnswer(response, input.validate),
  });
}

/** The retry loop every kind of Gemini call goes through (generateWithRetries, generateImageWithRetries). */
export async function callWithRetries<T>(input: GeminiCallInput, shape: CallShape<T>): Promise<GenerateResult<T>> {
  const info = input.model ?? modelInfo(input.settings.model);
  const billed = { inputTokens: 0, outputTokens: 0, thoughtsTokens: 0, cachedTokens: 0, imageOutputTokens: 0, costMicros: 0 };
  let failures = 0;
  let answerRetried = false;
  let overrides: CallOverrides = {};
  let calls = 0;
  for (;;) {
    const config = shape.config(overrides);
    const { tokens: maxOutput, imageTokens } = shape.maxOutput(config);
    // The most this call can cost is held against the caps before it is made, so no call ever passes one.
    const hold: SpendHold | null = input.spend ? await input.spend.hold(costMicros(info, { inputTokens: input.estimatedInputTokens, outputTokens: maxOutput, imageOutputTokens: imageTokens })) : null;
    let settled = false;
    try {
      const lease = await input.pool.acquire(Math.ceil(input.estimatedInputTokens + maxOutput / 4), input.signal);
      calls += 1;
      const started = Date.now();
      const record = async (part: Partial<AttemptRecord>) => {
        observeGeminiCall(lease.maskedKey, part.errorCode ?? "ok", Date.now() - started);
        await input.onAttempt?.({ keyId: lease.maskedKey, httpStatus: null, errorCode: null, errorMessage: null, durationMs: Date.now() - started, inputTokens: 0, outputTokens: 0, ...part });
      };
      let failure: AnalysisError;
      try {
        const response = await callOnce(input.clients(lease), input, config);
        const tokens = billedTokens(response.usageMetadata);
        const cost = costMicros(info, tokens);
        for (const key of ["inputTokens", "outputTokens", "thoughtsTokens", "cachedTokens", "imageOutputTokens"] as const) billed[key] += tokens[key];
        billed.costMicros += cost;
        settled = true;
        await hold?.settle(cost);
        await input.pool.report(lease, { kind: "success", latencyMs: Date.now() - started, tokens: tokens.inputTokens + tokens.outputTokens });
        const read = shape.read(response);
        const attemptTokens = { inputTokens: tokens.inputTokens, outputTokens: tokens.outputTokens, thoughtsTokens: tokens.thoughtsTokens };
        if ("value" in read) {
          await record({ httpStatus: 200, ...attemptTokens });
          return { value: read.value, ...billed, keyId: lease.keyId, attempts: calls };
        }
        await record({ httpStatus: 200, errorCode: read.error.code, errorMessage: read.error.message, ...attemptTokens });
        if (read.retry && !answerRetried) {
          answerRetried = true;
          const canTurnOff = info.thinking !== null && info.thinking.canTurnOff && input.settings.thinking !== "off";
          overrides = read.retry === "again" ? overrides : read.retry === "thinking_off" && canTurnOff ? { thinkingOff: true } : { maxOutputTokens: maxOutput * 2 };
          continue;
        }
        throw new AnalysisError(read.error.code, read.error.message, { retryable: false });
      } catch (caught) {
        if (caught instanceof AnalysisError) throw caught;
        const classified = classifyGeminiError(caught, input.now?.() ?? Date.now());
        await input.pool.report(lease, classified.outcome);
        await record({ httpStatus: classified.error.options.httpStatus ?? null, errorCode: classified.error.code, errorMessage: classified.error.message });
        failure = classified.error;
      }
      if (input.signal?.aborted) throw new AnalysisError("cancelled", "Cancelled.", { retryable: true });
      // What every image would meet goes up to the batch at once (it pauses), instead of being retried here.
      if (failure.options.pausesBatch) throw failure;
      // Rate limits, daily exhaustion and a dead key are the pool's business: try again with whatever key it gives next.
      if (!failure.countsAsFailure) continue;
      failures += 1;
      if (!failure.retryable || failures >= input.retry.maxAttempts) throw failure;
      await wait(fullJitterDelay(failures, input.retry.baseMs, input.retry.capMs));
    } finally {
      // A refused or unmade call billed nothing: its hold goes back.
      if (hold && !settled) await hold.release();
    }
  }
}
