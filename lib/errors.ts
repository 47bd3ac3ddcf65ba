/**
 * Errors people see. `code` is stable (programs match on it); `message` is written for a person; `status` is the HTTP status
 * a route answers with. Route handlers turn these into `{ "error": { "code", "message" } }` in one place (lib/http/with-api.ts).
 */
export class LoupeError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "LoupeError";
  }
}

export const badRequest = (code: string, message: string, details?: Record<string, unknown>) => new LoupeError(400, code, message, details);
export const notFound = (what: string) => new LoupeError(404, "not_found", `${what} was not found.`);
export const conflict = (code: string, message: string) => new LoupeError(409, code, message);

/**
 * Why an image's analysis stopped, one stable code each. The Gemini key pool, image preparation and URL fetching all report
 * with these; the UI, exports and "retry all failed (by code)" filter on them.
 */
export const ANALYSIS_ERROR_CODES = [
  "rate_limited",
  "quota_exhausted_daily",
  "overloaded",
  "server_error",
  "timeout",
  "network",
  "invalid_key",
  "no_keys",
  "blocked",
  "bad_output",
  "model_not_found",
  "unsupported_request",
  "region_unsupported",
  "request_too_large",
  "budget_reached",
  "image_not_found",
  "image_unreachable",
  "image_too_large",
  "image_unsupported",
  "image_invalid",
  "image_refused",
  /** A transform template's operations could not be applied to the image (a crop outside it, a result over the limits…). */
  "transform_failed",
  "cancelled",
  "internal",
] as const;

export type AnalysisErrorCode = (typeof ANALYSIS_ERROR_CODES)[number];

/** An analysis failure: `retryable` says whether another attempt may succeed; `countsAsFailure` is false for rate limits. */
export class AnalysisError extends Error {
  constructor(
    readonly code: AnalysisErrorCode,
    message: string,
    readonly options: {
      retryable: boolean;
      countsAsFailure?: boolean;
      retryAfterMs?: number;
      httpStatus?: number;
      keyId?: string;
      /** Every image of the batch would meet it (a model that does not exist, the budget reached): pause the batch once, with this message, instead of failing image after image. */
      pausesBatch?: boolean;
      /** The image's host is cooling down (its breaker is open) or at FETCH_PER_HOST_CONCURRENCY: the image waits without using a run. */
      hostWait?: { until: Date; blocked: boolean };
      /** DNS said the host does not exist. */
      hostNotFound?: boolean;
    } = { retryable: false },
  ) {
    super(message);
    this.name = "AnalysisError";
  }
  get retryable() {
    return this.options.retryable;
  }
  get countsAsFailure() {
    return this.options.countsAsFailure ?? true;
  }
}
