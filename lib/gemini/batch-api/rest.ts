/**
 * Gemini's Batch and Files APIs over plain REST. @google/genai's batches module does not map `batchStats` (the counts a
 * person watches) for the Gemini API, its file download buffers the whole file, and its state names are rewritten; Loupe
 * needs all three as Google sends them, so these few calls are made directly (same key header, same error bodies, which
 * lib/gemini/classify-error.ts reads as it reads the SDK's).
 */
export interface BatchApiTarget {
  /** Google's endpoint, or a Gemini-compatible one (the emulator). */
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
}

export const GOOGLE_BASE_URL = "https://generativelanguage.googleapis.com";

/** A refused call, shaped as the SDK's ApiError (status + the body as message) so one classifier reads both. */
export class GeminiRestError extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(body || `HTTP ${status}`);
    this.name = "ApiError";
  }
}

export function urlOf(target: BatchApiTarget, path: string): string {
  return `${target.baseUrl.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

/** One JSON call; a non-2xx answer throws GeminiRestError with Google's body. */
export async function restJson<T>(target: BatchApiTarget, method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const response = await fetch(urlOf(target, path), {
    method,
    headers: { "x-goog-api-key": target.apiKey, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: signal ?? AbortSignal.timeout(target.timeoutMs),
  });
  const text = await response.text();
  if (!response.ok) throw new GeminiRestError(response.status, text);
  return (text ? JSON.parse(text) : {}) as T;
}
