import { AnalysisError } from "../errors";
import type { LeaseOutcome } from "./key-pool";
import { nextPacificMidnight } from "./pacific-day";
import { isPerDayQuota, readGoogleError, retryDelayOf, type GoogleError } from "./read-google-error";

export { parseRetryDelay } from "./read-google-error";

export interface Classified {
  error: AnalysisError;
  outcome: LeaseOutcome;
}

const BARE_RATE_LIMIT_MS = 10_000;
const transient = (error: AnalysisError): Classified => ({ error, outcome: { kind: "transient" } });
const keyProblem = (error: GoogleError | null) =>
  error?.details.some((d) => /API_KEY_INVALID|API_KEY_EXPIRED|CONSUMER_SUSPENDED|SERVICE_DISABLED|API_KEY_SERVICE_BLOCKED/.test(d.reason ?? "")) ||
  /API key (not valid|not found|expired)|api key was reported as leaked/i.test(error?.message ?? "");

/**
 * The one place that maps a failed Gemini call to Loupe's error taxonomy and to what the key pool should do about it. It
 * reads families, not exact bodies (GEMINI-API.md: the real API has more variants than anyone has collected):
 * - rate limits are not failures: the project waits (per-day limits until the Pacific reset, whatever RetryInfo says);
 * - a refused key (400 API_KEY_INVALID, 401, 403 leaked / denied / disabled) leaves the rotation with Google's reason;
 * - what every image would meet (no such model, a schema or setting the model refuses, a region Google does not serve)
 *   pauses the batch once with what to change;
 * - 5xx, timeouts and network errors are retried.
 */
export function classifyGeminiError(caught: unknown, now: number = Date.now()): Classified {
  const status = typeof (caught as { status?: unknown })?.status === "number" ? (caught as { status: number }).status : null;
  const message = (caught as Error)?.message ?? String(caught);
  const name = (caught as Error)?.name ?? "";
  if (status === null) {
    if (name === "AbortError" || name === "TimeoutError" || /abort|timed? ?out/i.test(message)) {
      return transient(new AnalysisError("timeout", "Gemini did not answer in time.", { retryable: true }));
    }
    return transient(new AnalysisError("network", `Could not reach Gemini: ${message.slice(0, 200)}`, { retryable: true }));
  }
  const google = readGoogleError(message);
  const readable = (google?.message || message).split("\n")[0].slice(0, 300);
  const httpStatus = status;
  if (status === 429) {
    if (google && isPerDayQuota(google)) {
      const until = nextPacificMidnight(now);
      return {
        error: new AnalysisError("quota_exhausted_daily", `This project's daily Gemini quota is used up; it resets at midnight Pacific time.`, { retryable: true, countsAsFailure: false, retryAfterMs: until - now, httpStatus }),
        outcome: { kind: "exhausted_daily", until, reason: readable },
      };
    }
    // A bare 429 (paid tier, Vertex's shared capacity) says nothing of when: a short park, the pool tries again soon.
    const retryAfterMs = (google && retryDelayOf(google)) ?? BARE_RATE_LIMIT_MS;
    return { error: new AnalysisError("rate_limited", "Gemini rate limit reached; waiting for quota.", { retryable: true, countsAsFailure: false, retryAfterMs, httpStatus }), outcome: { kind: "rate_limited", retryAfterMs } };
  }
  if (status === 401 || status === 403 || keyProblem(google)) {
    const reason = name === "VertexAuthError" ? message : `Google refused the key (${status}${google?.status ? ` ${google.status}` : ""}): ${readable}`;
    return { error: new AnalysisError("invalid_key", reason, { retryable: true, countsAsFailure: false, httpStatus }), outcome: { kind: "invalid", reason } };
  }
  if (status === 503) return transient(new AnalysisError("overloaded", `Gemini is overloaded (503): ${readable}`, { retryable: true, httpStatus }));
  if (status >= 500) return transient(new AnalysisError("server_error", `Gemini had an internal error (${status}): ${readable}`, { retryable: true, httpStatus }));
  return classifyRefusal(status, google?.status, readable);
}

/** A 4xx other than quota and keys: is it this image, or would every image of the batch meet it? */
function classifyRefusal(httpStatus: number, status: string | undefined, readable: string): Classified {
  const pause = (code: "model_not_found" | "unsupported_request" | "region_unsupported", text: string) =>
    transient(new AnalysisError(code, text, { retryable: true, countsAsFailure: false, pausesBatch: true, httpStatus }));
  if (httpStatus === 404 || status === "NOT_FOUND") {
    return pause("model_not_found", `Gemini does not offer this model (404): ${readable} Choose another model in the template and re-run the batch with it, or resume once Google offers this one.`);
  }
  if (status === "FAILED_PRECONDITION" || /location is not supported|not available in your country|region/i.test(readable)) {
    return pause("region_unsupported", `Gemini is not available where this server calls from (${httpStatus}): ${readable} Use Vertex AI in a supported region or another network, then resume.`);
  }
  if (/response_?schema|responseJsonSchema|schema|thinking|budget .* is invalid|only works in thinking mode|media_?resolution|generation_?config|response modalities|response_?modalities|image_?config|aspect_?ratio/i.test(readable)) {
    return pause("unsupported_request", `Gemini refused the template's settings for this model (${httpStatus}): ${readable} Change the template's fields or model settings and re-run the batch with it.`);
  }
  if (httpStatus === 413 || /payload size exceeds|input token count|exceeds the maximum number of tokens/i.test(readable)) {
    return transient(new AnalysisError("request_too_large", `The request is too large for Gemini (${httpStatus}): ${readable}`, { retryable: false, httpStatus }));
  }
  if (/image is not valid|unable to process input image|image/i.test(readable)) {
    return transient(new AnalysisError("image_invalid", `Gemini could not read the image (${httpStatus}): ${readable}`, { retryable: false, httpStatus }));
  }
  return transient(new AnalysisError("unsupported_request", `Gemini refused the request (${httpStatus}): ${readable}`, { retryable: false, httpStatus }));
}
