import { AnalysisError } from "../errors";
import type { LeaseOutcome } from "./key-pool";

interface GoogleErrorBody {
  error?: { code?: number; message?: string; status?: string; details?: { "@type"?: string; retryDelay?: string; reason?: string; violations?: { quotaId?: string }[] }[] };
}

/** "12s" / "0.5s" → milliseconds. */
export function parseRetryDelay(value: string | undefined): number | null {
  const match = value?.match(/^([\d.]+)s$/);
  return match ? Math.ceil(Number(match[1]) * 1000) : null;
}

function parseBody(message: string): GoogleErrorBody | null {
  const start = message.indexOf("{");
  if (start < 0) return null;
  try {
    return JSON.parse(message.slice(start));
  } catch {
    return null;
  }
}

/**
 * The one place that maps a failed Gemini call to Loupe's error taxonomy and to what the key pool should do about it.
 * Rate limits are not failures: they park the project and the image simply waits for a key.
 */
export function classifyGeminiError(error: unknown): { error: AnalysisError; outcome: LeaseOutcome } {
  const status = typeof (error as { status?: unknown })?.status === "number" ? (error as { status: number }).status : null;
  const message = (error as Error)?.message ?? String(error);
  const name = (error as Error)?.name ?? "";
  if (status === null) {
    if (name === "AbortError" || name === "TimeoutError" || /abort|timed? ?out/i.test(message)) {
      return { error: new AnalysisError("timeout", "Gemini did not answer in time.", { retryable: true }), outcome: { kind: "transient" } };
    }
    return { error: new AnalysisError("network", `Could not reach Gemini: ${message.slice(0, 200)}`, { retryable: true }), outcome: { kind: "transient" } };
  }
  const body = parseBody(message)?.error;
  const details = body?.details ?? [];
  const readable = body?.message ?? message.slice(0, 300);
  if (status === 429) {
    const retryAfterMs = parseRetryDelay(details.find((d) => d["@type"]?.endsWith("RetryInfo"))?.retryDelay) ?? 60_000;
    const perDay = details.some((d) => d.violations?.some((v) => /PerDay/i.test(v.quotaId ?? "")));
    if (perDay) {
      return {
        error: new AnalysisError("quota_exhausted_daily", "This key's daily Gemini quota is used up.", { retryable: true, countsAsFailure: false, retryAfterMs, httpStatus: 429 }),
        outcome: { kind: "exhausted_daily", retryAfterMs },
      };
    }
    return { error: new AnalysisError("rate_limited", "Gemini rate limit reached; waiting for quota.", { retryable: true, countsAsFailure: false, retryAfterMs, httpStatus: 429 }), outcome: { kind: "rate_limited", retryAfterMs } };
  }
  const invalidKey = details.some((d) => d.reason === "API_KEY_INVALID") || /API key not valid/i.test(readable);
  if (invalidKey || status === 401 || status === 403) {
    const reason = invalidKey ? "Google says the API key is not valid" : `Google refused the key (${status}): ${readable}`;
    return { error: new AnalysisError("invalid_key", reason, { retryable: true, countsAsFailure: false, httpStatus: status }), outcome: { kind: "invalid", reason } };
  }
  if (status === 503) return { error: new AnalysisError("overloaded", "Gemini is overloaded (503).", { retryable: true, httpStatus: status }), outcome: { kind: "transient" } };
  if (status >= 500) return { error: new AnalysisError("server_error", `Gemini had an internal error (${status}).`, { retryable: true, httpStatus: status }), outcome: { kind: "transient" } };
  return { error: new AnalysisError("bad_output", `Gemini refused the request (${status}): ${readable}`, { retryable: false, httpStatus: status }), outcome: { kind: "transient" } };
}
