import { GoogleGenAI, type GenerateContentResponse } from "@google/genai";
import { AnalysisError } from "../errors";
import { fullJitterDelay } from "../orchestration/backoff";
import type { AttemptRecord } from "../orchestration/record-attempt";
import { classifyGeminiError } from "./classify-error";
import { httpFetch } from "./http-fetch";
import { holdInlineImage } from "./inline-images";
import type { KeyPool, Lease } from "./key-pool";
import { observeGeminiCall } from "../metrics/registry";

export interface GenerateInput {
  pool: KeyPool;
  model: string;
  baseUrl?: string;
  prompt: string;
  image: { bytes: Buffer; mimeType: string };
  responseSchema: object;
  validate: (json: unknown) => { ok: true; value: unknown } | { ok: false; error: string };
  maxOutputTokens?: number;
  estimatedInputTokens: number;
  timeoutMs: number;
  retry: { baseMs: number; capMs: number; maxAttempts: number };
  signal?: AbortSignal;
  onAttempt?: (attempt: AttemptRecord) => void | Promise<void>;
}

export interface GenerateResult {
  value: unknown;
  inputTokens: number;
  outputTokens: number;
  keyId: string;
  attempts: number;
}

const clients = new Map<string, GoogleGenAI>();
function clientFor(lease: Lease, baseUrl?: string) {
  const cacheKey = `${lease.keyId}|${baseUrl ?? ""}`;
  if (!clients.has(cacheKey)) clients.set(cacheKey, new GoogleGenAI({ apiKey: lease.apiKey, apiVersion: "v1beta", httpOptions: { fetch: httpFetch, ...(baseUrl ? { baseUrl } : {}) } }));
  return clients.get(cacheKey)!;
}

/** A 200 can still be a failure: blocked, cut short, or JSON that does not match the template. */
function readResponse(response: GenerateContentResponse, validate: GenerateInput["validate"]): { value: unknown } | AnalysisError {
  const block = response.promptFeedback?.blockReason;
  if (block) return new AnalysisError("blocked", `Gemini blocked the image (${block}).`, { retryable: false });
  const candidate = response.candidates?.[0];
  if (!candidate) return new AnalysisError("blocked", "Gemini returned no answer for this image.", { retryable: false });
  const finish = candidate.finishReason;
  if (finish === "SAFETY" || finish === "OTHER" || finish === "PROHIBITED_CONTENT" || finish === "BLOCKLIST") {
    return new AnalysisError("blocked", `Gemini stopped the answer (${finish}).`, { retryable: false });
  }
  if (finish === "MAX_TOKENS") return new AnalysisError("bad_output", "The answer was cut off (output token limit).", { retryable: true });
  let json: unknown;
  try {
    json = JSON.parse(response.text ?? "");
  } catch {
    return new AnalysisError("bad_output", "Gemini's answer was not valid JSON.", { retryable: true });
  }
  const checked = validate(json);
  return checked.ok ? { value: checked.value } : new AnalysisError("bad_output", `Gemini's answer does not match the template: ${checked.error}`, { retryable: true });
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One generateContent call, with its own timeout and the caller's cancellation. What it sets up (the timer, the held
 * image, the cancel listener) is undone when the call ends, however it ends.
 */
async function callOnce(client: GoogleGenAI, input: GenerateInput, maxOutputTokens: number): Promise<GenerateContentResponse> {
  // A timer cleared when the call ends: AbortSignal.timeout's cannot be, and fires (building a DOMException) long after.
  const call = new AbortController();
  const timer = setTimeout(() => call.abort(new DOMException("The Gemini call timed out.", "TimeoutError")), input.timeoutMs);
  const stopOnCancel = () => call.abort(input.signal?.reason);
  const inline = holdInlineImage(input.image.bytes); // its base64 is written by httpFetch, not kept in the SDK's request
  if (input.signal?.aborted) stopOnCancel();
  else input.signal?.addEventListener("abort", stopOnCancel, { once: true });
  try {
    return await client.models.generateContent({
      model: input.model,
      contents: [{ role: "user", parts: [{ inlineData: { mimeType: input.image.mimeType, data: inline.token } }, { text: input.prompt }] }],
      config: { responseMimeType: "application/json", responseSchema: input.responseSchema, maxOutputTokens, abortSignal: call.signal },
    });
  } finally {
    clearTimeout(timer);
    inline.release();
    input.signal?.removeEventListener("abort", stopOnCancel);
  }
}

/**
 * One image through Gemini: a key from the pool for each call, transient errors retried with full-jitter backoff, rate
 * limits waited out (not counted), bad output retried once with more output tokens. Throws AnalysisError when it gives up.
 */
export async function generateWithRetries(input: GenerateInput): Promise<GenerateResult> {
  let failures = 0;
  let badOutputRetried = false;
  let maxOutputTokens = input.maxOutputTokens ?? 2048;
  let calls = 0;
  for (;;) {
    const lease = await input.pool.acquire(input.estimatedInputTokens + maxOutputTokens / 4, input.signal);
    calls += 1;
    const started = Date.now();
    const record = async (part: Partial<AttemptRecord>) => {
      observeGeminiCall(lease.maskedKey, part.errorCode ?? "ok", Date.now() - started);
      await input.onAttempt?.({ keyId: lease.maskedKey, httpStatus: null, errorCode: null, errorMessage: null, durationMs: Date.now() - started, inputTokens: 0, outputTokens: 0, ...part });
    };
    let failure: AnalysisError;
    try {
      const response = await callOnce(clientFor(lease, input.baseUrl), input, maxOutputTokens);
      const inputTokens = response.usageMetadata?.promptTokenCount ?? 0;
      const outputTokens = response.usageMetadata?.candidatesTokenCount ?? 0;
      await input.pool.report(lease, { kind: "success", latencyMs: Date.now() - started, tokens: inputTokens + outputTokens });
      const read = readResponse(response, input.validate);
      if (!(read instanceof AnalysisError)) {
        await record({ httpStatus: 200, inputTokens, outputTokens });
        return { value: read.value, inputTokens, outputTokens, keyId: lease.keyId, attempts: calls };
      }
      await record({ httpStatus: 200, errorCode: read.code, errorMessage: read.message, inputTokens, outputTokens });
      if (read.code === "bad_output" && !badOutputRetried) {
        badOutputRetried = true;
        maxOutputTokens *= 2;
        continue;
      }
      throw new AnalysisError(read.code, read.message, { retryable: false });
    } catch (caught) {
      if (caught instanceof AnalysisError) throw caught;
      const classified = classifyGeminiError(caught);
      await input.pool.report(lease, classified.outcome);
      await record({ httpStatus: classified.error.options.httpStatus ?? null, errorCode: classified.error.code, errorMessage: classified.error.message });
      failure = classified.error;
    }
    if (input.signal?.aborted) throw new AnalysisError("cancelled", "Cancelled.", { retryable: true });
    // Rate limits, daily exhaustion and a dead key are the pool's business: try again with whatever key it gives next.
    if (!failure.countsAsFailure) continue;
    failures += 1;
    if (!failure.retryable || failures >= input.retry.maxAttempts) throw failure;
    await wait(fullJitterDelay(failures, input.retry.baseMs, input.retry.capMs));
  }
}
